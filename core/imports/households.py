"""Importing households of committees (rules C1, C3).

Key: 所属居委会代码 + 户号. A row whose key exists updates the household's
address and building. The building is named, and must already be
registered in the same committee.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.imports.context import Handler, RowError, assign, load_in
from core.imports.schemas import HouseholdRow
from core.models.committees import Building
from core.models.people import Household
from core.rules.divisions import OrgKind


class HouseholdHandler(Handler):
    """Checks and writes rows of ``households``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing: dict[tuple[int, str], Household] = {}
        self.buildings: dict[tuple[int, str], Building] = {}
        self.seen: dict[tuple[str, str], int] = {}

    def schema(self) -> HouseholdRow:
        return HouseholdRow(today=self.ctx.today)

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        ctx = self.ctx
        ctx.load_units(row["committee"] for row in rows)
        ids = [unit.id for code, unit in ctx.units.items() if unit.kind == OrgKind.COMMITTEE]
        numbers = {row["number"] for row in rows}
        stmt = select(Household).where(Household.org_unit_id.in_(ids))
        for household in load_in(ctx.session, stmt, Household.number, numbers):
            self.existing[(household.org_unit_id, household.number)] = household
        names = {row["building"] for row in rows if row["building"]}
        if names:
            for building in load_in(
                ctx.session,
                select(Building).where(Building.org_unit_id.in_(ids)),
                Building.name,
                names,
            ):
                self.buildings[(building.org_unit_id, building.name)] = building

    def check(self, number: int, values: dict[str, Any]) -> list[RowError]:
        ctx = self.ctx
        problem = ctx.unit_problem(values["committee"], [OrgKind.COMMITTEE])
        if problem:
            return [self.error(number, "committee", problem)]
        key = (values["committee"], values["number"])
        if key in self.seen:
            return [
                self.error(number, "number", f"与第{self.seen[key]}行是同一户（居委会和户号相同）")
            ]
        self.seen[key] = number
        unit = ctx.units[values["committee"]]
        values["_unit"] = unit
        values["_household"] = self.existing.get((unit.id, values["number"]))
        building = None
        if values["building"]:
            building = self.buildings.get((unit.id, values["building"]))
            if building is None:
                return [
                    self.error(
                        number,
                        "building",
                        f"“{unit.name}”没有名为“{values['building']}”的楼栋（院落），请先登记楼栋",
                    )
                ]
        values["_building"] = building
        return []

    def write(self, values: dict[str, Any]) -> str:
        unit, household = values["_unit"], values["_household"]
        building = values["_building"]
        if household is not None:
            changed = assign(
                household,
                address=values["address"],
                building_id=building.id if building is not None else None,
            )
            return "updated" if changed else "unchanged"
        household = Household(
            org_unit=unit,
            org_unit_id=unit.id,
            number=values["number"],
            address=values["address"],
            building=building,
        )
        self.ctx.session.add(household)
        return "created"
