"""Schemas of residents' opinions and their rectifications (rule C14) for the API."""

from __future__ import annotations

from marshmallow import fields

from core.models.opinions import CHANNELS, STATUSES
from core.schemas.base import ApiSchema, one_of, text, version

CHILD_ID = "已有整改的编号；不带编号的是新增的，未列出的已有整改将被删除"


class RectificationSchema(ApiSchema):
    """A rectification (整改): what, who is responsible, by when, done when (C14)."""

    id = fields.Integer(strict=True, metadata={"description": CHILD_ID})
    measure = text(required=True, metadata={"description": "整改措施"})
    responsible_person_id = fields.Integer(strict=True, allow_none=True)
    responsible_name = text(100, metadata={"description": "责任人姓名（未登记为人员时）"})
    deadline = fields.Date(required=True, metadata={"description": "完成期限"})
    done_on = fields.Date(allow_none=True, metadata={"description": "完成日期"})


class OpinionSchema(ApiSchema):
    """An opinion with its reply; who gave it is hidden from whom it is about (C14)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(
        strict=True, required=True, metadata={"description": "所属居委会的编号"}
    )
    received_on = fields.Date(required=True, metadata={"description": "收到日期"})
    channel = one_of(CHANNELS, required=True, metadata={"description": "来源"})
    content = text(required=True, metadata={"description": "意见内容"})
    submitter_name = text(
        100,
        allow_none=True,
        metadata={"description": "提出人；对意见所涉及的本人隐藏（为空）(C14)"},
    )
    submitter_contact = text(100, allow_none=True)
    submitter_hidden = fields.Boolean(
        dump_only=True, metadata={"description": "提出人是否已对当前用户隐藏 (C14)"}
    )
    about_person_id = fields.Integer(strict=True, allow_none=True)
    about_text = text(200)
    reply_due_on = fields.Date(
        dump_only=True,
        allow_none=True,
        metadata={"description": "答复期限：收到次日起第15个工作日 (C14)"},
    )
    reply_due_explanation = fields.String(
        dump_only=True, metadata={"description": "期限的计算过程"}
    )
    overdue = fields.Boolean(dump_only=True, metadata={"description": "是否已逾期未答复"})
    reply = fields.String()
    replied_on = fields.Date(allow_none=True)
    status = one_of(STATUSES, metadata={"description": "办理状态"})
    rectifications = fields.List(fields.Nested(RectificationSchema))
    version_id = version()
