"""Schemas of the recruitment API: postings, applications, scores, agreements (rule B7).

Also ``OPENAPI_PATHS``: the hand-written description of the action routes
(scores, ranking, notice, advance, reject, check), merged by core into the
OpenAPI document.

Scores and pay travel as strings ("86.5", "4500.00"): they are Decimal, never
a JSON float. An applicant's ID number is written whole and always read
masked (C10). Stage, status, composite score, rank and their explanations are
read only: they change through the pipeline's actions, never by a PATCH.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate

from core.rules.identity import mask_id_number
from core.schemas.base import ApiSchema, one_of, text, version
from plugins.beijing_workstation.kinds import (
    APPLICANT_STATUSES,
    GRADES,
    POSTING_STATUSES,
    POSTS,
    STAGES,
)


def _out(field: fields.Field) -> fields.Field:
    """``field`` marked read only (computed or changed only by the pipeline)."""
    field.dump_only = True
    return field


def _label(labels: dict[str, str], attribute: str) -> fields.Function:
    """The Chinese label of the record's ``attribute`` code, read only."""
    return fields.Function(
        lambda obj: labels.get(getattr(obj, attribute), getattr(obj, attribute)),
        dump_only=True,
        metadata={"type": "string", "description": "中文名称"},
    )


class PostingSchema(ApiSchema):
    """A job posting of a committee: post, grade, places, conditions and dates (B7)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(
        strict=True, required=True, metadata={"description": "招聘的居委会编号"}
    )
    title = text(200, required=True, metadata={"description": "招聘公告标题"})
    post = one_of(
        POSTS, required=True, metadata={"description": "岗位：director 社工主任、worker 社工专干"}
    )
    post_label = _label(POSTS, "post")
    grade = fields.Integer(
        strict=True,
        load_default=3,
        validate=validate.OneOf(GRADES, error="岗位档次应为 1、2 或 3"),
        metadata={"description": "岗位工资档次（B6）"},
    )
    places = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=1, error="招聘名额至少为 1"),
        metadata={"description": "招聘名额"},
    )
    conditions = fields.String(load_default="", metadata={"description": "报名条件"})
    duties = fields.String(load_default="", metadata={"description": "岗位职责"})
    contact = text(100, load_default="", metadata={"description": "联系方式"})
    published_on = fields.Date(allow_none=True, metadata={"description": "公告发布日期"})
    apply_from = fields.Date(required=True, metadata={"description": "报名开始日期"})
    apply_until = fields.Date(required=True, metadata={"description": "报名截止日期"})
    written_on = fields.Date(allow_none=True, metadata={"description": "笔试日期"})
    interview_on = fields.Date(allow_none=True, metadata={"description": "面试日期"})
    notice_from = _out(fields.Date(metadata={"description": "公示开始日期"}))
    notice_until = _out(fields.Date(metadata={"description": "公示截止日期（含）"}))
    stages = _out(
        fields.Function(
            lambda obj: [s for s in (obj.stages or "").split(",") if s],
            metadata={"type": "array", "description": "本次招聘的环节（发布时的政策参数）"},
        )
    )
    status = one_of(
        POSTING_STATUSES,
        load_default="draft",
        metadata={
            "description": "状态：新建时 draft 或 open；草稿改为 open 即发布，其余由招聘环节改变"
        },
    )
    status_label = _label(POSTING_STATUSES, "status")
    version_id = version()


def _masked(obj: Any) -> str:
    return mask_id_number(obj.id_number or "")


class ApplicationSchema(ApiSchema):
    """An applicant to a posting: personal data (C10) and where the applicant stands (B7)."""

    id = fields.Integer(dump_only=True)
    posting_id = fields.Integer(strict=True, required=True, metadata={"description": "招聘编号"})
    name = text(50, required=True, metadata={"description": "姓名"})
    id_number = fields.String(
        required=True,
        load_only=True,
        metadata={"description": "居民身份证号（18位，校验码、出生日期按 C10 检查；只写不读）"},
    )
    id_number_masked = fields.Function(
        _masked, dump_only=True, metadata={"type": "string", "description": "身份证号（遮蔽，C10）"}
    )
    phone = text(20, load_default="", metadata={"description": "联系电话"})
    education = text(50, load_default="", metadata={"description": "学历"})
    address = text(200, load_default="", metadata={"description": "住址"})
    applied_on = fields.Date(metadata={"description": "报名日期（默认今天）"})
    sex = _out(fields.String(metadata={"description": "性别（由身份证号得出）"}))
    birth_date = _out(fields.Date(metadata={"description": "出生日期（由身份证号得出）"}))
    stage = _out(one_of(STAGES, metadata={"description": "已到环节"}))
    stage_label = _label(STAGES, "stage")
    status = _out(one_of(APPLICANT_STATUSES, metadata={"description": "状态"}))
    status_label = _label(APPLICANT_STATUSES, "status")
    reason = _out(fields.String(metadata={"description": "未通过的原因"}))
    written_score = _out(fields.Decimal(as_string=True, metadata={"description": "笔试成绩"}))
    interview_score = _out(fields.Decimal(as_string=True, metadata={"description": "面试成绩"}))
    check_passed = _out(fields.Boolean(metadata={"description": "考察是否合格"}))
    check_note = _out(fields.String(metadata={"description": "考察意见"}))
    version_id = version()


class ReasonSchema(ApiSchema):
    """The body of ``/reject``: why the applicant is turned down (B7)."""

    reason = text(2000, required=True, metadata={"description": "不通过的原因"})


class CheckSchema(ApiSchema):
    """The body of ``/check``: whether the check (考察) was passed, and its note (B7)."""

    passed = fields.Boolean(required=True, metadata={"description": "考察是否合格"})
    note = fields.String(load_default="", metadata={"description": "考察意见"})


class AdvanceSchema(ApiSchema):
    """The body of ``/advance``: an optional note kept with the stage change (B7)."""

    note = fields.String(load_default="", metadata={"description": "说明（可不填）"})


def _score(value: Decimal) -> None:
    if value < 0 or value > 100:
        raise ValidationError("成绩应在 0 至 100 之间")
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError("成绩最多保留一位小数")


class ScoreSchema(ApiSchema):
    """One applicant's written and interview scores (0–100, one decimal) (B7)."""

    written = fields.Decimal(as_string=True, allow_none=True, validate=_score)
    interview = fields.Decimal(as_string=True, allow_none=True, validate=_score)


class AgreementSchema(ApiSchema):
    """A hiring agreement (聘用协议): signed after the 公示, within the places (B7)."""

    id = fields.Integer(dump_only=True)
    applicant_id = fields.Integer(
        strict=True, required=True, metadata={"description": "应聘人员编号"}
    )
    applicant_name = fields.Function(
        lambda obj: obj.applicant.name, dump_only=True, metadata={"type": "string"}
    )
    signed_on = fields.Date(required=True, metadata={"description": "签订日期（须在公示期满之后）"})
    start_date = fields.Date(required=True, metadata={"description": "聘用开始日期"})
    end_date = _out(fields.Date(metadata={"description": "聘用终止日期（按协议期限计算）"}))
    post = _out(one_of(POSTS, metadata={"description": "岗位"}))
    grade = _out(fields.Integer(metadata={"description": "岗位档次"}))
    monthly_pay = _out(fields.Decimal(as_string=True, metadata={"description": "月岗位工资（元）"}))
    person_id = _out(fields.Integer(metadata={"description": "人员编号"}))
    note = fields.String(load_default="", metadata={"description": "备注"})
    version_id = version()


# --- the OpenAPI description of the action routes (not ModelResources) ---------------------


def _answer(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {}}}}


def _body(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "required": True,
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


def _action(
    tag: str, summary: str, op: str, body: dict[str, Any] | None, ok: str
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "tags": [tag],
        "summary": summary,
        "operationId": op,
        "parameters": [{"$ref": "#/components/parameters/id"}],
        "responses": {
            "200": _answer(ok),
            "401": {"$ref": "#/components/responses/Unauthorized"},
            "403": {"$ref": "#/components/responses/Forbidden"},
            "404": {"$ref": "#/components/responses/NotFound"},
            "422": _answer("中文说明：不符合招聘规则 (B7)，什么也没有改变"),
        },
    }
    if body is not None:
        operation["requestBody"] = body
    return operation


_SCORE = {"type": "string", "format": "decimal", "description": "0–100，最多一位小数"}
#: OpenAPI paths of the recruitment actions, relative to /api/v1 (merged by core).
OPENAPI_PATHS: dict[str, Any] = {
    "/beijing/postings/{id}/scores": {
        "put": _action(
            "beijing/postings",
            "录入笔试、面试成绩 (B7)：全部保存或全部不保存",
            "beijing_postings_scores",
            _body(
                '按报名人员编号：{"12": {"written": "82.0", "interview": "88.5"}}',
                {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "properties": {"written": _SCORE, "interview": _SCORE},
                    },
                },
            ),
            "items：排名（综合成绩、名次、说明）",
        )
    },
    "/beijing/postings/{id}/ranking": {
        "get": {
            **_action(
                "beijing/postings",
                "综合成绩排名及说明 (B7)",
                "beijing_postings_ranking",
                None,
                "items：每位报名人员的综合成绩、名次、是否拟聘用及说明",
            ),
        }
    },
    "/beijing/postings/{id}/notice": {
        "post": _action(
            "beijing/postings",
            "发布拟聘用人员公示 (B7)：公示期按工作日计算",
            "beijing_postings_notice",
            None,
            "notice_from、notice_until、explanation、proposed、shortfall",
        )
    },
    "/beijing/applications/{id}/advance": {
        "post": _action(
            "beijing/applications",
            "通过本环节，进入下一环节 (B7)",
            "beijing_applications_advance",
            _body("可写说明", {"type": "object", "properties": {"note": {"type": "string"}}}),
            "报名人员（新的环节）",
        )
    },
    "/beijing/applications/{id}/reject": {
        "post": _action(
            "beijing/applications",
            "确定为不通过，须写明理由 (B7)",
            "beijing_applications_reject",
            _body(
                "不通过的理由",
                {
                    "type": "object",
                    "required": ["reason"],
                    "properties": {"reason": {"type": "string"}},
                },
            ),
            "报名人员（状态：未通过）",
        )
    },
    "/beijing/applications/{id}/check": {
        "post": _action(
            "beijing/applications",
            "录入考察结果 (B7)",
            "beijing_applications_check",
            _body(
                "考察是否合格及意见",
                {
                    "type": "object",
                    "required": ["passed"],
                    "properties": {"passed": {"type": "boolean"}, "note": {"type": "string"}},
                },
            ),
            "报名人员（考察结果）",
        )
    },
}
