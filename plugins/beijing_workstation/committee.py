"""Checks on the committee's make-up under Xicheng's model (B4, B6, B9).

- B4: 1–2 deputies — a third deputy on any day is refused (core's C2 allows
  more); a sub-committee has 3–5 members — a sixth is refused, fewer than
  three flagged (``subcommittee_rows``); its chair is a committee member.
- B6, B9: the station director (社工主任) is the committee's director or a
  deputy at the same time.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import object_session

from core.kinds import COMMITTEE_KINDS, DEPUTY, DIRECTOR
from core.positions import in_force

if TYPE_CHECKING:
    from core.models import Position
    from plugins.beijing_workstation.models import SubCommitteeMember

MAX_DEPUTIES = 2
MIN_SUBCOMMITTEE, MAX_SUBCOMMITTEE = 3, 5


def _holds(session: Any, person_id: int, unit_id: int, kinds: Any, day: dt.date) -> bool:
    from core.models import Position

    found = session.execute(
        select(Position.id).where(
            Position.person_id == person_id,
            Position.org_unit_id == unit_id,
            Position.kind.in_(list(kinds)),
            *in_force(day),
        )
    ).first()
    return found is not None


def check_deputies(position: Position) -> None:
    """Raise ``ValueError`` when a third deputy would hold office on some day (B4)."""
    from core.models import Position

    if position.kind != DEPUTY:
        return
    session = object_session(position)
    unit_id = position.org_unit_id or (position.org_unit.id if position.org_unit else None)
    if session is None or unit_id is None or position.start_date is None:
        return
    end = position.end_date
    with session.no_autoflush:
        stmt = select(func.count(func.distinct(Position.person_id))).where(
            Position.org_unit_id == unit_id,
            Position.kind == DEPUTY,
            Position.person_id != position.person_id,
            or_(Position.end_date.is_(None), Position.end_date >= position.start_date),
        )
        if end is not None:
            stmt = stmt.where(Position.start_date <= end)
        if position.id is not None:
            stmt = stmt.where(Position.id != position.id)
        others = int(session.scalar(stmt) or 0)
    if others >= MAX_DEPUTIES:
        raise ValueError(f"居委会副主任为1—2人，已有 {others} 名副主任在任，不能再增加 (B4)")


def check_station_director(position: Position) -> None:
    """Raise ``ValueError`` unless the station director is director or deputy then (B6, B9)."""
    from plugins.beijing_workstation.kinds import STATION_DIRECTOR

    if position.kind != STATION_DIRECTOR:
        return
    session = object_session(position)
    unit_id = position.org_unit_id or (position.org_unit.id if position.org_unit else None)
    person_id = position.person_id or (position.person.id if position.person else None)
    if session is None or unit_id is None or person_id is None:
        return
    with session.no_autoflush:
        ok = _holds(session, person_id, unit_id, (DIRECTOR, DEPUTY), position.start_date)
    if not ok:
        name = position.person.name if position.person else "此人"
        raise ValueError(
            f"社工主任由社区居委会主任或副主任兼任：{name}在 {position.start_date.isoformat()}"
            " 不是本居委会主任或副主任 (B6, B9)"
        )


def check_subcommittee_member(member: SubCommitteeMember) -> None:
    """Raise ``ValueError`` for a sixth member, a second chair, a chair from outside (B4)."""
    sub = member.subcommittee
    session = object_session(member)
    if sub is None or session is None or member.start_date is None:
        return
    unit_id = sub.org_unit_id or (sub.org_unit.id if sub.org_unit else None)
    person_id = member.person_id or (member.person.id if member.person else None)
    with session.no_autoflush:
        # The collection holds members added in this flush too (an import of six at once).
        overlapping = [
            m
            for m in sub.members
            if m is not member
            and (m.end_date is None or m.end_date >= member.start_date)
            and (member.end_date is None or m.start_date <= member.end_date)
        ]
        others = {m.person_id or (m.person.id if m.person else None) for m in overlapping}
        if len(others - {person_id}) >= MAX_SUBCOMMITTEE:
            raise ValueError(
                f"{sub}由 {MIN_SUBCOMMITTEE}—{MAX_SUBCOMMITTEE} 人组成，"
                f"已有 {MAX_SUBCOMMITTEE} 人，不能再增加 (B4)"
            )
        if member.role == "chair":
            if any(m.role == "chair" for m in overlapping):
                raise ValueError(f"{sub}同一时间只能有一名主任 (B4)")
            if (
                unit_id is not None
                and person_id is not None
                and not _holds(session, person_id, unit_id, COMMITTEE_KINDS, member.start_date)
            ):
                name = member.person.name if member.person else "此人"
                raise ValueError(f"委员会主任由居委会成员兼任，{name}不是居委会成员 (B4)")
