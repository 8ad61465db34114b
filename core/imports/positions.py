"""Importing positions: who held which post in a committee, from when to when (C1, C2).

Key: 所属居委会代码 + person + 职务 + 开始日期. The person is found by ID
number (their name must agree), or, without one, by 姓名 + 出生日期 within
the committee; they must already be on record. A row whose key exists
updates the position's group, end date and note: history is never
overwritten, a new term of office is a new row with its own start date.
Committee positions are flushed one by one, so rule C2's count of
directors and members sees the rows before them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.imports.context import Handler, RowError, assign, load_in
from core.imports.schemas import PositionRow, is_masked
from core.kinds import COMMITTEE_KINDS, registered
from core.models.committees import ResidentGroup
from core.models.people import Person
from core.models.positions import Position
from core.rules.divisions import OrgKind
from core.rules.identity import mask_id_number


class PositionHandler(Handler):
    """Checks and writes rows of ``positions``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_number: dict[str, Person] = {}
        self.by_name: dict[tuple[int, str, Any], list[Person]] = {}
        self.groups: dict[tuple[int, str], ResidentGroup] = {}
        self.existing: dict[tuple[int, int, str, Any], Position] = {}
        self.seen: dict[tuple[int, int, str, Any], int] = {}

    def schema(self) -> PositionRow:
        kinds = registered("position")
        spellings = {kind.label: kind.code for kind in kinds}
        spellings.update({kind.code: kind.code for kind in kinds})
        group_kinds = {kind.code for kind in kinds if kind.body == "group"}
        return PositionRow(kinds=spellings, group_kinds=group_kinds, today=self.ctx.today)

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        ctx, session = self.ctx, self.ctx.session
        ctx.load_units(row["committee"] for row in rows)
        unit_ids = [unit.id for unit in ctx.units.values() if unit.kind == OrgKind.COMMITTEE]
        numbers = {row["id_number"] for row in rows if _whole(row["id_number"])}
        for person in load_in(session, select(Person), Person.id_number, numbers):
            self.by_number[person.id_number] = person
        names = {row["name"] for row in rows if not _whole(row["id_number"])}
        stmt = select(Person).where(Person.org_unit_id.in_(unit_ids))
        for person in load_in(session, stmt, Person.name, names):
            self.by_name.setdefault(
                (person.org_unit_id, person.name, person.birth_date), []
            ).append(person)
        group_names = {row["group"] for row in rows if row["group"]}
        stmt = select(ResidentGroup).where(ResidentGroup.org_unit_id.in_(unit_ids))
        for group in load_in(session, stmt, ResidentGroup.name, group_names):
            self.groups[(group.org_unit_id, group.name)] = group
        people = {p.id for p in self.by_number.values()}
        people |= {p.id for found in self.by_name.values() for p in found}
        stmt = select(Position).where(Position.org_unit_id.in_(unit_ids))
        for position in load_in(session, stmt, Position.person_id, people):
            key = (position.org_unit_id, position.person_id, position.kind, position.start_date)
            self.existing[key] = position

    def check(self, number: int, values: dict[str, Any]) -> list[RowError]:
        ctx = self.ctx
        problem = ctx.unit_problem(values["committee"], [OrgKind.COMMITTEE])
        if problem:
            return [self.error(number, "committee", problem)]
        unit = ctx.units[values["committee"]]
        person, errors = self._person(number, values, unit)
        group = None
        if values["group"]:
            group = self.groups.get((unit.id, values["group"]))
            if group is None:
                errors.append(
                    self.error(
                        number, "group", f"“{unit.name}”没有名为“{values['group']}”的居民小组"
                    )
                )
        if person is None or errors:
            return errors
        key = (unit.id, person.id, values["kind"], values["start_date"])
        if key in self.seen:
            return [
                self.error(
                    number,
                    "start_date",
                    f"与第{self.seen[key]}行是同一职务（同一人、职务和开始日期）",
                )
            ]
        self.seen[key] = number
        values.update(_unit=unit, _person=person, _group=group, _position=self.existing.get(key))
        return []

    def _person(
        self, number: int, values: dict[str, Any], unit: Any
    ) -> tuple[Person | None, list[RowError]]:
        id_number, name = values["id_number"], values["name"]
        if _whole(id_number):
            person = self.by_number.get(id_number)
            if person is None:
                shown = mask_id_number(id_number)
                return None, [
                    self.error(
                        number, "id_number", f"没有身份证号为 {shown} 的登记人员：请先导入人员"
                    )
                ]
            if person.name != name:
                return None, [
                    self.error(number, "name", f"与身份证号对应人员的登记姓名“{person.name}”不一致")
                ]
            return person, []
        same = self.by_name.get((unit.id, name, values["birth_date"]), [])
        if id_number:  # masked
            same = [p for p in same if p.id_number and mask_id_number(p.id_number) == id_number]
        if len(same) == 1:
            return same[0], []
        if not same:
            why = f"“{unit.name}”没有姓名为“{name}”、出生日期为 {values['birth_date']} 的登记人员"
            if id_number:
                why += "（或与已脱敏的身份证号不符）"
            return None, [self.error(number, "name", why + "：请先导入人员")]
        return None, [
            self.error(
                number,
                "id_number",
                f"有{len(same)}位同名且出生日期相同的人员，请填写身份证号以区分",
            )
        ]

    def write(self, values: dict[str, Any]) -> str:
        unit, person, group = values["_unit"], values["_person"], values["_group"]
        position = values["_position"]
        fields = {
            "resident_group_id": group.id if group is not None else None,
            "end_date": values["end_date"],
            "note": values["note"],
        }
        if position is not None:
            return "updated" if assign(position, **fields) else "unchanged"
        position = Position(
            org_unit=unit,
            org_unit_id=unit.id,
            person=person,
            kind=values["kind"],
            start_date=values["start_date"],
            resident_group=group,
            end_date=values["end_date"],
            note=values["note"],
        )
        self.ctx.session.add(position)
        return "created"

    def flush_after(self, values: dict[str, Any]) -> bool:
        return values["kind"] in COMMITTEE_KINDS


def _whole(value: str | None) -> bool:
    return bool(value) and not is_masked(value)
