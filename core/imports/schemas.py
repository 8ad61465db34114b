"""Marshmallow schemas of the four kinds: the checks one row can make on its own.

Each field's ``data_key`` is its Chinese header (``core.imports.columns``),
so marshmallow's errors come keyed by the column the user sees. Checks that
need other rows or the database (references, duplicates, scope) are in the
kind handlers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, validates_schema

from core.imports import columns
from core.imports.fields import Choice, Code, IdNumberCell, LooseDate, Text, YesNo
from core.rules.committees import check_position_dates
from core.rules.divisions import KIND_LABELS, DivisionCodeError, OrgKind, check_division_code
from core.rules.identity import SEX_LABELS, IdNumberError, check_against_record, parse_id_number

#: Accepted spellings of a sex.
SEXES = {
    **{label: sex.value for sex, label in SEX_LABELS.items()},
    "male": "male",
    "female": "female",
}
#: Accepted spellings of an org unit's kind.
ORG_KINDS: dict[str, str] = {
    **{label: kind.value for kind, label in KIND_LABELS.items()},
    **{kind.value: kind.value for kind in OrgKind},
}


def is_masked(value: str | None) -> bool:
    """Whether a cell holds a masked ID or phone number from an export (C10)."""
    return bool(value) and "*" in str(value)


def _h(spec: columns.KindSpec, field: str) -> str:
    return next(column.header for column in spec.columns if column.field == field)


class RowSchema(Schema):
    """Base: unknown headers are ignored (the reader already refused them)."""

    class Meta:
        unknown = EXCLUDE

    def __init__(self, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.today = today or dt.date.today()


_O = columns.ORG_UNITS


class OrgUnitRow(RowSchema):
    """A district, street or committee (rule C1)."""

    code = Code(required=True, data_key=_h(_O, "code"))
    name = Text(100, required=True, data_key=_h(_O, "name"))
    kind = Choice(ORG_KINDS, "区、街道或居委会", required=True, data_key=_h(_O, "kind"))
    parent_code = Code(load_default=None, data_key=_h(_O, "parent_code"))

    @validates_schema
    def _shape(self, data: dict[str, Any], **_kwargs: Any) -> None:
        kind = OrgKind(data["kind"])
        try:
            check_division_code(data["code"], kind)
        except DivisionCodeError as exc:
            raise ValidationError(str(exc), field_name=_h(_O, "code")) from None
        parent = data.get("parent_code")
        if kind is OrgKind.DISTRICT and parent:
            raise ValidationError("区是最高一级，不能填上级区划代码 (C1)", _h(_O, "parent_code"))
        if kind is not OrgKind.DISTRICT and not parent:
            raise ValidationError(
                f"{KIND_LABELS[kind]}必须填写上级区划代码 (C1)", _h(_O, "parent_code")
            )


_H = columns.HOUSEHOLDS


class HouseholdRow(RowSchema):
    """A household of a committee (rule C3)."""

    committee = Code(required=True, data_key=_h(_H, "committee"))
    number = Text(40, required=True, data_key=_h(_H, "number"))
    address = Text(200, load_default="", data_key=_h(_H, "address"))
    building = Text(100, load_default=None, data_key=_h(_H, "building"))


_P = columns.PEOPLE


class PersonRow(RowSchema):
    """A person (rules C3, C10): the ID number agrees with birth date and sex."""

    unit = Code(required=True, data_key=_h(_P, "unit"))
    name = Text(50, required=True, data_key=_h(_P, "name"))
    sex = Choice(SEXES, "男或女", load_default=None, data_key=_h(_P, "sex"))
    birth_date = LooseDate(load_default=None, data_key=_h(_P, "birth_date"))
    id_number = IdNumberCell(load_default=None, data_key=_h(_P, "id_number"))
    phone = Text(20, load_default="", data_key=_h(_P, "phone"))
    household = Text(40, load_default=None, data_key=_h(_P, "household"))
    employed = YesNo(data_key=_h(_P, "employed"))
    party_member = YesNo(data_key=_h(_P, "party_member"))
    npc_deputy = YesNo(data_key=_h(_P, "npc_deputy"))
    cppcc_member = YesNo(data_key=_h(_P, "cppcc_member"))
    note = Text(2000, load_default="", data_key=_h(_P, "note"))

    @validates_schema
    def _identity(self, data: dict[str, Any], **_kwargs: Any) -> None:
        errors: dict[str, str] = {}
        number = data.get("id_number")
        if number and not is_masked(number):
            try:
                info = parse_id_number(number, on=self.today)
            except IdNumberError as exc:
                raise ValidationError(str(exc), _h(_P, "id_number")) from None
            problems = check_against_record(info, data.get("birth_date"), data.get("sex"))
            if problems:
                errors[_h(_P, "id_number")] = "；".join(problems)
            data["id_number"] = info.number
            data["birth_date"] = data.get("birth_date") or info.birth_date
            data["sex"] = data.get("sex") or info.sex.value
        else:
            why = "已脱敏的" if number else "未填"
            if data.get("birth_date") is None:
                errors[_h(_P, "birth_date")] = f"{why}身份证号时必须填写出生日期 (C3)"
            if data.get("sex") is None:
                errors[_h(_P, "sex")] = f"{why}身份证号时必须填写性别（男或女） (C3)"
        birth = data.get("birth_date")
        if birth is not None and birth > self.today:
            errors[_h(_P, "birth_date")] = f"出生日期 {birth} 是将来的日期 (C3)"
        if errors:
            raise ValidationError(errors)  # type: ignore[arg-type]


_S = columns.POSITIONS


class PositionRow(RowSchema):
    """A position held by a person on record (rule C2).

    ``kinds`` maps every accepted spelling of a registered position kind (its
    label and its code) to the code.
    """

    committee = Code(required=True, data_key=_h(_S, "committee"))
    id_number = IdNumberCell(load_default=None, data_key=_h(_S, "id_number"))
    name = Text(50, required=True, data_key=_h(_S, "name"))
    birth_date = LooseDate(load_default=None, data_key=_h(_S, "birth_date"))
    kind = Text(60, required=True, data_key=_h(_S, "kind"))
    group = Text(100, load_default=None, data_key=_h(_S, "group"))
    start_date = LooseDate(required=True, data_key=_h(_S, "start_date"))
    end_date = LooseDate(load_default=None, data_key=_h(_S, "end_date"))
    note = Text(2000, load_default="", data_key=_h(_S, "note"))

    def __init__(self, kinds: dict[str, str], group_kinds: set[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kinds = kinds
        self.group_kinds = group_kinds

    @validates_schema
    def _position(self, data: dict[str, Any], **_kwargs: Any) -> None:
        errors: dict[str, str] = {}
        code = self.kinds.get(data["kind"]) or self.kinds.get(data["kind"].lower())
        if code is None:
            errors[_h(_S, "kind")] = f"未知的职务“{data['kind']}”，应为说明页所列职务之一 (C2)"
        else:
            data["kind"] = code
            if code in self.group_kinds and not data.get("group"):
                errors[_h(_S, "group")] = "居民小组的职务须填写所在居民小组 (C1)"
        try:
            check_position_dates(data["start_date"], data.get("end_date"))
        except ValueError as exc:
            errors[_h(_S, "end_date")] = str(exc)
        number = data.get("id_number")
        if number and not is_masked(number):
            try:
                data["id_number"] = parse_id_number(number, on=self.today).number
            except IdNumberError as exc:
                errors[_h(_S, "id_number")] = str(exc)
        elif data.get("birth_date") is None:
            why = "已脱敏的" if number else "未填"
            errors[_h(_S, "birth_date")] = f"{why}身份证号时须填写出生日期，以确定是哪位人员"
        if errors:
            raise ValidationError(errors)  # type: ignore[arg-type]


#: Which schema validates which kind.
SCHEMAS: dict[str, type[RowSchema]] = {
    "org_units": OrgUnitRow,
    "households": HouseholdRow,
    "people": PersonRow,
    "positions": PositionRow,
}

__all__ = ["SCHEMAS", "is_masked"]
