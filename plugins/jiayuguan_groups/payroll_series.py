"""Each street's payroll total per month, for the chart (J4).

All months of the range are computed from one load of positions and
employment (``payroll_compute.compute``), closed months from their lines.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from core.extensions import SessionLike
from plugins.jiayuguan_groups.payroll_compute import compute, month_first, no_cyclic_gc
from plugins.jiayuguan_groups.rules.subsidies import ZERO


@dataclasses.dataclass(frozen=True)
class StreetSeries:
    """A street's total per month, for the chart."""

    street_name: str
    months: list[dt.date]
    amounts: list[Decimal]


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, day = [], month_first(first)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def monthly_totals(
    session: SessionLike, first: dt.date, last: dt.date, street_code: str | None = None
) -> list[StreetSeries]:
    """Each street's payroll total per month from ``first`` to ``last`` (months), in scope.

    All months are computed from one load of positions and employment (J4).
    """
    months = _months(first, last)
    with no_cyclic_gc():
        scope, by_month, _, _ = compute(session, months, street_code)
    series = []
    for sid, (_, name) in sorted(scope.streets.items(), key=lambda kv: kv[1][0]):
        amounts = [
            sum((ln.amount for ln in by_month[m] if ln.street_id == sid), ZERO) for m in months
        ]
        series.append(StreetSeries(street_name=name, months=months, amounts=amounts))
    return series
