"""Test records for beijing_workstation: a committee with its staff and residents, postings.

Call inside an app context as the system actor. ``seed_committee`` gives a
committee two terms (2021–2025, 2026–2030) and, from 2021-01-01: director
``<code>主任`` (retired), deputy ``<code>副主任``, members ``<code>委员1``–``3``
and residents ``<code>居民1``–``8`` (building heads and activists).
"""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from core.extensions import db
from core.kinds import DEPUTY, DIRECTOR, MEMBER
from core.models import Person, Position, Term
from core.rules.identity import check_digit
from plugins.beijing_workstation.models import Posting, Retirement
from tests.factories import unit_by_code

SINCE = dt.date(2021, 1, 1)
TERMS = ((dt.date(2021, 1, 1), dt.date(2025, 12, 31)), (dt.date(2026, 1, 1), dt.date(2030, 12, 31)))
_births = itertools.count()


def person(code: str, name: str, born: dt.date | None = None) -> Person:
    """A resident of committee ``code``."""
    n = next(_births)
    record = Person(
        name=name,
        sex="female" if n % 2 else "male",
        birth_date=born or dt.date(1955 + n % 30, 1 + n % 12, 1 + n % 28),
        org_unit=unit_by_code(code),
    )
    db.session.add(record)
    return record


def hold(who: Person, kind: str, start: dt.date = SINCE, end: dt.date | None = None) -> Position:
    """``who`` holds ``kind`` in their committee from ``start``."""
    position = Position(
        person=who, kind=kind, start_date=start, end_date=end, org_unit=who.org_unit
    )
    db.session.add(position)
    return position


def seed_committee(code: str) -> None:
    """Terms, a retired director, a deputy, three members and eight residents of ``code``."""
    unit = unit_by_code(code)
    for number, (start, end) in enumerate(TERMS, start=1):
        db.session.add(Term(number=number, start_date=start, end_date=end, org_unit=unit))
    director = person(code, f"{code[-3:]}主任", dt.date(1958, 3, 1))
    hold(director, DIRECTOR)
    db.session.add(Retirement(person=director, retired_on=dt.date(2018, 3, 1)))
    hold(person(code, f"{code[-3:]}副主任"), DEPUTY)
    for i in (1, 2, 3):
        hold(person(code, f"{code[-3:]}委员{i}"), MEMBER)
    for i in range(1, 9):
        person(code, f"{code[-3:]}居民{i}")
    db.session.commit()


def named(code: str, suffix: str) -> Person:
    """The person of committee ``code`` named ``<last 3 digits><suffix>``."""
    found = db.session.scalar(
        select(Person).where(
            Person.org_unit_id == unit_by_code(code).id, Person.name == f"{code[-3:]}{suffix}"
        )
    )
    assert found is not None
    return found


def id_number(born: dt.date, serial: int = 1, male: bool = True) -> str:
    """A valid mainland ID number (GB 11643) for someone born on ``born`` in Beijing."""
    sequence = f"{serial * 2 + (1 if male else 0):03d}"[-3:]
    first17 = f"110102{born:%Y%m%d}{sequence}"
    return first17 + check_digit(first17)


def posting(code: str, places: int = 1, **extra: object) -> Posting:
    """An open posting of committee ``code`` (applications 2026-03-01 to 2026-03-15)."""
    record = Posting(
        org_unit=unit_by_code(code),
        title="社区工作站社工专干",
        post="worker",
        grade=3,
        places=places,
        conditions="年满18周岁，大专及以上学历，热爱社区工作",
        apply_from=dt.date(2026, 3, 1),
        apply_until=dt.date(2026, 3, 15),
        written_on=dt.date(2026, 3, 22),
        interview_on=dt.date(2026, 3, 29),
        published_on=dt.date(2026, 2, 25),
        status="open",
        stages="posting,application,eligibility,written,interview,composite,check,notice,agreement",
    )
    for key, value in extra.items():
        setattr(record, key, value)
    db.session.add(record)
    db.session.flush()
    return record
