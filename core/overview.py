"""What a committee's overview page shows, gathered in a fixed number of queries.

The page (``core.admin.overview``) and any export call these functions; the
figures come from the same services the record pages use (C2, C7, C12, C14),
so the overview never disagrees with them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import func, select

from core.extensions import SessionLike
from core.kinds import COMMITTEE_KINDS, kind_of
from core.meetings import MeetingFigures, convening_status, meeting_figures
from core.models.committees import Building, ResidentGroup, Term
from core.models.meetings import Meeting
from core.models.opinions import Opinion
from core.models.org import OrgUnit
from core.models.people import Household, Person
from core.models.positions import Position
from core.opinions import overdue_clause
from core.positions import composition_on, in_force, supervision_on
from core.rules.committees import Composition, SupervisionCheck
from core.rules.meetings import ConveningDue

#: How many recent meetings the overview lists.
RECENT_MEETINGS = 5


@dataclasses.dataclass(frozen=True)
class Holder:
    """A position held on the day, as the overview lists it."""

    person: Person
    kind_label: str
    position: Position


@dataclasses.dataclass(frozen=True)
class GroupRow:
    """A resident group with its leader(s) and how many buildings it covers."""

    group: ResidentGroup
    leaders: list[str]
    buildings: int


@dataclasses.dataclass(frozen=True)
class Overview:
    """Everything on a committee's overview page (rules C1, C2, C7, C12, C14)."""

    committee: OrgUnit
    day: dt.date
    term: Term | None
    members: list[Holder]
    composition: Composition
    supervision: list[Holder]
    supervision_check: SupervisionCheck
    groups: list[GroupRow]
    people: int
    households: int
    meetings: list[tuple[Meeting, MeetingFigures]]
    convening: ConveningDue
    open_opinions: int
    overdue_opinions: int


def _holders(session: SessionLike, committee_id: int, day: dt.date, kinds: Any) -> list[Holder]:
    rows = session.execute(
        select(Position)
        .where(Position.org_unit_id == committee_id, *in_force(day), kinds)
        .order_by(Position.kind, Position.start_date)
    ).scalars()
    holders = []
    for position in rows:
        kind = kind_of("position", position.kind)
        holders.append(Holder(position.person, kind.label if kind else position.kind, position))
    # Director first, then deputies, then members (C2's order), whatever the codes sort as.
    order = {code: index for index, code in enumerate(COMMITTEE_KINDS)}
    holders.sort(key=lambda h: (order.get(h.position.kind, 99), h.position.start_date))
    return holders


def overview(session: SessionLike, committee: OrgUnit, day: dt.date) -> Overview:
    """The overview of ``committee`` on ``day``; queries are scoped like any other."""
    cid = committee.id
    term = session.execute(
        select(Term)
        .where(Term.org_unit_id == cid, Term.start_date <= day)
        .order_by(Term.start_date.desc())
        .limit(1)
    ).scalar_one_or_none()
    groups = list(
        session.execute(
            select(ResidentGroup)
            .where(ResidentGroup.org_unit_id == cid, ResidentGroup.dissolved_on.is_(None))
            .order_by(ResidentGroup.number, ResidentGroup.name)
        ).scalars()
    )
    building_counts = dict(
        session.execute(
            select(Building.resident_group_id, func.count())
            .where(Building.org_unit_id == cid)
            .group_by(Building.resident_group_id)
        ).all()
    )
    leaders: dict[int, list[str]] = {}
    for position in _holders(session, cid, day, Position.kind == "group.leader"):
        if position.position.resident_group_id is not None:
            leaders.setdefault(position.position.resident_group_id, []).append(position.person.name)
    recent = list(
        session.execute(
            select(Meeting)
            .where(Meeting.org_unit_id == cid)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
            .limit(RECENT_MEETINGS)
        ).scalars()
    )
    counts = session.execute(
        select(
            select(func.count())
            .select_from(Person)
            .where(Person.org_unit_id == cid)
            .scalar_subquery(),
            select(func.count())
            .select_from(Household)
            .where(Household.org_unit_id == cid)
            .scalar_subquery(),
            select(func.count())
            .select_from(Opinion)
            .where(Opinion.org_unit_id == cid, Opinion.status != "closed")
            .scalar_subquery(),
            select(func.count())
            .select_from(Opinion)
            .where(Opinion.org_unit_id == cid, overdue_clause(day))
            .scalar_subquery(),
        )
    ).one()
    return Overview(
        committee=committee,
        day=day,
        term=term,
        members=_holders(session, cid, day, Position.kind.in_(list(COMMITTEE_KINDS))),
        composition=composition_on(session, cid, day),
        supervision=_holders(session, cid, day, Position.kind.like("supervision.%")),
        supervision_check=supervision_on(session, cid, day),
        groups=[
            GroupRow(group, leaders.get(group.id, []), building_counts.get(group.id, 0))
            for group in groups
        ],
        people=int(counts[0]),
        households=int(counts[1]),
        meetings=[(meeting, meeting_figures(session, meeting)) for meeting in recent],
        convening=convening_status(session, cid, day),
        open_opinions=int(counts[2]),
        overdue_opinions=int(counts[3]),
    )


@dataclasses.dataclass(frozen=True)
class CommitteeRow:
    """One committee in the list of committees: the figures that need attention."""

    committee: OrgUnit
    last_residents_meeting: dt.date | None
    convening: ConveningDue
    open_opinions: int
    overdue_opinions: int


def committee_rows(session: SessionLike, day: dt.date) -> list[CommitteeRow]:
    """Every committee in scope with its convening status and opinions, in three queries."""
    from core.convening import last_residents_meetings
    from core.rules.meetings import convening_due

    committees = list(
        session.execute(
            select(OrgUnit).where(OrgUnit.kind == "committee").order_by(OrgUnit.code)
        ).scalars()
    )
    last = last_residents_meetings(session, [unit.id for unit in committees])
    opinions: dict[int, tuple[int, int]] = {}
    for unit_id, open_count, overdue_count in session.execute(
        select(
            Opinion.org_unit_id,
            func.count().filter(Opinion.status != "closed"),
            func.count().filter(overdue_clause(day)),
        ).group_by(Opinion.org_unit_id)
    ).all():
        opinions[unit_id] = (int(open_count), int(overdue_count))
    return [
        CommitteeRow(
            committee=unit,
            last_residents_meeting=last.get(unit.id),
            convening=convening_due(last.get(unit.id), day),
            open_opinions=opinions.get(unit.id, (0, 0))[0],
            overdue_opinions=opinions.get(unit.id, (0, 0))[1],
        )
        for unit in committees
    ]
