"""The set-based payroll computation: every line of some months in scope (J4).

How a line is computed is the pure rule ``rules.subsidies``; here a person's
positions become unbroken services (``services``), people paid alike share
one computation, and closed streets' months are read from their frozen
lines instead. ``compute`` makes a fixed handful of queries in all
(``payroll_reads``), so 100,000 positions take well under a second on
PostgreSQL (``bench/jiayuguan_payroll.py``); ``no_cyclic_gc`` keeps the
collector out of the way meanwhile.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from sqlalchemy import select

from core.extensions import SessionLike
from plugins.jiayuguan_groups.kinds import PAID_KINDS
from plugins.jiayuguan_groups.payroll_reads import (
    Held,
    Scope,
    Span,
    closed_months,
    paid_people,
    rates_in_force,
    read_scope,
)
from plugins.jiayuguan_groups.rules.subsidies import (
    Period,
    Rates,
    Service,
    full_years,
    money,
    month_bounds,
    subsidy,
)


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


_DAY = dt.timedelta(days=1)
#: A computed line without the person: kind, label, years, days, amount, explanation.
_Paid = tuple["str | None", str, int, int, Decimal, str]


def month_first(month: dt.date) -> dt.date:
    """The first day of ``month`` (any day of it)."""
    return month.replace(day=1)


def services(rows: Iterable[tuple[str, dt.date, dt.date | None]]) -> list[Service]:
    """A person's unbroken services per paid kind from (kind, start, end) of positions (J4).

    Positions of the same kind where the next starts on or before the day
    after the previous ends are one service: re-election into the next term
    does not reset the years served.
    """
    by_kind: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for kind, start, end in rows:
        by_kind.setdefault(kind, []).append((start, end))
    out = []
    for kind, spans in by_kind.items():
        label = PAID_KINDS[kind][1]
        spans.sort(key=lambda span: span[0])
        start, end = spans[0]
        for s, e in spans[1:]:
            if end is not None and s > end + _DAY:
                out.append(Service(kind, label, start, end, start))
                start, end = s, e
            elif end is not None:
                end = None if e is None else max(end, e)
        out.append(Service(kind, label, start, end, start))
    return out


def _lines(
    month: dt.date,
    people: dict[int, Held],
    periods: dict[int, list[Period]],
    on_record: set[int],
    scope: Scope,
    rates: dict[int, Rates],
) -> list[PayLine]:
    """Each person's PayLine for ``month`` (J4).

    People paid alike (same street, same kinds held all month with the same
    years served, no employment period that month) share one computation:
    the rule runs once per distinct case, so the common case (one position
    held all month) costs a few dictionary look-ups.
    """
    first, last = month_bounds(month)
    lines: list[PayLine] = []
    append = lines.append
    cache: dict[tuple[object, ...], _Paid] = {}
    committees, streets = scope.committees, scope.streets
    for pid, (name, cid, employed, spans) in people.items():
        committee = committees.get(cid)
        if committee is None:
            continue
        street_id = committee[2]
        street_rates = rates.get(street_id)
        if street_rates is None:
            continue  # the street's month is closed: read from its lines
        flag_only = employed and pid not in on_record
        mine = periods.get(pid)
        if mine:
            mine = [p for p in mine if p.start <= last and (p.end is None or p.end >= first)]
        if len(spans) == 1:
            kind, start, end = spans[0]
            if start > last or (end is not None and end < first):
                continue  # not held this month
            whole = start <= first and (end is None or end >= last)
            key: tuple[object, ...] | None = (
                (street_id, flag_only, kind, full_years(start, last)) if whole else None
            )
            held = spans
        else:
            held = [s for s in spans if s[1] <= last and (s[2] is None or s[2] >= first)]
            if not held:
                continue
            key = _key(street_id, flag_only, spans, first, last)
        if mine or key is None:
            paid = _paid(month, spans, mine or (), street_rates, flag_only)
        else:
            found = cache.get(key)
            if found is None:
                found = cache[key] = _paid(month, spans, (), street_rates, flag_only)
            paid = found
        append(PayLine(pid, name, cid, committee[1], street_id, streets[street_id][1], *paid))
    return lines


def _key(
    street_id: int, flag_only: bool, spans: list[Span], first: dt.date, last: dt.date
) -> tuple[object, ...] | None:
    """What a person's pay depends on when every service held is held all month, else None."""
    parts = []
    for service in services(spans):
        if service.start > last or (service.end is not None and service.end < first):
            continue
        if service.start > first or (service.end is not None and service.end < last):
            return None
        parts.append((service.kind, full_years(service.service_start, last)))
    return (street_id, flag_only, *sorted(parts))


def _paid(
    month: dt.date,
    spans: list[Span],
    periods: Sequence[Period],
    rates: Rates,
    flag_only: bool,
) -> _Paid:
    result = subsidy(month, services(spans), periods, rates, flag_only)
    return (
        result.paid_kind,
        result.paid_label,
        result.years,
        result.days_paid,
        result.amount,
        result.explanation,
    )


def _frozen(
    session: SessionLike, closed: dict[tuple[int, dt.date], int], scope: Scope
) -> dict[dt.date, list[PayLine]]:
    """The lines of the closed streets' months as stored (scoped by committee) (J4)."""
    from plugins.jiayuguan_groups.models import PayrollLine

    out: dict[dt.date, list[PayLine]] = {}
    if not closed:
        return out
    ids = {mid: key for key, mid in closed.items()}
    rows = session.execute(
        select(
            PayrollLine.payroll_month_id,
            PayrollLine.person_id,
            PayrollLine.person_name,
            PayrollLine.org_unit_id,
            PayrollLine.paid_kind,
            PayrollLine.years_served,
            PayrollLine.days_paid,
            PayrollLine.amount,
            PayrollLine.explanation,
        ).where(PayrollLine.payroll_month_id.in_(list(ids)))
    ).all()
    for r in rows:
        street_id, month = ids[r.payroll_month_id]
        committee = scope.committees.get(r.org_unit_id, ("", "", street_id))
        label = PAID_KINDS[r.paid_kind][1] if r.paid_kind in PAID_KINDS else ""
        out.setdefault(month, []).append(
            PayLine(
                r.person_id,
                r.person_name,
                r.org_unit_id,
                committee[1],
                street_id,
                scope.streets[street_id][1],
                r.paid_kind,
                label,
                r.years_served,
                r.days_paid,
                money(Decimal(r.amount)),
                r.explanation,
            )
        )
    return out


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a payroll is computed.

    A month of 100,000 positions allocates about a million small objects and
    no reference cycles: the collector would sweep them dozens of times and
    double the time, while reference counting frees them all anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compute(
    session: SessionLike, months: list[dt.date], street_code: str | None
) -> tuple[
    Scope,
    dict[dt.date, list[PayLine]],
    dict[tuple[int, dt.date], int],
    dict[tuple[int, dt.date], Rates],
]:
    """Every line of each of ``months`` in scope: a fixed handful of queries in all (J4)."""
    scope = read_scope(session, street_code)
    closed = closed_months(session, months, scope.streets)
    open_months = [m for m in months if any((s, m) not in closed for s in scope.streets)]
    rates = rates_in_force(session, scope, open_months) if open_months else {}
    out: dict[dt.date, list[PayLine]] = {}
    people: dict[int, Held] = {}
    periods: dict[int, list[Period]] = {}
    on_record: set[int] = set()
    if open_months:
        people, periods, on_record = paid_people(
            session, scope, open_months[0], month_bounds(open_months[-1])[1], street_code
        )
    rank = {
        cid: i for i, cid in enumerate(sorted(scope.committees, key=lambda c: scope.committees[c]))
    }
    frozen = _frozen(session, closed, scope)
    for month in months:
        live_rates = {s: rates[s, month] for s in scope.streets if (s, month) not in closed}
        lines = frozen.get(month, [])
        if live_rates:
            lines += _lines(month, people, periods, on_record, scope, live_rates)
        lines.sort(key=lambda ln: (rank.get(ln.committee_id, -1), ln.person_name, ln.person_id))
        out[month] = lines
    return scope, out, closed, rates
