"""Visits of group members to households (J7): the check, and coverage per group."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import object_session

from core.extensions import SessionLike
from core.models.base import same_unit
from core.positions import in_force
from plugins.jiayuguan_groups.kinds import GROUP_KINDS
from plugins.jiayuguan_groups.rules.coverage import Coverage, coverage_share

if TYPE_CHECKING:
    from plugins.jiayuguan_groups.models import Visit


def check_visit(visit: Visit) -> None:
    """Raise ``ValueError`` unless a member of one of the committee's groups visited (J7).

    The visitor must hold a group position (leader or member) of the
    household's committee on the day of the visit.
    """
    from core.models import Person, Position
    from plugins.jiayuguan_groups.models.visits import VISIT_KINDS

    if visit.kind is None:  # the column default applies only at INSERT
        visit.kind = "full"
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


@dataclasses.dataclass(frozen=True)
class GroupCoverage:
    """A group's visit coverage in a period (J7)."""

    group_id: int
    group_name: str
    committee_id: int
    committee_name: str
    #: Visits in the period (a key household visited three times counts three).
    visits: int
    key_visits: int
    coverage: Coverage


def coverage(
    session: SessionLike,
    first: dt.date,
    last: dt.date,
    committee_ids: Sequence[int] | None = None,
) -> list[GroupCoverage]:
    """Per group in scope: its households, and those visited from ``first`` to ``last`` (J7).

    Set-based: four queries whatever the number of groups. A household
    counts for the group whose building it is in; households without a
    building are not in any group's coverage.
    """
    from core.models import Building, Household, OrgUnit, ResidentGroup
    from plugins.jiayuguan_groups.models import Visit

    groups_stmt = (
        select(ResidentGroup.id, ResidentGroup.name, ResidentGroup.org_unit_id)
        .where(or_(ResidentGroup.dissolved_on.is_(None), ResidentGroup.dissolved_on >= first))
        .order_by(ResidentGroup.org_unit_id, ResidentGroup.number, ResidentGroup.id)
    )
    if committee_ids is not None:
        groups_stmt = groups_stmt.where(ResidentGroup.org_unit_id.in_(list(committee_ids)))
    groups = session.execute(groups_stmt).all()
    ids = [row.id for row in groups]
    if not ids:
        return []
    names = dict(
        session.execute(
            select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_({r.org_unit_id for r in groups}))
        ).all()
    )
    households = dict(
        session.execute(
            select(Building.resident_group_id, func.count(Household.id))
            .join(Building, Household.building_id == Building.id)
            .where(Building.resident_group_id.in_(ids))
            .group_by(Building.resident_group_id)
        ).all()
    )
    visited: dict[int, tuple[int, int, int]] = {
        row[0]: (row[1], row[2], row[3] or 0)
        for row in session.execute(
            select(
                Building.resident_group_id,
                func.count(func.distinct(Visit.household_id)),
                func.count(Visit.id),
                func.sum(case((Visit.kind == "key", 1), else_=0)),
            )
            .join(Household, Visit.household_id == Household.id)
            .join(Building, Household.building_id == Building.id)
            .where(
                Building.resident_group_id.in_(ids),
                Visit.visited_on >= first,
                Visit.visited_on <= last,
            )
            .group_by(Building.resident_group_id)
        ).all()
    }
    result = []
    for row in groups:
        seen, visits, key = visited.get(row.id, (0, 0, 0))
        result.append(
            GroupCoverage(
                group_id=row.id,
                group_name=row.name,
                committee_id=row.org_unit_id,
                committee_name=names.get(row.org_unit_id, ""),
                visits=int(visits),
                key_visits=int(key),
                coverage=coverage_share(int(seen), int(households.get(row.id, 0)), first, last),
            )
        )
    return result
