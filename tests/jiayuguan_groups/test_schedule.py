"""Half-yearly summary meetings (J8), trainings (J9) and evaluations (J10): rules, records, page."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.extensions import db
from core.models import Meeting
from core.scoping import SYSTEM, acting_as
from plugins.jiayuguan_groups.kinds import SUMMARY_MEETING
from plugins.jiayuguan_groups.models import GroupEvaluation, Training
from plugins.jiayuguan_groups.rules.schedule import (
    HalfYear,
    half_year_of,
    last_completed_half,
    summary_status,
    training_status,
)
from plugins.jiayuguan_groups.schedule import committee_schedules
from tests.factories import COMMITTEE_A1, STREET_A, STREET_B, login, unit_by_code
from tests.jiayuguan_groups.factories import group

TERM = (dt.date(2021, 1, 1), dt.date(2025, 12, 31))
DAY = dt.date(2024, 3, 15)


def test_j8_each_completed_half_year_needs_a_summary_meeting() -> None:
    halves = summary_status(*TERM, dt.date(2022, 3, 15), [dt.date(2021, 6, 20)])
    assert [(h.half.label, h.status) for h in halves] == [
        ("2021年上半年", "held"),
        ("2021年下半年", "missing"),
        ("2022年上半年", "pending"),
    ]
    assert halves[1].warning and "每半年应组织1次小结会 (J8)" in halves[1].explanation
    assert "应于 2022-06-30 前召开" in halves[2].explanation
    # The last day of a half-year still belongs to it; the term's end stops the list.
    assert summary_status(*TERM, dt.date(2021, 6, 30), [])[0].status == "pending"
    assert len(summary_status(*TERM, dt.date(2027, 1, 1), [])) == 10
    assert half_year_of(dt.date(2024, 7, 1)) == HalfYear(2024, 2)


def test_j9_falling_behind_with_trainings() -> None:
    start, end = TERM  # midpoint 2023-07-02
    assert training_status(start, end, dt.date(2022, 1, 1), 2).status == "done"
    assert training_status(start, end, dt.date(2022, 1, 1), 0).status == "pending"
    behind = training_status(start, end, dt.date(2023, 7, 3), 0)
    assert behind.behind and "任期已过半" in behind.explanation
    assert training_status(start, end, dt.date(2023, 7, 2), 0).status == "pending"
    assert training_status(start, end, dt.date(2025, 1, 1), 1).status == "pending"
    over = training_status(start, end, dt.date(2026, 1, 1), 1)
    assert over.behind and "届期已满" in over.explanation
    assert "已培训 1 次，每届至少 2 次 (J9)" in over.explanation
    assert training_status(start, end, dt.date(2026, 1, 1), 2, required=3).behind


def test_j10_the_last_completed_half_year_is_evaluated() -> None:
    assert last_completed_half(dt.date(2024, 3, 1)) == HalfYear(2023, 2)
    assert last_completed_half(dt.date(2024, 7, 1)) == HalfYear(2024, 1)
    assert HalfYear(2023, 2).label == "2023年下半年"


def _seed(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        a1 = unit_by_code(COMMITTEE_A1)
        for held_on in (dt.date(2023, 6, 20), dt.date(2023, 12, 20)):
            db.session.add(
                Meeting(
                    kind=SUMMARY_MEETING,
                    title="第一组半年小结会",
                    held_on=held_on,
                    org_unit=a1,
                    resident_group=group(COMMITTEE_A1),
                )
            )
        db.session.add(
            Training(org_unit=unit_by_code(STREET_B), held_on=dt.date(2022, 5, 1), title="钢城培训")
        )
        db.session.commit()


def test_j8_j9_j10_status_page_warns_and_clears(jy_app: Flask, jy_client: FlaskClient) -> None:
    _seed(jy_app)
    with jy_app.app_context(), acting_as(SYSTEM):
        a1 = unit_by_code(COMMITTEE_A1).id
        (status,) = committee_schedules(db.session, DAY, [a1])
        first, second = status.groups
        assert [s.status for s in first.summaries][-3:] == ["held", "held", "pending"]
        assert sum(s.warning for s in first.summaries) == 4  # 2021, 2022 halves
        assert all(s.warning for s in second.summaries[:-1])
        assert status.behind  # no training by street A, more than half the term passed
        assert first.not_evaluated_by == ["街道办事处", "居民委员会"]

    login(jy_client, "committee_a1")
    url = f"/admin/jiayuguan/schedule/?on={DAY}"
    html = jy_client.get(url).get_data(as_text=True)
    assert 'id="jy-behind">1<' in html and "任期已过半（2023-07-02）仍未培训" in html
    assert "2022年下半年未召开小结会" in html
    assert "2023年下半年已召开" in html and "2024年上半年待召开" in html
    assert "街道办事处、居民委员会尚未评议" in html
    assert "落后</strong>的判定" in html  # the rule is on the page
    assert "宁波路居委会" not in html  # another street
    streets = html[html.index('id="jy-streets"') :]
    assert "<td>外滩街道</td><td>1</td>" in streets

    with jy_app.app_context(), acting_as(SYSTEM):
        for held_on in (dt.date(2021, 9, 1), dt.date(2023, 9, 1)):
            db.session.add(
                Training(org_unit=unit_by_code(STREET_A), held_on=held_on, title="居民小组培训")
            )
        for evaluator in ("street", "committee"):
            db.session.add(
                GroupEvaluation(
                    resident_group=group(COMMITTEE_A1),
                    evaluator=evaluator,
                    year=2023,
                    half=2,
                    grade="good",
                    evaluated_on=dt.date(2024, 1, 10),
                )
            )
        db.session.commit()
    html = jy_client.get(url).get_data(as_text=True)
    assert 'id="jy-behind">0<' in html
    assert "已培训 2 次，每届至少 2 次 (J9)" in html
    assert "街道、居委会均已评议" in html


def test_j9_trainings_are_recorded_by_the_street(jy_app: Flask, jy_client: FlaskClient) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        street_a, a1 = unit_by_code(STREET_A).id, unit_by_code(COMMITTEE_A1).id
    login(jy_client, "street_a")
    form = jy_client.get("/admin/jiayuguan/training/new/").get_data(as_text=True)
    assert "外滩街道" in form and "福州路居委会" not in form  # streets only
    data = {"held_on": "2026-03-01", "title": "居民小组长培训", "audience": "both"}
    jy_client.post("/admin/jiayuguan/training/new/", data={**data, "org_unit": a1})
    jy_client.post("/admin/jiayuguan/training/new/", data={**data, "org_unit": street_a})
    with jy_app.app_context(), acting_as(SYSTEM):
        trainings = db.session.scalars(select(Training)).all()
        assert [t.org_unit_id for t in trainings] == [street_a]
    jy_client.post("/logout")
    login(jy_client, "committee_a1")
    assert "居民小组长培训" in jy_client.get("/admin/jiayuguan/training/").get_data(as_text=True)
    assert jy_client.get("/admin/jiayuguan/training/new/").status_code in (302, 403)


def test_j10_the_evaluator_follows_the_role(jy_app: Flask, jy_client: FlaskClient) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        group_id = group(COMMITTEE_A1).id
    data = {
        "resident_group": group_id,
        "year": "2026",
        "half": "1",
        "grade": "excellent",
        "comments": "走访扎实",
        "evaluated_on": "2026-07-10",
        "evaluator": "street",  # not a form field: ignored
    }
    login(jy_client, "committee_a1")
    form = jy_client.get("/admin/jiayuguan/evaluation/new/").get_data(as_text=True)
    assert 'name="evaluator"' not in form
    jy_client.post("/admin/jiayuguan/evaluation/new/", data=data)
    jy_client.post("/logout")
    login(jy_client, "street_a")
    jy_client.post("/admin/jiayuguan/evaluation/new/", data={**data, "grade": "good"})
    with jy_app.app_context(), acting_as(SYSTEM):
        rows = db.session.scalars(select(GroupEvaluation).order_by(GroupEvaluation.id)).all()
        assert [(r.evaluator, r.grade) for r in rows] == [
            ("committee", "excellent"),
            ("street", "good"),
        ]
        committee_id = rows[0].id
    # The street cannot rewrite the committee's evaluation.
    html = jy_client.post(
        f"/admin/jiayuguan/evaluation/edit/?id={committee_id}",
        data={**data, "grade": "fail"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "这是居民委员会的评议，只能由其修改 (J10)" in html
    listing = jy_client.get("/admin/jiayuguan/evaluation/").get_data(as_text=True)
    assert "街道办事处" in listing and "居民委员会" in listing and "优秀" in listing
    jy_client.post("/logout")
    login(jy_client, "admin")  # system admin: neither street nor committee
    assert jy_client.get("/admin/jiayuguan/evaluation/new/").status_code in (302, 403)
