"""API of fund years, applications, assessments and awards: scoping and Chinese 422s (S4)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.admin.structure import today
from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.models import Application, Assessment
from tests.changshou_autonomy.factories import fund_year

API = "/api/v1/changshou"


def _token(app: Flask, username: str) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["users", "token", username])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def _body(fund_id: int, **extra: object) -> dict[str, object]:
    return {
        "fund_year_id": fund_id,
        "title": "加装电梯协商",
        "kind": "mechanism",
        "problem": "多层住宅老人上下楼难",
        "plan": "召开听证会、协调会，形成加装电梯议事规则",
        "timeline": "全年",
        "contact_name": "张主任",
        "contact_phone": "021-62005678",
        "budget_lines": [
            {"item": "会议材料", "amount": "2000.00"},
            {"item": "专家咨询", "amount": "8000.50", "note": "两次"},
        ],
        **extra,
    }


def test_s4_applications_and_scores_api_scoped_with_chinese_refusals(
    cs_app: Flask, cs_client: FlaskClient
) -> None:
    day = today()
    with cs_app.app_context(), acting_as(SYSTEM):
        open_fund = fund_year(year=day.year, deadline=day + dt.timedelta(days=10))
        late_fund = fund_year(year=day.year - 1, deadline=day - dt.timedelta(days=1))
        open_id, late_id = open_fund.id, late_fund.id
        db.session.commit()
    committee, street = _token(cs_app, "committee_a1"), _token(cs_app, "street_a")
    other = _token(cs_app, "street_b")

    funds = cs_client.get(f"{API}/fund-years", headers=committee).get_json()
    assert funds["total"] == 2  # the committee reads its street's funds
    listed = cs_client.get(f"{API}/fund-years?year={day.year}", headers=street).get_json()
    assert listed["items"][0]["balance_explanation"] == (
        "预算 100,000.00 + 调整 0.00 − 已资助 0.00 = 余额 100,000.00 (S4)"
    )
    assert cs_client.get(f"{API}/fund-years", headers=other).get_json()["total"] == 0
    assert cs_client.post(f"{API}/fund-years", json={}, headers=committee).status_code == 403

    late = cs_client.post(
        f"{API}/applications", json=_body(late_id, status="submitted"), headers=committee
    )
    assert late.status_code == 422, late.get_json()
    assert "已逾期" in late.get_json()["errors"]["status"][0]
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(Application.id))) == 0

    created = cs_client.post(f"{API}/applications", json=_body(open_id), headers=committee)
    assert created.status_code == 201, created.get_json()
    data = created.get_json()
    assert (data["status"], data["requested"], data["committee_name"]) == (
        "draft",
        "10000.50",
        "福州路居委会",
    )
    assert [line["item"] for line in data["budget_lines"]] == ["会议材料", "专家咨询"]
    submitted = cs_client.patch(
        f"{API}/applications/{data['id']}",
        json={"status": "submitted", "version_id": data["version_id"]},
        headers=committee,
    )
    assert submitted.status_code == 200, submitted.get_json()
    after = submitted.get_json()
    assert (after["status"], after["submitted_on"]) == ("submitted", day.isoformat())
    frozen = cs_client.patch(
        f"{API}/applications/{data['id']}",
        json={"title": "改名", "version_id": after["version_id"]},
        headers=committee,
    )
    assert frozen.status_code == 422 and "不能再修改" in frozen.get_json()["error"]
    assert cs_client.get(f"{API}/applications/{data['id']}", headers=other).status_code == 404
    assert cs_client.get(f"{API}/applications/{data['id']}", headers=street).status_code == 200
    assert (
        cs_client.post(f"{API}/applications", json=_body(open_id), headers=street).status_code
        == 403
    )

    scores = {
        "application_id": data["id"],
        "need": "12",
        "participation": "8",
        "feasibility": "9",
        "sustainability": "7.5",
    }
    refused = cs_client.post(f"{API}/assessments", json=scores, headers=street)
    assert refused.status_code == 422
    assert "超出 0–10 的范围 (S4)" in refused.get_json()["errors"]["need"][0]
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(Assessment.id))) == 0
    assert cs_client.post(f"{API}/assessments", json=scores, headers=committee).status_code == 403
    scored = cs_client.post(f"{API}/assessments", json={**scores, "need": "9"}, headers=street)
    assert scored.status_code == 201, scored.get_json()
    assert scored.get_json()["assessor"] == "street_a"

    awards = cs_client.get(f"{API}/awards?year={day.year}", headers=street).get_json()
    (item,) = awards["items"]
    assert item["summary"]["balance"] == "100000.00"
    assert item["applications"][0]["title"] == "加装电梯协商"
    assert "(S4)" in item["applications"][0]["explanation"]
    assert cs_client.get(f"{API}/awards?year={day.year}", headers=other).get_json()["items"] == []
    bad = cs_client.get(f"{API}/awards", headers=street)
    assert bad.status_code == 422 and "年度" in bad.get_json()["errors"]["year"][0]

    document = cs_client.get("/api/v1/openapi.json", headers=street).get_json()
    for path in (
        "/changshou/fund-years",
        "/changshou/applications/{id}",
        "/changshou/assessments",
        "/changshou/awards",
    ):
        assert path in document["paths"], sorted(document["paths"])
