"""The payroll's reads: org units in scope, closed months, rates, paid people (J4).

A fixed handful of set-based queries, whatever the size: the streets and
committees in scope, which streets' months are closed, the J4 rates in force
(one query for every street), and the paid positions joined to their people
as plain column tuples with the employment periods. Every read goes through
the ORM session, so the actor's scope narrows it; only whether a street's
month is closed and the policy values are read unscoped (committee staff
cannot see their street's rows). ``payroll_compute`` turns them into lines.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import or_, select

from core.extensions import SessionLike
from core.policy import get_spec
from core.rules.divisions import ancestor_codes
from core.rules.policy import Candidate, choose
from plugins.jiayuguan_groups.kinds import PAID_KINDS, RAISE_KEY, rate_key
from plugins.jiayuguan_groups.rules.subsidies import Period, Rates

STREET, COMMITTEE = "street", "committee"
_DEPTH = {"district": 1, "street": 2, "committee": 3}


@dataclasses.dataclass
class Scope:
    """The streets and committees in scope, with names and codes."""

    streets: dict[int, tuple[str, str]]  # id → (code, name)
    committees: dict[int, tuple[str, str, int]]  # id → (code, name, street id)


#: A paid position as read: kind, start, end.
Span = tuple[str, dt.date, "dt.date | None"]
#: A person as read: name, committee id, employed flag, paid positions (kind, start, end).
Held = tuple[str, int, bool, list[Span]]


def read_scope(session: SessionLike, street_code: str | None) -> Scope:
    """Streets and committees the actor sees (scoped ORM read), optionally one street."""
    from core.models import OrgUnit

    rows = session.execute(
        select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id).where(
            OrgUnit.kind.in_((STREET, COMMITTEE))
        )
    ).all()
    streets = {r.id: (r.code, r.name) for r in rows if r.kind == STREET}
    if street_code is not None:
        streets = {k: v for k, v in streets.items() if v[0] == street_code}
        if not streets:
            raise ValueError(f"街道代码 {street_code} 不存在或不在您的辖区内 (J4)")
    committees = {
        r.id: (r.code, r.name, r.parent_id)
        for r in rows
        if r.kind == COMMITTEE and r.parent_id in streets
    }
    return Scope(streets, committees)


def closed_months(
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


def rates_in_force(
    session: SessionLike, scope: Scope, months: list[dt.date]
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


def paid_people(
    session: SessionLike, scope: Scope, first: dt.date, last: dt.date, street_code: str | None
) -> tuple[dict[int, Held], dict[int, list[Period]], set[int]]:
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
    people: dict[int, Held] = {}
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
