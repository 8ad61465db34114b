"""Test records for jiayuguan_groups: terms, groups, buildings, households, people, positions.

Call inside an app context as the system actor. Names are stable so tests
can look records up: groups ``第一组``/``第二组``, buildings ``1号楼``…``4号楼``,
households ``<code>-101``… (three per building).
"""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from core.extensions import db
from core.models import Building, Household, Person, Position, ResidentGroup, Term
from tests.factories import unit_by_code

TERM_1 = (dt.date(2021, 1, 1), dt.date(2025, 12, 31))
TERM_2 = (dt.date(2026, 1, 1), dt.date(2030, 12, 31))

_births = itertools.count()


def seed_committee(code: str) -> None:
    """Two terms, two groups of two buildings each, three households per building."""
    unit = unit_by_code(code)
    session = db.session
    for number, (start, end) in enumerate([TERM_1, TERM_2], start=1):
        session.add(Term(number=number, start_date=start, end_date=end, org_unit=unit))
    for g in (1, 2):
        group = ResidentGroup(name="第一组" if g == 1 else "第二组", number=g, org_unit=unit)
        session.add(group)
        for b in (2 * g - 1, 2 * g):
            building = Building(name=f"{b}号楼", org_unit=unit, resident_group=group)
            session.add(building)
            for h in range(1, 4):
                session.add(Household(number=f"{code}-{b}0{h}", org_unit=unit, building=building))
    session.commit()


def group(code: str, name: str = "第一组") -> ResidentGroup:
    """The group ``name`` of committee ``code``."""
    found = db.session.scalar(
        select(ResidentGroup).where(
            ResidentGroup.org_unit_id == unit_by_code(code).id, ResidentGroup.name == name
        )
    )
    assert found is not None
    return found


def households(code: str) -> list[Household]:
    """The households of committee ``code`` by number."""
    return list(
        db.session.scalars(
            select(Household)
            .where(Household.org_unit_id == unit_by_code(code).id)
            .order_by(Household.number)
        )
    )


def person(code: str, name: str, employed: bool = False) -> Person:
    """A new adult person of committee ``code`` (flushed, not committed)."""
    n = next(_births)
    born = dt.date(1960 + n % 30, 1 + n % 12, 1 + n % 28)
    someone = Person(
        name=name,
        sex="female" if n % 2 else "male",
        birth_date=born,
        org_unit=unit_by_code(code),
        employed=employed,
    )
    db.session.add(someone)
    db.session.flush()
    return someone


def hold(
    who: Person,
    kind: str,
    start: dt.date,
    end: dt.date | None = None,
    group_name: str | None = None,
) -> Position:
    """A position of ``who`` (flushed): a group position when ``group_name`` is given."""
    unit = who.org_unit
    position = Position(
        person=who,
        kind=kind,
        start_date=start,
        end_date=end,
        org_unit=unit,
        resident_group=group(unit.code, group_name) if group_name else None,
    )
    db.session.add(position)
    db.session.flush()
    return position
