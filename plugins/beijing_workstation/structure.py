"""A committee's 两会一站 on a day: assembly, committee, sub-committees, station (B1, B4, B6, B9).

Flags are facts to fix, never refusals (the refusals are the record checks
of ``assembly`` and ``committee``): a sub-committee missing, of fewer than
three members or without a chair (B4); no deputy (B4); a station director
who is not the director or a deputy (B6, B9). A director who is not a
retiree is only noted: retirees are encouraged, not required (B4).
Cross-appointments (B9) are shown, encouraged and never required.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from core.extensions import SessionLike
from core.kinds import DEPUTY, DIRECTOR, MEMBER
from core.positions import in_force
from plugins.beijing_workstation.committee import MAX_DEPUTIES, MAX_SUBCOMMITTEE, MIN_SUBCOMMITTEE
from plugins.beijing_workstation.kinds import (
    BODIES,
    PARTY_MEMBER,
    PARTY_SECRETARY,
    REPRESENTATIVE_KINDS,
    STATION_DIRECTOR,
    SUBCOMMITTEE_ROLES,
    SUBCOMMITTEES,
)
from plugins.beijing_workstation.sessions import quota_note, quota_on
from plugins.beijing_workstation.station import StaffRow, station_staff

#: B9: the offices whose holders may be the same person, by group.
CROSS_GROUPS = {
    DIRECTOR: "居委会主任/副主任",
    DEPUTY: "居委会主任/副主任",
    STATION_DIRECTOR: "社工主任",
    PARTY_SECRETARY: "党组织书记/委员",
    PARTY_MEMBER: "党组织书记/委员",
}
OFFICE_LABELS = {
    DIRECTOR: "居委会主任",
    DEPUTY: "居委会副主任",
    STATION_DIRECTOR: "社工主任",
    PARTY_SECRETARY: "党组织书记",
    PARTY_MEMBER: "党组织委员",
}


@dataclasses.dataclass(frozen=True)
class SubRow:
    """One of the six sub-committees on a day: members, chair and B4 flags."""

    kind: str
    label: str
    id: int | None
    chair: str | None
    members: list[tuple[str, str, str]]
    notes: list[str]


@dataclasses.dataclass(frozen=True)
class Overview:
    """The committee's 两会一站 on ``day`` (B1), each part with its flags."""

    committee: Any
    day: dt.date
    bodies: dict[str, tuple[str, str]]
    assembly: dict[str, list[str]]
    assembly_total: int
    quota: int | None
    quota_note: str
    director: str | None
    director_retired: bool
    deputies: list[str]
    members: list[str]
    committee_notes: list[str]
    subcommittees: list[SubRow]
    staff: list[StaffRow]
    station_notes: list[str]
    cross: list[tuple[str, list[str]]]
    cross_note: str

    @property
    def flags(self) -> int:
        """How many things need attention (B2, B4, B6)."""
        subs = sum(len(row.notes) for row in self.subcommittees)
        staff = sum(len(row.notes) for row in self.staff)
        return subs + staff + len(self.committee_notes) + len(self.station_notes)


def subcommittee_rows(session: SessionLike, committee_id: int, day: dt.date) -> list[SubRow]:
    """The six sub-committees of the committee on ``day`` in kind order, flagged (rule B4).

    For each kind, the sub-committee of the term in force on ``day`` is
    shown, else one without a term; members are those serving on ``day``.
    """
    from core.models import Position, Term
    from plugins.beijing_workstation.models import SubCommittee, SubCommitteeMember

    term_id = session.scalar(
        select(Term.id).where(
            Term.org_unit_id == committee_id, Term.start_date <= day, Term.end_date >= day
        )
    )
    subs = session.scalars(
        select(SubCommittee)
        .where(
            SubCommittee.org_unit_id == committee_id,
            or_(SubCommittee.term_id.is_(None), SubCommittee.term_id == term_id),
        )
        .options(selectinload(SubCommittee.members).selectinload(SubCommitteeMember.person))
    ).all()
    chosen: dict[str, Any] = {}
    for sub in sorted(subs, key=lambda s: s.term_id is None):
        chosen.setdefault(sub.kind, sub)
    committee_people = set(
        session.scalars(
            select(Position.person_id).where(
                Position.org_unit_id == committee_id,
                Position.kind.in_([DIRECTOR, DEPUTY, MEMBER]),
                *in_force(day),
            )
        )
    )
    rows = []
    for kind, label in SUBCOMMITTEES.items():
        found = chosen.get(kind)
        if found is None:
            rows.append(SubRow(kind, label, None, None, [], ["尚未设立 (B4)"]))
            continue
        serving = [
            m
            for m in found.members
            if m.start_date <= day and (m.end_date is None or m.end_date >= day)
        ]
        chairs = [m for m in serving if m.role == "chair"]
        notes = []
        if len(serving) < MIN_SUBCOMMITTEE:
            notes.append(f"仅 {len(serving)} 人，少于 {MIN_SUBCOMMITTEE} 人 (B4)")
        if len(serving) > MAX_SUBCOMMITTEE:
            notes.append(f"{len(serving)} 人，多于 {MAX_SUBCOMMITTEE} 人 (B4)")
        if not chairs:
            notes.append("未设委员会主任 (B4)")
        notes += [
            f"主任{m.person.name}已不是居委会成员 (B4)"
            for m in chairs
            if m.person_id not in committee_people
        ]
        members = [
            (m.person.name, SUBCOMMITTEE_ROLES.get(m.role, m.role), m.source or "")
            for m in sorted(serving, key=lambda m: (m.role != "chair", m.id))
        ]
        chair = chairs[0].person.name if chairs else None
        rows.append(SubRow(kind, label, found.id, chair, members, notes))
    return rows


def cross_appointments(positions: list[Any]) -> list[tuple[str, list[str]]]:
    """People holding offices of two or more B9 groups: (name, offices held)."""
    held: dict[int, tuple[str, dict[str, list[str]]]] = {}
    for position in positions:
        group = CROSS_GROUPS.get(position.kind)
        if group is None:
            continue
        _, groups = held.setdefault(position.person_id, (position.person.name, {}))
        offices = groups.setdefault(group, [])
        if OFFICE_LABELS[position.kind] not in offices:
            offices.append(OFFICE_LABELS[position.kind])
    return [
        (name, [office for offices in groups.values() for office in offices])
        for name, groups in held.values()
        if len(groups) >= 2
    ]


def overview(session: SessionLike, committee: Any, day: dt.date) -> Overview:
    """The 两会一站 of ``committee`` on ``day``: the three bodies and their flags (B1–B9)."""
    from core.models import Position
    from plugins.beijing_workstation.models import AssemblyMember, Retirement

    representatives = session.scalars(
        select(AssemblyMember)
        .where(
            AssemblyMember.org_unit_id == committee.id,
            AssemblyMember.start_date <= day,
            or_(AssemblyMember.end_date.is_(None), AssemblyMember.end_date >= day),
        )
        .order_by(AssemblyMember.id)
    ).all()
    assembly: dict[str, list[str]] = {kind: [] for kind in REPRESENTATIVE_KINDS}
    for member in representatives:
        assembly.setdefault(member.kind, []).append(member.name)
    quota = quota_on(session, committee.id, day)
    positions = session.scalars(
        select(Position)
        .where(
            Position.org_unit_id == committee.id,
            Position.kind.in_([DIRECTOR, DEPUTY, MEMBER, *CROSS_GROUPS]),
            *in_force(day),
        )
        .order_by(Position.start_date, Position.id)
    ).all()
    of_kind = {
        kind: [p for p in positions if p.kind == kind] for kind in (DIRECTOR, DEPUTY, MEMBER)
    }
    director = of_kind[DIRECTOR][0] if of_kind[DIRECTOR] else None
    retired = director is not None and (
        session.scalar(
            select(Retirement.id).where(
                Retirement.person_id == director.person_id,
                or_(Retirement.retired_on.is_(None), Retirement.retired_on <= day),
            )
        )
        is not None
    )
    notes = []
    if director is None:
        notes.append("未设居委会主任 (B4)")
    deputies = [p.person.name for p in of_kind[DEPUTY]]
    if not deputies:
        notes.append(f"未设副主任：应设副主任1—{MAX_DEPUTIES}人 (B4)")
    elif len(deputies) > MAX_DEPUTIES:
        notes.append(f"副主任 {len(deputies)} 人，多于 {MAX_DEPUTIES} 人 (B4)")
    staff = station_staff(session, committee.id, day)
    station_notes = []
    if not any("社工主任" in row.roles for row in staff):
        station_notes.append("尚未设社工主任：由居委会主任或副主任兼任 (B6, B9)")
    cross = cross_appointments(list(positions))
    cross_note = (
        "提倡居委会主任、社工主任与党组织成员交叉任职；目前没有交叉任职 (B9)"
        if not cross
        else f"{len(cross)} 人交叉任职（提倡，非必须） (B9)"
    )
    return Overview(
        committee=committee,
        day=day,
        bodies=dict(BODIES),
        assembly=assembly,
        assembly_total=len(representatives),
        quota=quota,
        quota_note=quota_note(quota, len(representatives)),
        director=director.person.name if director else None,
        director_retired=retired,
        deputies=deputies,
        members=[p.person.name for p in of_kind[MEMBER]],
        committee_notes=notes,
        subcommittees=subcommittee_rows(session, committee.id, day),
        staff=staff,
        station_notes=station_notes,
        cross=cross,
        cross_note=cross_note,
    )
