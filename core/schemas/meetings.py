"""Schemas of meetings with their agenda and resolutions (rules C4–C9) for the API.

The figures (body, quorum, each resolution's result) are read only: they
are computed by ``core.meetings.meeting_figures`` whenever shown, never
stored or accepted.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validates, validates_schema

from core.rules.meetings import BODY_FORM_LABELS
from core.schemas.base import ApiSchema, count, kind_label, one_of, registered_kind, text, version

CHILD_ID = "已有条目的编号；不带编号的条目是新增的，未列出的已有条目将被删除"


class AgendaItemSchema(ApiSchema):
    """An item on the agenda, of a C8 kind."""

    id = fields.Integer(strict=True, metadata={"description": CHILD_ID})
    number = fields.Integer(
        strict=True, required=True, metadata={"description": "议程序号，会议内唯一"}
    )
    kind = fields.String(
        required=True, metadata={"description": "议题类型代码 (C8)", "x-kinds": "agenda_item"}
    )
    kind_label = kind_label("agenda_item")
    title = text(200, required=True, metadata={"description": "议题"})

    @validates("kind")
    def _known_kind(self, value: str, **_kwargs: Any) -> None:
        registered_kind("agenda_item", value)


class ResolutionSchema(ApiSchema):
    """A motion put to the vote; ``passed`` and ``explanation`` are computed (C5, C6)."""

    id = fields.Integer(strict=True, metadata={"description": CHILD_ID})
    agenda_item_number = fields.Integer(
        strict=True, allow_none=True, metadata={"description": "所属议程的序号（可空）"}
    )
    text = text(required=True, metadata={"description": "决议内容"})
    votes_for = count(load_default=0, metadata={"description": "赞成票"})
    votes_against = count(load_default=0, metadata={"description": "反对票"})
    votes_abstain = count(load_default=0, metadata={"description": "弃权票"})
    passed = fields.Boolean(
        dump_only=True,
        allow_none=True,
        metadata={"description": "是否通过：赞成须超过出席人数的一半 (C6)；无法判断时为空"},
    )
    explanation = fields.String(dump_only=True, metadata={"description": "通过与否的计算过程"})


class MeetingFiguresSchema(ApiSchema):
    """The meeting's computed figures (C4, C5)."""

    eligible = fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "应到人数 (C4)"}
    )
    eligible_explanation = fields.String(dump_only=True)
    quorum_met = fields.Boolean(
        dump_only=True, allow_none=True, metadata={"description": "是否达到法定人数 (C5)"}
    )
    quorum_explanation = fields.String(dump_only=True, allow_none=True)
    problems = fields.List(
        fields.String(), dump_only=True, metadata={"description": "记录中的问题"}
    )


class MeetingSchema(ApiSchema):
    """A meeting on record (C9) with its agenda (C8), resolutions (C6) and figures (C4, C5)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(
        strict=True, required=True, metadata={"description": "所属居委会的编号"}
    )
    kind = fields.String(
        required=True, metadata={"description": "会议类型代码 (C9)", "x-kinds": "meeting"}
    )
    kind_label = kind_label("meeting")
    title = text(200, required=True)
    held_on = fields.Date(required=True, metadata={"description": "会议日期"})
    location = text(200)
    resident_group_id = fields.Integer(strict=True, allow_none=True)
    body_form = one_of(
        [form.value for form in BODY_FORM_LABELS],
        allow_none=True,
        metadata={"description": "居民会议的组成方式 (C4)"},
    )
    ex_officio_count = count(metadata={"description": "未在组成方式中计入的当然代表人数 (C4)"})
    eligible_count = fields.Integer(
        strict=True, allow_none=True, metadata={"description": "手工填写的应到人数（须说明原因）"}
    )
    eligible_reason = fields.String(metadata={"description": "手工填写应到人数的原因"})
    present_count = count(allow_none=True, metadata={"description": "出席人数 (C5)"})
    minutes = fields.String(metadata={"description": "会议记录"})
    agenda_items = fields.List(fields.Nested(AgendaItemSchema))
    resolutions = fields.List(fields.Nested(ResolutionSchema))
    figures = fields.Nested(
        MeetingFiguresSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "列表中仅在 ?figures=true 时计算"},
    )
    version_id = version()

    @validates("kind")
    def _known_kind(self, value: str, **_kwargs: Any) -> None:
        registered_kind("meeting", value)

    @validates_schema
    def _agenda_numbers(self, data: dict[str, Any], **_kwargs: Any) -> None:
        """Agenda numbers are unique, and a resolution names one of them."""
        items = data.get("agenda_items")
        numbers = [item["number"] for item in items or []]
        if len(numbers) != len(set(numbers)):
            raise ValidationError("议程序号不能重复", "agenda_items")
        for index, item in enumerate(data.get("resolutions") or []):
            number = item.get("agenda_item_number")
            if number is not None and items is not None and number not in numbers:
                raise ValidationError(
                    {str(index): {"agenda_item_number": [f"本会议没有序号为 {number} 的议程"]}},
                    "resolutions",
                )
