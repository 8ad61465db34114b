"""Admin pages of the fund and the applications: create, submit, late, reopen, scoping (S4)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.admin.structure import today
from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.models import Application, DeadlineExtension, FundAdjustment
from tests.changshou_autonomy.conftest import A1
from tests.changshou_autonomy.factories import application, fund_year
from tests.factories import login, unit_by_code

APPS = "/admin/changshou/applications"
FUND = "/admin/changshou/fund"


def _client(app: Flask, user: str) -> FlaskClient:
    client = app.test_client()
    login(client, user)
    return client


def _problems(html: str) -> list[str]:
    """The flashed messages and field errors of a re-rendered form."""
    return re.findall(r"(?:alert[^>]*>|invalid-feedback[^>]*>|help-block[^>]*>)\s*([^<]+)", html)


def _form(fund_id: int, title: str) -> dict[str, str]:
    return {
        "fund": str(fund_id),
        "title": title,
        "kind": "activity",
        "problem": "老年居民多，独居老人缺少照应",
        "plan": "组建楼组互助小组，每周上门探访",
        "timeline": "7月启动，12月总结",
        "contact_name": "李主任",
        "contact_phone": "021-62001234",
        "budget_lines-0-item": "活动物资",
        "budget_lines-0-amount": "6000.00",
        "budget_lines-0-note": "",
        "budget_lines-1-item": "志愿者培训",
        "budget_lines-1-amount": "4000.50",
        "budget_lines-1-note": "两期",
    }


def test_s4_committee_writes_and_submits_its_application_street_reads_it(cs_app: Flask) -> None:
    day = today()
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = fund_year(year=day.year, deadline=day + dt.timedelta(days=30))
        fund_id = fund.id
        db.session.commit()
    committee = _client(cs_app, "committee_a1")
    page = committee.get(f"{APPS}/new/").get_data(as_text=True)
    assert "预算明细" in page and f"{day.year}年" in page
    created = committee.post(f"{APPS}/new/", data=_form(fund_id, "楼组互助"))
    assert created.status_code == 302, _problems(created.get_data(as_text=True))
    with cs_app.app_context(), acting_as(SYSTEM):
        saved = db.session.scalars(select(Application)).one()
        app_id = saved.id
        assert (saved.org_unit.code, saved.status, saved.kind) == (A1, "draft", "activity")
        assert saved.requested == Decimal("10000.50")
        assert [line.item for line in saved.budget_lines] == ["活动物资", "志愿者培训"]
    details = committee.get(f"{APPS}/details/?id={app_id}").get_data(as_text=True)
    assert "10,000.50" in details and "提交申报" in details
    assert f"外滩街道 {day.year}年" in committee.get(f"{APPS}/").get_data(as_text=True)
    done = committee.post(f"{APPS}/submit/", data={"id": app_id}, follow_redirects=True)
    assert "已提交申报" in done.get_data(as_text=True)
    with cs_app.app_context(), acting_as(SYSTEM):
        saved = db.session.get(Application, app_id)
        assert saved is not None
        assert (saved.status, saved.submitted_on) == ("submitted", day)
    # Frozen once submitted; the printable 申报表 lists the budget.
    edit = committee.post(
        f"{APPS}/edit/?id={app_id}", data=_form(fund_id, "改名"), follow_redirects=True
    )
    assert "不能再修改" in edit.get_data(as_text=True)
    printed = committee.get(f"{APPS}/print/?id={app_id}").get_data(as_text=True)
    assert "申报表" in printed and "楼组互助" in printed and "10,000.50" in printed

    street = _client(cs_app, "street_a")
    listing = street.get(f"{APPS}/").get_data(as_text=True)
    assert "楼组互助" in listing and "已申报" in listing
    assert street.post(f"{APPS}/withdraw/", data={"id": app_id}).status_code == 403
    other = _client(cs_app, "street_b")
    assert "楼组互助" not in other.get(f"{APPS}/").get_data(as_text=True)
    assert other.get(f"{APPS}/details/?id={app_id}").status_code == 404
    # Withdrawn back to a draft (nobody has scored it yet).
    committee.post(f"{APPS}/withdraw/", data={"id": app_id})
    with cs_app.app_context(), acting_as(SYSTEM):
        saved = db.session.get(Application, app_id)
        assert saved is not None and (saved.status, saved.submitted_on) == ("draft", None)


def test_s4_late_submission_is_refused_in_the_admin_until_the_street_reopens(
    cs_app: Flask,
) -> None:
    day = today()
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = fund_year(year=day.year, deadline=day - dt.timedelta(days=1))
        late = application(A1, fund, title="迟交的项目", submitted_on=None)
        fund_id, app_id = fund.id, late.id
        db.session.commit()
    committee = _client(cs_app, "committee_a1")
    refused = committee.post(f"{APPS}/submit/", data={"id": app_id}, follow_redirects=True)
    assert "提交申报失败" in refused.get_data(as_text=True)
    assert "已逾期" in refused.get_data(as_text=True)
    with cs_app.app_context(), acting_as(SYSTEM):
        saved = db.session.get(Application, app_id)
        assert saved is not None and (saved.status, saved.submitted_on) == ("draft", None)

    street = _client(cs_app, "street_a")
    with cs_app.app_context(), acting_as(SYSTEM):
        a1 = unit_by_code(A1).id
    no_reason = street.post(
        f"{FUND}/reopen/",
        data={"id": fund_id, "committee": a1, "until": (day + dt.timedelta(days=7)).isoformat()},
        follow_redirects=True,
    )
    assert "请写明重新开放申报的原因" in no_reason.get_data(as_text=True)
    reopened = street.post(
        f"{FUND}/reopen/",
        data={
            "id": fund_id,
            "committee": a1,
            "until": (day + dt.timedelta(days=7)).isoformat(),
            "reason": "居委会换届，延期申报",
        },
        follow_redirects=True,
    )
    assert "已为福州路居委会重新开放申报" in reopened.get_data(as_text=True)
    assert committee.post(f"{APPS}/submit/", data={"id": app_id}).status_code == 302
    with cs_app.app_context(), acting_as(SYSTEM):
        saved = db.session.get(Application, app_id)
        assert saved is not None and saved.status == "submitted"
        assert db.session.scalars(select(DeadlineExtension)).one().reason == "居委会换届，延期申报"


def test_s4_fund_page_shows_the_formula_adjusts_and_flags_missing_committees(
    cs_app: Flask,
) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = fund_year(budget="100000.00")
        application(A1, fund)
        fund_id = fund.id
        db.session.commit()
    street = _client(cs_app, "street_a")
    listing = street.get(f"{FUND}/").get_data(as_text=True)
    assert "2026年" in listing and "100,000.00" in listing
    added = street.post(
        f"{FUND}/adjust/",
        data={"id": fund_id, "direction": "add", "amount": "5000", "reason": "区里追加"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已追加 5,000.00 元" in added
    assert "预算 100,000.00 + 调整 5,000.00 − 已资助 0.00 = 余额 105,000.00" in added
    assert "金陵东路居委会：未提交自治项目申报" in added  # A2 has no application
    assert "福州路居委会：未提交" not in added
    too_much = street.post(
        f"{FUND}/adjust/",
        data={"id": fund_id, "direction": "cut", "amount": "105000.01", "reason": "调减"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "调整失败" in too_much and "不能低于 0" in too_much
    no_reason = street.post(
        f"{FUND}/adjust/",
        data={"id": fund_id, "direction": "cut", "amount": "100", "reason": ""},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "请写明调整原因" in no_reason
    with cs_app.app_context(), acting_as(SYSTEM):
        assert [a.amount for a in db.session.scalars(select(FundAdjustment))] == [
            Decimal("5000.00")
        ]
    # The committee cannot adjust; street B does not see the fund.
    committee = _client(cs_app, "committee_a1")
    assert committee.post(f"{FUND}/adjust/", data={"id": fund_id}).status_code == 403
    other = _client(cs_app, "street_b")
    assert other.get(f"{FUND}/year/?id={fund_id}").status_code == 404
