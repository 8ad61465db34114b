"""The 两会一站 API: scoped lists, Chinese 422s, the structure endpoint (B2, B4, B5, B8, B9)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.models import Appraisal, AssemblyMember
from tests.beijing_workstation.conftest import A1
from tests.beijing_workstation.factories import named
from tests.beijing_workstation.test_sessions import representatives
from tests.beijing_workstation.test_structure import seed_station, seed_subcommittees

API = "/api/v1/beijing"


def _token(app: Flask, username: str) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["users", "token", username])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def test_b2_b4_b8_b9_api_lists_refuses_in_chinese_and_gives_the_structure(
    bj_app: Flask,
) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        representatives(A1)
        seed_station(A1)
        seed_subcommittees(A1)
        db.session.commit()
        worker = named(A1, "居民8").id
    client = bj_app.test_client()
    committee, street_b = _token(bj_app, "committee_a1"), _token(bj_app, "street_b")

    listed = client.get(f"{API}/assembly-members?kind=resident", headers=committee).get_json()
    assert listed["total"] == 2 and listed["items"][0]["kind_label"] == "居民代表"
    assert client.get(f"{API}/assembly-members", headers=street_b).get_json()["total"] == 0
    young = client.post(
        f"{API}/assembly-members",
        headers=committee,
        json={
            "name": "少年",
            "birth_date": "2010-01-01",
            "kind": "migrant",
            "start_date": "2026-01-01",
        },
    )
    assert young.status_code == 422
    assert "须年满18周岁 (B2)" in young.get_json()["errors"]["birth_date"][0]

    subs = client.get(f"{API}/subcommittees", headers=committee).get_json()["items"]
    security = next(s for s in subs if s["kind"] == "security")
    assert [m["name"] for m in security["members"]] == ["001居民3", "001居民4"]

    body = {"person_id": worker, "year": 2026, "half": 1, "appraised_on": "2026-06-30",
            "grade": "称职", "score": "88.5"}  # fmt: skip
    created = client.post(f"{API}/appraisals", headers=committee, json=body)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["person_name"] == "001居民8"
    bad = client.post(f"{API}/appraisals", headers=committee, json={**body, "score": "150"})
    assert bad.status_code == 422 and "超出 0–100 的范围 (B8)" in bad.get_json()["error"]
    unknown = client.post(f"{API}/appraisals", headers=committee, json={**body, "grade": "良好"})
    assert unknown.status_code == 422 and "应为以下之一" in unknown.get_json()["errors"]["grade"][0]
    assert client.get(f"{API}/appraisals", headers=street_b).get_json()["total"] == 0

    report = client.post(
        f"{API}/station-reports", headers=committee,
        json={"reported_on": "2026-07-05", "period": "2026年上半年", "title": "上半年工作汇报",
              "rating": "满意"},
    )  # fmt: skip
    assert report.status_code == 422 and "同时填写 (B5)" in report.get_json()["error"]

    shown = client.get(f"{API}/structure?committee={A1}&on=2026-03-01", headers=committee)
    data = shown.get_json()
    assert data["committee"]["code"] == A1 and data["assembly"]["total"] == 4
    assert data["cross_appointments"] == [
        {"name": "001主任", "offices": ["居委会主任", "社工主任", "党组织书记"]}
    ]
    notes = {s["kind"]: s["notes"] for s in data["subcommittees"]}
    assert notes["security"][0] == "仅 2 人，少于 3 人 (B4)"
    hidden = client.get(f"{API}/structure?committee={A1}", headers=street_b)
    assert (
        hidden.status_code == 422
        and "不在您的管辖范围内" in hidden.get_json()["errors"]["committee"][0]
    )
    assert client.get(f"{API}/structure?on=2026-13-01", headers=committee).status_code == 422

    paths = client.get("/api/v1/openapi.json", headers=committee).get_json()["paths"]
    assert "/beijing/structure" in paths and "/beijing/appraisals" in paths
    assert "/beijing/assembly-members/{id}" in paths
    with bj_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(AssemblyMember.id))) == 4
        assert db.session.scalar(select(func.count(Appraisal.id))) == 1
        assert dt.date(2026, 6, 30) == db.session.scalar(select(Appraisal.appraised_on))
