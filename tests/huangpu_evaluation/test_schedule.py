"""Reminders of evaluations due (H4 cadence, H5 term evaluation, D4 months) and their page."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.kinds import ANNUAL, MEMBER_D1, STREET, TERM
from plugins.huangpu_evaluation.rounds import transition
from plugins.huangpu_evaluation.schedule import reminders
from tests.factories import login, unit_by_code
from tests.huangpu_evaluation.conftest import A1, A2
from tests.huangpu_evaluation.factories import make_round


def _texts(year: int, today: dt.date, code: str) -> list[tuple[str, str, bool]]:
    rows = reminders(db.session, year, today, [unit_by_code(code)])
    return [(r.rule, r.text, r.overdue) for r in rows[0].reminders]


def test_h4_yearly_mass_and_half_yearly_street_evaluations_are_reminded(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        found = _texts(2025, dt.date(2026, 1, 10), A1)
        assert ("H4", "2025年度群众评议没有进行（每年一次）(H4)", True) in found
        assert ("H4", "2025年上半年街道评价没有进行（每半年一次）(H4)", True) in found
        assert ("H4", "2025年下半年街道评价没有进行（每半年一次）(H4)", True) in found
        # In May only the first half has begun, and nothing is overdue yet.
        may = _texts(2026, dt.date(2026, 5, 1), A1)
        assert [t for _, t, _ in may if "街道" in t] == [
            "2026年上半年街道评价尚未进行（每半年一次）(H4)"
        ]
        assert not any(overdue for rule, _, overdue in may if rule == "H4")
        annual = make_round(ANNUAL, 2025, [A1])
        make_round(STREET, 2025, [A1], half=1)
        make_round(STREET, 2025, [A1], half=2)
        assert (
            _texts(2025, dt.date(2026, 1, 10), A1)[0][1] == "2025年度群众评议进行中，尚未结束 (H4)"
        )
        transition(db.session, annual, "open", dt.date(2025, 12, 1))
        transition(db.session, annual, "closed", dt.date(2025, 12, 20))
        db.session.commit()
        assert [t for t in _texts(2025, dt.date(2026, 1, 10), A1) if t[0] == "H4"] == []


def test_h5_term_evaluation_is_due_before_re_election(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        early = _texts(2025, dt.date(2025, 3, 1), A2)
        assert not [t for t in early if t[0] == "H5"]  # ten months before the term ends
        due = [t for t in _texts(2025, dt.date(2025, 9, 1), A2) if t[0] == "H5"]
        assert due == [("H5", "第1届将于 2025-12-31 届满，换届前须进行届期评价 (H5)", False)]
        make_round(
            TERM, 2025, [A2], period_start=dt.date(2021, 1, 1), period_end=dt.date(2025, 11, 30)
        )
        assert not [t for t in _texts(2025, dt.date(2025, 9, 1), A2) if t[0] == "H5"]


def test_d4_democratic_evaluation_outside_february_and_august(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        feb = make_round(MEMBER_D1, 2026, [A1], half=1)
        transition(db.session, feb, "open", dt.date(2026, 2, 20))
        may = make_round(MEMBER_D1, 2026, [A2], half=1)
        transition(db.session, may, "open", dt.date(2026, 5, 20))
        db.session.commit()
        assert not [t for t in _texts(2026, dt.date(2026, 9, 1), A1) if t[0] == "D4"]
        d4 = [t for t in _texts(2026, dt.date(2026, 9, 1), A2) if t[0] == "D4"]
        assert len(d4) == 1 and "于5月评议，不在每年2月、8月的评议时间内 (D4)" in d4[0][1]


def test_h4_reminder_page_lists_the_streets_committees(hp_app: Flask) -> None:
    client = hp_app.test_client()
    login(client, "street_a")
    page = client.get("/admin/huangpu/reminders/?year=2025")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "测评提醒" in html and "2025年度群众评议没有进行" in html
    assert "310101013001" not in html
    login(client, "committee_a1")
    mine = client.get("/admin/huangpu/reminders/?year=2025").get_data(as_text=True)
    assert mine.count('data-committee="') == 1
