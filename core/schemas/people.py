"""Schemas of households and people (rules C3, C10) for the API."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, pre_load, validates

from core.schemas.base import ApiSchema, one_of, text, version

SEXES = {"male": "男", "female": "女"}


class HouseholdSchema(ApiSchema):
    """A registered household (户) of a committee."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(
        strict=True, required=True, metadata={"description": "所属居委会的编号"}
    )
    number = text(40, required=True, metadata={"description": "户号"})
    address = text(200, metadata={"description": "地址"})
    building_id = fields.Integer(strict=True, allow_none=True, metadata={"description": "楼栋"})
    member_count = fields.Integer(dump_only=True, metadata={"description": "登记在本户的人数"})
    version_id = version()


class PersonSchema(ApiSchema):
    """A person on record (C3). ``id_number`` and ``phone`` are masked unless allowed (C10)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(
        strict=True, required=True, metadata={"description": "所属居委会的编号"}
    )
    name = text(50, required=True, metadata={"description": "姓名"})
    sex = one_of(SEXES, required=True, metadata={"description": "性别：male 男，female 女"})
    birth_date = fields.Date(required=True, metadata={"description": "出生日期"})
    id_number = fields.String(
        allow_none=True,
        metadata={
            "description": "居民身份证号（18位）；无权查看完整号码的角色看到的是遮蔽后的号码 (C10)"
        },
    )
    phone = text(20, metadata={"description": "电话；无权查看者看到遮蔽后的号码 (C10)"})
    household_id = fields.Integer(strict=True, allow_none=True, metadata={"description": "户"})
    employed = fields.Boolean(metadata={"description": "在职"})
    party_member = fields.Boolean(metadata={"description": "党员"})
    npc_deputy = fields.Boolean(metadata={"description": "人大代表"})
    cppcc_member = fields.Boolean(metadata={"description": "政协委员"})
    note = fields.String(metadata={"description": "备注"})
    age = fields.Integer(dump_only=True, metadata={"description": "今天的周岁年龄 (C3)"})
    identity_masked = fields.Boolean(
        dump_only=True,
        metadata={"description": "身份证号和电话是否已遮蔽 (C10)；完整查看会记入审计日志"},
    )
    version_id = version()

    @pre_load
    def _blank_id_number(self, data: Any, **_kwargs: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("id_number"), str):
            data = {**data, "id_number": data["id_number"].strip().upper() or None}
        return data

    @validates("id_number")
    def _whole_number(self, value: str | None, **_kwargs: Any) -> None:
        if value is None:
            return
        if "*" in value:
            raise ValidationError("请填写完整的身份证号，不能是遮蔽后的号码 (C10)")
        if len(value) != 18:
            raise ValidationError("居民身份证号应为18位 (C10)")

    @validates("phone")
    def _whole_phone(self, value: str, **_kwargs: Any) -> None:
        if "*" in value:
            raise ValidationError("请填写完整的电话号码，不能是遮蔽后的号码 (C10)")
