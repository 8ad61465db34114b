"""Results from the database: the 70/30 year result, round results, histories (H3–H8, D1, D2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from flask import Flask
from sqlalchemy import event, select

from core.extensions import db
from core.models import User
from core.policy import set_value
from core.scoping import SYSTEM, acting_as, actor_for
from plugins.huangpu_evaluation.kinds import ANNUAL, CADRE_D2, MEMBER_D1, STREET, TERM
from plugins.huangpu_evaluation.models import Round, StreetEvaluation
from plugins.huangpu_evaluation.parameters import STREET_COMBINE
from plugins.huangpu_evaluation.results import (
    committee_history,
    person_history,
    round_results,
    year_results,
)
from plugins.huangpu_evaluation.rounds import transition
from tests.factories import unit_by_code
from tests.huangpu_evaluation.conftest import A1, A2, B1
from tests.huangpu_evaluation.factories import (
    add_ballots,
    make_round,
    round_committee,
    staff_person,
    take_part,
)

D = Decimal
STREET_A, STREET_B = "310101002000", "310101013000"


def _close(round_: Round, day: dt.date) -> None:
    transition(db.session, round_, "closed", day)
    db.session.commit()


def _open(round_: Round, day: dt.date) -> None:
    transition(db.session, round_, "open", day)
    db.session.commit()


def street_scores(
    year: int,
    half: int,
    codes: Sequence[str],
    committee: Sequence[int],
    staff: Sequence[int] | None = None,
    street: str = STREET_A,
) -> Round:
    """A closed street round of ``half`` with the same scores for every committee (and staff)."""
    round_ = make_round(STREET, year, codes, street=street, half=half)
    _open(round_, dt.date(year, 6 * half, 20))
    for code in codes:
        rc = round_committee(round_, code)
        db.session.add(
            StreetEvaluation(
                round_committee=rc,
                **{f"score_{i}": D(v) for i, v in enumerate(committee, start=1)},
                sources="departments,party",
            )
        )
        for subject in rc.subjects if staff is not None else ():
            db.session.add(
                StreetEvaluation(
                    round_committee=rc,
                    subject=subject,
                    **{f"score_{i}": D(v) for i, v in enumerate(staff or (), start=1)},
                )
            )
    db.session.commit()
    _close(round_, dt.date(year, 6 * half, 28))
    return round_


def annual(year: int, codes: Sequence[str], street: str = STREET_A) -> Round:
    """An open annual round of ``street`` over ``codes``."""
    round_ = make_round(ANNUAL, year, codes, street=street)
    _open(round_, dt.date(year, 12, 1))
    return round_


def test_h3_year_results_70_30_with_turnout_street_halves_and_ranks(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        round_ = annual(2025, [A1, A2])
        a1, a2 = round_committee(round_, A1), round_committee(round_, A2)
        take_part(a1, 12)  # 12 of 15 = exactly 4/5: counts (D1)
        take_part(a2, 11)  # 11 of 15: just below
        add_ballots(a1, 8, committee=[1, 1, 2, 2], staff=[1, 2, 2, 2, 2])
        add_ballots(a1, 2, committee=[1, 1, 2, None], staff=[1, 2, 2, 2, 2])
        add_ballots(a2, 10, committee=[1, 1, 1, 1], staff=[1, 1, 1, 1, 1])
        _close(round_, dt.date(2025, 12, 20))
        b_round = annual(2025, [B1], street=STREET_B)
        take_part(round_committee(b_round, B1))
        add_ballots(round_committee(b_round, B1), 5, committee=[2, 2, 2, 2])
        _close(b_round, dt.date(2025, 12, 20))
        street_scores(2025, 1, [A1, A2], (90, 92, 88, 90), staff=(85, 85, 85, 85, 85))
        street_scores(2025, 2, [A1, A2], (92, 92, 92, 92), staff=(90, 90, 90, 90, 90))

        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(db.engine, "before_cursor_execute", count)
        results = year_results(db.session, 2025)
        event.remove(db.engine, "before_cursor_execute", count)
        assert len(statements) <= 8, statements  # set-based: a fixed number of queries

        by_name = {r.committee_name: r for r in results.committees}
        first = by_name[unit_by_code(A1).name]
        # Items 100, 100, 80, 80 (blanks not counted): mean 90.0; street (90.0 + 92.0) ÷ 2 = 91.0.
        assert first.mass is not None and first.mass.score == D("90.0")
        assert first.mass.items[3].counts == (0, 8, 0, 0)
        assert first.mass.turnout.valid and "12/15" in first.mass.turnout.explanation
        assert first.street is not None and first.street.halves == (D("90.0"), D("92.0"))
        assert first.street.score == D("91.0")
        assert first.score == D("90.3") and first.grade == "优秀" and first.rank == 1
        assert first.explanation == "群众 90.0 × 70% + 街道 91.0 × 30% = 90.3 → 优秀 (H3, H6)"
        second = by_name[unit_by_code(A2).name]
        assert second.mass is not None and second.mass.score is None
        assert "参与率未达 4/5，群众评价无效" in second.mass.explanation
        assert second.score is None and second.rank is None
        assert "缺群众评价" in second.explanation and "参与率未达 4/5" in second.explanation
        b1 = by_name[unit_by_code(B1).name]
        assert b1.mass is not None and b1.mass.score == D("80.0") and b1.street is None
        assert b1.score is None and "缺街道评价" in b1.explanation
        # Street order (A before B), then rank; unranked last within the street.
        assert [r.committee_name for r in results.committees] == [
            first.committee_name,
            second.committee_name,
            b1.committee_name,
        ]

        staff = [r for r in results.staff if r.committee_id == first.committee_id]
        assert len(staff) == 6 and {r.rank for r in staff} == {1}  # all tied: all first
        director = next(r for r in staff if r.title == "居委会主任")
        # 100, 80, 80, 80, 80 → 84.0; street (85.0 + 90.0) ÷ 2 = 87.5; 58.8 + 26.25 = 85.05 → 85.1
        assert director.mass is not None and director.mass.score == D("84.0")
        assert director.street is not None and director.street.score == D("87.5")
        assert director.score == D("85.1") and director.grade == "合格"
        assert all(r.rank is None for r in results.staff if r.committee_id == second.committee_id)

        only_a = year_results(db.session, 2025, street=unit_by_code(STREET_A))
        assert {r.committee_name for r in only_a.committees} == {
            first.committee_name,
            second.committee_name,
        }
        assert year_results(db.session, 2025, published_only=True).committees == []

        # H4 parameter: "second" from 2026 does not touch 2025; from 2025-06-01 it does.
        set_value(db.session, STREET_COMBINE, "second", dt.date(2026, 1, 1))
        db.session.commit()
        assert year_results(db.session, 2025, committee=unit_by_code(A1)).committees[0].score == D(
            "90.3"
        )
        set_value(db.session, STREET_COMBINE, "second", dt.date(2025, 6, 1))
        db.session.commit()
        again = year_results(db.session, 2025, committee=unit_by_code(A1)).committees[0]
        assert again.street is not None and again.street.score == D("92.0")
        assert "以下半年" in again.street.explanation
        assert again.score == D("90.6") and again.rank == 1  # 63.0 + 27.6


def test_h8_person_history_across_two_years_and_round_kinds(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        for year, answer in ((2024, 2), (2025, 1)):
            round_ = annual(year, [A1])
            rc = round_committee(round_, A1)
            take_part(rc)
            add_ballots(rc, 5, committee=[answer] * 4, staff=[answer] * 5)
            _close(round_, dt.date(year, 12, 20))
            street_scores(year, 1, [A1], (80, 80, 80, 80), staff=(80, 80, 80, 80, 80))
        d1 = make_round(MEMBER_D1, 2025, [A1], half=1, period_end=dt.date(2025, 2, 28))
        _open(d1, dt.date(2025, 2, 10))
        rc = round_committee(d1, A1)
        take_part(rc, 8)  # 8 of 10 representatives: exactly 4/5
        add_ballots(rc, 8, staff=[1, 2, 2, 2])
        _close(d1, dt.date(2025, 2, 20))

        director = staff_person(A1, "主任")
        history = person_history(db.session, director.id)
        assert [(r.year, r.kind) for r in history] == [
            (2024, ANNUAL),
            (2025, ANNUAL),
            (2025, MEMBER_D1),
        ]
        y2024, y2025, member = history
        # 2024: 80 × 70% + 80 × 30% = 80.0 (first half only: the mean falls back to it)
        assert y2024.score == D("80.0") and y2024.grade == "合格"
        assert y2024.street is not None and "下半年缺街道评价" in y2024.street.explanation
        assert y2025.score == D("94.0") and y2025.grade == "优秀"  # 70 + 24
        assert all(r.person_name == director.name and r.title == "居委会主任" for r in history)
        # D1: 100, 80, 80, 80 → 85.0 → 称职 on the D1 scale
        assert member.score == D("85.0") and member.grade == "称职" and member.half == 1
        assert "(D1)" in member.explanation

        chart = committee_history(db.session, unit_by_code(A1).id)
        assert [(r.year, r.score) for r in chart] == [(2024, D("80.0")), (2025, D("94.0"))]

        # Committee staff see published results only, through the scoped reads.
        user = db.session.scalar(select(User).where(User.username == "committee_a1"))
        assert user is not None
        staff_actor = actor_for(user)
        with acting_as(staff_actor):
            assert year_results(db.session, 2025, published_only=True).committees == []
        for round_ in db.session.scalars(select(Round).where(Round.year == 2025)):
            if round_.kind in (ANNUAL, STREET):
                transition(db.session, round_, "published", dt.date(2026, 1, 10))
        db.session.commit()
        with acting_as(staff_actor):
            seen = year_results(db.session, 2025, published_only=True)
            assert [(r.committee_name, r.score) for r in seen.committees] == [
                (unit_by_code(A1).name, D("94.0"))
            ]
            assert len(seen.staff) == 6


def test_h5_d2_round_results_term_and_satisfaction(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        term = make_round(TERM, 2025, [A1, A2])
        _open(term, dt.date(2025, 11, 1))
        for code, answers in ((A1, [2, 2, 2, 2]), (A2, [1, 1, 1, 2])):
            rc = round_committee(term, code)
            take_part(rc)
            add_ballots(rc, 4, committee=answers)
        _close(term, dt.date(2025, 11, 20))
        results = round_results(db.session, term)
        assert [(r.kind, r.score, r.grade, r.rank) for r in results] == [
            (TERM, D("95.0"), "优秀", 1),
            (TERM, D("80.0"), "合格", 2),
        ]
        assert results[1].explanation.endswith("80.0 ≥ 75 → 合格 (H5, H6)")

        d2 = make_round(CADRE_D2, 2025, [A1])
        _open(d2, dt.date(2025, 12, 1))
        rc = round_committee(d2, A1)
        take_part(rc, 8)
        add_ballots(rc, 6, staff=[1])
        add_ballots(rc, 1, staff=[2])
        add_ballots(rc, 1, staff=[3])
        _close(d2, dt.date(2025, 12, 10))
        rated = round_results(db.session, d2)
        assert len(rated) == 6 and {r.grade for r in rated} == {"基本满意"}
        assert rated[0].explanation == "满意 6 + 基本满意 1 = 7 ÷ 8 = 87.5% → 基本满意 (D2)"
