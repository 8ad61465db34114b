"""The base of the API's schemas: marshmallow's messages in Chinese, shared field helpers."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

#: marshmallow's message keys, in Chinese (every field class uses some of them).
FIELD_MESSAGES = {
    "required": "必须填写",
    "null": "不能为空",
    "validator_failed": "取值无效",
    "type": "数据类型不对",
    "too_large": "数值太大",
    "invalid_utf8": "不是有效的 UTF-8 文本",
    "format": "格式不对",
}
#: The "invalid" message by field class: what the value should have been.
INVALID_BY_TYPE = {
    fields.Boolean: "应为 true 或 false",
    fields.Date: "应为日期（YYYY-MM-DD）",
    fields.DateTime: "应为日期时间（ISO 8601）",
    fields.Integer: "应为整数",
    fields.Number: "应为数字",
    fields.List: "应为列表",
    fields.String: "应为文本",
}


class ApiSchema(Schema):
    """A schema whose every message is Chinese; unknown fields are refused by name."""

    error_messages = {"unknown": "不认识的字段", "type": "应为 JSON 对象"}

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        """Give ``field_obj`` the Chinese messages of its kind (explicit ones are kept)."""
        for key, text in FIELD_MESSAGES.items():
            if key in field_obj.error_messages and not _custom(field_obj, key):
                field_obj.error_messages[key] = text
        if "invalid" in field_obj.error_messages and not _custom(field_obj, "invalid"):
            for cls, text in INVALID_BY_TYPE.items():
                if isinstance(field_obj, cls):
                    field_obj.error_messages["invalid"] = text
                    break


def _custom(field_obj: fields.Field, key: str) -> bool:
    # A message the field's author wrote differs from every class default.
    for cls in type(field_obj).__mro__:
        default = getattr(cls, "default_error_messages", {}).get(key)
        if default is not None:
            return field_obj.error_messages[key] != default
    return False


def text(max_length: int | None = None, required: bool = False, **kwargs: Any) -> fields.String:
    """A text field; ``required`` also refuses blank text."""
    validators = []
    if required:
        validators.append(validate.Length(min=1, error="必须填写"))
    if max_length is not None:
        validators.append(validate.Length(max=max_length, error=f"不能超过 {max_length} 个字"))
    return fields.String(required=required, validate=validators, **kwargs)


def count(**kwargs: Any) -> fields.Integer:
    """A non-negative whole number (people, votes)."""
    return fields.Integer(strict=True, validate=validate.Range(min=0, error="不能为负数"), **kwargs)


def one_of(choices: dict[str, str] | list[str], **kwargs: Any) -> fields.String:
    """A code from ``choices``; the message lists the allowed codes."""
    codes = list(choices)
    return fields.String(
        validate=validate.OneOf(codes, error="应为以下之一：" + "、".join(codes)),
        metadata={"enum": codes, **kwargs.pop("metadata", {})},
        **kwargs,
    )


def registered_kind(which: str, value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a registered ``which`` kind (C2, C8, C9)."""
    from core.kinds import registered

    codes = [kind.code for kind in registered(which)]
    if value not in codes:
        raise ValidationError(f"未知的类型“{value}”；可选：" + "、".join(codes))


def version() -> fields.Integer:
    """The edit version read (decision 6): sent back with every PATCH."""
    return fields.Integer(
        strict=True, metadata={"description": "读取时的版本号，修改（PATCH）时必须原样带回"}
    )


def kind_label(which: str) -> fields.Function:
    """The Chinese label of the record's ``kind`` code, read only."""
    from core.kinds import kind_of

    def label(obj: Any) -> str | None:
        found = kind_of(which, obj.kind)
        return found.label if found is not None else None

    return fields.Function(
        label, dump_only=True, metadata={"type": "string", "description": "类型的中文名称"}
    )
