"""The ledger pages of 自治家园: area types, ledger records, S1 procedures, completeness,
phases and key tasks, the mid-term view and the service-ability assessment (S1–S3, S5–S7).

Record pages are ``ScopedModelView`` s (committee staff see only their own
committee; scoping narrows every query). Computed pages are
``ProtectedBaseView`` s reading ``completeness``, ``progress`` and
``rules.ability``. Section 1 of the ledger (minutes) is never copied: its
rows link to core's meeting pages.
"""

from __future__ import annotations

from typing import Any

from flask import flash, request
from flask_admin import BaseView
from flask_admin.contrib.sqla.filters import FilterEqual
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView, label_of
from core.admin.structure import (
    COMMITTEE_FIELD,
    CommitteeRecordView,
    committee_filter,
    today,
)
from core.extensions import db
from core.models import OrgUnit
from core.scoping import current_actor
from plugins.changshou_autonomy.admin import CATEGORY
from plugins.changshou_autonomy.kinds import (
    AREA_TYPES,
    FEATURED_KINDS,
    KEY_TASKS,
    PHASES,
    REGISTER_STATUSES,
    REGISTERS,
    RULES_KINDS,
    SURVEY_KINDS,
)
from plugins.changshou_autonomy.models import (
    AreaProfile,
    FeaturedWork,
    KeyTask,
    OrganisationActivity,
    Phase,
    RegisterEntry,
    RulesDocument,
    SocialOrganisation,
    Survey,
    TaskCompletion,
)
from plugins.changshou_autonomy.permissions import FUND_MANAGE
from plugins.changshou_autonomy.progress import (
    check_completion,
    check_street_record,
)

P = "/admin/changshou"
#: Where each completeness item is added: an endpoint of this plugin or of core.
ADD_ENDPOINTS = {
    "meeting": "meeting.create_view",
    "procedure": "cs_procedures.index",
    "organisation": "cs_organisation.create_view",
    "activity": "cs_activity.create_view",
    "rules": "cs_rules.create_view",
    "register": "cs_register.create_view",
    "featured": "cs_featured.create_view",
}


def year_arg() -> int:
    """The year in ``?year=``; this year when absent or out of range."""
    year = request.args.get("year", type=int)
    return year if year is not None and 2000 <= year <= 2100 else today().year


def streets() -> list[OrgUnit]:
    """The streets in scope (a committee's own street is visible to it), by code."""
    return list(
        db.session.scalars(select(OrgUnit).where(OrgUnit.kind == "street").order_by(OrgUnit.code))
    )


def street_arg(choices: list[OrgUnit]) -> OrgUnit | None:
    """The street chosen in ``?street=<id>`` among ``choices``; None: all of them."""
    wanted = request.args.get("street", type=int)
    found = next((s for s in choices if s.id == wanted), None)
    if wanted is not None and found is None:
        flash("所选街道不存在或不在您的管辖范围内，已显示全部", "warning")
    return found


def may_write() -> bool:
    """Whether the actor writes at all (auditors never do)."""
    actor = current_actor()
    return actor is not None and not actor.read_only


def _text_defaults(model: Any, *names: str) -> None:
    for name in names:
        if getattr(model, name, None) is None:
            setattr(model, name, "")


# --- records --------------------------------------------------------------------------


class _LedgerRecordView(CommitteeRecordView):
    """A committee's ledger record; blank optional texts are stored as empty text."""

    texts: tuple[str, ...] = ()
    column_default_sort = ("id", True)

    def __init__(self, model: type, name: str, endpoint: str, path: str) -> None:
        self.column_filters = [committee_filter(model.org_unit_id), *self.extra_filters()]  # type: ignore[attr-defined]
        super().__init__(model, name=name, category=CATEGORY, endpoint=endpoint, url=f"{P}/{path}")

    def extra_filters(self) -> list[Any]:
        """Filters besides the committee."""
        return []

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        _text_defaults(model, *self.texts)
        super().on_model_change(form, model, is_created)


def _area_help() -> str:
    return "；".join(f"{t.label}：重点{t.focus}" for t in AREA_TYPES.values())


class AreaProfileView(_LedgerRecordView):
    """居民区类型: the committee's area type with its focus and content (S3)."""

    texts = ("note",)
    column_list = ["org_unit", "area_type", "focus", "content", "note"]
    column_labels = {
        "org_unit": "居委会",
        "area_type": "居民区类型",
        "focus": "治理重点 (S3)",
        "content": "主要治理内容 (S3)",
        "note": "备注",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "area_type": lambda _v, _c, m, _n: AREA_TYPES[m.area_type].label,
        "focus": lambda _v, _c, m, _n: AREA_TYPES[m.area_type].focus,
        "content": lambda _v, _c, m, _n: AREA_TYPES[m.area_type].content,
    }
    column_sortable_list = ["area_type"]
    form_columns = ["org_unit", "area_type", "note"]
    form_overrides = {"area_type": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "area_type": {
            "label": "居民区类型",
            "choices": [(code, t.label) for code, t in AREA_TYPES.items()],
            "validators": [DataRequired()],
            "description": _area_help(),
        },
    }

    def __init__(self) -> None:
        super().__init__(AreaProfile, "居民区类型", "cs_area_profile", "area-profile")

    def extra_filters(self) -> list[Any]:
        return [
            FilterEqual(
                AreaProfile.area_type,
                "居民区类型",
                options=[(c, t.label) for c, t in AREA_TYPES.items()],
            )
        ]


class OrganisationView(_LedgerRecordView):
    """社会组织: name, kind, headcount of the area's organisations (S2 section 2)."""

    texts = ("kind", "leader", "note")
    column_list = ["org_unit", "name", "kind", "headcount", "leader", "founded_on"]
    column_labels = {
        "org_unit": "居委会",
        "name": "名称",
        "kind": "类别",
        "headcount": "人数",
        "leader": "负责人",
        "founded_on": "成立日期",
        "note": "基本情况",
    }
    column_descriptions = {
        "kind": "公益性、服务性、互助性、群团组织等",
        "headcount": "台账要求人数大于0 (S2)",
    }
    column_formatters = {"org_unit": lambda _v, _c, m, _n: m.org_unit.name}
    column_searchable_list = ["name"]
    form_columns = ["org_unit", "name", "kind", "headcount", "leader", "founded_on", "note"]
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "name": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(SocialOrganisation, "社会组织", "cs_organisation", "organisations")


def _organisations() -> Any:
    return db.session.query(SocialOrganisation).order_by(
        SocialOrganisation.org_unit_id, SocialOrganisation.name
    )


class ActivityView(_LedgerRecordView):
    """活动记录: an organisation's activity records (S2 section 2)."""

    texts = ("content",)
    column_list = ["org_unit", "organisation", "held_on", "title", "participants"]
    column_labels = {
        "org_unit": "居委会",
        "organisation": "社会组织",
        "held_on": "日期",
        "title": "活动名称",
        "participants": "参加人数",
        "content": "活动内容",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name if m.org_unit else "",
        "organisation": lambda _v, _c, m, _n: m.organisation.name,
    }
    column_default_sort = ("held_on", True)
    form_columns = ["organisation", "held_on", "title", "participants", "content"]
    form_args: dict[str, Any] = {
        "organisation": {
            "label": "社会组织",
            "query_factory": _organisations,
            "get_label": lambda o: f"{o.org_unit.name} · {o.name}",
            "validators": [DataRequired()],
        },
        "held_on": {"validators": [DataRequired()]},
        "title": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(OrganisationActivity, "活动记录", "cs_activity", "activities")

    def extra_filters(self) -> list[Any]:
        return ["held_on"]


class RulesView(_LedgerRecordView):
    """规章制度: the committee's rules documents by kind (S2 section 3)."""

    texts = ("content",)
    column_list = ["org_unit", "kind", "title", "adopted_on"]
    column_labels = {
        "org_unit": "居委会",
        "kind": "类别",
        "title": "名称",
        "adopted_on": "制定日期",
        "content": "内容",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "kind": label_of(RULES_KINDS),
    }
    column_searchable_list = ["title"]
    form_columns = ["org_unit", "kind", "title", "adopted_on", "content"]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "kind": {
            "label": "类别",
            "choices": list(RULES_KINDS.items()),
            "validators": [DataRequired()],
            "description": "台账须有除“其他”以外的五类制度各一份 (S2)",
        },
        "title": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(RulesDocument, "规章制度", "cs_rules", "rules")

    def extra_filters(self) -> list[Any]:
        return [FilterEqual(RulesDocument.kind, "类别", options=list(RULES_KINDS.items()))]


class RegisterView(_LedgerRecordView):
    """社情民意记录: the public-issue and residents'-needs registers (S2 section 4)."""

    texts = ("content", "source", "outcome")
    column_list = ["org_unit", "register", "recorded_on", "title", "source", "status", "done_on"]
    column_labels = {
        "org_unit": "居委会",
        "register": "记录本",
        "recorded_on": "登记日期",
        "title": "事项",
        "content": "内容",
        "source": "来源",
        "status": "办理状态",
        "outcome": "办理结果",
        "done_on": "办结日期",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "register": label_of(REGISTERS),
        "status": label_of(REGISTER_STATUSES),
    }
    column_default_sort = ("recorded_on", True)
    column_searchable_list = ["title"]
    form_columns = [
        "org_unit",
        "register",
        "recorded_on",
        "title",
        "content",
        "source",
        "status",
        "outcome",
        "done_on",
    ]
    form_overrides = {"register": SelectField, "status": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "register": {"label": "记录本", "choices": list(REGISTERS.items())},
        "status": {"label": "办理状态", "choices": list(REGISTER_STATUSES.items())},
        "recorded_on": {"validators": [DataRequired()]},
        "title": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(RegisterEntry, "社情民意记录", "cs_register", "registers")

    def extra_filters(self) -> list[Any]:
        return [
            FilterEqual(RegisterEntry.register, "记录本", options=list(REGISTERS.items())),
            FilterEqual(RegisterEntry.status, "办理状态", options=list(REGISTER_STATUSES.items())),
            "recorded_on",
        ]


class FeaturedView(_LedgerRecordView):
    """特色工作: the year's featured project, activity or mechanism (S2 section 5)."""

    texts = ("description",)
    column_list = ["org_unit", "year", "kind", "title"]
    column_labels = {
        "org_unit": "居委会",
        "year": "年度",
        "kind": "类别",
        "title": "名称",
        "description": "简要说明",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "kind": label_of(FEATURED_KINDS),
    }
    form_columns = ["org_unit", "year", "kind", "title", "description"]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "kind": {"label": "类别", "choices": list(FEATURED_KINDS.items())},
        "year": {"validators": [DataRequired()]},
        "title": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(FeaturedWork, "特色工作", "cs_featured", "featured")

    def extra_filters(self) -> list[Any]:
        return [
            "year",
            FilterEqual(FeaturedWork.kind, "类别", options=list(FEATURED_KINDS.items())),
        ]


class SurveyView(_LedgerRecordView):
    """居民调查: satisfaction and awareness surveys per committee and year (S7)."""

    texts = ("method", "note")
    column_list = [
        "org_unit",
        "year",
        "kind",
        "held_on",
        "respondents",
        "first",
        "second",
        "method",
    ]
    column_labels = {
        "org_unit": "居委会",
        "year": "年度",
        "kind": "调查类别",
        "held_on": "调查日期",
        "respondents": "受访人数",
        "first": "满意 / 知晓",
        "second": "基本满意 / 部分知晓",
        "method": "调查方式",
        "note": "备注",
    }
    column_descriptions = {
        "first": "满意度调查填“满意”人数，知晓度调查填“知晓”人数 (S7)",
        "second": "满意度调查填“基本满意”人数，知晓度调查填“部分知晓”人数；两项之和不超过受访人数",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "kind": label_of(SURVEY_KINDS),
    }
    form_columns = [
        "org_unit",
        "year",
        "kind",
        "held_on",
        "respondents",
        "first",
        "second",
        "method",
        "note",
    ]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "kind": {"label": "调查类别", "choices": list(SURVEY_KINDS.items())},
        "year": {"validators": [DataRequired()]},
        "held_on": {"validators": [DataRequired()]},
        "respondents": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(Survey, "居民调查", "cs_survey", "surveys")

    def extra_filters(self) -> list[Any]:
        return ["year", FilterEqual(Survey.kind, "调查类别", options=list(SURVEY_KINDS.items()))]

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        model.first = model.first or 0
        model.second = model.second or 0
        super().on_model_change(form, model, is_created)


# --- phases and key tasks (S5, S6) -----------------------------------------------------


def _streets_query() -> Any:
    return db.session.query(OrgUnit).filter(OrgUnit.kind == "street").order_by(OrgUnit.code)


STREET_FIELD: dict[str, Any] = {
    "label": "街道",
    "query_factory": _streets_query,
    "validators": [DataRequired()],
}


class _StreetRecordView(ScopedModelView):
    """A record the street sets (needs ``FUND_MANAGE``); its committees read it (S5, S6)."""

    write_permission = FUND_MANAGE
    what = ""

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        if model.org_unit is not None:
            model.org_unit_id = model.org_unit.id
        _text_defaults(model, "note")
        check_street_record(model, self.what)
        super().on_model_change(form, model, is_created)


class PhaseView(_StreetRecordView):
    """工作阶段设置: the street's phases of the year (S6)."""

    what = "工作阶段"
    column_list = ["org_unit", "year", "phase", "start_on", "end_on", "note"]
    column_labels = {
        "org_unit": "街道",
        "year": "年度",
        "phase": "阶段",
        "start_on": "开始日期",
        "end_on": "结束日期",
        "note": "工作要求",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "phase": label_of(PHASES),
    }
    column_default_sort = ("start_on", False)
    column_filters = ["year"]
    form_columns = ["org_unit", "year", "phase", "start_on", "end_on", "note"]
    form_overrides = {"phase": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": STREET_FIELD,
        "phase": {"label": "阶段", "choices": list(PHASES.items())},
        "year": {"validators": [DataRequired()]},
        "start_on": {"validators": [DataRequired()]},
        "end_on": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(
            Phase, name="工作阶段设置", category=CATEGORY, endpoint="cs_phase", url=f"{P}/phases"
        )


class KeyTaskView(_StreetRecordView):
    """重点任务设置: the street's key tasks with deadlines (S5, 附件2)."""

    what = "重点任务"
    column_list = ["org_unit", "year", "kind", "title", "due_on"]
    column_labels = {
        "org_unit": "街道",
        "year": "年度",
        "kind": "类别",
        "title": "任务",
        "due_on": "完成期限",
        "note": "要求",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "kind": label_of(KEY_TASKS),
    }
    column_default_sort = ("due_on", False)
    column_filters = ["year", "due_on"]
    form_columns = ["org_unit", "year", "kind", "title", "due_on", "note"]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": STREET_FIELD,
        "kind": {
            "label": "类别",
            "choices": list(KEY_TASKS.items()),
        },
        "year": {"validators": [DataRequired()]},
        "title": {"validators": [DataRequired()]},
        "due_on": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(
            KeyTask,
            name="重点任务设置",
            category=CATEGORY,
            endpoint="cs_keytask",
            url=f"{P}/key-tasks",
        )


def _key_tasks() -> Any:
    return db.session.query(KeyTask).order_by(KeyTask.year.desc(), KeyTask.due_on)


class CompletionView(_LedgerRecordView):
    """任务完成登记: a committee records when it completed a key task (S5)."""

    texts = ("note",)
    column_list = ["org_unit", "key_task", "done_on", "note"]
    column_labels = {
        "org_unit": "居委会",
        "key_task": "重点任务",
        "done_on": "完成日期",
        "note": "上报材料",
    }
    column_formatters = {"org_unit": lambda _v, _c, m, _n: m.org_unit.name}
    form_columns = ["org_unit", "key_task", "done_on", "note"]
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "key_task": {
            "label": "重点任务",
            "query_factory": _key_tasks,
            "get_label": lambda t: f"{t.year}年 {t}",
            "validators": [DataRequired()],
        },
        "done_on": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(TaskCompletion, "任务完成登记", "cs_completion", "task-completions")

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        if model.org_unit is not None:
            model.org_unit_id = model.org_unit.id
        check_completion(model)
        super().on_model_change(form, model, is_created)


def views() -> list[BaseView]:
    """The ledger, schedule and survey views, in menu order (S1–S3, S5–S7)."""
    from plugins.changshou_autonomy.admin.ledger_pages import (
        AbilityView,
        LedgerView,
        MidtermView,
        ProcedureView,
        ProgressView,
    )

    return [
        AreaProfileView(),
        LedgerView(),
        ProcedureView(),
        OrganisationView(),
        ActivityView(),
        RulesView(),
        RegisterView(),
        FeaturedView(),
        ProgressView(),
        PhaseView(),
        KeyTaskView(),
        CompletionView(),
        MidtermView(),
        SurveyView(),
        AbilityView(),
    ]
