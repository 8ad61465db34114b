"""Templates and exports of the four kinds, in the import columns.

An export is scoped to the actor like every query (``core.scoping``), lists
parents before children, and shows ID and phone numbers whole only to roles
that may see them; a whole export is logged, one audit entry per person (C10).
Each export is a constant number of queries, whatever its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from core.extensions import db
from core.imports.columns import KINDS, KindSpec
from core.imports.writers import to_csv, to_xlsx
from core.kinds import Kind, registered
from core.models.org import OrgUnit
from core.models.people import Household, Person
from core.models.positions import Position
from core.personal import log_whole_view, may_see_identity
from core.rules.divisions import KIND_LABELS, OrgKind
from core.rules.identity import SEX_LABELS, Sex, mask_id_number, mask_phone
from core.scoping import current_actor

MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _sex(value: str) -> str:
    return SEX_LABELS[Sex(value)] if value in ("male", "female") else value


def _render(spec: KindSpec, rows: Sequence[Sequence[Any]], fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(spec, rows)
    kinds: Sequence[Kind] = registered("position") if spec.name == "positions" else ()
    return to_xlsx(spec, rows, kinds)


def template_file(kind: str, fmt: str = "xlsx") -> bytes:
    """An empty import file of ``kind``: the headers (and, for xlsx, the "说明" sheet)."""
    return _render(KINDS[kind], [], fmt)


def export_file(kind: str, fmt: str = "xlsx") -> tuple[bytes, int]:
    """The current actor's records of ``kind`` in the import columns, and their number."""
    rows = EXPORTERS[kind]()
    return _render(KINDS[kind], rows, fmt), len(rows)


def _org_units() -> list[list[Any]]:
    actor = current_actor()
    stmt = select(OrgUnit).options(selectinload(OrgUnit.parent)).order_by(OrgUnit.code)
    if actor is not None and actor.prefix is not None:
        # The units above the scope are visible but not the actor's to re-import.
        stmt = stmt.where(OrgUnit.code.startswith(actor.prefix, autoescape=True))
    return [
        [
            unit.code,
            unit.name,
            KIND_LABELS[OrgKind(unit.kind)],
            unit.parent.code if unit.parent is not None else None,
        ]
        for unit in db.session.scalars(stmt)
    ]


def _households() -> list[list[Any]]:
    stmt = (
        select(Household)
        .options(selectinload(Household.building))
        .join(Household.org_unit)
        .options(contains_eager(Household.org_unit))
        .order_by(OrgUnit.code, Household.number)
    )
    return [
        [
            household.org_unit.code,
            household.number,
            household.address,
            household.building.name if household.building is not None else None,
        ]
        for household in db.session.scalars(stmt)
    ]


def _people() -> list[list[Any]]:
    whole = may_see_identity()
    stmt = (
        select(Person)
        .options(selectinload(Person.household))
        .join(Person.org_unit)
        .options(contains_eager(Person.org_unit))
        .order_by(OrgUnit.code, Person.id)
    )
    people = list(db.session.scalars(stmt))
    rows = [
        [
            person.org_unit.code,
            person.name,
            _sex(person.sex),
            person.birth_date,
            _shown(person.id_number, whole, mask_id_number),
            _shown(person.phone, whole, mask_phone),
            person.household.number if person.household is not None else None,
            _yes(person.employed),
            _yes(person.party_member),
            _yes(person.npc_deputy),
            _yes(person.cppcc_member),
            person.note,
        ]
        for person in people
    ]
    if whole:
        log_whole_view([p for p in people if p.id_number or p.phone], "export")
    return rows


def _positions() -> list[list[Any]]:
    whole = may_see_identity()
    labels = {kind.code: kind.label for kind in registered("position")}
    stmt = (
        select(Position)
        .options(selectinload(Position.resident_group))
        .join(Position.org_unit)
        .options(contains_eager(Position.org_unit))
        .order_by(OrgUnit.code, Position.kind, Position.start_date, Position.id)
    )
    positions = list(db.session.scalars(stmt))
    rows = [
        [
            position.org_unit.code,
            _shown(position.person.id_number, whole, mask_id_number),
            position.person.name,
            position.person.birth_date,
            labels.get(position.kind, position.kind),
            position.resident_group.name if position.resident_group is not None else None,
            position.start_date,
            position.end_date,
            position.note,
        ]
        for position in positions
    ]
    if whole:
        people = {p.person.id: p.person for p in positions if p.person.id_number}
        log_whole_view(list(people.values()), "export")
    return rows


def _shown(value: str | None, whole: bool, mask: Any) -> str:
    if not value:
        return ""
    return value if whole else str(mask(value))


EXPORTERS = {
    "org_units": _org_units,
    "households": _households,
    "people": _people,
    "positions": _positions,
}
