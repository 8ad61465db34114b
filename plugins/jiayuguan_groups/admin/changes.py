"""居民小组调整申请: requests to change a committee's groups, decided street → city (J2).

The status is never typed. The details page offers the decisions the user
may take now: 街道同意/不同意 (permission ``CHANGE_STREET``) on a submitted
request, then 市政府批准/不批准 (``CHANGE_CITY``) on one the street approved.
Each records the day, the deciding user and a note; the write is audited like
any other. Once the street has decided, the request's content is frozen.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import label_of
from core.admin.structure import COMMITTEE_FIELD, CommitteeRecordView, committee_filter, today
from core.extensions import db
from core.models import ResidentGroup, Role
from core.permissions import has_permission
from core.scoping import current_actor
from plugins.jiayuguan_groups.admin import CATEGORY
from plugins.jiayuguan_groups.admin.common import group_label
from plugins.jiayuguan_groups.models import GroupChange
from plugins.jiayuguan_groups.models.groups import CHANGE_KINDS, CHANGE_STATUSES
from plugins.jiayuguan_groups.permissions import CHANGE_CITY, CHANGE_STREET

#: level → (permission, status it acts on, status on approval, Chinese name of the decider).
LEVELS = {
    "street": (CHANGE_STREET, "submitted", "street_approved", "街道办事处"),
    "city": (CHANGE_CITY, "street_approved", "approved", "市政府"),
}
FROZEN = "街道办事处已审核，申请内容不能再修改或删除；如需调整请另提申请 (J2)"


def decisions_open(change: GroupChange) -> list[str]:
    """The levels whose decision the current user may take now on ``change`` (J2)."""
    actor = current_actor()
    if actor is None or actor.read_only:
        return []
    return [
        level
        for level, (permission, waiting, _ok, _who) in LEVELS.items()
        if change.status == waiting and has_permission(actor.role, permission)
    ]


class GroupChangeView(CommitteeRecordView):
    """居民小组调整申请 with the street's and the city's decisions (J2)."""

    details_template = "jiayuguan_groups/change_details.html"
    write_roles = frozenset({Role.SYSTEM_ADMIN, Role.STREET_OFFICER, Role.COMMITTEE_STAFF})
    column_list = ["submitted_on", "org_unit", "kind", "title", "resident_group", "status"]
    column_details_list = [
        "org_unit",
        "kind",
        "title",
        "resident_group",
        "description",
        "submitted_on",
        "status",
        "street_decided_on",
        "street_decided_by",
        "street_note",
        "city_decided_on",
        "city_decided_by",
        "city_note",
    ]
    column_labels = {
        "org_unit": "所属居委会",
        "kind": "调整类型",
        "title": "标题",
        "resident_group": "所涉居民小组",
        "description": "调整内容及理由",
        "submitted_on": "申请日期",
        "status": "审批状态",
        "street_decided_on": "街道审核日期",
        "street_decided_by": "街道审核人",
        "street_note": "街道审核意见",
        "city_decided_on": "市政府决定日期",
        "city_decided_by": "市政府审批人",
        "city_note": "市政府意见",
    }
    column_formatters = {"kind": label_of(CHANGE_KINDS), "status": label_of(CHANGE_STATUSES)}
    column_formatters_export = {
        "kind": lambda _v, _c, m, _n: CHANGE_KINDS.get(m.kind, m.kind),
        "status": lambda _v, _c, m, _n: CHANGE_STATUSES.get(m.status, m.status),
    }
    column_searchable_list = ["title", "description"]
    column_default_sort = ("submitted_on", True)
    column_descriptions = {
        "status": "由街道办事处审核、报市政府批准，在详情页办理，不能直接填写 (J2)",
        "description": "涉及的楼栋（院落）、成员、新小组名称及调整理由",
    }
    form_columns = ["org_unit", "kind", "title", "resident_group", "submitted_on", "description"]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "kind": {"label": "调整类型", "choices": list(CHANGE_KINDS.items())},
        "title": {"label": "标题", "validators": [DataRequired()]},
        "resident_group": {
            "label": "所涉居民小组",
            "query_factory": lambda: db.session.query(ResidentGroup).order_by(
                ResidentGroup.org_unit_id, ResidentGroup.number
            ),
            "get_label": group_label,
        },
        "submitted_on": {"label": "申请日期", "default": today, "validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        self.column_filters = [
            committee_filter(GroupChange.org_unit_id),
            FilterEqual(GroupChange.status, "审批状态", options=list(CHANGE_STATUSES.items())),
            FilterEqual(GroupChange.kind, "调整类型", options=list(CHANGE_KINDS.items())),
        ]
        super().__init__(
            GroupChange,
            name="居民小组调整申请",
            category=CATEGORY,
            endpoint="jy_groupchange",
            url="/admin/jiayuguan/group-change",
        )

    def on_model_change(self, form: Any, model: GroupChange, is_created: bool) -> None:
        """New requests start at 待街道审核; decided ones are frozen (J2)."""
        if is_created:
            model.status = "submitted"
        elif model.street_decided_on is not None and db.session.is_modified(model):
            raise ValueError(FROZEN)
        model.description = model.description or ""
        super().on_model_change(form, model, is_created)

    def on_model_delete(self, model: GroupChange) -> None:
        if model.street_decided_on is not None:
            raise ValueError(FROZEN)

    def render(self, template: str, **kwargs: Any) -> Any:
        model = kwargs.get("model")
        if template == self.details_template and model is not None:
            kwargs["open_levels"] = decisions_open(model)
            kwargs["levels"] = LEVELS
        return super().render(template, **kwargs)

    @expose("/decide/", methods=["POST"])
    def decide(self) -> Any:
        """Record the street's or the city's decision on a request (J2); POST with CSRF."""
        change = self.get_one(str(request.form.get("id", type=int) or 0))
        level = request.form.get("level", "")
        approve = request.form.get("decision") == "approve"
        note = request.form.get("note", "").strip()
        back = redirect(url_for(".details_view", id=change.id))
        if level not in LEVELS:
            abort(400)
        permission, waiting, approved, who = LEVELS[level]
        actor = current_actor()
        if actor is None or actor.read_only or not has_permission(actor.role, permission):
            abort(403)
        if change.status != waiting:
            flash(_out_of_order(change, level), "error")
            return back
        day = today()
        setattr(change, f"{level}_decided_on", day)
        setattr(change, f"{level}_decided_by_id", current_user.id)
        setattr(change, f"{level}_note", note)
        change.status = approved if approve else "rejected"
        try:
            db.session.commit()
        except ValueError as exc:
            db.session.rollback()
            flash(f"保存失败：{exc}", "error")
            return back
        verdict = {("street", True): "同意", ("street", False): "不同意"}.get(
            (level, approve), "批准" if approve else "不批准"
        )
        flash(f"{who}已{verdict}（{day.isoformat()}）：{change.title} (J2)", "success")
        return back


def _out_of_order(change: GroupChange, level: str) -> str:
    status = CHANGE_STATUSES.get(change.status, change.status)
    if level == "city" and change.status == "submitted":
        return "调整方案须先经街道办事处审核同意，再报市政府批准 (J2)"
    return f"此申请当前状态为“{status}”，不能再作{LEVELS[level][3]}的决定 (J2)"
