"""The ledger API: scoped resources, Chinese 422s, the completeness endpoint, OpenAPI (S2, S7)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.models import OrganisationActivity, SocialOrganisation
from tests.changshou_autonomy.conftest import A1, A2, STREET_A
from tests.changshou_autonomy.test_completeness import full_ledger
from tests.factories import unit_by_code

API = "/api/v1/changshou"


def _token(app: Flask, username: str) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["users", "token", username])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def test_s2_s7_ledger_api_is_scoped_refuses_in_chinese_and_reports_completeness(
    cs_app: Flask, cs_client: FlaskClient
) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        full_ledger(A1)
        db.session.add(
            SocialOrganisation(org_unit=unit_by_code(A2), name="金陵东路志愿者队", headcount=5)
        )
        db.session.commit()
        a1_id, a2_id = unit_by_code(A1).id, unit_by_code(A2).id
    street = _token(cs_app, "street_a")
    committee = _token(cs_app, "committee_a1")

    assert cs_client.get(f"{API}/organisations", headers=street).get_json()["total"] == 2
    mine = cs_client.get(f"{API}/organisations", headers=committee).get_json()
    assert [o["name"] for o in mine["items"]] == ["楼组长团队"]
    assert mine["items"][0]["activities"][0]["title"] == "楼道清洁日"

    # Create with nested activities; a second POST into another committee is refused.
    body = {
        "org_unit_id": a1_id,
        "name": "睦邻互助会",
        "headcount": 12,
        "activities": [{"held_on": "2026-06-01", "title": "邻里节"}],
    }
    created = cs_client.post(f"{API}/organisations", json=body, headers=committee)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["activities"][0]["title"] == "邻里节"
    out = cs_client.post(
        f"{API}/organisations", json={**body, "org_unit_id": a2_id}, headers=committee
    )
    assert out.status_code == 403
    bad = cs_client.post(
        f"{API}/organisations",
        json={"org_unit_id": a1_id, "name": "", "headcount": -1},
        headers=committee,
    )
    assert bad.status_code == 422
    assert bad.get_json()["errors"] == {"name": ["必须填写"], "headcount": ["不能为负数"]}
    done = cs_client.post(
        f"{API}/register-entries",
        json={
            "org_unit_id": a1_id,
            "register": "resident_need",
            "recorded_on": "2026-03-01",
            "title": "加装电梯",
            "status": "done",
        },
        headers=committee,
    )
    assert done.status_code == 422
    assert done.get_json()["errors"]["done_on"] == ["已办结的记录请填写办结日期 (S2)"]
    kind = cs_client.post(
        f"{API}/rules-documents",
        json={"org_unit_id": a1_id, "kind": "bylaw", "title": "x"},
        headers=committee,
    )
    assert kind.status_code == 422 and "应为以下之一" in kind.get_json()["errors"]["kind"][0]
    survey = {
        "org_unit_id": a1_id,
        "year": 2026,
        "kind": "awareness",
        "held_on": "2026-06-01",
        "respondents": 40,
        "first": 30,
        "second": 20,
    }
    too_many = cs_client.post(f"{API}/surveys", json=survey, headers=committee)
    assert too_many.status_code == 422
    assert too_many.get_json()["errors"]["first"] == ["30 + 20 人多于受访人数 40 人 (S7)"]
    saved = cs_client.post(f"{API}/surveys", json={**survey, "second": 10}, headers=committee)
    assert saved.status_code == 201
    assert saved.get_json()["rate"] == "87.5"  # (30 + 10 × 0.5) / 40
    featured = cs_client.get(f"{API}/featured-works?year=2026", headers=street).get_json()
    assert [f["kind_label"] for f in featured["items"]] == ["特色自治机制"]
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(SocialOrganisation.id))) == 3
        assert db.session.scalar(select(func.count(OrganisationActivity.id))) == 2

    ledgers = cs_client.get(f"{API}/ledgers?year=2026", headers=street).get_json()
    assert [(r["committee_code"], r["summary"]) for r in ledgers["items"]] == [
        (A1, "5/5 部分齐全"),
        (A2, "0/5 部分齐全"),
    ]
    a2 = ledgers["items"][1]
    assert "规章制度：居民公约" in a2["missing"]
    assert a2["sections"][1]["missing"] == ["本年度自治活动记录"]  # it has an organisation
    own = cs_client.get(f"{API}/ledgers?year=2026&committee={STREET_A}", headers=committee)
    assert [r["committee_code"] for r in own.get_json()["items"]] == [A1]
    assert cs_client.get(f"{API}/ledgers", headers=street).status_code == 422
    assert cs_client.get(f"{API}/ledgers?year=2026&committee=12", headers=street).status_code == 422
    hidden = cs_client.get(f"{API}/ledgers?year=2026&committee=310101013001", headers=street)
    assert hidden.status_code == 404

    document = cs_client.get("/api/v1/openapi.json", headers=street).get_json()
    for path in (
        "/changshou/organisations",
        "/changshou/rules-documents/{id}",
        "/changshou/register-entries",
        "/changshou/featured-works",
        "/changshou/surveys",
        "/changshou/ledgers",
    ):
        assert path in document["paths"], path
