"""Resident groups under J2: members, leader, term, buildings and approved changes.

The checks here run on every write path through ``juwei_record_checks`` and
the plugin's own models; the group rows feed the admin views, the panel and
the API.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import object_session

from core.extensions import SessionLike
from core.kinds import GROUP_LEADER, GROUP_MEETING
from core.models.base import same_unit, unit_of
from core.policy import resolve
from core.positions import in_force
from plugins.jiayuguan_groups.kinds import GROUP_KINDS
from plugins.jiayuguan_groups.rules.groups import GroupSize, group_size

if TYPE_CHECKING:
    from core.models import OrgUnit, Position
    from plugins.jiayuguan_groups.models import GroupChange, LeaderChoice


def size_limits(session: SessionLike, day: dt.date, unit: OrgUnit | None) -> tuple[int, int]:
    """The J2 minimum and maximum group size in force on ``day`` for ``unit``."""
    low = resolve(session, "jiayuguan_groups.group.min_members", day, unit).value
    high = resolve(session, "jiayuguan_groups.group.max_members", day, unit).value
    return int(low), int(high)


def check_group_position(position: Position) -> None:
    """Raise ``ValueError`` if a group position breaks J2 (record check on ``Position``).

    - The position lies within a term of the committee (同社区居民委员会任期
      相同): when no term is chosen, the term covering its first day is set.
    - A group has one leader at a time.
    - No more than five members (the parameter) on any day the position
      covers; pending positions of the same flush count too (an import).
    """
    if position.kind not in GROUP_KINDS:
        return
    session = object_session(position)
    unit = unit_of(position)
    if session is None or unit is None or unit.id is None:
        return
    with session.no_autoflush:
        _align_term(session, position, unit.id)
        group_id = position.resident_group_id or getattr(position.resident_group, "id", None)
        if group_id is None:
            return  # a new group: nobody else is in it yet
        _check_members(session, position, group_id, unit)


def _align_term(session: SessionLike, position: Position, committee_id: int) -> None:
    from core.models import Term

    term = position.term
    if term is None and position.term_id is not None:
        term = session.get(Term, position.term_id)
    if term is None:
        term = session.scalars(
            select(Term).where(
                Term.org_unit_id == committee_id,
                Term.start_date <= position.start_date,
                Term.end_date >= position.start_date,
            )
        ).first()
        if term is None:
            raise ValueError(
                f"{position.start_date.isoformat()} 不在本居委会任何一届的任期内；"
                "居民小组成员任期与居委会相同，请先登记届期 (J2)"
            )
        position.term = term
    if position.start_date < term.start_date or (
        position.end_date is not None and position.end_date > term.end_date
    ):
        raise ValueError(
            f"居民小组成员任期须在本届（{term.start_date.isoformat()}—"
            f"{term.end_date.isoformat()}）之内 (J2)"
        )


def _check_members(session: SessionLike, position: Position, group_id: int, unit: OrgUnit) -> None:
    from core.models import Position as PositionModel

    start, end = position.start_date, position.end_date
    others = select(
        PositionModel.id,
        PositionModel.person_id,
        PositionModel.kind,
        PositionModel.start_date,
        PositionModel.end_date,
    ).where(
        PositionModel.resident_group_id == group_id,
        PositionModel.kind.in_(GROUP_KINDS),
        or_(PositionModel.end_date.is_(None), PositionModel.end_date >= start),
    )
    if end is not None:
        others = others.where(PositionModel.start_date <= end)
    rows: list[tuple[Any, ...]] = [
        tuple(row)
        for row in session.execute(others).all()
        if position.id is None or row.id != position.id
    ]
    # Positions added in the same flush (an import) are not in the database yet.
    for obj in session.new:
        if obj is position or not isinstance(obj, PositionModel) or obj.kind not in GROUP_KINDS:
            continue
        if (obj.resident_group_id or getattr(obj.resident_group, "id", None)) != group_id:
            continue
        if obj.start_date is None or (end is not None and obj.start_date > end):
            continue
        if obj.end_date is not None and obj.end_date < start:
            continue
        person_id = obj.person_id or getattr(obj.person, "id", None) or id(obj)
        rows.append((None, person_id, obj.kind, obj.start_date, obj.end_date))
    me = position.person_id or getattr(position.person, "id", None) or id(position)
    _, maximum = size_limits(session, start, unit)
    for day in sorted({start, *(max(row[3], start) for row in rows)}):
        held = [row for row in rows if row[3] <= day and (row[4] is None or row[4] >= day)]
        if position.kind == GROUP_LEADER and any(row[2] == GROUP_LEADER for row in held):
            raise ValueError(f"{day.isoformat()} 起该居民小组已有组长 (J2)")
        members = {row[1] for row in held} | {me}
        judged = group_size(len(members), 1, maximum)
        if judged.errors:
            raise ValueError(f"{day.isoformat()} 起：" + "；".join(judged.errors))


def check_leader_choice(choice: LeaderChoice) -> None:
    """Raise ``ValueError`` unless a meeting of the leader's own group chose them (J2)."""
    position, meeting = choice.position, choice.meeting
    if position is None or meeting is None:
        return
    if position.kind != GROUP_LEADER:
        raise ValueError("只有居民小组组长的职务需要推选记录 (J2)")
    if meeting.kind != GROUP_MEETING:
        raise ValueError("组长须由居民小组会议推选，请选择一次居民小组会议 (J2)")
    if _group_id(meeting) != _group_id(position) or not same_unit(meeting, position):
        raise ValueError("推选组长的会议须是该居民小组的会议 (J2)")
    if meeting.held_on > position.start_date:
        raise ValueError(
            f"推选会议（{meeting.held_on.isoformat()}）晚于组长任职日期"
            f"（{position.start_date.isoformat()}） (J2)"
        )
    present = meeting.present_count
    if (
        choice.votes_for is not None
        and present is not None
        and not 0 <= choice.votes_for <= present
    ):
        raise ValueError("赞成票数须在 0 和出席人数之间 (J2)")


def _group_id(record: Any) -> int | None:
    # A record of the same flush has its group set but not yet its id column.
    return record.resident_group_id or getattr(record.resident_group, "id", None)


def check_group_change(change: GroupChange) -> None:
    """Raise ``ValueError`` unless the change and its street → city decisions are in order (J2)."""
    from plugins.jiayuguan_groups.models.groups import CHANGE_KINDS, CHANGE_STATUSES

    if change.kind not in CHANGE_KINDS:
        raise ValueError(f"未知的调整类型“{change.kind}” (J2)")
    if change.status is None:  # the column default applies only at INSERT
        change.status = "submitted"
    if change.status not in CHANGE_STATUSES:
        raise ValueError(f"未知的审批状态“{change.status}” (J2)")
    group = change.resident_group
    if change.kind != "create" and group is None and change.resident_group_id is None:
        raise ValueError(f"“{CHANGE_KINDS[change.kind]}”须选择所涉居民小组 (J2)")
    if group is not None and not same_unit(change, group):
        raise ValueError("所涉居民小组须属于本居委会 (J2)")
    street, city = change.street_decided_on, change.city_decided_on
    if change.status in ("street_approved", "approved") and street is None:
        raise ValueError("须先经街道办事处审核同意 (J2)")
    if change.status == "approved" and city is None:
        raise ValueError("市政府批准须有批准日期 (J2)")
    if change.status == "rejected" and street is None and city is None:
        raise ValueError("未批准须有街道或市政府的决定日期 (J2)")
    if city is not None and street is None:
        raise ValueError("调整方案由街道办事处报市政府批准：街道须先审核 (J2)")
    if street is not None and street < change.submitted_on:
        raise ValueError("街道审核日期不能早于申请日期 (J2)")
    if city is not None and street is not None and city < street:
        raise ValueError("市政府批准日期不能早于街道审核日期 (J2)")


@dataclasses.dataclass(frozen=True)
class GroupRow:
    """One group on a day: members, leader and its choice, buildings, J2 size."""

    id: int
    committee_id: int
    name: str
    members: tuple[str, ...]
    leader: str | None
    leader_chosen_on: dt.date | None
    buildings: tuple[str, ...]
    size: GroupSize

    @property
    def notes(self) -> list[str]:
        """What J2 flags about the group, in Chinese."""
        notes = [*self.size.errors, *self.size.warnings]
        if self.leader is None:
            notes.append("未设组长 (J2)")
        elif self.leader_chosen_on is None:
            notes.append("组长无居民小组会议推选记录 (J2)")
        return notes


def group_rows(
    session: SessionLike, committee_ids: Sequence[int] | None, day: dt.date
) -> list[GroupRow]:
    """The groups of ``committee_ids`` (all in scope when None) on ``day``, in four queries."""
    from core.models import Building, Meeting, Person, Position, ResidentGroup
    from plugins.jiayuguan_groups.models import LeaderChoice

    groups_stmt = select(ResidentGroup).where(
        or_(ResidentGroup.dissolved_on.is_(None), ResidentGroup.dissolved_on > day)
    )
    if committee_ids is not None:
        groups_stmt = groups_stmt.where(ResidentGroup.org_unit_id.in_(list(committee_ids)))
    groups = list(
        session.scalars(groups_stmt.order_by(ResidentGroup.org_unit_id, ResidentGroup.number))
    )
    ids = [g.id for g in groups]
    if not ids:
        return []
    held = session.execute(
        select(Position.resident_group_id, Position.kind, Person.id, Person.name)
        .join(Person, Person.id == Position.person_id)
        .where(Position.resident_group_id.in_(ids), Position.kind.in_(GROUP_KINDS), *in_force(day))
        .order_by(Position.kind, Person.name)  # group.leader sorts first
    ).all()
    choice_days = dict(
        session.execute(
            select(Position.resident_group_id, func.max(Meeting.held_on))
            .join(LeaderChoice, LeaderChoice.position_id == Position.id)
            .join(Meeting, Meeting.id == LeaderChoice.meeting_id)
            .where(
                Position.resident_group_id.in_(ids), Position.kind == GROUP_LEADER, *in_force(day)
            )
            .group_by(Position.resident_group_id)
        ).all()
    )
    buildings: dict[int | None, list[str]] = {}
    for group_id, name in session.execute(
        select(Building.resident_group_id, Building.name)
        .where(Building.resident_group_id.in_(ids))
        .order_by(Building.name)
    ).all():
        buildings.setdefault(group_id, []).append(name)
    # Keyed by person: two members may share a common name.
    members: dict[int | None, dict[int, str]] = {}
    leaders: dict[int | None, str] = {}
    for group_id, kind, person_id, name in held:
        members.setdefault(group_id, {}).setdefault(person_id, name)
        if kind == GROUP_LEADER:
            leaders[group_id] = name
    rows = []
    limits: dict[int, tuple[int, int]] = {}
    for group in groups:
        if group.org_unit_id not in limits:
            limits[group.org_unit_id] = size_limits(session, day, group.org_unit)
        low, high = limits[group.org_unit_id]
        names = tuple(members.get(group.id, {}).values())
        rows.append(
            GroupRow(
                id=group.id,
                committee_id=group.org_unit_id,
                name=group.name,
                members=names,
                leader=leaders.get(group.id),
                leader_chosen_on=choice_days.get(group.id),
                buildings=tuple(buildings.get(group.id, [])),
                size=group_size(len(names), low, high),
            )
        )
    return rows


def flagged(rows: Iterable[GroupRow]) -> list[GroupRow]:
    """The groups J2 flags: too small, too big, no leader or no recorded choice."""
    return [row for row in rows if row.notes]
