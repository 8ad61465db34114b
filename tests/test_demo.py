"""The demo data (issue 3): deterministic, plausible, and lawful by the core rules.

A small audited profile keeps the tests quick: the same generator as the
default, with fewer households per committee.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.demo import (
    ACCOUNT_DIRECTOR,
    FULL,
    OVERDUE_COMMITTEE,
    DemoBuilder,
    Profile,
    load_demo,
)
from core.extensions import db
from core.kinds import BODY_MEETING_KINDS, REPRESENTATIVE
from core.meetings import convening_status, meeting_figures
from core.migrate import upgrade_all
from core.models import (
    Household,
    Meeting,
    Opinion,
    OrgUnit,
    Person,
    Position,
    RepresentativeHousehold,
    User,
)
from core.opinions import overdue_clause
from core.positions import composition_on, supervision_on
from core.rules.identity import check_against_record, parse_id_number
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app

SMALL = Profile(households=(25, 35), groups=(3, 4), months=12, opinions=(6, 8), audited=True)


@pytest.fixture
def empty_app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    """A migrated database without any org unit."""
    application = make_app(db_url, tmp_path)
    with application.app_context(), acting_as(SYSTEM):
        upgrade_all(application)
    yield application
    dispose(application)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """One database per kind holding the small-profile demo data, shared by this module's checks."""
    tmp = tmp_path_factory.mktemp("demo")
    server, name = None, f"juwei_demo{os.getpid()}"
    if request.param == "sqlite":
        url = f"sqlite:///{(tmp / 'demo.sqlite3').as_posix()}"
    else:
        server = request.getfixturevalue("postgres")
        url = server.create(name)
    application = make_app(url, tmp)
    try:
        with application.app_context(), acting_as(SYSTEM):
            upgrade_all(application)
            load_demo(db.session, seed=11, profile=SMALL)
            db.session.commit()
        yield application
    finally:
        dispose(application)
        if server is not None:
            server.drop(name)


@pytest.fixture
def demo(demo_app: Flask) -> Iterator[list[OrgUnit]]:
    """The demo committees, in a context acting as the system; yields the committees."""
    with demo_app.app_context(), acting_as(SYSTEM):
        committees = select(OrgUnit).where(OrgUnit.kind == "committee").order_by(OrgUnit.id)
        yield list(db.session.scalars(committees))


def _people() -> list[tuple[str, str | None, str]]:
    rows = db.session.execute(
        select(Person.name, Person.id_number, Person.phone).order_by(Person.id)
    ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_demo_same_seed_same_people(empty_app: Flask) -> None:
    with empty_app.app_context(), acting_as(SYSTEM):
        load_demo(db.session, seed=5, scale=3, profile=SMALL)
        first = _people()
        db.session.rollback()
        load_demo(db.session, seed=5, scale=3, profile=SMALL)
        again = _people()
        db.session.rollback()
    assert len(first) > 100
    assert first == again


def test_demo_other_seed_other_people() -> None:
    unit = OrgUnit(id=1, code="310101002001", name="福州路居委会", kind="committee")

    def people(seed: int) -> list[tuple[str, str]]:
        builder = DemoBuilder(None, seed, FULL, dt.date(2026, 11, 21))  # type: ignore[arg-type]
        rows = [
            builder.person_row(unit, "310101", member)
            for _ in range(20)
            for member in builder.family(3)
        ]
        return [(row["name"], row["id_number"]) for row in rows]

    assert people(1) == people(1)
    assert people(1) != people(2)


def test_c10_demo_id_numbers_valid_and_match_the_record(demo: list[OrgUnit]) -> None:
    today = dt.date.today()
    people = db.session.scalars(select(Person)).all()
    units = {unit.id: unit.code for unit in demo}
    for person in people:
        assert person.id_number is not None
        info = parse_id_number(person.id_number, on=today)
        assert check_against_record(info, person.birth_date, person.sex) == []
        assert info.region_code == units[person.org_unit_id][:6]
        if person.phone:
            assert len(person.phone) == 11 and person.phone.startswith("1")
    sexes = {person.sex for person in people}
    assert sexes == {"male", "female"}
    assert any(p.party_member for p in people) and any(p.npc_deputy for p in people)
    assert any(p.employed for p in people) and any(not p.employed for p in people)


def test_demo_counts_plausible(demo: list[OrgUnit]) -> None:
    session = db.session
    assert [unit.code for unit in demo][:2] == ["310101002001", "310101002002"]
    assert {unit.code[:6] for unit in demo} == {"310101", "310106"}
    for unit in demo:
        households = session.scalar(
            select(func.count()).select_from(Household).where(Household.org_unit_id == unit.id)
        )
        people = session.scalar(
            select(func.count()).select_from(Person).where(Person.org_unit_id == unit.id)
        )
        assert 25 <= households <= 35
        assert households <= people <= 4 * households
    usernames = set(session.scalars(select(User.username)))
    assert {"admin", "district", "street_a", "street_b", "committee", "auditor"} <= usernames


def test_c2_c11_c12_demo_committees_lawful(demo: list[OrgUnit]) -> None:
    session = db.session
    today = dt.date.today()
    for unit in demo:
        composition = composition_on(session, unit.id, today)
        assert composition.errors == () and composition.warnings == (), composition.explanation
        assert composition.directors == 1 and 5 <= composition.total <= 9
        assert supervision_on(session, unit.id, today).warning is None
    # Every household is in touch with exactly one representative (C11).
    linked = session.execute(
        select(RepresentativeHousehold.household_id, func.count()).group_by(
            RepresentativeHousehold.household_id
        )
    ).all()
    assert len(linked) == session.scalar(select(func.count()).select_from(Household))
    assert {count for _, count in linked} == {1}
    kinds = set(
        session.scalars(
            select(Position.kind).join(
                RepresentativeHousehold, RepresentativeHousehold.position_id == Position.id
            )
        )
    )
    assert kinds == {REPRESENTATIVE}


def test_c5_c6_c7_demo_meetings(demo: list[OrgUnit]) -> None:
    session = db.session
    today = dt.date.today()
    without_quorum = failed_on_abstentions = 0
    for meeting in session.scalars(select(Meeting).where(Meeting.kind.in_(BODY_MEETING_KINDS))):
        figures = meeting_figures(session, meeting)
        assert figures.problems == []
        assert figures.quorum is not None
        if not figures.quorum.met:
            without_quorum += 1
            continue
        for resolution, result in figures.resolutions:
            assert result is not None
            if not result.passed and resolution.votes_for > resolution.votes_against:
                failed_on_abstentions += 1
    assert without_quorum >= 1
    assert failed_on_abstentions >= 1
    kinds = set(session.scalars(select(Meeting.kind)))
    assert {"hearing", "coordination", "evaluation", "joint_meeting"} <= kinds
    overdue = [unit.code for unit in demo if convening_status(session, unit.id, today).overdue]
    assert overdue == [demo[OVERDUE_COMMITTEE].code]


def test_c14_demo_opinions(demo: list[OrgUnit]) -> None:
    session = db.session
    today = dt.date.today()
    overdue = session.scalar(select(func.count()).select_from(Opinion).where(overdue_clause(today)))
    assert overdue >= 1
    opinions = session.scalars(select(Opinion)).all()
    assert {o.channel for o in opinions} == {"questionnaire", "card", "forum", "visit", "other"}
    assert {o.status for o in opinions} >= {"open", "replied", "rectifying"}
    assert any(o.rectifications for o in opinions)
    # The committee account is 陈主任, director of 福州路居委会, and an opinion is about them.
    account = session.scalar(select(User).where(User.username == "committee"))
    assert account is not None and account.person_id is not None
    director = session.get(Person, account.person_id)
    assert director is not None and director.name.startswith(ACCOUNT_DIRECTOR[1])
    about = [o for o in opinions if o.about_person_id == director.id]
    assert about and about[0].submitter_name


def test_demo_cli_scale_and_idempotent(empty_app: Flask) -> None:
    runner = empty_app.test_cli_runner()
    result = runner.invoke(args=["demo", "--scale", "3", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "demo data loaded: seed 7, 3 committees" in result.output
    assert "person" in result.output and "committee-demo-2026" in result.output
    with empty_app.app_context(), acting_as(SYSTEM):
        # Core's scaled tree; plugins add their own localities' demo units beside it.
        count = (
            select(func.count())
            .select_from(OrgUnit)
            .where(OrgUnit.kind == "committee", OrgUnit.code.startswith("310101"))
        )
        assert db.session.scalar(count) == 3
        people = db.session.scalar(select(func.count()).select_from(Person))
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert "demo data already present" in again.output
    with empty_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count()).select_from(Person)) == people
    refused = runner.invoke(args=["demo", "--scale", "0"])
    assert refused.exit_code != 0
