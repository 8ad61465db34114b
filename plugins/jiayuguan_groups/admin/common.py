"""What the plugin's pages share: reading a day or a committee from the query string, labels."""

from __future__ import annotations

import datetime as dt

from flask import flash, request
from sqlalchemy import select

from core.admin.structure import committees_query, today
from core.extensions import db
from core.models import OrgUnit, Position, ResidentGroup
from core.rules.divisions import OrgKind


def day_arg(name: str = "on", default: dt.date | None = None) -> dt.date:
    """The date in query argument ``name``; today (or ``default``) when absent or malformed."""
    text = request.args.get(name, "").strip()
    fallback = default or today()
    if not text:
        return fallback
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        flash(f"日期“{text}”格式不对，应为 YYYY-MM-DD；已改用 {fallback.isoformat()}", "warning")
        return fallback


def committee_arg() -> int | None:
    """The committee chosen in the ``committee`` query argument, if any and in scope."""
    value = request.args.get("committee", type=int)
    if value is None:
        return None
    # Scoping narrows the look-up: another street's committee is simply not found.
    found = db.session.scalar(
        select(OrgUnit.id).where(OrgUnit.id == value, OrgUnit.kind == OrgKind.COMMITTEE.value)
    )
    if found is None:
        flash("所选居委会不存在或不在您的管辖范围内", "warning")
        return -1
    return int(found)


def committees() -> list[OrgUnit]:
    """The committees in the current user's scope, by code."""
    return list(committees_query())


def group_label(group: ResidentGroup) -> str:
    """A group with its committee, for select boxes across committees."""
    unit = group.org_unit
    return f"{unit.name} · {group.name}" if unit is not None else group.name


def position_label(position: Position) -> str:
    """A group position as "福州路居委会 · 第一组 组长 张三（自2021-01-01）"."""
    from plugins.jiayuguan_groups.kinds import PAID_KINDS

    group = position.resident_group
    kind = PAID_KINDS.get(position.kind, ("", position.kind))[1]
    where = group_label(group) if group is not None else position.org_unit.name
    return f"{where} {kind} {position.person.name}（自{position.start_date.isoformat()}）"
