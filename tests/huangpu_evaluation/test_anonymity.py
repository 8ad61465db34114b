"""Anonymity of the secret ballot: nothing joins a ballot's answers to who cast it (D1)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask_admin.contrib.sqla import ModelView
from sqlalchemy import Date, DateTime, String, Text, inspect, select

from core.extensions import db
from core.models import AuditEntry
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.ballots import PaperBallot, cast_ballot, enter_paper_batch
from plugins.huangpu_evaluation.codes import code_scope, issue_codes, void_unused, voter_actor
from plugins.huangpu_evaluation.kinds import ANNUAL
from plugins.huangpu_evaluation.models import (
    Ballot,
    BallotCode,
    BallotMark,
    Participant,
    RoundCommittee,
)
from plugins.huangpu_evaluation.rounds import transition
from tests.huangpu_evaluation.conftest import A1, A2
from tests.huangpu_evaluation.factories import make_round, round_committee, take_part

BALLOT_TABLES = {Ballot.__tablename__, BallotMark.__tablename__, BallotCode.__tablename__}
#: Who a ballot may lead to: the staff member it marks (the subject, H2) and the
#: person an opinion made of its comment is about (C14) — never who cast it.
ALLOWED_PERSON_LINKS = {("huangpu_evaluation_subject", "person_id"), ("opinion", "about_person_id")}


def _reachable(table: str) -> tuple[set[str], set[tuple[str, str]]]:
    """Tables reachable from ``table`` by foreign keys; the (table, column) edges into person."""
    tables = db.metadata.tables
    seen: set[str] = set()
    into_person: set[tuple[str, str]] = set()
    stack = [table]
    while stack:
        current = stack.pop()
        for fk in tables[current].foreign_keys:
            target = fk.column.table.name
            if target == "person":
                into_person.add((current, fk.parent.name))
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen, into_person


def test_d1_no_table_links_a_ballot_to_a_person_participant_or_code(hp_app: Flask) -> None:
    with hp_app.app_context():
        tables = db.metadata.tables
        for model in (Ballot, BallotMark):
            direct = {fk.column.table.name for fk in model.__table__.foreign_keys}
            assert not direct & {"person", "user_account", Participant.__tablename__}
            reachable, into_person = _reachable(model.__tablename__)
            assert Participant.__tablename__ not in reachable
            assert BallotCode.__tablename__ not in reachable
            assert "user_account" not in reachable
            assert into_person <= ALLOWED_PERSON_LINKS
        # Nothing points at a ballot but its marks, and nothing at a code at all.
        referrers = {
            (t.name, fk.parent.name)
            for t in tables.values()
            for fk in t.foreign_keys
            if fk.column.table.name in {Ballot.__tablename__, BallotCode.__tablename__}
        }
        assert referrers == {(BallotMark.__tablename__, "ballot_id")}
        # No time is kept on a ballot, its marks or a code: order cannot join them.
        for model in (Ballot, BallotMark, BallotCode):
            kinds = [type(c.type) for c in model.__table__.columns]
            assert not any(issubclass(k, Date | DateTime) for k in kinds), model
        assert {c.name for c in BallotCode.__table__.columns} == {
            "id",
            "org_unit_id",
            "round_committee_id",
            "code_hash",
            "used",
            "voided",
        }
        # No admin view or API resource lists ballot codes.
        state = hp_app.extensions["juwei"]
        views = [v for v in state.admin._views if isinstance(v, ModelView)]
        assert views and all(v.model is not BallotCode for v in views)
        assert all(getattr(r, "model", None) is not BallotCode for r in state.api_resources)


def test_d1_audit_entries_of_ballots_carry_no_key_or_values_and_no_code_is_stored(
    hp_app: Flask,
) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(ANNUAL, 2025, [A1, A2])
        transition(db.session, round_, "open", dt.date(2026, 1, 15))
        rc = round_committee(round_, A1)
        take_part(rc)
        codes = issue_codes(db.session, rc, 3)
        db.session.commit()
        subject = rc.subjects[0].id
        scope = code_scope(db.session, codes[0])
        assert scope is not None and scope.round_committee_id == rc.id
    # As the page does: the voter's actor sees the code's committee and nothing else.
    with hp_app.app_context(), acting_as(voter_actor(scope)):
        assert {r.org_unit.code for r in db.session.scalars(select(RoundCommittee))} == {A1}
        cast_ballot(db.session, codes[0], {None: [1, 2, 3, 4], subject: [1]}, "多办活动")
        db.session.commit()
    with hp_app.app_context(), acting_as(voter_actor(None)):
        assert db.session.scalars(select(RoundCommittee)).all() == []
        assert db.session.scalars(select(Ballot)).all() == []
    with hp_app.app_context(), acting_as(SYSTEM):
        rc = db.session.get(RoundCommittee, rc.id)
        assert rc is not None
        enter_paper_batch(db.session, rc, [PaperBallot({None: [2]}, "路灯")], "第一批")
        void_unused(db.session, rc)
        db.session.commit()

        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.table_name.in_(BALLOT_TABLES))
        ).all()
        actions = {(e.table_name, e.action) for e in entries}
        assert (BallotCode.__tablename__, "insert") in actions
        assert (BallotCode.__tablename__, "update") in actions  # used, voided
        assert (Ballot.__tablename__, "insert") in actions
        assert (BallotMark.__tablename__, "insert") in actions
        assert all(e.record_key == "" and not e.changes for e in entries)
        assert {e.actor for e in entries if e.table_name == Ballot.__tablename__} == {
            "评议码投票",
            "system",
        }

        # The plain code is nowhere in the database, in any text column of any table.
        plain = {c for code in codes for c in (code, code.replace("-", ""))}
        present = set(inspect(db.engine).get_table_names())  # other plugins' may be mapped too
        for table in db.metadata.sorted_tables:
            if table.name not in present:
                continue
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if not columns:
                continue
            for row in db.session.execute(select(*columns)).all():
                text = " ".join(str(v) for v in row if v is not None)
                assert not any(code in text for code in plain), table.name
