"""居民小组概况 and 组长推选记录: the groups on a day and how leaders were chosen (J2, J5, J6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import flash
from flask_admin import BaseView, expose
from sqlalchemy import select
from wtforms.validators import DataRequired

from core.admin.base import ProtectedBaseView, ScopedModelView
from core.admin.structure import committee_filter
from core.extensions import db
from core.kinds import GROUP_LEADER, GROUP_MEETING
from core.models import Meeting, Position, Term
from plugins.jiayuguan_groups.admin import CATEGORY
from plugins.jiayuguan_groups.admin.common import (
    committee_arg,
    committees,
    day_arg,
    group_label,
    position_label,
)
from plugins.jiayuguan_groups.groups import GroupRow, group_rows
from plugins.jiayuguan_groups.kinds import SUMMARY_MEETING
from plugins.jiayuguan_groups.models import LeaderChoice
from plugins.jiayuguan_groups.rules.schedule import DUTIES, joint_with

#: How far back the page lists group meetings (J6).
MEETING_DAYS = 365
MEETING_ROWS = 200


def _leader_first(row: GroupRow) -> list[tuple[str, bool]]:
    """The members of ``row`` as (name, is leader), the leader first (J2)."""
    others = [(name, False) for name in row.members if name != row.leader]
    return [(row.leader, True), *others] if row.leader else others


class GroupOverviewView(ProtectedBaseView):
    """居民小组概况: every group in scope on a day with members, buildings, term and J2 flags."""

    def __init__(self) -> None:
        super().__init__(
            name="居民小组概况",
            category=CATEGORY,
            endpoint="jy_groups",
            url="/admin/jiayuguan/groups",
        )

    @expose("/")
    def index(self) -> Any:
        day = day_arg()
        chosen = committee_arg()
        ids = None if chosen is None else [chosen]
        session = db.session
        rows = group_rows(session, ids, day)
        units = {unit.id: unit for unit in committees()}
        terms = {
            term.org_unit_id: term
            for term in session.scalars(
                select(Term).where(Term.start_date <= day, Term.end_date >= day)
            )
        }
        by_committee: dict[int, list[GroupRow]] = {}
        for row in rows:
            by_committee.setdefault(row.committee_id, []).append(row)
        meetings = session.scalars(
            select(Meeting)
            .where(
                Meeting.kind.in_([GROUP_MEETING, SUMMARY_MEETING]),
                Meeting.resident_group_id.is_not(None),
                Meeting.held_on <= day,
                Meeting.held_on > day - dt.timedelta(days=MEETING_DAYS),
                *([] if ids is None else [Meeting.org_unit_id.in_(ids)]),
            )
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
            .limit(MEETING_ROWS)
        ).all()
        return self.render(
            "jiayuguan_groups/groups.html",
            day=day,
            chosen=chosen,
            units=units,
            terms=terms,
            by_committee=by_committee,
            flagged=sum(1 for row in rows if row.notes),
            group_count=len(rows),
            leader_first=_leader_first,
            meetings=[(m, joint_with(f"{m.title} {m.minutes}")) for m in meetings],
            meeting_days=MEETING_DAYS,
            duties=DUTIES,
            summary_kind=SUMMARY_MEETING,
        )


def _leader_positions() -> Any:
    return (
        db.session.query(Position)
        .filter(Position.kind == GROUP_LEADER)
        .order_by(Position.org_unit_id, Position.start_date.desc())
    )


def _group_meetings() -> Any:
    return (
        db.session.query(Meeting)
        .filter(Meeting.kind == GROUP_MEETING)
        .order_by(Meeting.held_on.desc())
    )


def _meeting_label(meeting: Meeting) -> str:
    group = meeting.resident_group
    where = group_label(group) if group is not None else meeting.org_unit.name
    return f"{where} {meeting.held_on.isoformat()} {meeting.title}"


class LeaderChoiceView(ScopedModelView):
    """组长推选记录: the group meeting that chose each group leader (J2)."""

    column_list = ["position", "meeting", "votes_for", "org_unit"]
    column_labels = {
        "position": "组长职务",
        "meeting": "推选会议（居民小组会议）",
        "votes_for": "赞成票数",
        "note": "备注",
        "org_unit": "所属居委会",
    }
    column_descriptions = {
        "position": "居民小组长由居民小组会议推选产生 (J2)",
        "meeting": "须是该居民小组的居民小组会议，且不晚于组长任职日期 (J2)",
        "votes_for": "不超过会议实到人数 (J2)",
    }
    column_formatters = {
        "position": lambda _v, _c, m, _n: position_label(m.position),
        "meeting": lambda _v, _c, m, _n: _meeting_label(m.meeting),
    }
    column_sortable_list: list[str] = []
    form_columns = ["position", "meeting", "votes_for", "note"]
    form_args: dict[str, Any] = {
        "position": {
            "label": "组长职务",
            "query_factory": _leader_positions,
            "get_label": position_label,
            "validators": [DataRequired()],
        },
        "meeting": {
            "label": "推选会议（居民小组会议）",
            "query_factory": _group_meetings,
            "get_label": _meeting_label,
            "validators": [DataRequired()],
        },
    }

    def __init__(self) -> None:
        self.column_filters = [committee_filter(LeaderChoice.org_unit_id)]
        super().__init__(
            LeaderChoice,
            name="组长推选记录",
            category=CATEGORY,
            endpoint="jy_leaderchoice",
            url="/admin/jiayuguan/leader-choice",
        )

    def on_model_change(self, form: Any, model: LeaderChoice, is_created: bool) -> None:
        """Check J2 before anything is written (the leader's own group meeting chose them)."""
        model.note = model.note or ""
        super().on_model_change(form, model, is_created)

    def after_model_change(self, form: Any, model: LeaderChoice, is_created: bool) -> None:
        flash(
            f"已记录：{_meeting_label(model.meeting)} 推选 {model.position.person.name} 为组长 (J2)"
        )


def views() -> list[BaseView]:
    """The group views, in menu order."""
    from plugins.jiayuguan_groups.admin.changes import GroupChangeView

    return [GroupOverviewView(), LeaderChoiceView(), GroupChangeView()]
