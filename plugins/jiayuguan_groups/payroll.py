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
- **Set-based.** A fixed handful of queries whatever the size: the org units
  in scope, the closed months, the rates (one query for every street), the
  paid positions joined to their people as plain column tuples, the
  employment periods, and the frozen lines of closed months. People paid
  alike share one computation, so 100,000 positions take well under a second
  on PostgreSQL (``bench/jiayuguan_payroll.py``).
- **Closing** stores one ``PayrollLine`` per line (bulk insert) and marks the
  street's ``PayrollMonth`` closed, with who, when, the total and the count
  (that row is written through the flush, so audited). While closed the
  lines are the payroll: later rate or position changes do not alter it.
  Reopening needs a reason, deletes the lines and records who, when and why
  (the update is audited); the month is then computed live again.
- **Scope.** Every read goes through the ORM session, so the actor's scope
  narrows it; only whether a street's month is closed and the policy values
  are read unscoped (committee staff cannot see their street's rows).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, or_, select

from core.extensions import SessionLike
from core.models.base import utcnow
from core.policy import get_spec
from core.rules.divisions import ancestor_codes
from core.rules.policy import Candidate, choose
from core.scoping import current_actor
from plugins.jiayuguan_groups.kinds import PAID_KINDS, RAISE_KEY, rate_key
from plugins.jiayuguan_groups.rules.subsidies import (
    ZERO,
    Period,
    Rates,
    Service,
    full_years,
    money,
    month_bounds,
    subsidy,
)

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
    #: The street asked for (``payroll(..., street_code)``), None for the whole scope.
    street_code: str | None = None


@dataclasses.dataclass(frozen=True)
class StreetSeries:
    """A street's total per month, for the chart."""

    street_name: str
    months: list[dt.date]
    amounts: list[Decimal]


# --- implementation -----------------------------------------------------------

_STREET, _COMMITTEE = "street", "committee"
_DAY = dt.timedelta(days=1)
_DEPTH = {"district": 1, "street": 2, "committee": 3}


@dataclasses.dataclass
class _Scope:
    """The streets and committees in scope, with names and codes."""

    streets: dict[int, tuple[str, str]]  # id → (code, name)
    committees: dict[int, tuple[str, str, int]]  # id → (code, name, street id)


#: A paid position as read: kind, start, end.
_Span = tuple[str, dt.date, "dt.date | None"]
#: A person as read: name, committee id, employed flag, paid positions (kind, start, end).
_Held = tuple[str, int, bool, list[_Span]]
#: A computed line without the person: kind, label, years, days, amount, explanation.
_Paid = tuple["str | None", str, int, int, Decimal, str]


def _month_first(month: dt.date) -> dt.date:
    return month.replace(day=1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, day = [], _month_first(first)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _scope(session: SessionLike, street_code: str | None) -> _Scope:
    """Streets and committees the actor sees (scoped ORM read), optionally one street."""
    from core.models import OrgUnit

    rows = session.execute(
        select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id).where(
            OrgUnit.kind.in_((_STREET, _COMMITTEE))
        )
    ).all()
    streets = {r.id: (r.code, r.name) for r in rows if r.kind == _STREET}
    if street_code is not None:
        streets = {k: v for k, v in streets.items() if v[0] == street_code}
        if not streets:
            raise ValueError(f"街道代码 {street_code} 不存在或不在您的辖区内 (J4)")
    committees = {
        r.id: (r.code, r.name, r.parent_id)
        for r in rows
        if r.kind == _COMMITTEE and r.parent_id in streets
    }
    return _Scope(streets, committees)


def _closed(
    session: SessionLike, months: list[dt.date], street_ids: Iterable[int]
) -> dict[tuple[int, dt.date], int]:
    """(street id, month) → id of the closed PayrollMonth.

    A committee's staff may not read their street's PayrollMonth row, yet must
    see whether its month is closed: this one read is deliberately unscoped
    (like ``core.policy.candidates``); the lines themselves are read scoped.
    """
    from plugins.jiayuguan_groups.models import PayrollMonth

    rows = session.execute(
        select(PayrollMonth.id, PayrollMonth.org_unit_id, PayrollMonth.month).where(
            PayrollMonth.closed.is_(True),
            PayrollMonth.month.in_(months),
            PayrollMonth.org_unit_id.in_(list(street_ids)),
        ),
        execution_options={"juwei_unscoped": True},
    ).all()
    return {(r.org_unit_id, r.month): r.id for r in rows}


def _rates(
    session: SessionLike, scope: _Scope, months: list[dt.date]
) -> dict[tuple[int, dt.date], Rates]:
    """The J4 rates in force on each month's first day for each street: one query in all."""
    from core.models import OrgUnit
    from core.models.policy import PolicyValue

    keys = {rate_key(kind): kind for kind in PAID_KINDS} | {RAISE_KEY: ""}
    rows = session.execute(
        select(
            PolicyValue.key,
            PolicyValue.value,
            PolicyValue.effective_from,
            OrgUnit.kind,
            OrgUnit.code,
            OrgUnit.name,
        )
        .outerjoin(OrgUnit, PolicyValue.org_unit_id == OrgUnit.id)
        .where(PolicyValue.key.in_(list(keys))),
        # Like core.policy.candidates: rules read the district's values whatever the scope.
        execution_options={"juwei_unscoped": True},
    ).all()
    found: dict[str, list[Candidate]] = {key: [] for key in keys}
    for key, value, start, kind, code, name in rows:
        depth = 0 if kind is None else _DEPTH[kind]
        found[key].append(Candidate(value, start, depth, code, name or ""))
    out: dict[tuple[int, dt.date], Rates] = {}
    for street_id, (code, name) in scope.streets.items():
        codes = {*ancestor_codes(code[:9]), code}
        mine = {
            key: [c for c in cands if c.unit_code is None or c.unit_code in codes]
            for key, cands in found.items()
        }
        for month in months:
            chosen = {key: choose(key, cands, month) for key, cands in mine.items()}
            by_kind = {
                kind: get_spec(key).parse(chosen[key].value) for key, kind in keys.items() if kind
            }
            out[street_id, month] = Rates(
                by_kind=by_kind,
                yearly_raise=get_spec(RAISE_KEY).parse(chosen[RAISE_KEY].value),
                order=tuple(PAID_KINDS),
                explanation=f"{name}：" + "；".join(c.explanation for c in chosen.values()),
            )
    return out


def _people(
    session: SessionLike, scope: _Scope, first: dt.date, last: dt.date, street_code: str | None
) -> tuple[dict[int, _Held], dict[int, list[Period]], set[int]]:
    """Paid positions per person (start ≤ ``last``), periods in employment between ``first``
    and ``last``, and who is marked employed with a period on record: three scoped queries."""
    from core.models import OrgUnit, Person, Position
    from plugins.jiayuguan_groups.models import Employment

    stmt = (
        select(
            Position.person_id,
            Position.kind,
            Position.start_date,
            Position.end_date,
            Person.name,
            Person.org_unit_id,
            Person.employed,
        )
        .join(Person, Person.id == Position.person_id)
        .where(Position.kind.in_(list(PAID_KINDS)), Position.start_date <= last)
    )
    if street_code is not None:
        stmt = stmt.where(
            Person.org_unit_id.in_(
                select(OrgUnit.id).where(OrgUnit.parent_id.in_(list(scope.streets)))
            )
        )
    # History (start ≤ last, whatever the end) is read: the service start needs it.
    people: dict[int, _Held] = {}
    for pid, kind, start, end, name, cid, employed in session.execute(stmt):
        found = people.get(pid)
        if found is None:
            people[pid] = (name, cid, employed, [(kind, start, end)])
        else:
            found[3].append((kind, start, end))
    periods: dict[int, list[Period]] = {}
    rows = session.execute(
        select(Employment.person_id, Employment.start_date, Employment.end_date).where(
            Employment.start_date <= last,
            or_(Employment.end_date.is_(None), Employment.end_date >= first),
        )
    )
    for pid, start, end in rows:
        periods.setdefault(pid, []).append(Period(start, end))
    on_record = set(
        session.scalars(
            select(Employment.person_id)
            .join(Person, Person.id == Employment.person_id)
            .where(Person.employed.is_(True))
            .distinct()
        )
    )
    return people, periods, on_record


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
    people: dict[int, _Held],
    periods: dict[int, list[Period]],
    on_record: set[int],
    scope: _Scope,
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
    street_id: int, flag_only: bool, spans: list[_Span], first: dt.date, last: dt.date
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
    spans: list[_Span],
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
    session: SessionLike, closed: dict[tuple[int, dt.date], int], scope: _Scope
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
def _no_cyclic_gc() -> Iterator[None]:
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


def _compute(
    session: SessionLike, months: list[dt.date], street_code: str | None
) -> tuple[
    _Scope,
    dict[dt.date, list[PayLine]],
    dict[tuple[int, dt.date], int],
    dict[tuple[int, dt.date], Rates],
]:
    """Every line of each of ``months`` in scope: a fixed handful of queries in all (J4)."""
    scope = _scope(session, street_code)
    closed = _closed(session, months, scope.streets)
    open_months = [m for m in months if any((s, m) not in closed for s in scope.streets)]
    rates = _rates(session, scope, open_months) if open_months else {}
    out: dict[dt.date, list[PayLine]] = {}
    people: dict[int, _Held] = {}
    periods: dict[int, list[Period]] = {}
    on_record: set[int] = set()
    if open_months:
        people, periods, on_record = _people(
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


def _totals(
    scope: _Scope, lines: list[PayLine], closed_streets: set[int]
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
    first = _month_first(month)
    with _no_cyclic_gc():
        return _payroll(session, first, street_code)


def _payroll(session: SessionLike, first: dt.date, street_code: str | None) -> Payroll:
    scope, by_month, closed, rates = _compute(session, [first], street_code)
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


def close_month(session: SessionLike, month: dt.date, street: OrgUnit) -> PayrollMonth:
    """Freeze ``street``'s payroll of ``month``: store its lines (J4). The caller commits.

    Refuses (``ValueError``, Chinese) a unit that is not a street, a month
    already closed, and a month that has not begun. The PayrollMonth row is
    written through the ORM flush (audited); its lines are bulk-inserted.
    """
    from plugins.jiayuguan_groups.models import PayrollLine, PayrollMonth

    first = _month_first(month)
    if street.kind != _STREET:
        raise ValueError(f"{street.name} 不是街道，只能按街道结账 (J4)")
    if first > dt.date.today():
        raise ValueError(f"{first:%Y年%m月} 尚未开始，不能结账 (J4)")
    row = session.scalar(
        select(PayrollMonth).where(
            PayrollMonth.org_unit_id == street.id, PayrollMonth.month == first
        )
    )
    if row is not None and row.closed:
        raise ValueError(f"{street.name} {first:%Y年%m月} 已结账；如需更正请先重新开账 (J4)")
    sheet = payroll(session, first, street.code)
    actor = current_actor()
    if row is None:
        row = PayrollMonth(org_unit=street, month=first)
        session.add(row)
    row.closed = True
    row.closed_at = utcnow()
    row.closed_by_id = actor.user_id if actor else None
    row.total = sheet.total
    row.line_count = len(sheet.lines)
    session.flush()
    if sheet.lines:
        session.execute(
            insert(PayrollLine),
            [
                {
                    "payroll_month_id": row.id,
                    "org_unit_id": ln.committee_id,
                    "person_id": ln.person_id,
                    "person_name": ln.person_name,
                    "paid_kind": ln.paid_kind,
                    "years_served": ln.years_served,
                    "days_paid": ln.days_paid,
                    "amount": ln.amount,
                    "explanation": ln.explanation,
                }
                for ln in sheet.lines
            ],
        )
    return row


def reopen_month(
    session: SessionLike, month: dt.date, street: OrgUnit, reason: str
) -> PayrollMonth:
    """Reopen a closed month with a reason (audited); it is computed live again (J4).

    The frozen lines are deleted; the row keeps who reopened it, when and
    why, and the update is written to the audit trail by the flush.
    """
    from plugins.jiayuguan_groups.models import PayrollLine, PayrollMonth

    first = _month_first(month)
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("请填写重新开账的原因 (J4)")
    row = session.scalar(
        select(PayrollMonth).where(
            PayrollMonth.org_unit_id == street.id, PayrollMonth.month == first
        )
    )
    if row is None or not row.closed:
        raise ValueError(f"{street.name} {first:%Y年%m月} 尚未结账，无需重新开账 (J4)")
    actor = current_actor()
    session.execute(
        delete(PayrollLine).where(PayrollLine.payroll_month_id == row.id),
        execution_options={"synchronize_session": False},
    )
    row.closed = False
    row.reopened_at = utcnow()
    row.reopened_by_id = actor.user_id if actor else None
    row.reopen_reason = reason
    row.total = ZERO
    row.line_count = 0
    session.flush()
    return row


def monthly_totals(
    session: SessionLike, first: dt.date, last: dt.date, street_code: str | None = None
) -> list[StreetSeries]:
    """Each street's payroll total per month from ``first`` to ``last`` (months), in scope.

    All months are computed from one load of positions and employment (J4).
    """
    months = _months(first, last)
    with _no_cyclic_gc():
        scope, by_month, _, _ = _compute(session, months, street_code)
    series = []
    for sid, (_, name) in sorted(scope.streets.items(), key=lambda kv: kv[1][0]):
        amounts = [
            sum((ln.amount for ln in by_month[m] if ln.street_id == sid), ZERO) for m in months
        ]
        series.append(StreetSeries(street_name=name, months=months, amounts=amounts))
    return series
