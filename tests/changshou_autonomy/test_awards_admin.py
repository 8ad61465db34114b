"""Admin pages of assessment and awards: range, decide, balance, payments, notice, files (S4)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.models import Assessment, Award, Payment
from tests.changshou_autonomy.conftest import A1, A2
from tests.changshou_autonomy.factories import application, assess, fund_year
from tests.factories import login

AWARDS = "/admin/changshou/awards"
SCORES = "/admin/changshou/assessments"


def _client(app: Flask, user: str) -> FlaskClient:
    client = app.test_client()
    login(client, user)
    return client


def _scores(app_id: int, need: str) -> dict[str, str]:
    return {
        "application": str(app_id),
        "assessor": "评估组王",
        "need": need,
        "participation": "8",
        "feasibility": "8",
        "sustainability": "8",
        "comment": "",
    }


def test_s4_assessor_scoring_out_of_range_in_the_admin_is_refused(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        app_id = application(A1, fund_year()).id
        db.session.commit()
    street = _client(cs_app, "street_a")
    form = street.get(f"{SCORES}/new/?application={app_id}").get_data(as_text=True)
    assert "评分范围 0–10 (S4)" in form and "需求导向" in form
    refused = street.post(f"{SCORES}/new/", data=_scores(app_id, "11"), follow_redirects=True)
    assert "“需求导向”的评分 11 超出 0–10 的范围 (S4)" in refused.get_data(as_text=True)
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(Assessment.id))) == 0
    assert street.post(f"{SCORES}/new/", data=_scores(app_id, "9")).status_code == 302
    with cs_app.app_context(), acting_as(SYSTEM):
        saved = db.session.scalars(select(Assessment)).one()
        assert (saved.need, saved.assessor_user_id is not None) == (Decimal("9.00"), True)
    # Committee staff do not assess.
    committee = _client(cs_app, "committee_a1")
    assert committee.post(f"{SCORES}/new/", data=_scores(app_id, "9")).status_code in (302, 403)
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(Assessment.id))) == 1


def test_s4_deciding_awards_updates_the_balance_payments_notice_and_files(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = fund_year(budget="25000.00")
        first = application(A1, fund, title="楼道微更新", lines=[("材料费", "10000.00")])
        second = application(A2, fund, title="睦邻议事厅", lines=[("场地布置", "25000.00")])
        assess(first, "评估人甲", ["9", "9", "9", "9"])  # 90.0 → 100% → 10000
        assess(second, "评估人甲", ["8", "8", "8", "8"])  # 80.0 → 80% = 20000; 15000 left
        fund_id = fund.id
        db.session.commit()
    street = _client(cs_app, "street_a")
    before = street.get(f"{AWARDS}/?fund={fund_id}").get_data(as_text=True)
    assert '余额 <strong id="cs-balance">25,000.00</strong>' in before
    assert "楼道微更新" in before and "睦邻议事厅" in before and "决定资助" in before
    assert "评估人 1 名" in before  # the combination explained
    decided = street.post(f"{AWARDS}/decide/", data={"fund": fund_id}, follow_redirects=True)
    page = decided.get_data(as_text=True)
    assert "已决定资助 2 个项目共 25,000.00 元，余额 0.00 元" in page
    assert "预算 25,000.00 + 调整 0.00 − 已资助 25,000.00 = 余额 <strong" in page
    assert "资金在此处不足" in page
    with cs_app.app_context(), acting_as(SYSTEM):
        awards = {a.application.title: a for a in db.session.scalars(select(Award))}
        assert awards["楼道微更新"].amount == Decimal("10000.00")
        assert awards["睦邻议事厅"].amount == Decimal("15000.00")
        award_id = awards["楼道微更新"].id
    over = street.post(
        f"{AWARDS}/pay/",
        data={"award": award_id, "amount": "10000.01", "paid_on": "2026-07-01"},
        follow_redirects=True,
    )
    assert "拨付失败" in over.get_data(as_text=True)
    assert "超过资助金额 10,000.00 元" in over.get_data(as_text=True)
    paid = street.post(
        f"{AWARDS}/pay/",
        data={"award": award_id, "amount": "4000", "paid_on": "2026-07-01"},
        follow_redirects=True,
    )
    assert "已拨付“楼道微更新” 4,000.00 元" in paid.get_data(as_text=True)
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalars(select(Payment)).one().amount == Decimal("4000.00")
    chart = paid.get_data(as_text=True)
    assert "<svg" in chart and 'data-committee="福州路居委会"' in chart

    notice = street.get(f"{AWARDS}/notice/?fund={fund_id}").get_data(as_text=True)
    assert "以奖代补资助公示" in notice and "@page" in notice
    for text in ("楼道微更新", "福州路居委会", "90.0", "10,000.00", "睦邻议事厅", "15,000.00"):
        assert text in notice, text
    for what, header in (
        ("applications", "项目名称"),
        ("assessments", "评估人"),
        ("awards", "资助金额"),
    ):
        response = street.get(f"{AWARDS}/download/?fund={fund_id}&what={what}")
        assert response.status_code == 200, what
        book = openpyxl.load_workbook(io.BytesIO(response.data))
        cells = {str(c.value) for row in book.active.iter_rows() for c in row if c.value}
        assert any(header in cell for cell in cells), (what, sorted(cells)[:20])
    # Street B sees nothing of it; the committee may not decide.
    other = _client(cs_app, "street_b")
    assert other.get(f"{AWARDS}/?fund={fund_id}").status_code == 404
    committee = _client(cs_app, "committee_a1")
    assert committee.post(f"{AWARDS}/decide/", data={"fund": fund_id}).status_code == 403
