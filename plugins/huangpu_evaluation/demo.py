"""Demo data: two years of published evaluations, this year's rounds under way (H1–H9, D1–D4).

For the Huangpu committees of the demo (streets 310101002000 外滩街道 and
310101013000 南京东路街道, at most ``PER_STREET`` committees of each):

- each committee gets a community worker dispatched by the street (H2);
- the last two years: the annual mass evaluation (published, H4, H7) with
  ballots from most of the body (one committee last year stays below four
  fifths, so its mass part does not count, D1), and both half-year street
  evaluations (closed) with scores and sources (H4);
- this year: the first half's street evaluation closed, the second's open
  and partly entered; a D1 democratic evaluation held in February (D4); the
  annual mass evaluation open, half the ballots in. Committee 310101002001
  has printable demo codes ``HP26-AAAB`` … ``HP26-AAAZ`` (see the user
  guide) to try the residents' ballot page.

Answers are drawn per committee around a "quality" so that results spread
over the four grades. Everything is seeded: the same data every time.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import OrgUnit, Person, Position
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.codes import code_hash
from plugins.huangpu_evaluation.kinds import (
    ANNUAL,
    DISPATCHED_WORKER,
    MEMBER_D1,
    STREET,
    STREET_SOURCES,
    forms_of,
)
from plugins.huangpu_evaluation.models import (
    Ballot,
    BallotCode,
    BallotMark,
    Round,
    RoundCommittee,
    StreetEvaluation,
)
from plugins.huangpu_evaluation.rounds import create_round, transition

STREETS = ("310101002000", "310101013000")
#: The committee whose demo codes the user guide lists.
CODE_COMMITTEE = "310101002001"
DEMO_CODES = tuple(f"HP26-AAA{c}" for c in "BCDEFGHJKMNPQRSTUVWXYZ")
#: At most this many committees per street take part (``--scale`` makes thousands).
PER_STREET = 8
WORKERS = (
    "周晓雯", "吴俊杰", "郑丽华", "王海燕", "冯志强", "陈静怡",
    "褚建国", "卫佳琪", "蒋文博", "沈雨欣", "韩立新", "杨思敏",
)  # fmt: skip


def load_demo(session: Session, district_code: str) -> None:
    """Rounds, ballots and street scores for the demo's Huangpu committees (see module doc)."""
    rng = random.Random(2026)
    today = dt.date.today()
    with acting_as(SYSTEM):
        streets = {
            s.code: s for s in session.scalars(select(OrgUnit).where(OrgUnit.code.in_(STREETS)))
        }
        if not streets:
            return
        by_street: dict[str, list[OrgUnit]] = {}
        for code, street in sorted(streets.items()):
            units = [c for c in sorted(street.children, key=lambda u: u.code)]
            units = [c for c in units if c.kind == "committee"][:PER_STREET]
            if units:
                by_street[code] = units
        every = [c for units in by_street.values() for c in units]
        if not every:
            return
        _workers(session, every, rng)
        quality = {c.id: rng.choice((0.92, 0.85, 0.78, 0.7, 0.6)) for c in every}
        low = every[1].id if len(every) > 1 else None
        for year in (today.year - 2, today.year - 1):
            for code, units in by_street.items():
                street = streets[code]
                _street_rounds(session, street, units, year, (1, 2), quality, rng, today)
                _annual(
                    session,
                    street,
                    units,
                    year,
                    quality,
                    rng,
                    low if year == today.year - 1 else None,
                )
        for code, units in by_street.items():
            street = streets[code]
            if today >= dt.date(today.year, 7, 1):
                _street_rounds(session, street, units, today.year, (1,), quality, rng, today)
                _street_open(session, street, units, today.year, quality, rng)
            _d1(session, street, units, today.year, rng)
            _annual_open(session, street, units, today.year, quality, rng, today)
        session.flush()


def _workers(session: Session, committees: list[OrgUnit], rng: random.Random) -> None:
    for i, committee in enumerate(committees):
        person = Person(
            org_unit=committee,
            name=WORKERS[i % len(WORKERS)],
            sex="female" if i % 3 else "male",
            birth_date=dt.date(1985 + i % 12, 1 + i % 12, 1 + i % 27),
        )
        session.add(person)
        session.add(
            Position(
                person=person,
                kind=DISPATCHED_WORKER,
                org_unit=committee,
                start_date=dt.date(2021, 3, 1),
                note="街道派驻社区工作者 (H2)",
            )
        )
    session.flush()


def _answer(rng: random.Random, quality: float, answers: int) -> int:
    """An answer number (1 = best) drawn around ``quality``."""
    draw = rng.random()
    if answers == 3:
        return 1 if draw < quality - 0.25 else (2 if draw < 0.97 else 3)
    if draw < quality - 0.3:
        return 1
    if draw < quality + 0.12:
        return 2
    return 3 if draw < 0.985 else 4


def _ballots(
    session: Session, rc: RoundCommittee, count: int, quality: float, rng: random.Random
) -> None:
    committee_form, staff_form = forms_of(rc.round.kind)
    for n in range(count):
        ballot = Ballot(
            id=secrets.token_hex(16),
            round_committee_id=rc.id,
            org_unit_id=rc.org_unit_id,
            channel="paper" if n % 3 == 0 else "code",
            comment=rng.choice(
                ("", "", "", "", "希望加装电梯的事早点有进展。", "楼道堆物要管一管。")
            ),
        )
        session.add(ballot)
        subjects: list[tuple[int | None, int]] = []
        if committee_form is not None:
            subjects.append((None, len(committee_form.items)))
        if staff_form is not None:
            subjects.extend((s.id, len(staff_form.items)) for s in rc.subjects)
        for subject_id, items in subjects:
            form = committee_form if subject_id is None else staff_form
            assert form is not None
            answers = [_answer(rng, quality, len(form.answers)) for _ in range(items)]
            answers += [None] * (5 - items)  # type: ignore[list-item]
            session.add(
                BallotMark(
                    ballot=ballot,
                    round_committee_id=rc.id,
                    org_unit_id=rc.org_unit_id,
                    subject_id=subject_id,
                    a1=answers[0],
                    a2=answers[1],
                    a3=answers[2],
                    a4=answers[3],
                    a5=answers[4],
                )
            )


def _take_part(rc: RoundCommittee, share: float) -> int:
    count = max(1, round(len(rc.participants) * share))
    for i, participant in enumerate(rc.participants):
        participant.took_part = i < count
    return count


def _annual(
    session: Session,
    street: OrgUnit,
    units: list[OrgUnit],
    year: int,
    quality: dict[int, float],
    rng: random.Random,
    low: int | None,
) -> None:
    round_ = create_round(session, street, ANNUAL, year, units, method="meeting")
    session.flush()
    transition(session, round_, "open", dt.date(year, 12, 5))
    for rc in round_.committees:
        share = 0.7 if rc.org_unit_id == low else rng.uniform(0.84, 1.0)
        took = _take_part(rc, share)
        _ballots(session, rc, took, quality[rc.org_unit_id], rng)
    session.flush()
    transition(session, round_, "closed", dt.date(year, 12, 20))
    transition(session, round_, "published", dt.date(year, 12, 28))


def _scores(session: Session, rc: RoundCommittee, quality: float, rng: random.Random) -> None:
    sources = ",".join(rng.sample(list(STREET_SOURCES), 3))
    subjects = [None, *rc.subjects]
    for subject in subjects:
        items = 4 if subject is None else 5
        values = [
            Decimal(str(round(min(99.5, max(50.0, rng.gauss(quality * 100 + 4, 4))), 1)))
            for _ in range(items)
        ]
        values += [None] * (5 - items)  # type: ignore[list-item]
        session.add(
            StreetEvaluation(
                round_committee=rc,
                subject=subject,
                score_1=values[0],
                score_2=values[1],
                score_3=values[2],
                score_4=values[3],
                score_5=values[4],
                sources=sources,
                note="综合职能部门、党组织评价，征求居民、社区民警和驻区单位意见",
            )
        )


def _street_rounds(
    session: Session,
    street: OrgUnit,
    units: list[OrgUnit],
    year: int,
    halves: tuple[int, ...],
    quality: dict[int, float],
    rng: random.Random,
    today: dt.date,
) -> None:
    for half in halves:
        round_ = create_round(session, street, STREET, year, units, half=half)
        session.flush()
        end = dt.date(year, 6, 20) if half == 1 else dt.date(year, 12, 15)
        transition(session, round_, "open", end - dt.timedelta(days=10))
        for rc in round_.committees:
            _scores(session, rc, quality[rc.org_unit_id], rng)
        session.flush()
        transition(session, round_, "closed", min(end, today))


def _street_open(
    session: Session,
    street: OrgUnit,
    units: list[OrgUnit],
    year: int,
    quality: dict[int, float],
    rng: random.Random,
) -> None:
    round_ = create_round(session, street, STREET, year, units, half=2)
    session.flush()
    transition(session, round_, "open", dt.date(year, 11, 1))
    for rc in round_.committees[: len(round_.committees) // 2]:
        _scores(session, rc, quality[rc.org_unit_id], rng)
    session.flush()


def _d1(
    session: Session, street: OrgUnit, units: list[OrgUnit], year: int, rng: random.Random
) -> None:
    round_ = create_round(session, street, MEMBER_D1, year, units, half=1)
    session.flush()
    transition(session, round_, "open", dt.date(year, 2, 24))
    for rc in round_.committees:
        took = _take_part(rc, rng.uniform(0.82, 1.0))
        _ballots(session, rc, took, 0.85, rng)
    session.flush()
    transition(session, round_, "closed", dt.date(year, 2, 28))


def _annual_open(
    session: Session,
    street: OrgUnit,
    units: list[OrgUnit],
    year: int,
    quality: dict[int, float],
    rng: random.Random,
    today: dt.date,
) -> None:
    round_: Round = create_round(session, street, ANNUAL, year, units, method="meeting")
    session.flush()
    transition(session, round_, "open", min(today, dt.date(year, 12, 1)))
    for rc in round_.committees:
        took = _take_part(rc, 0.5)
        _ballots(session, rc, took // 2, quality[rc.org_unit_id], rng)
        if rc.org_unit.code == CODE_COMMITTEE:
            for code in DEMO_CODES:
                session.add(
                    BallotCode(
                        round_committee_id=rc.id,
                        org_unit_id=rc.org_unit_id,
                        code_hash=code_hash(code),
                    )
                )
    session.flush()
