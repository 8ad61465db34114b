"""The committee's ledger records of 自治家园: ledger sections 2–5 and the area type (S2, S3).

居民区类型 (S3), 社会组织 and 活动记录 (section 2), 规章制度 (section 3),
社情民意记录 (section 4) and 特色工作 (section 5), each a
:class:`~plugins.changshou_autonomy.admin.ledger_base.LedgerRecordView` under
``/admin/changshou``: committee staff write their own committee's records,
scoping narrows every query. Section 1 (minutes) is never copied: it stays in
core's meetings.
"""

from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla.filters import FilterEqual
from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import label_of
from core.admin.structure import COMMITTEE_FIELD
from core.extensions import db
from plugins.changshou_autonomy.admin.ledger_base import LedgerRecordView
from plugins.changshou_autonomy.kinds import (
    AREA_TYPES,
    FEATURED_KINDS,
    REGISTER_STATUSES,
    REGISTERS,
    RULES_KINDS,
)
from plugins.changshou_autonomy.models import (
    AreaProfile,
    FeaturedWork,
    OrganisationActivity,
    RegisterEntry,
    RulesDocument,
    SocialOrganisation,
)


def _area_help() -> str:
    return "；".join(f"{t.label}：重点{t.focus}" for t in AREA_TYPES.values())


class AreaProfileView(LedgerRecordView):
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


class OrganisationView(LedgerRecordView):
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


class ActivityView(LedgerRecordView):
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


class RulesView(LedgerRecordView):
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


class RegisterView(LedgerRecordView):
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


class FeaturedView(LedgerRecordView):
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
