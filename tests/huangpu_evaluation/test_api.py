"""API of rounds, street scores and results: scoping, Chinese 422s, files, OpenAPI (H3, H4, H9)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.kinds import ANNUAL, STREET
from plugins.huangpu_evaluation.models import StreetEvaluation
from plugins.huangpu_evaluation.rounds import transition
from tests.huangpu_evaluation.conftest import A1, A2, B1
from tests.huangpu_evaluation.factories import make_round, round_committee, take_part

API = "/api/v1/huangpu"


def _token(app: Flask, username: str) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["users", "token", username])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def test_h4_h9_rounds_and_street_scores_api_is_scoped_and_explains_refusals(
    hp_app: Flask, hp_client: FlaskClient
) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        annual = make_round(ANNUAL, 2025, [A1, A2])
        take_part(round_committee(annual, A1), 12)
        street = make_round(STREET, 2025, [A1, A2], half=1)
        transition(db.session, street, "open", dt.date(2025, 6, 30))
        db.session.commit()
        make_round(ANNUAL, 2025, [B1], street="310101013000")
        rc = round_committee(street, A1)
        rc_id, subject_id = rc.id, rc.subjects[0].id
        annual_id = annual.id
    street_a, street_b = _token(hp_app, "street_a"), _token(hp_app, "street_b")
    committee = _token(hp_app, "committee_a1")

    listing = hp_client.get(f"{API}/rounds?year=2025", headers=street_a).get_json()
    assert listing["total"] == 2
    detail = hp_client.get(f"{API}/rounds/{annual_id}", headers=street_a).get_json()
    a1 = next(c for c in detail["committees"] if c["committee_code"] == A1)
    assert (a1["body"], a1["took_part"], a1["turnout_valid"]) == (15, 12, True)
    assert a1["turnout"] == "参与 12/15 = 80.0%，达到 4/5，评议有效 (D1)"
    assert a1["supervision"] == ["001监督组长", "001监督员1", "001监督员2"]  # H9
    assert len(a1["subjects"]) == 6
    assert hp_client.get(f"{API}/rounds/{annual_id}", headers=street_b).status_code == 404
    mine = hp_client.get(f"{API}/rounds/{annual_id}", headers=committee).get_json()
    assert [c["committee_code"] for c in mine["committees"]] == [A1]

    body = {
        "round_committee_id": rc_id,
        "score_1": "90",
        "score_2": "150",
        "score_3": "88.5",
        "score_4": "80",
        "sources": ["departments", "police"],
    }
    refused = hp_client.post(f"{API}/street-scores", json=body, headers=street_a)
    assert refused.status_code == 422
    assert "超出 0–100 的范围 (H4)" in refused.get_json()["errors"]["score_2"][0]
    bad = hp_client.post(
        f"{API}/street-scores", json={**body, "score_2": "90.55"}, headers=street_a
    )
    assert bad.status_code == 422 and bad.get_json()["errors"]["score_2"] == ["最多保留一位小数"]
    unknown = hp_client.post(
        f"{API}/street-scores", json={**body, "score_2": "90", "sources": ["x"]}, headers=street_a
    )
    assert unknown.status_code == 422 and "未知的评价来源" in str(unknown.get_json()["errors"])
    missing = hp_client.post(
        f"{API}/street-scores",
        json={"round_committee_id": rc_id, "subject_id": subject_id, "score_1": "90"},
        headers=street_a,
    )
    assert missing.status_code == 422 and "工作能力" in missing.get_json()["error"]
    with hp_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(StreetEvaluation.id))) == 0

    created = hp_client.post(
        f"{API}/street-scores", json={**body, "score_2": "90"}, headers=street_a
    )
    assert created.status_code == 201, created.get_json()
    saved = created.get_json()
    assert saved["score_3"] == "88.5" and saved["sources"] == ["departments", "police"]
    again = hp_client.post(f"{API}/street-scores", json={**body, "score_2": "90"}, headers=street_a)
    assert again.status_code == 422 and "已有街道评分" in again.get_json()["error"]
    changed = hp_client.patch(
        f"{API}/street-scores/{saved['id']}",
        json={"score_1": "95.5", "version_id": saved["version_id"]},
        headers=street_a,
    )
    assert changed.status_code == 200 and changed.get_json()["score_1"] == "95.5"
    # Street B sees none of it and cannot write it; committee staff may not write at all.
    assert hp_client.get(f"{API}/street-scores", headers=street_b).get_json()["total"] == 0
    assert hp_client.get(f"{API}/street-scores/{saved['id']}", headers=street_b).status_code == 404
    assert hp_client.post(f"{API}/street-scores", json=body, headers=committee).status_code == 403

    document = hp_client.get("/api/v1/openapi.json", headers=street_a).get_json()
    for path in ("/huangpu/rounds", "/huangpu/street-scores/{id}", "/huangpu/results"):
        assert path in document["paths"], sorted(document["paths"])


def test_h3_results_api_gives_json_and_xlsx_scoped(hp_app: Flask, hp_client: FlaskClient) -> None:
    from tests.huangpu_evaluation.test_admin_results import seed_results

    with hp_app.app_context(), acting_as(SYSTEM):
        seed_results()
    street_a, street_b = _token(hp_app, "street_a"), _token(hp_app, "street_b")
    data = hp_client.get(f"{API}/results?year=2025", headers=street_a).get_json()
    first = data["committees"][0]
    assert (first["committee_name"], first["score"], first["grade"], first["rank"]) == (
        "福州路居委会",
        "97.0",
        "优秀",
        1,
    )
    assert first["explanation"] == "群众 100.0 × 70% + 街道 90.0 × 30% = 97.0 → 优秀 (H3, H6)"
    assert data["total"] == len(data["committees"]) + len(data["staff"])
    assert hp_client.get(f"{API}/results?year=2025", headers=street_b).get_json()["total"] == 0
    assert (
        hp_client.get(f"{API}/results?year=2025&street=310101002000", headers=street_b).status_code
        == 404
    )
    bad = hp_client.get(f"{API}/results?year=abc", headers=street_a)
    assert bad.status_code == 422 and "整数" in bad.get_json()["errors"]["year"][0]
    assert hp_client.get(f"{API}/results", headers=street_a).status_code == 422
    xlsx = hp_client.get(f"{API}/results?year=2025&format=xlsx", headers=street_a)
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames
