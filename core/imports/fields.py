"""Marshmallow fields for cells of an import file, with Chinese error messages.

A cell comes as text (csv, or a text cell in Excel), a number, a date or a
boolean (other Excel cells). Empty cells never reach these fields: the
schemas drop them, so ``required`` and ``load_default`` decide.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from marshmallow import ValidationError, fields

from core.rules.identity import EARLIEST_BIRTH_DATE

REQUIRED = {"required": "必须填写，不能为空"}

_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2})?$")
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "n", "no", "false", "0", "×"}


def as_text(value: Any) -> str:
    """A cell as text: Excel numbers lose their ``.0`` (codes, phones, 户号)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


class Text(fields.Field):
    """A text cell of at most ``max_length`` characters."""

    def __init__(self, max_length: int = 200, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", REQUIRED)
        super().__init__(**kwargs)
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = as_text(value)
        if len(text) > self.max_length:
            raise ValidationError(f"太长：最多{self.max_length}字，现为{len(text)}字")
        return text


class Code(fields.Field):
    """A 12-digit division code (rule C1); its kind is checked where it is used."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", REQUIRED)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = as_text(value)
        if not re.fullmatch(r"\d{12}", text):
            raise ValidationError(f"区划代码“{text}”格式不对：应为12位数字 (C1)")
        return text


class IdNumberCell(fields.Field):
    """An ID number as text; parsed by the schema, which knows birth date and sex (C10).

    Excel turns a long number typed into a general cell into a float and
    loses its last digits; that is reported rather than guessed at.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", REQUIRED)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValidationError(
                "身份证号被 Excel 存成了数字，末几位可能已丢失："
                "请把该列设为“文本”格式后重新填写 (C10)"
            )
        return as_text(value).upper().replace(" ", "")


class LooseDate(fields.Field):
    """A date: an Excel date cell or text such as 2024-05-01, 2024/5/1, 2024年5月1日."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", REQUIRED)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        # Some tools write dates as "2024-05-01 00:00:00": the time is dropped.
        text = _TIME.sub("", as_text(value))
        for pattern in _DATE_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                try:
                    day = dt.date(*(int(part) for part in match.groups()))
                except ValueError:
                    break
                if day < EARLIEST_BIRTH_DATE:
                    raise ValidationError(f"日期 {day} 早于 {EARLIEST_BIRTH_DATE}，请核对")
                return day
        raise ValidationError(f"“{text}”不是有效日期：应写成 2024-05-01 这样的 年-月-日")


class YesNo(fields.Field):
    """是 or 否 (also Y/N, 1/0, true/false, an Excel boolean); empty means 否."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", False)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = as_text(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValidationError(f"“{text}”无法识别：应填“是”或“否”")


class Choice(fields.Field):
    """One of a fixed set: ``choices`` maps every accepted spelling to the stored value."""

    def __init__(self, choices: dict[str, str], shown: str, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", REQUIRED)
        super().__init__(**kwargs)
        self.choices = {key.lower(): value for key, value in choices.items()}
        self.shown = shown

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = as_text(value)
        found = self.choices.get(text.lower())
        if found is None:
            raise ValidationError(f"“{text}”无法识别：应为 {self.shown}")
        return found
