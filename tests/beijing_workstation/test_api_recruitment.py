"""The recruitment API: postings, applications, scores, agreements; scoping, Chinese 422s (B7)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.models import Agreement, Applicant, Posting
from tests.beijing_workstation.conftest import A1
from tests.beijing_workstation.factories import id_number
from tests.beijing_workstation.test_recruitment_admin import (
    APPLYING,
    seed_applicants,
    seed_to_notice,
    set_today,
)
from tests.factories import unit_by_code

API = "/api/v1/beijing"


def token(app: Flask, username: str) -> dict[str, str]:
    """The bearer header of ``username``."""
    result = app.test_cli_runner().invoke(args=["users", "token", username])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def _posting_body(committee_id: int, **extra: object) -> dict[str, object]:
    return {
        "org_unit_id": committee_id,
        "title": "社区工作站社工专干招聘",
        "post": "worker",
        "grade": 2,
        "places": 1,
        "conditions": "大专及以上学历",
        "apply_from": "2026-03-01",
        "apply_until": "2026-03-15",
        **extra,
    }


def test_b7_api_postings_and_applications_are_scoped_with_chinese_422s(
    bj_app: Flask, bj_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_today(monkeypatch, APPLYING)
    with bj_app.app_context(), acting_as(SYSTEM):
        committee_id = unit_by_code(A1).id
    street, other = token(bj_app, "street_a"), token(bj_app, "street_b")
    bad = bj_client.post(
        f"{API}/postings", json=_posting_body(committee_id, places=0, title=""), headers=street
    )
    assert bad.status_code == 422
    assert bad.get_json()["errors"]["places"] == ["招聘名额至少为 1"]
    assert bad.get_json()["errors"]["title"] == ["必须填写"]
    created = bj_client.post(f"{API}/postings", json=_posting_body(committee_id), headers=street)
    assert created.status_code == 201, created.get_json()
    posting = created.get_json()
    assert (posting["status"], posting["post_label"]) == ("draft", "社工专干")
    assert posting["stages"][:3] == ["posting", "application", "eligibility"]
    closed = bj_client.post(
        f"{API}/applications",
        json={
            "posting_id": posting["id"],
            "name": "郑早",
            "id_number": id_number(dt.date(1990, 1, 1)),
        },
        headers=street,
    )
    assert closed.status_code == 422 and "现在不接受报名" in closed.get_json()["error"]
    version = posting["version_id"]
    url = f"{API}/postings/{posting['id']}"
    jump = bj_client.patch(url, json={"status": "notice", "version_id": version}, headers=street)
    assert (
        jump.status_code == 422 and "状态由招聘环节改变" in jump.get_json()["errors"]["status"][0]
    )
    opened = bj_client.patch(url, json={"status": "open", "version_id": version}, headers=street)
    assert opened.status_code == 200 and opened.get_json()["published_on"] == "2026-03-10"

    wrong = bj_client.post(
        f"{API}/applications",
        json={"posting_id": posting["id"], "name": "周错号", "id_number": "110102199001011234"},
        headers=street,
    )
    assert wrong.status_code == 422 and "校验位错误" in wrong.get_json()["error"]
    assert "id_number" in wrong.get_json()["errors"]
    number = id_number(dt.date(1992, 8, 8), 3, male=False)
    applied = bj_client.post(
        f"{API}/applications",
        json={"posting_id": posting["id"], "name": "王芳", "id_number": number},
        headers=street,
    )
    assert applied.status_code == 201, applied.get_json()
    applicant = applied.get_json()
    assert (
        "id_number" not in applicant
        and applicant["id_number_masked"] == "1101**********" + number[-4:]
    )
    assert (applicant["stage"], applicant["status"], applicant["sex"]) == (
        "application",
        "active",
        "female",
    )
    assert (applicant["applied_on"], applicant["birth_date"]) == ("2026-03-10", "1992-08-08")
    no_reason = bj_client.post(
        f"{API}/applications/{applicant['id']}/reject", json={}, headers=street
    )
    assert no_reason.status_code == 422 and no_reason.get_json()["errors"]["reason"] == ["必须填写"]
    moved = bj_client.post(f"{API}/applications/{applicant['id']}/advance", json={}, headers=street)
    assert moved.status_code == 200 and moved.get_json()["stage_label"] == "资格审查"
    rejected = bj_client.post(
        f"{API}/applications/{applicant['id']}/reject", json={"reason": "学历不符"}, headers=street
    )
    assert rejected.get_json()["status_label"] == "未通过"
    listed = bj_client.get(
        f"{API}/applications?posting={posting['id']}", headers=token(bj_app, "committee_a1")
    )
    assert [(i["name"], i["reason"]) for i in listed.get_json()["items"]] == [("王芳", "学历不符")]

    assert bj_client.get(f"{API}/postings", headers=other).get_json()["total"] == 0
    assert bj_client.get(f"{API}/postings/{posting['id']}", headers=other).status_code == 404
    assert bj_client.get(f"{API}/applications/{applicant['id']}", headers=other).status_code == 404
    assert (
        bj_client.post(
            f"{API}/applications/{applicant['id']}/advance", json={}, headers=other
        ).status_code
        == 404
    )
    foreign = bj_client.post(
        f"{API}/applications",
        json={"posting_id": posting["id"], "name": "外街", "id_number": number},
        headers=other,
    )
    assert foreign.status_code == 422 and "posting_id" in foreign.get_json()["errors"]
    auditor = token(bj_app, "auditor")
    assert (
        bj_client.post(
            f"{API}/postings", json=_posting_body(committee_id), headers=auditor
        ).status_code
        == 403
    )
    document = bj_client.get("/api/v1/openapi.json", headers=street).get_json()
    for path in ("/beijing/postings", "/beijing/applications/{id}", "/beijing/agreements",
                 "/beijing/postings/{id}/scores", "/beijing/applications/{id}/reject"):  # fmt: skip
        assert path in document["paths"], path
    for rule in bj_app.url_map.iter_rules():  # every action route is documented
        if rule.endpoint.startswith("beijing_api.recruit_"):
            path = rule.rule.removeprefix("/api/v1").replace("<int:id>", "{id}")
            documented = {m.upper() for m in document["paths"][path]}
            assert (rule.methods or set()) - {"HEAD", "OPTIONS"} <= documented, path


def test_b7_api_scores_all_or_nothing_and_agreements_after_notice_within_places(
    bj_app: Flask, bj_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_today(monkeypatch, APPLYING)
    with bj_app.app_context(), acting_as(SYSTEM):
        scoring_id, ids = seed_applicants(places=1, stage="written")
        notice_id, hired = seed_to_notice(places=2)
    street = token(bj_app, "street_a")
    scores = f"{API}/postings/{scoring_id}/scores"
    refused = bj_client.put(
        scores,
        json={str(ids[0]): {"written": "80"}, str(ids[1]): {"written": "100.5"}},
        headers=street,
    )
    assert refused.status_code == 422
    assert refused.get_json()["errors"][str(ids[1])]["written"] == ["成绩应在 0 至 100 之间"]
    early = bj_client.put(scores, json={str(ids[0]): {"interview": "80"}}, headers=street)
    assert early.status_code == 422 and "尚未进入面试环节" in early.get_json()["error"]
    with bj_app.app_context(), acting_as(SYSTEM):
        written = select(func.count()).where(
            Applicant.posting_id == scoring_id, Applicant.written_score.is_not(None)
        )
        assert db.session.scalar(written) == 0
    saved = bj_client.put(scores, json={str(k): {"written": "75.5"} for k in ids}, headers=street)
    assert saved.status_code == 200
    assert {i["written_score"] for i in saved.get_json()["items"]} == {"75.5"}
    other = token(bj_app, "street_b")
    assert (
        bj_client.put(scores, json={str(ids[0]): {"written": "1"}}, headers=other).status_code
        == 404
    )

    ranking = bj_client.get(f"{API}/postings/{notice_id}/ranking", headers=street).get_json()
    assert [(i["name"], i["composite"], i["proposed"]) for i in ranking["items"]] == [
        ("赵一", "84.6", True),
        ("钱二", "82.6", True),
        ("孙三", "73.0", False),
    ]
    body = {"applicant_id": hired[0], "signed_on": "2026-03-31", "start_date": "2026-04-01"}
    during = bj_client.post(f"{API}/agreements", json=body, headers=street)
    assert during.status_code == 422 and "还在公示期内" in during.get_json()["error"]
    assert "signed_on" in during.get_json()["errors"]
    body["signed_on"] = "2026-04-01"
    signed = bj_client.post(f"{API}/agreements", json=body, headers=street)
    assert signed.status_code == 201, signed.get_json()
    agreement = signed.get_json()
    assert (agreement["applicant_name"], agreement["end_date"], agreement["monthly_pay"]) == (
        "赵一",
        "2029-03-31",
        "4500.00",
    )
    with bj_app.app_context(), acting_as(SYSTEM):
        record = db.session.get(Posting, notice_id)
        assert record is not None
        record.places = 1  # the street cut the places after the 公示
        db.session.commit()
    second = {"applicant_id": hired[1], "signed_on": "2026-04-02", "start_date": "2026-04-02"}
    beyond = bj_client.post(f"{API}/agreements", json=second, headers=street)
    assert beyond.status_code == 422 and "不能再聘用" in beyond.get_json()["error"]
    with bj_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(Agreement.id))) == 1
    listed = bj_client.get(f"{API}/agreements", headers=token(bj_app, "committee_a1")).get_json()
    assert [i["applicant_name"] for i in listed["items"]] == ["赵一"]
    assert bj_client.get(f"{API}/agreements", headers=other).get_json()["total"] == 0
    assert bj_client.get(f"{API}/agreements/{agreement['id']}", headers=other).status_code == 404
