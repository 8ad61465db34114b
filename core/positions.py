"""Positions in force and the committee's composition on a day (rules C2, C12).

The counting is here, the judging in ``core.rules.committees``: the admin
views, the API, the import and the overview page all call these functions.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import object_session

from core.extensions import SessionLike
from core.kinds import COMMITTEE_KINDS, DIRECTOR, kind_of
from core.models.base import require_committee, same_unit, unit_of
from core.rules.committees import (
    Composition,
    SupervisionCheck,
    check_position_dates,
    composition,
    supervision_group,
)

if TYPE_CHECKING:
    from core.models.positions import Position


def in_force(day: dt.date) -> tuple[Any, ...]:
    """WHERE clauses selecting positions held on ``day``."""
    from core.models.positions import Position

    return (
        Position.start_date <= day,
        or_(Position.end_date.is_(None), Position.end_date >= day),
    )


def committee_counts(
    session: SessionLike, committee_id: int, day: dt.date, exclude_id: int | None = None
) -> dict[str, int]:
    """``{kind code: people}`` of the committee positions held on ``day``, in one query."""
    from core.models.positions import Position

    stmt = (
        select(Position.kind, func.count(func.distinct(Position.person_id)))
        .where(Position.org_unit_id == committee_id, *in_force(day))
        .where(Position.kind.in_(list(COMMITTEE_KINDS)))
        .group_by(Position.kind)
    )
    if exclude_id is not None:
        stmt = stmt.where(Position.id != exclude_id)
    return {kind: count for kind, count in session.execute(stmt).all()}


def composition_on(session: SessionLike, committee_id: int, day: dt.date) -> Composition:
    """The committee's make-up on ``day``, judged by rule C2."""
    counts = committee_counts(session, committee_id, day)
    return composition(
        counts.get("committee.director", 0),
        counts.get("committee.deputy", 0),
        counts.get("committee.member", 0),
    )


def supervision_on(session: SessionLike, committee_id: int, day: dt.date) -> SupervisionCheck:
    """The committee's supervision group on ``day``, judged by rule C12."""
    from core.models.positions import Position

    size = session.execute(
        select(func.count(func.distinct(Position.person_id))).where(
            Position.org_unit_id == committee_id,
            Position.kind.like("supervision.%"),
            *in_force(day),
        )
    ).scalar_one()
    return supervision_group(int(size))


def check_position(position: Position) -> None:
    """Raise ``ValueError`` in Chinese if saving ``position`` would break rule C1 or C2.

    Checked: the dates are in order; the kind is registered; a group position
    names a group and any position belongs to a committee; person and group
    are the committee's; and, for the days the position covers, the
    committee would not have two directors or more than nine members. The
    composition is checked on the position's first day and on the start
    day of every overlapping committee position, which is where the count
    can rise.
    """
    check_position_dates(position.start_date, position.end_date)
    kind = kind_of("position", position.kind)
    if kind is None:
        raise ValueError(f"未知的职务类型“{position.kind}” (C2)")
    require_committee(position, "职务")
    if (
        kind.body == "group"
        and position.resident_group_id is None
        and (position.resident_group is None)
    ):
        raise ValueError(f"“{kind.label}”须选择所在居民小组 (C1)")
    group = position.resident_group
    if group is not None and not same_unit(position, group):
        raise ValueError("居民小组必须属于本居委会 (C1)")
    if position.kind not in COMMITTEE_KINDS:
        return
    session = object_session(position)
    # The unit may be set by relationship (the admin form) before it has an id here.
    unit = unit_of(position)
    if session is None or unit is None or unit.id is None:
        return
    with session.no_autoflush:
        _check_committee_size(session, position, unit.id)


def _check_committee_size(session: SessionLike, position: Position, committee_id: int) -> None:
    from core.models.positions import Position

    start, end = position.start_date, position.end_date
    overlapping = select(Position.start_date).where(
        Position.org_unit_id == committee_id,
        Position.kind.in_(list(COMMITTEE_KINDS)),
        or_(Position.end_date.is_(None), Position.end_date >= start),
    )
    if end is not None:
        overlapping = overlapping.where(Position.start_date <= end)
    if position.id is not None:
        overlapping = overlapping.where(Position.id != position.id)
    days = {start, *(max(day, start) for day in session.execute(overlapping).scalars())}
    for day in sorted(days):
        counts = committee_counts(session, committee_id, day, exclude_id=position.id)
        counts[position.kind] = counts.get(position.kind, 0) + 1
        result = composition(
            counts.get(DIRECTOR, 0),
            counts.get("committee.deputy", 0),
            counts.get("committee.member", 0),
        )
        if result.errors:
            raise ValueError(f"{day} 起：" + "；".join(result.errors) + " (C2)")
