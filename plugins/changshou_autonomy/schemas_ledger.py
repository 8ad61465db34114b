"""Schemas of the ledger API: organisations with activities, rules, registers, featured work,
surveys (S2, S7), and the JSON form of a committee's ledger completeness (S1, S2).
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from core.schemas.base import ApiSchema, count, one_of, text, version
from plugins.changshou_autonomy.kinds import (
    FEATURED_KINDS,
    REGISTER_STATUSES,
    REGISTERS,
    RULES_KINDS,
    SURVEY_KINDS,
)
from plugins.changshou_autonomy.ledger_sections import CommitteeLedger

CHILD_ID = "已有活动记录的编号；不带编号的是新增的，未列出的已有记录将被删除"
COMMITTEE = "所属居委会的编号"


def _year(**kwargs: Any) -> fields.Integer:
    return fields.Integer(
        strict=True,
        validate=validate.Range(min=2000, max=2100, error="年度应在 2000–2100 之间"),
        **kwargs,
    )


def _label(labels: dict[str, str], attribute: str = "kind") -> fields.Function:
    return fields.Function(
        lambda obj: labels.get(getattr(obj, attribute), getattr(obj, attribute)),
        dump_only=True,
        metadata={"type": "string", "description": "类别的中文名称"},
    )


class ActivitySchema(ApiSchema):
    """An activity record of a social organisation (S2 section 2)."""

    id = fields.Integer(strict=True, metadata={"description": CHILD_ID})
    held_on = fields.Date(required=True, metadata={"description": "活动日期"})
    title = text(200, required=True, metadata={"description": "活动名称"})
    participants = count(allow_none=True, metadata={"description": "参加人数"})
    content = text(metadata={"description": "活动内容"})


class OrganisationSchema(ApiSchema):
    """A social organisation (群团组织): name, kind, headcount and activities (S2 section 2)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, required=True, metadata={"description": COMMITTEE})
    name = text(100, required=True, metadata={"description": "名称"})
    kind = text(50, metadata={"description": "类别：公益性、服务性、互助性、群团组织等"})
    headcount = count(load_default=0, metadata={"description": "人数；台账要求大于0 (S2)"})
    leader = text(50, metadata={"description": "负责人"})
    founded_on = fields.Date(allow_none=True, metadata={"description": "成立日期"})
    note = text(metadata={"description": "基本情况"})
    activities = fields.List(
        fields.Nested(ActivitySchema), metadata={"description": "自治活动记录"}
    )
    version_id = version()


class RulesDocumentSchema(ApiSchema):
    """A rules document of the committee (S2 section 3)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, required=True, metadata={"description": COMMITTEE})
    kind = one_of(RULES_KINDS, required=True, metadata={"description": "规章制度类别"})
    kind_label = _label(RULES_KINDS)
    title = text(200, required=True, metadata={"description": "名称"})
    adopted_on = fields.Date(allow_none=True, metadata={"description": "制定日期"})
    content = text(metadata={"description": "内容"})
    version_id = version()


class RegisterEntrySchema(ApiSchema):
    """An entry of the public-issue or residents'-needs register (S2 section 4)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, required=True, metadata={"description": COMMITTEE})
    register = one_of(
        REGISTERS,
        required=True,
        metadata={"description": "public_issue 社区公共议题记录，resident_need 居民需求记录"},
    )
    register_label = _label(REGISTERS, "register")
    recorded_on = fields.Date(required=True, metadata={"description": "登记日期"})
    title = text(200, required=True, metadata={"description": "事项"})
    content = text(metadata={"description": "内容"})
    source = text(100, metadata={"description": "来源：会议、走访、居民代表等"})
    status = one_of(REGISTER_STATUSES, load_default="open", metadata={"description": "办理状态"})
    outcome = text(metadata={"description": "办理结果"})
    done_on = fields.Date(allow_none=True, metadata={"description": "办结日期（已办结时必填）"})
    version_id = version()


class FeaturedWorkSchema(ApiSchema):
    """A featured project, activity or mechanism of the year (S2 section 5)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, required=True, metadata={"description": COMMITTEE})
    year = _year(required=True, metadata={"description": "年度"})
    kind = one_of(FEATURED_KINDS, required=True, metadata={"description": "特色工作类别"})
    kind_label = _label(FEATURED_KINDS)
    title = text(200, required=True, metadata={"description": "名称"})
    description = text(metadata={"description": "简要说明"})
    application_id = fields.Integer(
        strict=True, allow_none=True, metadata={"description": "对应的自治项目申报（编号）"}
    )
    version_id = version()


class SurveySchema(ApiSchema):
    """A residents' survey: satisfaction or awareness, with its counts and rate (S7)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, required=True, metadata={"description": COMMITTEE})
    year = _year(required=True, metadata={"description": "年度"})
    kind = one_of(
        SURVEY_KINDS,
        required=True,
        metadata={"description": "satisfaction 居民满意度，awareness 社情民意知晓度"},
    )
    kind_label = _label(SURVEY_KINDS)
    held_on = fields.Date(required=True, metadata={"description": "调查日期"})
    respondents = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=1, error="受访人数须大于 0"),
        metadata={"description": "受访人数"},
    )
    first = count(load_default=0, metadata={"description": "满意 / 知晓人数"})
    second = count(load_default=0, metadata={"description": "基本满意 / 部分知晓人数"})
    method = text(100, metadata={"description": "调查方式：问卷、入户等"})
    note = text(metadata={"description": "备注"})
    rate = fields.String(
        dump_only=True, metadata={"description": "本次调查的满意度或知晓度（%，一位小数，S7）"}
    )
    rate_explanation = fields.String(dump_only=True, metadata={"description": "计算过程 (S7)"})
    version_id = version()


def ledger_dict(row: CommitteeLedger) -> dict[str, Any]:
    """The JSON form of a committee's ledger of a year (S1, S2)."""
    return {
        "committee_id": row.committee_id,
        "committee_code": row.committee_code,
        "committee_name": row.committee_name,
        "street_name": row.street_name,
        "year": row.year,
        "complete_sections": row.complete_count,
        "summary": row.summary,
        "missing": row.missing,
        "sections": [
            {
                "number": s.number,
                "title": s.title,
                "requirement": s.requirement,
                "complete": s.complete,
                "missing": s.missing,
                "items": [
                    {
                        "code": i.code,
                        "label": i.label,
                        "present": i.present,
                        "detail": i.detail,
                    }
                    for i in s.items
                ],
            }
            for s in row.sections
        ],
        "meetings": [
            {
                "meeting_id": m.id,
                "kind": m.kind,
                "title": m.title,
                "held_on": m.held_on.isoformat(),
                "heading": m.heading,
                "three_meeting": m.three_meeting,
                "procedure_complete": m.procedure_complete if m.three_meeting else None,
                "stages_missing": list(m.stages_missing),
            }
            for m in row.meetings
        ],
    }


#: JSON Schema of :func:`ledger_dict`, for the OpenAPI document.
LEDGER_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "committee_id": {"type": "integer"},
        "committee_code": {"type": "string"},
        "committee_name": {"type": "string"},
        "street_name": {"type": "string"},
        "year": {"type": "integer"},
        "complete_sections": {"type": "integer", "description": "齐全的部分数（0–5）"},
        "summary": {"type": "string", "example": "3/5 部分齐全"},
        "missing": {"type": "array", "items": {"type": "string"}, "description": "缺少的项目"},
        "sections": {
            "type": "array",
            "description": "台账五个部分：要求、是否齐全、各项情况 (S2)",
            "items": {"type": "object"},
        },
        "meetings": {
            "type": "array",
            "description": "本年度会议记录（核心会议的编号，不另存），“三会”附标准流程情况 (S1)",
            "items": {"type": "object"},
        },
    },
}
