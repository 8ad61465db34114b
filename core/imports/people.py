"""Importing people (rules C3, C10).

Key: the ID number, unique in the whole deployment. A row without one is
matched by 所属单位代码 + 姓名 + 出生日期; a row with an ID number that
matches nobody by number also takes over a person of the same unit, name and
birth date who has no number yet. A matched person is updated to what the
row says. An ID number is never cleared by an empty cell. A masked ID or
phone (``3101**********123X``, from an export by a role that may not see
them, C10) keeps the stored value, and must agree with it.

A 户号 that the committee has not registered yet creates that household (it
is counted in the report, so a typing error shows up).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.imports.context import Handler, RowError, assign, load_in
from core.imports.schemas import PersonRow, is_masked
from core.models.people import Household, Person
from core.rules.divisions import OrgKind
from core.rules.identity import mask_id_number, mask_phone

NEW_HOUSEHOLDS = "新建户"


class PersonHandler(Handler):
    """Checks and writes rows of ``people``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_number: dict[str, Person] = {}
        self.by_name: dict[tuple[int, str, Any], list[Person]] = {}
        self.elsewhere: set[str] = set()
        self.households: dict[tuple[int, str], Household] = {}
        self.seen_numbers: dict[str, int] = {}
        self.seen_people: dict[int, int] = {}
        self.seen_names: dict[tuple[str, str, Any], int] = {}

    def schema(self) -> PersonRow:
        return PersonRow(today=self.ctx.today)

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        ctx, session = self.ctx, self.ctx.session
        ctx.load_units(row["unit"] for row in rows)
        unit_ids = [unit.id for unit in ctx.units.values()]
        numbers = {row["id_number"] for row in rows if _whole(row["id_number"])}
        for person in load_in(session, select(Person), Person.id_number, numbers):
            self.by_number[person.id_number] = person
        names = {row["name"] for row in rows}
        stmt = select(Person).where(Person.org_unit_id.in_(unit_ids))
        for person in load_in(session, stmt, Person.name, names):
            key = (person.org_unit_id, person.name, person.birth_date)
            self.by_name.setdefault(key, []).append(person)
        missing = numbers - set(self.by_number)
        if missing and ctx.actor.prefix is not None:
            # Numbers are unique in the whole deployment (C10): one registered
            # outside the actor's scope cannot be registered again.
            unscoped = select(Person.id_number).execution_options(juwei_unscoped=True)
            self.elsewhere = set(load_in(session, unscoped, Person.id_number, missing))
        household_numbers = {row["household"] for row in rows if row["household"]}
        stmt = select(Household).where(Household.org_unit_id.in_(unit_ids))
        for household in load_in(session, stmt, Household.number, household_numbers):
            self.households[(household.org_unit_id, household.number)] = household

    def check(self, number: int, values: dict[str, Any]) -> list[RowError]:
        ctx = self.ctx
        problem = ctx.unit_problem(values["unit"])
        if problem:
            return [self.error(number, "unit", problem)]
        unit = ctx.units[values["unit"]]
        values["_unit"] = unit
        person, errors = self._match(number, values, unit.id)
        values["_person"] = person
        if person is not None and person.id in self.seen_people:
            earlier = self.seen_people[person.id]
            errors.append(self.error(number, "name", f"与第{earlier}行是同一人"))
        elif person is not None:
            self.seen_people[person.id] = number
        if is_masked(values["phone"]) and (
            person is None or mask_phone(person.phone or "") != values["phone"]
        ):
            errors.append(
                self.error(
                    number,
                    "phone",
                    "电话已脱敏，与登记的电话不符：只能原样保留已登记的电话，新号码请填写完整",
                )
            )
        if values["household"] and unit.kind != OrgKind.COMMITTEE:
            errors.append(
                self.error(
                    number, "household", f"“{unit.name}”不是居委会，不能填户号：户只属于居委会 (C1)"
                )
            )
        return errors

    def _match(
        self, number: int, values: dict[str, Any], unit_id: int
    ) -> tuple[Person | None, list[RowError]]:
        """The existing person the row describes, or None for a new one; and any errors."""
        id_number, name, birth = values["id_number"], values["name"], values["birth_date"]
        same = self.by_name.get((unit_id, name, birth), [])
        if _whole(id_number):
            if id_number in self.seen_numbers:
                earlier = self.seen_numbers[id_number]
                return None, [
                    self.error(number, "id_number", f"与第{earlier}行的身份证号相同 (C10)")
                ]
            self.seen_numbers[id_number] = number
            if id_number in self.elsewhere:
                return None, [
                    self.error(
                        number,
                        "id_number",
                        "此身份证号已登记在您管辖范围以外的单位，不能重复登记 (C10)",
                    )
                ]
            found = self.by_number.get(id_number)
            if found is None:
                unnumbered = [person for person in same if not person.id_number]
                found = unnumbered[0] if len(unnumbered) == 1 else None
            return found, []
        if id_number:  # masked
            same = [p for p in same if p.id_number and mask_id_number(p.id_number) == id_number]
            if len(same) != 1:
                return None, [
                    self.error(
                        number,
                        "id_number",
                        "身份证号已脱敏，且按所属单位、姓名和出生日期找不到与之相符的唯一登记人员；"
                        "新登记人员请填写完整身份证号 (C10)",
                    )
                ]
            return same[0], []
        key = (values["unit"], name, birth)
        if key in self.seen_names:
            earlier = self.seen_names[key]
            return None, [
                self.error(
                    number,
                    "name",
                    f"与第{earlier}行是同一人（同一单位、同名、同出生日期，均未填身份证号）",
                )
            ]
        self.seen_names[key] = number
        if len(same) > 1:
            return None, [
                self.error(
                    number,
                    "id_number",
                    f"本单位有{len(same)}位同名且出生日期相同的人员，请填写身份证号以区分",
                )
            ]
        return (same[0] if same else None), []

    def write(self, values: dict[str, Any]) -> str:
        unit, person = values["_unit"], values["_person"]
        fields: dict[str, Any] = {
            "org_unit_id": unit.id,
            "name": values["name"],
            "sex": values["sex"],
            "birth_date": values["birth_date"],
            "employed": values["employed"],
            "party_member": values["party_member"],
            "npc_deputy": values["npc_deputy"],
            "cppcc_member": values["cppcc_member"],
            "note": values["note"],
        }
        if _whole(values["id_number"]):
            fields["id_number"] = values["id_number"]
        if not is_masked(values["phone"]):
            fields["phone"] = values["phone"]
        household = self._household(unit, values["household"])
        fields["household_id"] = household.id if household is not None else None
        if person is not None:
            changed = assign(person, **fields)
            if household is not None and household.id is None:
                person.household = household
                changed = True
            return "updated" if changed else "unchanged"
        fields.pop("household_id")
        person = Person(org_unit=unit, household=household, **fields)
        self.ctx.session.add(person)
        return "created"

    def _household(self, unit: Any, number: str | None) -> Household | None:
        """The unit's household with this 户号, created if the committee has none yet."""
        if not number:
            return None
        household = self.households.get((unit.id, number))
        if household is None:
            household = Household(org_unit=unit, org_unit_id=unit.id, number=number, address="")
            self.ctx.session.add(household)
            self.households[(unit.id, number)] = household
            self.extra[NEW_HOUSEHOLDS] = self.extra.get(NEW_HOUSEHOLDS, 0) + 1
        return household


def _whole(value: str | None) -> bool:
    """An ID number given in full (not empty, not masked)."""
    return bool(value) and not is_masked(value)
