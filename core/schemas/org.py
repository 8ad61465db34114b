"""Schemas of the org tree (rule C1)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates

from core.rules.divisions import DivisionCodeError, check_division_code, kind_of


class OrgUnitSchema(Schema):
    """A district, street or committee as the API shows and accepts it."""

    id = fields.Integer(dump_only=True)
    code = fields.String(required=True, validate=validate.Length(equal=12))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    kind = fields.String(
        required=True, validate=validate.OneOf(["district", "street", "committee"])
    )
    parent_id = fields.Integer(allow_none=True, load_default=None)
    version_id = fields.Integer()

    @validates("code")
    def _code_shape(self, value: str, **_kwargs: object) -> None:
        try:
            check_division_code(value, kind_of(value) if value.isdigit() else None)  # type: ignore[arg-type]
        except (DivisionCodeError, TypeError, KeyError) as exc:
            raise ValidationError(str(exc)) from exc
