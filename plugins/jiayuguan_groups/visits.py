"""Visits of group members to households (J7): the check, and coverage per group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import object_session

from core.models.base import same_unit
from core.positions import in_force
from plugins.jiayuguan_groups.kinds import GROUP_KINDS

if TYPE_CHECKING:
    from plugins.jiayuguan_groups.models import Visit


def check_visit(visit: Visit) -> None:
    """Raise ``ValueError`` unless a member of one of the committee's groups visited (J7).

    The visitor must hold a group position (leader or member) of the
    household's committee on the day of the visit.
    """
    from core.models import Person, Position
    from plugins.jiayuguan_groups.models.visits import VISIT_KINDS

    if visit.kind not in VISIT_KINDS:
        raise ValueError(f"未知的走访类型“{visit.kind}” (J7)")
    member: Person | None = visit.member
    household = visit.household
    if member is None or household is None or visit.visited_on is None:
        return
    if not same_unit(member, household):
        raise ValueError("走访人和被走访户须属于同一居委会 (J7)")
    if visit.followed_up_on is not None and visit.followed_up_on < visit.visited_on:
        raise ValueError("跟进日期不能早于走访日期 (J7)")
    session = object_session(visit)
    if session is None or member.id is None:
        return
    with session.no_autoflush:
        held = session.execute(
            select(Position.id)
            .where(
                Position.person_id == member.id,
                Position.kind.in_(GROUP_KINDS),
                *in_force(visit.visited_on),
            )
            .limit(1)
        ).first()
    if held is None:
        raise ValueError(f"{member.name} 在 {visit.visited_on.isoformat()} 不是居民小组成员 (J7)")
