"""Admin pages of results: ranking, explanations, chart, files, notice, history, opinions, panel."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal as D

import openpyxl
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.extensions import db
from core.models import Opinion
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.kinds import ANNUAL, STREET
from plugins.huangpu_evaluation.models import Round, StreetEvaluation
from plugins.huangpu_evaluation.rounds import transition
from tests.factories import login, unit_by_code
from tests.huangpu_evaluation.conftest import A1, A2
from tests.huangpu_evaluation.factories import (
    add_ballots,
    make_round,
    round_committee,
    staff_person,
    take_part,
)

RESULTS = "/admin/huangpu/results"
YEAR = 2025


def seed_results(year: int = YEAR, close_annual: bool = True) -> int:
    """A year of A1 (excellent) and A2 (unqualified): ballots, two street halves; the annual id.

    A1: every ballot 优秀 (100), street 90 → 97.0 优秀. A2: ballots 不合格/基本合格
    (45), street 70 → 52.5 不合格; its staff 40 and 60 → 46.0 不合格. Both halves'
    street rounds are closed; the annual round is closed unless ``close_annual``
    is false (then it stays open). Call as the system actor.
    """
    annual = make_round(ANNUAL, year, [A1, A2])
    day = dt.date(year, 12, 1)
    transition(db.session, annual, "open", day)
    db.session.commit()
    for code, committee, staff in (
        (A1, [1, 1, 1, 1], [1, 1, 1, 1, 1]),
        (A2, [4, 4, 3, 4], [4] * 5),
    ):
        rc = round_committee(annual, code)
        take_part(rc, 13)
        add_ballots(rc, 13, committee=committee, staff=staff, comment="")
    for half in (1, 2):
        street = make_round(STREET, year, [A1, A2], half=half)
        transition(db.session, street, "open", street.period_end)
        db.session.commit()
        for code, work, people in ((A1, D("90"), D("90")), (A2, D("70"), D("60"))):
            rc = round_committee(street, code)
            db.session.add(
                StreetEvaluation(
                    round_committee=rc,
                    round_committee_id=rc.id,
                    score_1=work,
                    score_2=work,
                    score_3=work,
                    score_4=work,
                    sources="departments,party",
                )
            )
            for subject in rc.subjects:
                db.session.add(
                    StreetEvaluation(
                        round_committee=rc,
                        round_committee_id=rc.id,
                        subject=subject,
                        subject_id=subject.id,
                        **{f"score_{i}": people for i in range(1, 6)},
                    )
                )
        db.session.commit()
        transition(db.session, street, "closed", street.period_end)
        db.session.commit()
    if close_annual:
        transition(db.session, annual, "closed", day)
        db.session.commit()
    return annual.id


def test_h3_h6_h7_results_page_ranks_explains_and_downloads(
    hp_app: Flask, hp_client: FlaskClient
) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        annual_id = seed_results()
        a1, a2 = unit_by_code(A1).id, unit_by_code(A2).id
        director = staff_person(A2, "主任").id
    login(hp_client, "street_a")
    page = hp_client.get(f"{RESULTS}/?year={YEAR}").get_data(as_text=True)
    assert "测评结果" in page and "外滩街道" in page
    assert "群众 100.0 × 70% + 街道 90.0 × 30% = 97.0 → 优秀 (H3, H6)" in page
    assert "群众 45.0 × 70% + 街道 70.0 × 30% = 52.5 → 不合格 (H3, H6)" in page
    assert "参与 13/15 = 86.7%，达到 4/5，评议有效 (D1)" in page
    assert page.index("福州路居委会") < page.index("金陵东路居委会")  # ranked
    assert "<svg" in page and 'data-grade="优秀"' in page and "002主任" in page
    assert page.count("转为群众意见") >= 2  # A2 and its staff are low

    xlsx = hp_client.get(f"{RESULTS}/download/?year={YEAR}&fmt=xlsx")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert any("福州路居委会" in str(c.value) for ws in book for row in ws.iter_rows() for c in row)
    data = json.loads(hp_client.get(f"{RESULTS}/download/?year={YEAR}&fmt=json").data)
    assert "福州路居委会" in json.dumps(data, ensure_ascii=False)

    # H7, C13: the printable notice of a committee.
    notice = hp_client.get(f"{RESULTS}/notice/?year={YEAR}&committee={a2}").get_data(as_text=True)
    assert "民主测评结果公示" in notice and "金陵东路居民委员会（盖章）" in notice
    assert "52.5" in notice and "002主任" in notice and "@page" in notice

    # H8: a person's history and its xlsx; a committee's score-history chart.
    history = hp_client.get(f"{RESULTS}/person/?id={director}").get_data(as_text=True)
    assert "002主任" in history and "46.0" in history and "(H8)" in history
    file = hp_client.get(f"{RESULTS}/person/download/?id={director}")
    assert file.status_code == 200 and file.data[:2] == b"PK"
    chart = hp_client.get(f"{RESULTS}/committee/?id={a1}").get_data(as_text=True)
    assert "97.0" in chart and 'data-year="2025"' in chart

    # Committee staff: nothing before publication (H7), their own committee after.
    staff = hp_app.test_client()
    login(staff, "committee_a1")
    assert "97.0" not in staff.get(f"{RESULTS}/?year={YEAR}").get_data(as_text=True)
    with hp_app.app_context(), acting_as(SYSTEM):
        for round_ in db.session.scalars(select(Round).where(Round.year == YEAR)):
            transition(db.session, round_, "published", dt.date(YEAR, 12, 20))
        db.session.commit()
        assert db.session.get(Round, annual_id).status == "published"  # type: ignore[union-attr]
    seen = staff.get(f"{RESULTS}/?year={YEAR}").get_data(as_text=True)
    assert "97.0" in seen and "金陵东路居委会" not in seen and "转为群众意见" not in seen
    assert staff.get(f"{RESULTS}/notice/?year={YEAR}&committee={a2}").status_code == 404
    assert staff.get(f"{RESULTS}/committee/?id={a2}").status_code == 404
    assert staff.get(f"{RESULTS}/person/?id={director}").status_code == 404
    assert (
        staff.post(f"{RESULTS}/opinion/", data={"year": YEAR, "committee": a1}).status_code == 403
    )

    # The committee panel shows the published result.
    with hp_app.test_request_context(), acting_as(SYSTEM):
        from plugins.huangpu_evaluation.panel import committee_panel

        html = str(committee_panel(unit_by_code(A1)).html)
        assert "2025年度测评结果" in html and "97.0" in html and "优秀" in html


def test_h6_low_grade_becomes_an_opinion_with_c14_follow_up(
    hp_app: Flask, hp_client: FlaskClient
) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        seed_results()
        a1, a2 = unit_by_code(A1).id, unit_by_code(A2).id
        director = staff_person(A2, "主任").id
    login(hp_client, "street_a")
    response = hp_client.post(
        f"{RESULTS}/opinion/",
        data={"year": YEAR, "committee": a2, "person": director},
        follow_redirects=True,
    )
    assert "已转为群众意见" in response.get_data(as_text=True)
    # A second click does not register it twice; a good result is refused.
    hp_client.post(f"{RESULTS}/opinion/", data={"year": YEAR, "committee": a2, "person": director})
    response = hp_client.post(
        f"{RESULTS}/opinion/", data={"year": YEAR, "committee": a1}, follow_redirects=True
    )
    assert "只有等次为基本合格或不合格" in response.get_data(as_text=True)
    hp_client.post(f"{RESULTS}/opinion/", data={"year": YEAR, "committee": a2})
    with hp_app.app_context(), acting_as(SYSTEM):
        opinions = list(db.session.scalars(select(Opinion).order_by(Opinion.id)))
        assert len(opinions) == 2
        about, work = opinions
        assert about.about_person_id == director and about.channel == "other"
        assert about.org_unit_id == a2 and "不合格" in about.content and "(H3, H6)" in about.content
        assert about.reply_due_on is not None  # C14 follow-up
        assert work.about_person_id is None and "金陵东路居委会居委会工作" in work.content
