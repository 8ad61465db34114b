"""The plugin's API: groups (J2), visits (J7), the payroll (J4); scoping; the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.extensions import db
from core.kinds import GROUP_LEADER, GROUP_MEMBER, MEMBER
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, STREET_A, STREET_B
from tests.jiayuguan_groups.factories import group, hold, households, person

API = "/api/v1/jiayuguan"
START = dt.date(2024, 1, 1)


def _token(app: Flask, username: str) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["users", "token", username])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def seed_payroll_people(code: str) -> dict[str, int]:
    """A leader (also committee member: J4 pays the higher), two members and an outsider.

    ``组长甲`` leads 第一组 since 2024-01-01 and sits on the committee; ``组员乙``
    and ``组员丙`` are members of 第一组; ``居民丁`` holds nothing. Call as the
    system actor; commits.
    """
    suffix = "A" if code == COMMITTEE_A1 else "B"
    leader = person(code, f"组长甲{suffix}")
    hold(leader, GROUP_LEADER, START, group_name="第一组")
    hold(leader, MEMBER, START)
    second = person(code, f"组员乙{suffix}")
    hold(second, GROUP_MEMBER, START, group_name="第一组")
    third = person(code, f"组员丙{suffix}", employed=True)
    hold(third, GROUP_MEMBER, START, group_name="第一组")
    outsider = person(code, f"居民丁{suffix}")
    db.session.commit()
    return {
        "leader": leader.id,
        "member": second.id,
        "employed": third.id,
        "outsider": outsider.id,
        "household": households(code)[0].id,
        "group": group(code).id,
    }


@pytest.fixture
def seeded(jy_app: Flask) -> dict[str, dict[str, int]]:
    """The people of ``seed_payroll_people`` in committees A1 and B1."""
    with jy_app.app_context(), acting_as(SYSTEM):
        return {"A": seed_payroll_people(COMMITTEE_A1), "B": seed_payroll_people(COMMITTEE_B1)}


def _visit(ids: dict[str, int], **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "member_id": ids["member"],
        "household_id": ids["household"],
        "visited_on": "2026-03-05",
        "kind": "key",
        "people": "独居老人，行动不便",
        "things": "楼道堆物，有消防隐患",
        "follow_up": "通知物业清理",
    }
    body.update(extra)
    return body


# --- groups (J2) --------------------------------------------------------------------


def test_j2_api_lists_groups_with_members_leader_buildings_and_notes(
    jy_app: Flask, jy_client: FlaskClient, seeded: dict[str, dict[str, int]]
) -> None:
    response = jy_client.get(f"{API}/groups", headers=_token(jy_app, "street_a"))
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["total"] == 2
    first, second = data["items"]
    assert first["committee_code"] == COMMITTEE_A1
    assert first["committee_name"] == "福州路居委会"
    assert first["name"] == "第一组"
    assert sorted(first["members"]) == sorted(["组长甲A", "组员乙A", "组员丙A"])
    assert first["member_count"] == 3
    assert first["leader"] == "组长甲A"
    assert first["buildings"] == ["1号楼", "2号楼"]
    # No group meeting chose the leader: J2 flags it.
    assert "组长无居民小组会议推选记录 (J2)" in first["notes"]
    assert second["name"] == "第二组" and second["members"] == []
    assert "未设组长 (J2)" in second["notes"]


def test_api_groups_are_scoped_to_the_tokens_street(
    jy_app: Flask, jy_client: FlaskClient, seeded: dict[str, dict[str, int]]
) -> None:
    headers = _token(jy_app, "street_b")
    data = jy_client.get(f"{API}/groups", headers=headers).get_json()
    assert {item["committee_code"] for item in data["items"]} == {COMMITTEE_B1}
    assert jy_client.get(f"{API}/groups/{seeded['A']['group']}", headers=headers).status_code == 404
    one = jy_client.get(f"{API}/groups/{seeded['B']['group']}", headers=headers)
    assert one.status_code == 200 and one.get_json()["leader"] == "组长甲B"
    assert jy_client.post(f"{API}/groups", json={}, headers=headers).status_code == 405
    bad = jy_client.get(f"{API}/groups?on=昨天", headers=headers)
    assert bad.status_code == 422 and "on" in bad.get_json()["errors"]


# --- visits (J7) --------------------------------------------------------------------


def test_j7_api_records_a_visit_and_refuses_a_visitor_outside_the_groups(
    jy_app: Flask, jy_client: FlaskClient, seeded: dict[str, dict[str, int]]
) -> None:
    headers = _token(jy_app, "street_a")
    ids = seeded["A"]
    created = jy_client.post(f"{API}/visits", json=_visit(ids), headers=headers)
    assert created.status_code == 201, created.get_json()
    visit = created.get_json()
    assert visit["member_name"] == "组员乙A" and visit["kind"] == "key"
    assert visit["things"] == "楼道堆物，有消防隐患"

    refused = jy_client.post(
        f"{API}/visits", json=_visit(ids, member_id=ids["outsider"]), headers=headers
    )
    assert refused.status_code == 422
    assert "不是居民小组成员 (J7)" in refused.get_json()["errors"]["member_id"][0]

    late = jy_client.post(
        f"{API}/visits", json=_visit(ids, followed_up_on="2026-03-01"), headers=headers
    )
    assert late.status_code == 422
    assert late.get_json()["errors"]["followed_up_on"] == ["跟进日期不能早于走访日期 (J7)"]

    kind = jy_client.post(f"{API}/visits", json=_visit(ids, kind="任意"), headers=headers)
    assert kind.status_code == 422 and "应为以下之一" in kind.get_json()["errors"]["kind"][0]
    missing = jy_client.post(f"{API}/visits", json={"kind": "full"}, headers=headers)
    assert missing.get_json()["errors"]["visited_on"] == ["必须填写"]

    patched = jy_client.patch(
        f"{API}/visits/{visit['id']}",
        json={"follow_up": "物业已清理", "followed_up_on": "2026-03-09", "version_id": 1},
        headers=headers,
    )
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["followed_up_on"] == "2026-03-09"
    listed = jy_client.get(f"{API}/visits?kind=key", headers=headers).get_json()
    assert listed["total"] == 1
    assert jy_client.delete(f"{API}/visits/{visit['id']}", headers=headers).status_code == 204


def test_api_visits_are_scoped_to_the_tokens_street(
    jy_app: Flask, jy_client: FlaskClient, seeded: dict[str, dict[str, int]]
) -> None:
    created = jy_client.post(
        f"{API}/visits", json=_visit(seeded["A"]), headers=_token(jy_app, "street_a")
    )
    assert created.status_code == 201
    headers = _token(jy_app, "street_b")
    assert jy_client.get(f"{API}/visits", headers=headers).get_json()["total"] == 0
    visit_id = created.get_json()["id"]
    assert jy_client.get(f"{API}/visits/{visit_id}", headers=headers).status_code == 404
    # Street B cannot record a visit in street A: the ids are not visible to it.
    refused = jy_client.post(f"{API}/visits", json=_visit(seeded["A"]), headers=headers)
    assert refused.status_code == 422
    assert "不在您的管辖范围内" in refused.get_json()["errors"]["member_id"][0]
    auditor = jy_client.post(
        f"{API}/visits", json=_visit(seeded["A"]), headers=_token(jy_app, "auditor")
    )
    assert auditor.status_code == 403


# --- payroll (J4) -------------------------------------------------------------------


def test_j4_api_payroll_lines_totals_and_amounts_as_strings(
    jy_app: Flask, jy_client: FlaskClient, seeded: dict[str, dict[str, int]]
) -> None:
    response = jy_client.get(
        f"{API}/payroll?month=2026-03&street={STREET_A}", headers=_token(jy_app, "street_a")
    )
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["month"] == "2026-03"
    lines = {line["person_name"]: line for line in data["items"]}
    leader = lines["组长甲A"]
    assert leader["amount"] == "400.00"
    assert leader["years_served"] == 2
    assert leader["paid_label"] == "居民小组组长"
    assert leader["explanation"].endswith("(J4)")
    assert "居委会委员" in leader["explanation"]  # the position not paid is named
    assert lines["组员乙A"]["amount"] == "300.00"
    assert all(isinstance(line["amount"], str) for line in data["items"])
    assert data["total"] == len(data["items"])
    assert [s["name"] for s in data["streets"]] == ["外滩街道"]
    assert data["total_amount"] == data["streets"][0]["amount"]
    amounts = sum(float(line["amount"]) for line in data["items"])
    assert f"{amounts:.2f}" == data["total_amount"]
    assert data["committees"][0]["name"] == "福州路居委会"
    assert data["rates_explained"]

    one = jy_client.get(
        f"{API}/payroll/{seeded['A']['leader']}?month=2026-03", headers=_token(jy_app, "street_a")
    )
    assert one.status_code == 200 and one.get_json()["amount"] == "400.00"


def test_j4_api_payroll_is_scoped_to_the_tokens_street(
    jy_app: Flask, jy_client: FlaskClient, seeded: dict[str, dict[str, int]]
) -> None:
    headers = _token(jy_app, "street_b")
    data = jy_client.get(f"{API}/payroll?month=2026-03", headers=headers).get_json()
    assert {line["street"] for line in data["items"]} == {"南京东路街道"}
    assert not any(line["person_name"].endswith("A") for line in data["items"])
    assert [s["name"] for s in data["streets"]] == ["南京东路街道"]
    asked = jy_client.get(f"{API}/payroll?month=2026-03&street={STREET_A}", headers=headers)
    assert asked.status_code == 404
    person_a = seeded["A"]["leader"]
    assert (
        jy_client.get(f"{API}/payroll/{person_a}?month=2026-03", headers=headers).status_code == 404
    )
    mine = jy_client.get(f"{API}/payroll?month=2026-03&street={STREET_B}", headers=headers)
    assert mine.status_code == 200


def test_api_payroll_refuses_bad_queries_in_chinese(
    jy_app: Flask, jy_client: FlaskClient, seeded: dict[str, dict[str, int]]
) -> None:
    headers = _token(jy_app, "street_a")
    for query, field in [
        ("", "month"),
        ("?month=2026-13", "month"),
        ("?month=三月", "month"),
        ("?month=2026-03&street=abc", "street"),
        ("?month=2026-03&format=pdf", "format"),
        ("?month=2026-03&per_page=0", "per_page"),
    ]:
        response = jy_client.get(f"{API}/payroll{query}", headers=headers)
        assert response.status_code == 422, query
        assert field in response.get_json()["errors"], query
    message = jy_client.get(f"{API}/payroll?month=2026-13", headers=headers).get_json()
    assert message["errors"]["month"] == ["月份“2026-13”格式不对：应为 YYYY-MM，例如 2026-03"]


def test_j4_api_payroll_pages_and_filters_by_committee(
    jy_app: Flask, jy_client: FlaskClient, seeded: dict[str, dict[str, int]]
) -> None:
    headers = _token(jy_app, "admin")
    whole = jy_client.get(f"{API}/payroll?month=2026-03", headers=headers).get_json()
    assert {s["name"] for s in whole["streets"]} == {"外滩街道", "南京东路街道"}
    page = jy_client.get(f"{API}/payroll?month=2026-03&per_page=2&page=2", headers=headers)
    assert page.get_json()["items"] == whole["items"][2:4]
    only = jy_client.get(
        f"{API}/payroll?month=2026-03&committee={COMMITTEE_B1}", headers=headers
    ).get_json()
    assert only["items"] and {line["committee"] for line in only["items"]} == {"贵州路居委会"}


def test_j4_api_payroll_downloads_xlsx(
    jy_app: Flask, jy_client: FlaskClient, seeded: dict[str, dict[str, int]]
) -> None:
    response = jy_client.get(
        f"{API}/payroll?month=2026-03&format=xlsx", headers=_token(jy_app, "street_a")
    )
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    # The Chinese file name travels as filename*=UTF-8'' (a raw header fails on a real server).
    response.headers["Content-Disposition"].encode("latin-1")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert "组长甲A" in cells and "组长甲B" not in cells


# --- the OpenAPI document -----------------------------------------------------------


def test_api_endpoints_are_in_the_openapi_document(jy_app: Flask, jy_client: FlaskClient) -> None:
    doc = jy_client.get("/api/v1/openapi.json", headers=_token(jy_app, "street_a")).get_json()
    paths = doc["paths"]
    assert set(paths["/jiayuguan/groups"]) == {"get"}
    assert set(paths["/jiayuguan/visits"]) == {"get", "post"}
    assert set(paths["/jiayuguan/visits/{id}"]) == {"get", "patch", "delete"}
    assert set(paths["/jiayuguan/payroll"]) == {"get"}
    names = {p["name"] for p in paths["/jiayuguan/payroll"]["get"]["parameters"] if "name" in p}
    assert {"month", "street", "committee", "format"} <= names
    listing = paths["/jiayuguan/payroll"]["get"]
    assert listing["operationId"] == "jiayuguan_payroll_list"
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert {"month", "total_amount", "streets", "committees", "rates_explained"} <= set(page)
    schemas = doc["components"]["schemas"]
    assert schemas["PayLine"]["properties"]["amount"]["type"] == "string"
    assert "member_id" in schemas["Visit"]["required"]
    assert schemas["Group"]["properties"]["notes"]["type"] == "array"
