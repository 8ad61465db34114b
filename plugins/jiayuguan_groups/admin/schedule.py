"""培训记录 (J9), 居民小组评议 (J10) and 小结与培训提醒 (J8, J9, J10 status)."""

from __future__ import annotations

from typing import Any

from flask_admin import BaseView, expose
from flask_admin.contrib.sqla.filters import FilterEqual
from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import ProtectedBaseView, ScopedModelView, label_of
from core.admin.structure import committee_filter, today
from core.extensions import db
from core.models import OrgUnit, ResidentGroup, Role
from core.permissions import has_permission
from core.rules.divisions import OrgKind
from core.scoping import current_actor
from plugins.jiayuguan_groups.admin import CATEGORY
from plugins.jiayuguan_groups.admin.common import committee_arg, committees, day_arg, group_label
from plugins.jiayuguan_groups.models import GroupEvaluation, Training
from plugins.jiayuguan_groups.models.evaluations import EVALUATORS, GRADES
from plugins.jiayuguan_groups.models.training import AUDIENCES
from plugins.jiayuguan_groups.permissions import EVALUATE_STREET
from plugins.jiayuguan_groups.schedule import committee_schedules

HALVES = {1: "上半年", 2: "下半年"}


def _streets() -> Any:
    return (
        db.session.query(OrgUnit)
        .filter(OrgUnit.kind == OrgKind.STREET.value)
        .order_by(OrgUnit.code)
    )


class TrainingView(ScopedModelView):
    """培训记录: trainings a street holds for its committees and groups (每届至少2次, J9)."""

    write_roles = frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.STREET_OFFICER})
    column_list = ["held_on", "org_unit", "title", "audience", "attendance"]
    column_labels = {
        "held_on": "培训日期",
        "org_unit": "组织培训的街道",
        "title": "培训名称",
        "audience": "培训对象",
        "attendance": "参训人数",
        "content": "培训内容",
    }
    column_descriptions = {
        "org_unit": "街道办事处要加强居民委员会和居民小组培训，每届至少2次 (J9)",
        "audience": "“居委会和居民小组”同时计入两者的培训次数 (J9)",
    }
    column_formatters = {"audience": label_of(AUDIENCES)}
    column_formatters_export = {"audience": lambda _v, _c, m, _n: AUDIENCES.get(m.audience, "")}
    column_searchable_list = ["title", "content"]
    column_default_sort = ("held_on", True)
    form_columns = ["org_unit", "held_on", "title", "audience", "attendance", "content"]
    form_overrides = {"audience": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": {
            "label": "组织培训的街道",
            "query_factory": _streets,
            "validators": [DataRequired()],
        },
        "held_on": {"label": "培训日期", "validators": [DataRequired()]},
        "title": {"label": "培训名称", "validators": [DataRequired()]},
        "audience": {"label": "培训对象", "choices": list(AUDIENCES.items())},
    }

    def __init__(self) -> None:
        self.column_filters = [
            FilterEqual(Training.audience, "培训对象", options=list(AUDIENCES.items())),
            "held_on",
        ]
        super().__init__(
            Training,
            name="培训记录",
            category=CATEGORY,
            endpoint="jy_training",
            url="/admin/jiayuguan/training",
        )

    def on_model_change(self, form: Any, model: Training, is_created: bool) -> None:
        """A street holds the training (J9); the check runs with the unit's id set."""
        if model.org_unit is not None:
            model.org_unit_id = model.org_unit.id
        model.content = model.content or ""
        super().on_model_change(form, model, is_created)


def evaluator_of(role: Role | str) -> str | None:
    """Who the user evaluates for (J10): the street, the committee, or nobody."""
    if has_permission(role, EVALUATE_STREET):
        return "street"
    if Role(role) is Role.COMMITTEE_STAFF:
        return "committee"
    return None


class EvaluationView(ScopedModelView):
    """居民小组评议: the street's and the committee's evaluations of groups (J10).

    The evaluator is never chosen: it follows from the user's role, and each
    side edits only its own evaluations.
    """

    write_roles = frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.COMMITTEE_STAFF})
    column_list = [
        "resident_group",
        "org_unit",
        "year",
        "half",
        "evaluator",
        "grade",
        "evaluated_on",
    ]
    column_labels = {
        "resident_group": "居民小组",
        "org_unit": "所属居委会",
        "year": "年度",
        "half": "半年",
        "evaluator": "评议单位",
        "grade": "评议等次",
        "comments": "评议意见",
        "evaluated_on": "评议日期",
    }
    column_descriptions = {
        "evaluator": "街道办事处、社区居民委员会加强对居民小组日常工作的评议监督 (J10)；"
        "按登录账号自动确定",
    }
    column_formatters = {
        "half": lambda _v, _c, m, _n: HALVES.get(m.half, ""),
        "evaluator": label_of(EVALUATORS),
        "grade": label_of(GRADES),
        "resident_group": lambda _v, _c, m, _n: group_label(m.resident_group),
    }
    column_formatters_export = {
        "half": lambda _v, _c, m, _n: HALVES.get(m.half, ""),
        "evaluator": lambda _v, _c, m, _n: EVALUATORS.get(m.evaluator, ""),
        "grade": lambda _v, _c, m, _n: GRADES.get(m.grade, ""),
    }
    column_sortable_list = ["year", "half", "evaluated_on"]
    column_default_sort = ("evaluated_on", True)
    form_columns = ["resident_group", "year", "half", "grade", "comments", "evaluated_on"]
    form_overrides = {"half": SelectField, "grade": SelectField}
    form_args: dict[str, Any] = {
        "resident_group": {
            "label": "居民小组",
            "query_factory": lambda: db.session.query(ResidentGroup).order_by(
                ResidentGroup.org_unit_id, ResidentGroup.number
            ),
            "get_label": group_label,
            "validators": [DataRequired()],
        },
        "year": {"label": "年度", "default": lambda: today().year, "validators": [DataRequired()]},
        "half": {"label": "半年", "choices": list(HALVES.items()), "coerce": int},
        "grade": {"label": "评议等次", "choices": list(GRADES.items())},
        "evaluated_on": {"label": "评议日期", "default": today, "validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        self.column_filters = [
            committee_filter(GroupEvaluation.org_unit_id),
            FilterEqual(GroupEvaluation.evaluator, "评议单位", options=list(EVALUATORS.items())),
            "year",
        ]
        super().__init__(
            GroupEvaluation,
            name="居民小组评议",
            category=CATEGORY,
            endpoint="jy_evaluation",
            url="/admin/jiayuguan/evaluation",
        )

    def on_model_change(self, form: Any, model: GroupEvaluation, is_created: bool) -> None:
        """Set the evaluator from the user's role on create; refuse the other side's edits (J10)."""
        actor = current_actor()
        mine = evaluator_of(actor.role) if actor is not None else None
        if mine is None:
            raise ValueError("只有街道办事处或居委会的工作人员可以评议居民小组 (J10)")
        if is_created:
            model.evaluator = mine
        elif model.evaluator != mine:
            raise ValueError(f"这是{EVALUATORS[model.evaluator]}的评议，只能由其修改 (J10)")
        model.comments = model.comments or ""
        if model.resident_group is not None:
            model.resident_group_id = model.resident_group.id
        super().on_model_change(form, model, is_created)

    def on_model_delete(self, model: GroupEvaluation) -> None:
        actor = current_actor()
        if actor is None or evaluator_of(actor.role) != model.evaluator:
            raise ValueError(f"这是{EVALUATORS[model.evaluator]}的评议，只能由其删除 (J10)")


class ScheduleView(ProtectedBaseView):
    """小结与培训提醒: missing summary meetings (J8), trainings behind (J9), evaluations (J10)."""

    def __init__(self) -> None:
        super().__init__(
            name="小结与培训提醒",
            category=CATEGORY,
            endpoint="jy_schedule",
            url="/admin/jiayuguan/schedule",
        )

    @expose("/")
    def index(self) -> Any:
        day = day_arg()
        chosen = committee_arg()
        rows = committee_schedules(db.session, day, None if chosen is None else [chosen])
        streets: dict[str, list[int]] = {}
        for row in rows:
            tally = streets.setdefault(row.street_name, [0, 0])
            tally[0] += 1
            tally[1] += int(row.behind)
        return self.render(
            "jiayuguan_groups/schedule.html",
            day=day,
            chosen=chosen,
            units=committees(),
            rows=rows,
            streets=streets,
            behind=sum(1 for row in rows if row.behind),
            warnings=sum(row.warning_count for row in rows),
        )


def views() -> list[BaseView]:
    """The J8–J10 views, in menu order."""
    return [TrainingView(), EvaluationView(), ScheduleView()]
