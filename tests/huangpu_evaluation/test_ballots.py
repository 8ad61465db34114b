"""Ballot codes, casting by code, paper batches and comments as opinions (D1, D3, C14)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from core.extensions import db
from core.models import Opinion
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.ballots import (
    PaperBallot,
    cast_ballot,
    comment_to_opinion,
    enter_paper_batch,
)
from plugins.huangpu_evaluation.codes import (
    ALPHABET,
    BallotError,
    code_hash,
    issue_codes,
    void_unused,
)
from plugins.huangpu_evaluation.kinds import ANNUAL, MEMBER_D1, STREET
from plugins.huangpu_evaluation.models import Ballot, BallotCode, BallotMark, PaperBatch
from plugins.huangpu_evaluation.rounds import transition
from tests.huangpu_evaluation.conftest import A1
from tests.huangpu_evaluation.factories import make_round, round_committee, take_part

TODAY = dt.date(2026, 1, 15)


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _open_round(kind: str = ANNUAL, half: int | None = None) -> object:
    round_ = make_round(kind, 2025 if half is None else 2026, [A1], half=half)
    transition(db.session, round_, "open", TODAY)
    db.session.commit()
    return round_committee(round_, A1)


def test_d1_codes_are_one_time_and_a_second_use_writes_nothing(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        rc = _open_round()
        staff = [s.id for s in rc.subjects]
        codes = issue_codes(db.session, rc)
        db.session.commit()
        # One per participant (10 representatives, 2 group leaders, 3 supervisors), XXXX-XXXX.
        assert len(codes) == 15 == len(set(codes))
        assert all(re.fullmatch(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", c) for c in codes)
        stored = set(db.session.scalars(select(BallotCode.code_hash)))
        assert stored == {code_hash(c) for c in codes}
        # Nothing more to issue while every participant is covered.
        assert issue_codes(db.session, rc) == []

        marks = {None: [1, 2, None, 1], staff[0]: [1, 1, 1, 1, 1], staff[1]: [2]}
        # Case, spaces and dashes do not matter.
        cast_ballot(db.session, " " + codes[0].replace("-", "").lower(), marks, " 多组织活动 ")
        db.session.commit()
        ballot = db.session.scalars(select(Ballot)).one()
        assert (ballot.channel, ballot.comment, ballot.org_unit_id) == (
            "code",
            "多组织活动",
            rc.org_unit_id,
        )
        assert re.fullmatch(r"[0-9a-f]{32}", ballot.id)
        # One mark per part of the ballot: the committee's work and each staff member.
        by_subject = {m.subject_id: m.answers for m in ballot.marks}
        assert set(by_subject) == {None, *staff}
        assert by_subject[None] == (1, 2, None, 1, None)
        assert by_subject[staff[1]] == (2, None, None, None, None)
        assert by_subject[staff[2]] == (None,) * 5
        assert all(m.round_committee_id == rc.id for m in ballot.marks)

        # D1: the same code again is refused and nothing is written.
        with pytest.raises(BallotError, match=r"已使用.*\(D1\)"):
            cast_ballot(db.session, codes[0], marks, "")
        db.session.rollback()
        assert (_count(Ballot), _count(BallotMark)) == (1, 7)

        # Wrong code, answers out of range, a subject of another ballot: refused, nothing written.
        with pytest.raises(BallotError, match="评议码不正确"):
            cast_ballot(db.session, "ABCD-EFGH", marks, "")
        with pytest.raises(BallotError, match="只能选 优秀、合格、基本合格、不合格"):
            cast_ballot(db.session, codes[1], {None: [5]}, "")
        with pytest.raises(BallotError, match="不属于本次评议"):
            cast_ballot(db.session, codes[1], {999999: [1]}, "")
        with pytest.raises(BallotError, match="只有 4 个评议项目"):
            cast_ballot(db.session, codes[1], {None: [1, 1, 1, 1, 1]}, "")
        db.session.rollback()
        assert (_count(Ballot), _count(BallotMark)) == (1, 7)
        assert not db.session.scalar(
            select(BallotCode).where(BallotCode.code_hash == code_hash(codes[1]))
        ).used

        # One code used: one more is issued to cover the body again; voided codes are refused.
        assert len(issue_codes(db.session, rc)) == 1
        assert void_unused(db.session, rc) == 15
        db.session.commit()
        with pytest.raises(BallotError, match="已作废"):
            cast_ballot(db.session, codes[2], {}, "")
        db.session.rollback()


def test_d1_ballot_after_the_round_closed_is_refused(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        rc = _open_round()
        codes = issue_codes(db.session, rc, 2)
        db.session.commit()
        cast_ballot(db.session, codes[0], {}, "")  # a blank ballot is a valid ballot
        transition(db.session, rc.round, "closed", TODAY)
        db.session.commit()
        with pytest.raises(BallotError, match="本轮评议已结束，不再接受投票"):
            cast_ballot(db.session, codes[1], {None: [1]}, "")
        db.session.rollback()
        assert _count(Ballot) == 1
        with pytest.raises(BallotError, match="已结束"):
            issue_codes(db.session, rc, 1)
        with pytest.raises(BallotError, match="已结束"):
            enter_paper_batch(db.session, rc, [PaperBallot({})])
        db.session.rollback()
        # A street evaluation takes no ballots at all.
        street = make_round(STREET, 2026, [A1], half=1)
        with pytest.raises(BallotError, match="不用选票"):
            issue_codes(db.session, street.committees[0], 1)
        db.session.rollback()


def test_d1_a_code_claimed_meanwhile_is_refused_by_the_conditional_update(hp_app: Flask) -> None:
    """Two submissions of one code: the one that loses the race writes nothing (D1)."""
    with hp_app.app_context(), acting_as(SYSTEM):
        rc = _open_round(MEMBER_D1, half=1)
        (code,) = issue_codes(db.session, rc, 1)
        db.session.commit()
        # This session has read the code as unused ...
        row = db.session.scalar(select(BallotCode))
        assert row is not None and row.used is False
        # ... when another submission claims it and commits.
        with db.engine.begin() as other:
            other.execute(update(BallotCode.__table__).values(used=True))
        with pytest.raises(BallotError, match="已使用"):
            cast_ballot(db.session, code, {rc.subjects[0].id: [1, 1, 1, 1]}, "")
        db.session.rollback()
        assert (_count(Ballot), _count(BallotMark)) == (0, 0)


def test_d3_paper_batch_beyond_took_part_is_refused_whole(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        rc = _open_round()
        take_part(rc, 3)
        (code,) = issue_codes(db.session, rc, 1)
        cast_ballot(db.session, code, {None: [1, 1, 1, 1]}, "")
        db.session.commit()
        three = [PaperBallot({None: [2, 2, 2, 2]}) for _ in range(3)]
        with pytest.raises(
            BallotError, match=r"本批 3 张加上已收的 1 张共 4 张，超过已参与评议的 3 人"
        ):
            enter_paper_batch(db.session, rc, three, "第一批")
        db.session.rollback()
        assert (_count(Ballot), _count(PaperBatch)) == (1, 0)
        # One bad ballot refuses the batch, naming it.
        bad = [PaperBallot({None: [1]}), PaperBallot({None: [9]})]
        with pytest.raises(BallotError, match="第 2 张选票"):
            enter_paper_batch(db.session, rc, bad)
        db.session.rollback()
        batch = enter_paper_batch(
            db.session,
            rc,
            [PaperBallot({None: [2, 2, None, 3]}, "楼道灯坏了"), PaperBallot({})],
            "会后回收",
        )
        db.session.commit()
        assert batch.count == 2
        paper = db.session.scalars(select(Ballot).where(Ballot.channel == "paper")).all()
        assert len(paper) == 2 and {b.batch_id for b in paper} == {batch.id}
        assert _count(Ballot) == 3

        # D3: the opinion box becomes a core opinion with the C14 follow-up.
        ballot = next(b for b in paper if b.comment)
        opinion = comment_to_opinion(db.session, ballot, TODAY)
        db.session.commit()
        assert ballot.opinion_id == opinion.id
        saved = db.session.get(Opinion, opinion.id)
        assert saved is not None
        assert (saved.channel, saved.content, saved.received_on) == ("card", "楼道灯坏了", TODAY)
        assert (saved.submitter_name, saved.org_unit_id, saved.status) == (
            "",
            rc.org_unit_id,
            "open",
        )
        assert saved.reply_due_on is not None and saved.reply_due_on > TODAY
        with pytest.raises(BallotError, match="已转为群众意见"):
            comment_to_opinion(db.session, ballot, TODAY)
        blank = next(b for b in paper if not b.comment)
        with pytest.raises(BallotError, match="没有填写意见"):
            comment_to_opinion(db.session, blank, TODAY)
        db.session.rollback()
