"""Test records for huangpu_evaluation: committees with staff, representatives, groups, supervision.

Call inside an app context as the system actor. ``seed_committee`` gives a
committee one term (2021–2025) and the next (2026–2030) and, on every day
from 2021-01-01, the people a round is built from:

- staff (H2): 主任 ``<code>主任``, 副主任, three 委员, one 街道派驻社区工作者;
- ten resident representatives ``<code>代表1``…``代表10``;
- two group leaders (组长1, 组长2) of 第一组/第二组;
- the supervision group (H9): a leader and two members.

``add_ballots`` writes ballots straight into the tables (as the bench does),
for tests of results that do not exercise the ballot page.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
from collections.abc import Sequence

from sqlalchemy import select

from core.extensions import db
from core.kinds import (
    DEPUTY,
    DIRECTOR,
    GROUP_LEADER,
    MEMBER,
    REPRESENTATIVE,
    SUPERVISION_LEADER,
    SUPERVISION_MEMBER,
)
from core.models import Person, Position, ResidentGroup, Term
from plugins.huangpu_evaluation.kinds import DISPATCHED_WORKER
from plugins.huangpu_evaluation.models import Ballot, BallotMark, Round, RoundCommittee
from plugins.huangpu_evaluation.rounds import create_round
from tests.factories import unit_by_code

SINCE = dt.date(2021, 1, 1)
TERMS = ((dt.date(2021, 1, 1), dt.date(2025, 12, 31)), (dt.date(2026, 1, 1), dt.date(2030, 12, 31)))
_births = itertools.count()


def person(code: str, name: str, party: bool = False) -> Person:
    """A resident of committee ``code``, born in the 1960s–70s."""
    n = next(_births)
    record = Person(
        name=name,
        sex="female" if n % 2 else "male",
        birth_date=dt.date(1960 + n % 20, 1 + n % 12, 1 + n % 28),
        party_member=party,
        org_unit=unit_by_code(code),
    )
    db.session.add(record)
    return record


def hold(who: Person, kind: str, start: dt.date = SINCE, **extra: object) -> Position:
    """``who`` holds position ``kind`` in their committee from ``start``."""
    position = Position(person=who, kind=kind, start_date=start, org_unit=who.org_unit, **extra)
    db.session.add(position)
    return position


def seed_committee(code: str, representatives: int = 10) -> None:
    """Terms, staff, representatives, group leaders and the supervision group of ``code``."""
    unit = unit_by_code(code)
    session = db.session
    for number, (start, end) in enumerate(TERMS, start=1):
        session.add(Term(number=number, start_date=start, end_date=end, org_unit=unit))
    hold(person(code, f"{code[-3:]}主任", party=True), DIRECTOR)
    hold(person(code, f"{code[-3:]}副主任"), DEPUTY)
    for i in range(1, 4):
        hold(person(code, f"{code[-3:]}委员{i}"), MEMBER)
    hold(person(code, f"{code[-3:]}社工"), DISPATCHED_WORKER)
    for i in range(1, representatives + 1):
        hold(person(code, f"{code[-3:]}代表{i}"), REPRESENTATIVE)
    for g in (1, 2):
        group = ResidentGroup(name="第一组" if g == 1 else "第二组", number=g, org_unit=unit)
        session.add(group)
        hold(person(code, f"{code[-3:]}组长{g}"), GROUP_LEADER, resident_group=group)
    hold(person(code, f"{code[-3:]}监督组长"), SUPERVISION_LEADER)
    for i in (1, 2):
        hold(person(code, f"{code[-3:]}监督员{i}"), SUPERVISION_MEMBER)
    session.commit()


def make_round(
    kind: str,
    year: int,
    committees: Sequence[str],
    street: str = "310101002000",
    half: int | None = None,
    **extra: object,
) -> Round:
    """A draft round of ``street`` over the committees ``committees`` (codes), committed."""
    round_ = create_round(
        db.session,
        unit_by_code(street),
        kind,
        year,
        [unit_by_code(c) for c in committees],
        half=half,
        **extra,  # type: ignore[arg-type]
    )
    db.session.commit()
    return round_


def round_committee(round_: Round, code: str) -> RoundCommittee:
    """The round committee of committee ``code`` in ``round_``."""
    for rc in round_.committees:
        if rc.org_unit.code == code:
            return rc
    raise LookupError(code)


def take_part(rc: RoundCommittee, count: int | None = None) -> None:
    """Mark the first ``count`` (default all) participants of ``rc`` as having taken part."""
    for i, participant in enumerate(rc.participants):
        participant.took_part = count is None or i < count
    db.session.commit()


def add_ballots(
    rc: RoundCommittee,
    count: int,
    committee: Sequence[int | None] | None = None,
    staff: Sequence[int | None] | None = None,
    comment: str = "",
) -> None:
    """``count`` identical ballots in ``rc``: the committee's work and every staff member.

    ``committee``/``staff`` are answer numbers per item (1 = the form's first
    answer, None = blank); None leaves that subject unmarked.
    """
    for _ in range(count):
        ballot = Ballot(
            id=secrets.token_hex(16),
            round_committee_id=rc.id,
            org_unit_id=rc.org_unit_id,
            channel="paper",
            comment=comment,
        )
        db.session.add(ballot)
        subjects: list[tuple[int | None, Sequence[int | None]]] = []
        if committee is not None:
            subjects.append((None, committee))
        if staff is not None:
            subjects.extend((s.id, staff) for s in rc.subjects)
        for subject_id, answers in subjects:
            padded = [*answers, None, None, None, None, None][:5]
            db.session.add(
                BallotMark(
                    ballot=ballot,
                    round_committee_id=rc.id,
                    org_unit_id=rc.org_unit_id,
                    subject_id=subject_id,
                    a1=padded[0],
                    a2=padded[1],
                    a3=padded[2],
                    a4=padded[3],
                    a5=padded[4],
                )
            )
    db.session.commit()


def staff_person(code: str, name_suffix: str) -> Person:
    """The person of committee ``code`` named ``<last 3 digits><suffix>``, e.g. ``主任``."""
    found = db.session.scalar(
        select(Person).where(
            Person.org_unit_id == unit_by_code(code).id, Person.name == f"{code[-3:]}{name_suffix}"
        )
    )
    assert found is not None
    return found
