"""The monthly subsidy payroll (rule J4): computed set-based, closed months frozen.

CONTRACT (filled in by the payroll work; the admin page, API, CLI and
exports call only these):

- ``payroll(session, month, street_code=None) -> Payroll`` — the month's
  payroll in the current user's scope (optionally one street); a street
  whose month is closed is read from its frozen lines, others computed live
  from positions, employment and the rates in force.
- ``close_month(session, month, street) -> PayrollMonth`` and
  ``reopen_month(session, month, street, reason) -> PayrollMonth`` — the
  caller commits; both audited through the ordinary flush.
- ``monthly_totals(session, first, last, street_code=None) -> list[StreetSeries]``
  — totals per street per month for the chart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from core.extensions import SessionLike

if TYPE_CHECKING:
    from core.models import OrgUnit
    from plugins.jiayuguan_groups.models import PayrollMonth


@dataclasses.dataclass(frozen=True)
class PayLine:
    """One person's subsidy for the month (J4)."""

    person_id: int
    person_name: str
    committee_id: int
    committee_name: str
    street_id: int
    street_name: str
    #: The position kind paid; None when nothing is paid (employed all month).
    paid_kind: str | None
    #: Chinese label of the position paid ("" when none).
    paid_label: str
    years_served: int
    days_paid: int
    amount: Decimal
    #: E.g. "居民小组组长 300 + 满2年 × 50 = 400；另任居委会委员 200，高位取酬 (J4)".
    explanation: str


@dataclasses.dataclass(frozen=True)
class Total:
    """The sum of a committee's or a street's lines."""

    unit_id: int
    name: str
    #: For a committee, its street's name; for a street, "".
    parent_name: str
    people: int
    amount: Decimal
    #: Whether the month is closed (for a committee: its street's month).
    closed: bool


@dataclasses.dataclass(frozen=True)
class Payroll:
    """A month's payroll in the user's scope."""

    month: dt.date
    lines: list[PayLine]
    committees: list[Total]
    streets: list[Total]
    total: Decimal
    #: The rates used per street and the parameter explanations, for the page's footnote.
    rates_explained: list[str]


@dataclasses.dataclass(frozen=True)
class StreetSeries:
    """A street's total per month, for the chart."""

    street_name: str
    months: list[dt.date]
    amounts: list[Decimal]


def payroll(session: SessionLike, month: dt.date, street_code: str | None = None) -> Payroll:
    """The payroll of ``month`` (any day of it) in scope, optionally of one street (J4)."""
    raise NotImplementedError


def close_month(session: SessionLike, month: dt.date, street: OrgUnit) -> PayrollMonth:
    """Freeze ``street``'s payroll of ``month``: store its lines (J4). The caller commits."""
    raise NotImplementedError


def reopen_month(
    session: SessionLike, month: dt.date, street: OrgUnit, reason: str
) -> PayrollMonth:
    """Reopen a closed month with a reason (audited); it is computed live again (J4)."""
    raise NotImplementedError


def monthly_totals(
    session: SessionLike, first: dt.date, last: dt.date, street_code: str | None = None
) -> list[StreetSeries]:
    """Each street's payroll total per month from ``first`` to ``last`` (months), in scope."""
    raise NotImplementedError
