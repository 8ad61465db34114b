"""Schemas of committees (read only) and positions (rules C1, C2, C11, C12) for the API."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validates

from core.schemas.base import ApiSchema, kind_label, registered_kind, text, version


class TermBriefSchema(ApiSchema):
    """A committee's term of office (届, rule C2)."""

    id = fields.Integer(dump_only=True)
    number = fields.Integer(dump_only=True, metadata={"description": "第几届"})
    start_date = fields.Date(dump_only=True)
    end_date = fields.Date(dump_only=True)


class CommitteeCountsSchema(ApiSchema):
    """What a committee counts on a day: its members by position (C2), people, households."""

    directors = fields.Integer(dump_only=True, metadata={"description": "主任人数"})
    deputies = fields.Integer(dump_only=True, metadata={"description": "副主任人数"})
    members = fields.Integer(dump_only=True, metadata={"description": "委员人数"})
    total = fields.Integer(dump_only=True, metadata={"description": "居委会成员合计 (C2)"})
    composition = fields.String(
        dump_only=True, metadata={"description": "组成是否符合“主任1人、成员5至9人” (C2)"}
    )
    people = fields.Integer(dump_only=True, metadata={"description": "登记人员数"})
    households = fields.Integer(dump_only=True, metadata={"description": "登记户数"})


class CommitteeSchema(ApiSchema):
    """A residents' committee (an org unit of kind committee) with its term and counts."""

    id = fields.Integer(dump_only=True)
    code = fields.String(dump_only=True, metadata={"description": "12位区划代码"})
    name = fields.String(dump_only=True)
    parent_id = fields.Integer(dump_only=True, metadata={"description": "所属街道"})
    street = fields.String(dump_only=True, metadata={"description": "所属街道名称"})
    on = fields.Date(dump_only=True, metadata={"description": "届期和人数统计的日期"})
    current_term = fields.Nested(TermBriefSchema, dump_only=True, allow_none=True)
    counts = fields.Nested(CommitteeCountsSchema, dump_only=True)
    version_id = fields.Integer(dump_only=True)


class PositionSchema(ApiSchema):
    """A person's position in a body of a committee, from a day to a day (rule C2)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(
        strict=True, required=True, metadata={"description": "所属居委会的编号"}
    )
    person_id = fields.Integer(strict=True, required=True)
    person_name = fields.Function(
        lambda obj: obj.person.name if obj.person is not None else None,
        dump_only=True,
        metadata={"type": "string"},
    )
    kind = fields.String(
        required=True,
        metadata={"description": "职务类型代码", "x-kinds": "position"},
    )
    kind_label = kind_label("position")
    resident_group_id = fields.Integer(
        strict=True, allow_none=True, metadata={"description": "居民小组（小组职务必填）"}
    )
    term_id = fields.Integer(strict=True, allow_none=True, metadata={"description": "届期"})
    start_date = fields.Date(required=True, metadata={"description": "任职开始日期"})
    end_date = fields.Date(
        allow_none=True, metadata={"description": "任职最后一天；在任时为空（历史保留，不覆盖）"}
    )
    note = text(metadata={"description": "备注"})
    version_id = version()

    @validates("kind")
    def _known_kind(self, value: str, **_kwargs: Any) -> None:
        registered_kind("position", value)
