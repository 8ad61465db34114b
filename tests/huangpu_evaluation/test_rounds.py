"""Rounds: who is evaluated, who takes part, the statuses (H2, H4, H5, H9, D1, D4)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from core.extensions import db
from core.policy import set_value
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.kinds import ANNUAL, CADRE_D2, MEMBER_D1, STREET, TERM
from plugins.huangpu_evaluation.rounds import RoundError, d1_month_ok, transition, turnouts
from tests.factories import unit_by_code
from tests.huangpu_evaluation.conftest import A1, A2, B1
from tests.huangpu_evaluation.factories import add_ballots, make_round, round_committee, take_part

TODAY = dt.date(2026, 11, 21)


def test_h2_h4_h9_annual_round_lists_staff_and_the_mass_body(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(ANNUAL, 2025, [A1, A2])
        rc = round_committee(round_, A1)
        # H2: committee members (director, deputy, three members) and the dispatched worker.
        titles = [s.title for s in rc.subjects]
        assert titles == ["居委会主任", "居委会副主任", *["居委会委员"] * 3, "街道派驻社区工作者"]
        assert [s.role for s in rc.subjects].count("worker") == 1
        # H4: representatives and group leaders; H9: the supervision group takes part.
        categories = [p.category for p in rc.participants]
        assert categories.count("resident_rep") == 10
        assert categories.count("group_leader") == 2
        assert categories.count("supervision") == 3
        assert round_.title == "东华门街道2025年度群众评议" or round_.title.endswith(
            "2025年度群众评议"
        )


def test_h9_a_mass_evaluation_cannot_open_without_the_supervision_group(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(ANNUAL, 2025, [A1])
        rc = round_.committees[0]
        for participant in [p for p in rc.participants if p.category == "supervision"]:
            rc.participants.remove(participant)
        db.session.commit()
        with pytest.raises(RoundError, match=r"居务监督小组.*H9"):
            transition(db.session, round_, "open", TODAY)
        db.session.rollback()
        assert round_.status == "draft"


def test_d1_member_evaluation_is_by_representatives_and_half_yearly(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(MEMBER_D1, 2026, [A1], half=1)
        rc = round_.committees[0]
        assert {p.category for p in rc.participants} == {"resident_rep"}
        assert (round_.period_start, round_.period_end) == (
            dt.date(2026, 1, 1),
            dt.date(2026, 6, 30),
        )
        with pytest.raises(RoundError, match="上半年或下半年"):
            make_round(MEMBER_D1, 2026, [A1])
        db.session.rollback()
        with pytest.raises(RoundError, match="测评期间须在"):
            make_round(
                STREET,
                2026,
                [A1],
                half=1,
                period_start=dt.date(2026, 6, 1),
                period_end=dt.date(2026, 7, 31),
            )
        db.session.rollback()


def test_d2_cadre_round_has_the_satisfaction_form(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(CADRE_D2, 2025, [A1])
        rc = round_.committees[0]
        assert len(rc.subjects) == 6
        assert {p.category for p in rc.participants} == {"resident_rep"}


def test_h5_term_round_evaluates_the_committees_work_only(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(
            TERM,
            2025,
            [A1],
            period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2025, 11, 30),
        )
        rc = round_.committees[0]
        assert rc.subjects == []  # the committee's work over the whole term (H5)
        assert any(p.category == "supervision" for p in rc.participants)


def test_c1_a_round_takes_only_committees_of_its_street(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        with pytest.raises(RoundError, match="不属于"):
            make_round(ANNUAL, 2025, [A1, B1])
        db.session.rollback()
        with pytest.raises(RoundError, match="不能属于居委会"):
            make_round(ANNUAL, 2025, [A1], street=A1)
        db.session.rollback()


def test_d1_statuses_and_turnout_exactly_four_fifths(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(ANNUAL, 2025, [A1, A2])
        with pytest.raises(RoundError, match="不能改为已公布"):
            transition(db.session, round_, "published", TODAY)
        transition(db.session, round_, "open", TODAY)
        assert round_.opened_on == TODAY
        a1, a2 = round_committee(round_, A1), round_committee(round_, A2)
        take_part(a1, 12)  # 12 of 15 = 4/5 exactly: counts
        take_part(a2, 11)  # 11 of 15: does not
        add_ballots(a1, 12, committee=[1, 1, 2, 2])
        figures = turnouts(db.session, round_)
        assert figures[a1.id].verdict.valid is True
        assert figures[a1.id].verdict.explanation == "参与 12/15 = 80.0%，达到 4/5，评议有效 (D1)"
        assert figures[a2.id].verdict.valid is False
        assert "未达到 4/5" in figures[a2.id].verdict.explanation
        assert (figures[a1.id].ballots, figures[a2.id].ballots) == (12, 0)
        # Frozen fields once open.
        round_.year = 2024
        with pytest.raises(RoundError, match="测评已开始"):
            db.session.flush()
        db.session.rollback()
        transition(db.session, round_, "closed", TODAY)
        with pytest.raises(RoundError, match="理由"):
            transition(db.session, round_, "open", TODAY)
        transition(db.session, round_, "open", TODAY, reason="补录纸质选票")
        assert "补录纸质选票" in round_.note
        transition(db.session, round_, "closed", TODAY)
        transition(db.session, round_, "published", TODAY)
        with pytest.raises(RoundError):
            transition(db.session, round_, "open", TODAY, reason="x")


def test_d1_turnout_threshold_is_a_policy_parameter(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        set_value(
            db.session,
            "huangpu_evaluation.turnout.threshold",
            "2/3",
            dt.date(2025, 1, 1),
            unit_by_code("310101000000"),
        )
        db.session.commit()
        round_ = make_round(ANNUAL, 2025, [A2])
        rc = round_.committees[0]
        take_part(rc, 10)  # 10 of 15 = 2/3
        verdict = turnouts(db.session, round_)[rc.id].verdict
        assert verdict.valid and "达到 2/3" in verdict.explanation


def test_d4_member_evaluation_months(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = make_round(MEMBER_D1, 2026, [A1], half=1)
        round_.opened_on = dt.date(2026, 2, 10)
        ok, text = d1_month_ok(db.session, round_)
        assert ok and text == "于2月评议，符合每年2月、8月的评议时间 (D4)"
        round_.opened_on = dt.date(2026, 5, 10)
        ok, text = d1_month_ok(db.session, round_)
        assert not ok and "不在每年2月、8月" in text
