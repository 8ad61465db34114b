"""Importing org units: districts, streets and committees by division code (rule C1).

Key: 区划代码. A row whose code exists updates the unit's name (the code
fixes its kind and its parent, so those cannot change). A parent is an
existing unit (the units above the actor's scope included) or a unit of an
earlier row of the same file; an export lists parents first.
"""

from __future__ import annotations

from typing import Any

from core.imports.context import Handler, RowError, assign
from core.imports.schemas import OrgUnitRow
from core.models.org import OrgUnit
from core.rules.divisions import DivisionCodeError, OrgKind, check_org_unit


class OrgUnitHandler(Handler):
    """Checks and writes rows of ``org_units``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: code → (row number, kind) of the rows checked so far.
        self.seen: dict[str, tuple[int, str]] = {}

    def schema(self) -> OrgUnitRow:
        return OrgUnitRow(today=self.ctx.today)

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        codes = {row["code"] for row in rows} | {row["parent_code"] for row in rows}
        self.ctx.load_units(code for code in codes if code)

    def check(self, number: int, values: dict[str, Any]) -> list[RowError]:
        ctx, code = self.ctx, values["code"]
        if not ctx.actor.sees_code(code):
            return [self.error(number, "code", f"单位代码 {code} 不在您的管辖范围内，不能导入")]
        if code in self.seen:
            earlier = self.seen[code][0]
            return [self.error(number, "code", f"与第{earlier}行的区划代码重复")]
        self.seen[code] = (number, values["kind"])
        parent_code = values["parent_code"]
        if parent_code is None:
            return []
        if parent_code in self.seen:
            parent_kind = self.seen[parent_code][1]
        elif parent_code in ctx.units:
            parent_kind = ctx.units[parent_code].kind
        else:
            return [
                self.error(
                    number,
                    "parent_code",
                    f"上级区划代码 {parent_code} 的单位不存在："
                    "上级须已登记，或在本文件中位于本行之前",
                )
            ]
        try:
            check_org_unit(code, OrgKind(values["kind"]), parent_code, OrgKind(parent_kind))
        except DivisionCodeError as exc:
            return [self.error(number, "parent_code", str(exc))]
        return []

    def write(self, values: dict[str, Any]) -> str:
        ctx = self.ctx
        unit = ctx.units.get(values["code"])
        if unit is not None:
            return "updated" if assign(unit, name=values["name"]) else "unchanged"
        parent = ctx.units.get(values["parent_code"]) if values["parent_code"] else None
        unit = OrgUnit(code=values["code"], name=values["name"], kind=values["kind"], parent=parent)
        ctx.session.add(unit)
        ctx.units[unit.code] = unit
        return "created"
