"""Policy parameters: declared by plugins, stored effective-dated and org-scoped (decision 2).

A plugin declares a :class:`ParameterSpec` through ``juwei_policy_parameters``;
install stores its default; :func:`resolve` gives the typed value in force for
a unit on a date, with its explanation; :func:`set_value` validates and stores
a new value (audited like every write).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from flask import current_app
from sqlalchemy import or_, select

from core.extensions import SessionLike
from core.models.org import OrgUnit
from core.models.policy import PolicyValue
from core.rules.divisions import ancestor_codes
from core.rules.policy import Candidate, Chosen, NoValueInForce, choose

#: The day shipped defaults are in force from, unless a spec says otherwise.
DEFAULT_FROM = dt.date(2000, 1, 1)

_DEPTH = {"district": 1, "street": 2, "committee": 3}


class ParamType(enum.StrEnum):
    """How a parameter's text is parsed."""

    DECIMAL = "decimal"  # money and scores: Decimal, never float
    INTEGER = "integer"
    FRACTION = "fraction"  # exact shares such as 1/5 or 4/5
    BOOLEAN = "boolean"
    CHOICE = "choice"
    TEXT = "text"


class InvalidParameterValue(ValueError):
    """A value that does not parse or validate; the message is Chinese."""


@dataclasses.dataclass(frozen=True)
class ParameterSpec:
    """A declared policy parameter.

    ``key`` starts with the declaring plugin's name (``core.`` for core);
    ``default`` is the text form of the DOMAIN.md default; ``validator``
    receives the parsed value and raises ``ValueError`` with a Chinese
    message when it is not acceptable.
    """

    key: str
    label: str
    type: ParamType
    default: str
    rule: str = ""
    description: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    validator: Callable[[Any], None] | None = None
    default_from: dt.date = DEFAULT_FROM

    @property
    def type_label(self) -> str:
        """The type's Chinese name, e.g. 分数（如 1/5）."""
        return _TYPE_LABELS[self.type]

    def parse(self, text: str) -> Any:
        """The typed value of ``text``, validated; raises ``InvalidParameterValue``."""
        text = str(text).strip()
        try:
            value = _PARSERS[self.type](text)
        except (ValueError, InvalidOperation, ZeroDivisionError) as exc:
            raise InvalidParameterValue(
                f"“{text}”不是有效的{_TYPE_LABELS[self.type]}（参数 {self.label}）"
            ) from exc
        if self.type is ParamType.CHOICE and text not in {c for c, _ in self.choices}:
            allowed = "、".join(f"{c}（{label}）" for c, label in self.choices)
            raise InvalidParameterValue(f"参数 {self.label} 只能取：{allowed}")
        if self.validator is not None:
            try:
                self.validator(value)
            except ValueError as exc:
                raise InvalidParameterValue(f"参数 {self.label}：{exc}") from exc
        return value


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in {"true", "1", "yes", "是"}:
        return True
    if lowered in {"false", "0", "no", "否"}:
        return False
    raise ValueError(text)


def _parse_decimal(text: str) -> Decimal:
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError(text)
    return value


_PARSERS: dict[ParamType, Callable[[str], Any]] = {
    ParamType.DECIMAL: _parse_decimal,
    ParamType.INTEGER: int,
    ParamType.FRACTION: Fraction,
    ParamType.BOOLEAN: _parse_bool,
    ParamType.CHOICE: str,
    ParamType.TEXT: str,
}

_TYPE_LABELS = {
    ParamType.DECIMAL: "数值",
    ParamType.INTEGER: "整数",
    ParamType.FRACTION: "分数（如 1/5）",
    ParamType.BOOLEAN: "是/否",
    ParamType.CHOICE: "选项",
    ParamType.TEXT: "文本",
}


def non_negative(value: Any) -> None:
    """Validator: the value is zero or more."""
    if value < 0:
        raise ValueError("不能为负数")


def positive(value: Any) -> None:
    """Validator: the value is more than zero."""
    if value <= 0:
        raise ValueError("必须大于 0")


def share(value: Any) -> None:
    """Validator: a share between 0 and 1 inclusive."""
    if not 0 <= value <= 1:
        raise ValueError("必须在 0 到 1 之间")


def specs() -> dict[str, ParameterSpec]:
    """Every parameter declared by core and the installed plugins of the current app."""
    return current_app.extensions["juwei"].parameters  # type: ignore[no-any-return]


def get_spec(key: str) -> ParameterSpec:
    """The declared spec of ``key``; ``KeyError`` with a Chinese message if undeclared."""
    try:
        return specs()[key]
    except KeyError:
        raise KeyError(f"未声明的政策参数：{key}") from None


@dataclasses.dataclass(frozen=True)
class Resolved:
    """A typed parameter value with the stored value it came from and the explanation."""

    key: str
    value: Any
    chosen: Chosen

    @property
    def explanation(self) -> str:
        """E.g. ``jiayuguan_groups.rate.group_leader = 300（全部辖区，自 2000-01-01 起）``."""
        return self.chosen.explanation


def candidates(session: SessionLike, key: str, unit: OrgUnit | None) -> list[Candidate]:
    """The stored values of ``key`` that may apply to ``unit``: its own, its ancestors', global."""
    codes = [] if unit is None else [*ancestor_codes(unit.scope_prefix), unit.code]
    stmt = (
        select(PolicyValue, OrgUnit)
        .outerjoin(OrgUnit, PolicyValue.org_unit_id == OrgUnit.id)
        .where(PolicyValue.key == key)
        .where(or_(PolicyValue.org_unit_id.is_(None), OrgUnit.code.in_(codes)))
    )
    # Rules must see the district's value even for a user scoped to a
    # committee, so this read is deliberately not narrowed by scope.
    rows = session.execute(stmt, execution_options={"juwei_unscoped": True}).all()
    return [
        Candidate(
            value=pv.value,
            effective_from=pv.effective_from,
            depth=0 if org is None else _DEPTH[org.kind],
            unit_code=None if org is None else org.code,
            unit_name="" if org is None else org.name,
        )
        for pv, org in rows
    ]


def resolve(session: SessionLike, key: str, on: dt.date, unit: OrgUnit | None = None) -> Resolved:
    """The typed value of ``key`` in force for ``unit`` on ``on``, with its explanation.

    Raises ``NoValueInForce`` (Chinese message) when no value is in force.
    """
    spec = get_spec(key)
    chosen = choose(key, candidates(session, key, unit), on)
    return Resolved(key=key, value=spec.parse(chosen.value), chosen=chosen)


def set_value(
    session: SessionLike,
    key: str,
    text: str,
    effective_from: dt.date,
    unit: OrgUnit | None = None,
    note: str = "",
) -> PolicyValue:
    """Validate and store a new value of ``key``; the caller commits (audited on flush)."""
    spec = get_spec(key)
    spec.parse(text)
    row = PolicyValue(
        key=key, value=str(text).strip(), effective_from=effective_from, org_unit=unit, note=note
    )
    session.add(row)
    return row


def store_defaults(session: SessionLike, declared: Iterable[ParameterSpec]) -> int:
    """Store each spec's default unless a deployment-wide value exists; returns how many."""
    added = 0
    for spec in declared:
        spec.parse(spec.default)
        exists = session.scalar(
            select(PolicyValue.id)
            .where(PolicyValue.key == spec.key, PolicyValue.org_unit_id.is_(None))
            .limit(1)
        )
        if exists is None:
            session.add(
                PolicyValue(
                    key=spec.key,
                    value=spec.default,
                    effective_from=spec.default_from,
                    note="默认值（DOMAIN.md）",
                )
            )
            added += 1
    return added


__all__ = [
    "DEFAULT_FROM",
    "InvalidParameterValue",
    "NoValueInForce",
    "ParamType",
    "ParameterSpec",
    "Resolved",
    "get_spec",
    "non_negative",
    "positive",
    "resolve",
    "set_value",
    "share",
    "specs",
    "store_defaults",
]
