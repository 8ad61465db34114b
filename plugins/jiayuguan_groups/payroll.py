"""The monthly subsidy payroll of a month (rule J4): lines and totals in scope.

CONTRACT (the admin page, API, CLI and exports call only these):

- ``payroll(session, month, street_code=None) -> Payroll`` (here) — the
  month's payroll in the current user's scope (optionally one street); a
  street whose month is closed is read from its frozen lines, others
  computed live from positions, employment and the rates in force. Its
  lines are ``payroll_compute.PayLine``; the totals and ``Payroll`` are here.
- ``payroll_close.close_month(session, month, street) -> PayrollMonth`` and
  ``payroll_close.reopen_month(session, month, street, reason)`` — the
  caller commits; both audited through the ordinary flush.
- ``payroll_series.monthly_totals(session, first, last, street_code=None)
  -> list[StreetSeries]`` — totals per street per month for the chart.

How a line is computed is the pure rule ``rules.subsidies`` (its docstring
holds the decisions: rates in force on the month's first day, full years
from the start of the unbroken service, highest only, employment by day,
part months pro rata by calendar days). Here:

- **Who is listed.** Everyone holding a paid kind (``kinds.PAID_KINDS``) on
  some day of the month, under the committee of their person record; the
  committee director and other kinds are neither paid nor listed. People
  paid nothing (employed all month) are listed at 0.00 with the reason.
- **Rates** are resolved for the person's street on the first day of the
  month (street, then district, then deployment-wide values).
- **Employment.** Days inside an ``Employment`` period are not paid; a person
  marked employed (``Person.employed``) with no period on record at all is
  employed the whole month.
- **Set-based.** A fixed handful of queries whatever the size
  (``payroll_reads``, ``payroll_compute``).
- **Scope.** Every read goes through the ORM session, so the actor's scope
  narrows it; only whether a street's month is closed and the policy values
  are read unscoped (committee staff cannot see their street's rows).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from core.extensions import SessionLike
from plugins.jiayuguan_groups.payroll_compute import PayLine, compute, month_first, no_cyclic_gc
from plugins.jiayuguan_groups.payroll_reads import Scope
from plugins.jiayuguan_groups.rules.subsidies import ZERO


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
    #: The street asked for (``payroll(..., street_code)``), None for the whole scope.
    street_code: str | None = None


def _totals(
    scope: Scope, lines: list[PayLine], closed_streets: set[int]
) -> tuple[list[Total], list[Total]]:
    """Totals per committee and per street (committees and streets without lines show 0)."""
    by_committee: dict[int, list[Decimal]] = {cid: [] for cid in scope.committees}
    for line in lines:
        by_committee.setdefault(line.committee_id, []).append(line.amount)
    committees = []
    street_sum: dict[int, tuple[int, Decimal]] = {sid: (0, ZERO) for sid in scope.streets}
    for cid, amounts in by_committee.items():
        code, name, street_id = scope.committees.get(cid, ("", "", 0))
        if street_id not in scope.streets:
            continue
        amount = sum(amounts, ZERO)
        people, total = street_sum[street_id]
        street_sum[street_id] = (people + len(amounts), total + amount)
        committees.append(
            (
                code,
                Total(
                    cid,
                    name,
                    scope.streets[street_id][1],
                    len(amounts),
                    amount,
                    street_id in closed_streets,
                ),
            )
        )
    streets = [
        Total(sid, scope.streets[sid][1], "", n, amount, sid in closed_streets)
        for sid, (n, amount) in sorted(street_sum.items(), key=lambda kv: scope.streets[kv[0]][0])
    ]
    return [t for _, t in sorted(committees, key=lambda ct: ct[0])], streets


def payroll(session: SessionLike, month: dt.date, street_code: str | None = None) -> Payroll:
    """The payroll of ``month`` (any day of it) in scope, optionally of one street (J4).

    Raises ``ValueError`` (Chinese) for a street not in scope and
    ``NoValueInForce`` when a rate has no value in force that month.
    """
    first = month_first(month)
    with no_cyclic_gc():
        return _payroll(session, first, street_code)


def _payroll(session: SessionLike, first: dt.date, street_code: str | None) -> Payroll:
    scope, by_month, closed, rates = compute(session, [first], street_code)
    lines = by_month[first]
    closed_streets = {s for (s, m) in closed if m == first}
    committees, streets = _totals(scope, lines, closed_streets)
    explained = [rates[s, first].explanation for s in scope.streets if (s, first) in rates]
    explained += [
        f"{scope.streets[s][1]}：本月已结账，按结账时的计算（不受其后费率变动影响）"
        for s in closed_streets
    ]
    return Payroll(
        month=first,
        lines=lines,
        committees=committees,
        streets=streets,
        total=sum((ln.amount for ln in lines), ZERO),
        rates_explained=explained,
        street_code=street_code,
    )
