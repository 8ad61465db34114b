"""The core domain API: paging, filters, scoping, masking, figures, rules C2 C5 C6 C10 C14."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from sqlalchemy import event, func, select

from core.extensions import db
from core.models import AuditEntry, Household, Meeting, Opinion, OrgUnit, Person, Term, User
from core.rules.identity import check_digit
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, PASSWORD, unit_by_code

API = "/api/v1"


def _id_number(birth: str, serial: str = "123") -> str:
    """A valid ID number born on ``birth`` (YYYYMMDD); an odd last serial digit is male."""
    first = "310101" + birth + serial
    return first + check_digit(first)


def _token(app: Flask, username: str) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["users", "token", username])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def _unit_id(app: Flask, code: str) -> int:
    with app.app_context(), acting_as(SYSTEM):
        return unit_by_code(code).id


def _person(app: Flask, code: str, name: str, **extra: Any) -> int:
    with app.app_context(), acting_as(SYSTEM):
        values: dict[str, Any] = {
            "name": name,
            "sex": "male",
            "birth_date": dt.date(1980, 1, 1),
            "org_unit": unit_by_code(code),
        }
        values.update(extra)
        person = Person(**values)
        db.session.add(person)
        db.session.commit()
        return person.id


def _post(client: Any, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(f"{API}/{path}", json=body, headers=headers)


def seed_domain(code: str) -> None:
    """One record of each core domain model in committee ``code`` (call as the system actor).

    For scoping sweeps: a household with a person, a term, a director, a
    meeting with an agenda item and a resolution, an opinion with a
    rectification.
    """
    from core.models import AgendaItem, Position, Rectification, Resolution

    unit = unit_by_code(code)
    household = Household(number=f"H-{code}", org_unit=unit)
    person = Person(
        name=f"P-{code}",
        sex="female",
        birth_date=dt.date(1970, 5, 1),
        org_unit=unit,
        household=household,
    )
    meeting = Meeting(kind="hearing", title=f"M-{code}", held_on=dt.date(2025, 3, 1), org_unit=unit)
    meeting.agenda_items.append(AgendaItem(number=1, kind="plan", title="议题"))
    meeting.resolutions.append(Resolution(text="决议"))
    opinion = Opinion(
        received_on=dt.date(2025, 3, 3),
        channel="visit",
        content=f"O-{code}",
        org_unit=unit,
        about_person=person,
    )
    opinion.rectifications.append(
        Rectification(measure="整改", responsible_name="某", deadline=dt.date(2025, 4, 1))
    )
    db.session.add_all(
        [
            household,
            person,
            Term(
                number=1,
                start_date=dt.date(2021, 1, 1),
                end_date=dt.date(2025, 12, 31),
                org_unit=unit,
            ),
            Position(
                person=person,
                kind="committee.director",
                start_date=dt.date(2021, 1, 1),
                org_unit=unit,
            ),
            meeting,
            opinion,
        ]
    )
    db.session.commit()


def test_street_a_gets_nothing_of_street_b_in_any_domain_endpoint(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        seed_domain(COMMITTEE_A1)
        seed_domain(COMMITTEE_B1)
        b_unit = unit_by_code(COMMITTEE_B1).id
    headers = _token(app, "street_a")
    for resource in app.extensions["juwei"].api_resources:
        model = resource.model
        with app.app_context(), acting_as(SYSTEM):
            unit_column = model.id if model is OrgUnit else model.org_unit_id
            b_ids = set(db.session.scalars(select(model.id).where(unit_column == b_unit)))
        assert b_ids, resource.name
        listing = client.get(f"{API}/{resource.name}?per_page=500", headers=headers)
        assert listing.status_code == 200, resource.name
        shown = listing.get_json()
        assert shown["items"] and not {i["id"] for i in shown["items"]} & b_ids, resource.name
        assert shown["total"] == len(shown["items"])
        for record_id in b_ids:
            path = f"{API}/{resource.name}/{record_id}"
            assert client.get(path, headers=headers).status_code == 404
            patch = client.patch(path, json={"version_id": 1}, headers=headers)
            assert patch.status_code == (405 if resource.read_only else 404), resource.name
            assert client.delete(path, headers=headers).status_code in (404, 405)
    with app.app_context(), acting_as(SYSTEM):
        seen_by_a_later = db.session.scalar(
            select(func.count()).where(Person.org_unit_id == b_unit)
        )
        assert seen_by_a_later == 1, "nothing of street B was deleted"


# --- paging, filters, statement counts ---------------------------------------------


def test_people_list_pages_and_filters_by_name_prefix(client: Any, app: Flask) -> None:
    for name in ("张三", "张四", "李五"):
        _person(app, COMMITTEE_A1, name)
    headers = _token(app, "street_a")
    first = client.get(f"{API}/people?per_page=2", headers=headers).get_json()
    assert (first["page"], first["per_page"], first["total"]) == (1, 2, 3)
    assert len(first["items"]) == 2
    second = client.get(f"{API}/people?per_page=2&page=2", headers=headers).get_json()
    assert len(second["items"]) == 1
    names = {p["name"] for p in client.get(f"{API}/people?name=张", headers=headers).json["items"]}
    assert names == {"张三", "张四"}
    other = client.get(f"{API}/people?committee=310101002002", headers=headers).get_json()
    assert other["total"] == 0
    street = client.get(f"{API}/people?committee=310101002000", headers=headers).get_json()
    assert street["total"] == 3


def test_bad_query_values_are_422_naming_each_parameter(client: Any, app: Flask) -> None:
    headers = _token(app, "street_a")
    response = client.get(f"{API}/people?page=0&per_page=x", headers=headers)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"per_page"}
    response = client.get(f"{API}/meetings?held_from=2025-13-01&committee=12", headers=headers)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert "日期" in errors["held_from"][0] and "12位" in errors["committee"][0]


def _meeting(app: Flask, code: str, title: str, items: int = 2) -> int:
    from core.models import AgendaItem, Resolution

    with app.app_context(), acting_as(SYSTEM):
        meeting = Meeting(
            kind="hearing",
            title=title,
            held_on=dt.date(2025, 3, 1),
            org_unit=unit_by_code(code),
            eligible_count=10,
            eligible_reason="测试",
            present_count=6,
        )
        for n in range(1, items + 1):
            meeting.agenda_items.append(AgendaItem(number=n, kind="plan", title=f"议题{n}"))
            meeting.resolutions.append(Resolution(text=f"决议{n}", votes_for=4))
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def _statements(app: Flask, client: Any, path: str, headers: dict[str, str]) -> int:
    seen: list[str] = []

    def count(*_args: Any) -> None:
        seen.append("x")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path, headers=headers).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_meeting_list_costs_the_same_statements_for_2_or_6_meetings(
    client: Any, app: Flask
) -> None:
    headers = _token(app, "street_a")
    for n in range(2):
        _meeting(app, COMMITTEE_A1, f"会{n}")
    few = _statements(app, client, f"{API}/meetings", headers)
    for n in range(4):
        _meeting(app, COMMITTEE_A1, f"更多{n}", items=3)
    many = _statements(app, client, f"{API}/meetings", headers)
    assert few == many, (few, many)
    body = client.get(f"{API}/meetings", headers=headers).get_json()
    assert body["total"] == 6 and len(body["items"][0]["agenda_items"]) in (2, 3)
    assert body["items"][0]["figures"] is None  # lists compute figures only when asked
    listed = client.get(f"{API}/meetings?figures=true", headers=headers).get_json()
    assert listed["items"][0]["figures"]["quorum_met"] is True


# --- scoping and roles ---------------------------------------------------------------


def test_street_b_token_cannot_list_or_get_street_a_people(client: Any, app: Flask) -> None:
    a_person = _person(app, COMMITTEE_A1, "甲")
    b_person = _person(app, COMMITTEE_B1, "乙")
    headers = _token(app, "street_b")
    listing = client.get(f"{API}/people", headers=headers).get_json()
    assert [p["id"] for p in listing["items"]] == [b_person] and listing["total"] == 1
    assert client.get(f"{API}/people/{a_person}", headers=headers).status_code == 404
    patch = client.patch(
        f"{API}/people/{a_person}", json={"name": "改", "version_id": 1}, headers=headers
    )
    assert patch.status_code == 404
    # Nor can a record of B point at a household of A.
    with app.app_context(), acting_as(SYSTEM):
        household = Household(number="A-1", org_unit=unit_by_code(COMMITTEE_A1))
        db.session.add(household)
        db.session.commit()
        household_id = household.id
    moved = client.patch(
        f"{API}/people/{b_person}",
        json={"household_id": household_id, "version_id": 1},
        headers=headers,
    )
    assert moved.status_code == 422 and "household_id" in moved.get_json()["errors"]
    created = _post(
        client,
        "people",
        {
            "name": "越权",
            "sex": "male",
            "birth_date": "1990-01-01",
            "org_unit_id": _unit_id(app, COMMITTEE_A1),
        },
        headers,
    )
    assert created.status_code == 403
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count()).where(Person.name == "越权")) == 0


def test_auditor_token_reads_but_cannot_write(client: Any, app: Flask) -> None:
    person = _person(app, COMMITTEE_A1, "甲")
    headers = _token(app, "auditor")
    assert client.get(f"{API}/people/{person}", headers=headers).status_code == 200
    body = {"name": "审", "sex": "male", "birth_date": "1990-01-01", "org_unit_id": 1}
    assert _post(client, "people", body, headers).status_code == 403
    patch = client.patch(f"{API}/people/{person}", json={"version_id": 1}, headers=headers)
    assert patch.status_code == 403
    assert client.get(f"{API}/committees", headers=headers).status_code == 200


# --- C10 masking and whole views ------------------------------------------------------


def test_c10_list_masks_id_number_for_a_district_token(client: Any, app: Flask) -> None:
    number = _id_number("19800101")
    _person(app, COMMITTEE_A1, "甲", id_number=number, phone="13812345678")
    item = client.get(f"{API}/people", headers=_token(app, "district")).get_json()["items"][0]
    assert item["id_number"] == number[:4] + "*" * 10 + number[-4:]
    assert item["phone"] == "138****5678" and item["identity_masked"] is True
    with app.app_context(), acting_as(SYSTEM):
        views = db.session.scalar(select(func.count()).where(AuditEntry.action == "view"))
        assert views == 0


def test_c10_committee_staff_sees_whole_number_and_each_view_is_audited(
    client: Any, app: Flask
) -> None:
    number = _id_number("19800101")
    person = _person(app, COMMITTEE_A1, "甲", id_number=number, phone="13812345678")
    headers = _token(app, "committee_a1")
    item = client.get(f"{API}/people", headers=headers).get_json()["items"][0]
    assert item["id_number"] == number and item["phone"] == "13812345678"
    assert item["identity_masked"] is False
    assert client.get(f"{API}/people/{person}", headers=headers).get_json()["id_number"] == number
    with app.app_context(), acting_as(SYSTEM):
        views = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "view")).all()
        assert [(v.table_name, v.record_key, v.actor) for v in views] == [
            ("person", str(person), "committee_a1")
        ] * 2
        assert number not in str(views[0].changes)


def test_c10_wrong_check_digit_is_422_under_id_number(client: Any, app: Flask) -> None:
    good = _id_number("19800101")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    body = {
        "name": "错号",
        "sex": "male",
        "birth_date": "1980-01-01",
        "id_number": bad,
        "org_unit_id": _unit_id(app, COMMITTEE_A1),
    }
    response = _post(client, "people", body, _token(app, "committee_a1"))
    assert response.status_code == 422
    assert "校验位" in response.get_json()["errors"]["id_number"][0]
    body["id_number"] = good
    created = _post(client, "people", body, _token(app, "committee_a1"))
    assert created.status_code == 201 and created.get_json()["age"] >= 45


def test_validation_errors_name_each_field_in_chinese(client: Any, app: Flask) -> None:
    response = _post(
        client, "people", {"sex": "other", "birth_date": "昨天", "x": 1}, _token(app, "street_a")
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["name"] == ["必须填写"] and errors["org_unit_id"] == ["必须填写"]
    assert errors["birth_date"] == ["应为日期（YYYY-MM-DD）"]
    assert errors["sex"][0].startswith("应为以下之一") and errors["x"] == ["不认识的字段"]


def test_stale_patch_is_409_and_nothing_changes(client: Any, app: Flask) -> None:
    person = _person(app, COMMITTEE_A1, "甲")
    headers = _token(app, "street_a")
    ok = client.patch(
        f"{API}/people/{person}", json={"name": "乙", "version_id": 1}, headers=headers
    )
    assert ok.status_code == 200 and ok.get_json()["version_id"] == 2
    stale = client.patch(
        f"{API}/people/{person}", json={"name": "丙", "version_id": 1}, headers=headers
    )
    assert stale.status_code == 409
    missing = client.patch(f"{API}/people/{person}", json={"name": "丙"}, headers=headers)
    assert missing.status_code == 422 and "version_id" in missing.get_json()["errors"]
    assert client.get(f"{API}/people/{person}", headers=headers).get_json()["name"] == "乙"
    assert client.delete(f"{API}/people/{person}", headers=headers).status_code == 405


# --- meetings: nested writes and figures (C5, C6) --------------------------------------


def _meeting_body(app: Flask, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "org_unit_id": _unit_id(app, COMMITTEE_A1),
        "kind": "residents_meeting",
        "title": "居民会议",
        "held_on": "2025-03-01",
        "eligible_count": 10,
        "eligible_reason": "人员信息尚未录入完整",
        "present_count": 6,
        "agenda_items": [
            {"number": 1, "kind": "plan", "title": "年度计划"},
            {"number": 2, "kind": "work_report", "title": "工作报告"},
        ],
        "resolutions": [
            {"text": "通过年度计划", "agenda_item_number": 1, "votes_for": 4, "votes_against": 2},
            {"text": "通过工作报告", "agenda_item_number": 2, "votes_for": 3, "votes_abstain": 3},
        ],
    }
    body.update(extra)
    return body


def test_c5_c6_figures_in_the_meeting_response(client: Any, app: Flask) -> None:
    headers = _token(app, "committee_a1")
    created = _post(client, "meetings", _meeting_body(app), headers)
    assert created.status_code == 201, created.get_json()
    meeting = created.get_json()
    figures = meeting["figures"]
    assert figures["eligible"] == 10 and figures["quorum_met"] is True
    assert "6/10" in figures["quorum_explanation"] and "(C5)" in figures["quorum_explanation"]
    first, second = meeting["resolutions"]
    assert first["passed"] is True and first["agenda_item_number"] == 1
    # 3 of 6 present is not more than half: abstentions count against (C6).
    assert second["passed"] is False and "弃权" in second["explanation"]
    assert [item["number"] for item in meeting["agenda_items"]] == [1, 2]
    assert meeting["agenda_items"][0]["kind_label"] == "决定发展规划、年度工作计划和实事项目"
    # Exactly half present is no quorum, and then nothing passes (C5).
    half = client.patch(
        f"{API}/meetings/{meeting['id']}",
        json={
            "present_count": 5,
            "resolutions": [{"text": "四票赞成", "votes_for": 4}],
            "version_id": meeting["version_id"],
        },
        headers=headers,
    )
    assert half.status_code == 200, half.get_json()
    shown = client.get(f"{API}/meetings/{meeting['id']}", headers=headers).get_json()
    assert shown["figures"]["quorum_met"] is False
    assert [r["passed"] for r in shown["resolutions"]] == [False]
    assert "未达到法定人数" in shown["resolutions"][0]["explanation"]


def test_c6_votes_above_attendance_are_422_and_nothing_is_written(client: Any, app: Flask) -> None:
    headers = _token(app, "committee_a1")
    body = _meeting_body(app)
    body["resolutions"][1]["votes_for"] = 5  # 5 + 0 + 3 = 8 > 6 present
    response = _post(client, "meetings", body, headers)
    assert response.status_code == 422
    assert "超过出席人数" in response.get_json()["errors"]["resolutions"][0]
    bad_kind = _meeting_body(app)
    bad_kind["agenda_items"][1]["kind"] = "party"
    response = _post(client, "meetings", bad_kind, headers)
    errors = response.get_json()["errors"]
    assert response.status_code == 422 and "未知的类型" in errors["agenda_items"]["1"]["kind"][0]
    bad_number = _meeting_body(app)
    bad_number["resolutions"][1]["agenda_item_number"] = 9
    response = _post(client, "meetings", bad_number, headers)
    errors = response.get_json()["errors"]
    assert response.status_code == 422 and "agenda_item_number" in errors["resolutions"]["1"]
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_meeting_nested_patch_replaces_children_and_moves_the_version(
    client: Any, app: Flask
) -> None:
    headers = _token(app, "committee_a1")
    meeting = _post(client, "meetings", _meeting_body(app), headers).get_json()
    keep = meeting["agenda_items"][0]
    response = client.patch(
        f"{API}/meetings/{meeting['id']}",
        json={
            "version_id": meeting["version_id"],
            "agenda_items": [
                {**{k: keep[k] for k in ("id", "number", "kind", "title")}, "title": "改名"},
                {"number": 3, "kind": "opinions", "title": "新增"},
            ],
            "resolutions": [{"text": "唯一决议", "agenda_item_number": 3, "votes_for": 6}],
        },
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    changed = response.get_json()
    assert [(i["number"], i["title"]) for i in changed["agenda_items"]] == [
        (1, "改名"),
        (3, "新增"),
    ]
    assert changed["agenda_items"][0]["id"] == keep["id"]
    assert [(r["text"], r["agenda_item_number"], r["passed"]) for r in changed["resolutions"]] == [
        ("唯一决议", 3, True)
    ]
    assert changed["version_id"] == meeting["version_id"] + 1
    stale = client.patch(
        f"{API}/meetings/{meeting['id']}",
        json={"version_id": meeting["version_id"], "title": "旧"},
        headers=headers,
    )
    assert stale.status_code == 409
    # A meeting with agenda and resolutions is kept; an empty one may go.
    assert client.delete(f"{API}/meetings/{meeting['id']}", headers=headers).status_code == 409
    empty = _post(
        client, "meetings", _meeting_body(app, agenda_items=[], resolutions=[]), headers
    ).get_json()
    assert client.delete(f"{API}/meetings/{empty['id']}", headers=headers).status_code == 204


def test_meeting_filters_by_kind_and_dates(client: Any, app: Flask) -> None:
    headers = _token(app, "committee_a1")
    for day, kind in (
        ("2025-01-10", "hearing"),
        ("2025-02-10", "hearing"),
        ("2025-03-10", "evaluation"),
    ):
        body = _meeting_body(app, held_on=day, kind=kind, agenda_items=[], resolutions=[])
        assert _post(client, "meetings", body, headers).status_code == 201
    hearings = client.get(f"{API}/meetings?kind=hearing", headers=headers).get_json()
    assert hearings["total"] == 2
    window = client.get(
        f"{API}/meetings?held_from=2025-02-01&held_to=2025-03-31", headers=headers
    ).get_json()
    assert [m["held_on"] for m in window["items"]] == ["2025-03-10", "2025-02-10"]


# --- positions and committees (C2) -----------------------------------------------------


def _position(person: int, app: Flask, kind: str = "committee.director", **extra: Any) -> Any:
    return {
        "org_unit_id": _unit_id(app, COMMITTEE_A1),
        "person_id": person,
        "kind": kind,
        "start_date": "2024-01-01",
        **extra,
    }


def test_c2_second_director_is_422_under_kind(client: Any, app: Flask) -> None:
    headers = _token(app, "street_a")
    first, second = _person(app, COMMITTEE_A1, "甲"), _person(app, COMMITTEE_A1, "乙")
    assert _post(client, "positions", _position(first, app), headers).status_code == 201
    response = _post(client, "positions", _position(second, app), headers)
    assert response.status_code == 422
    assert "只能有1名主任" in response.get_json()["errors"]["kind"][0]
    # After the first director's last day, the second may start.
    ended = _position(second, app, start_date="2025-01-01")
    listing = client.get(f"{API}/positions", headers=headers).get_json()["items"]
    director = listing[0]
    assert director["kind_label"] == "居委会主任" and director["person_name"] == "甲"
    closed = client.patch(
        f"{API}/positions/{director['id']}",
        json={"end_date": "2024-12-31", "version_id": director["version_id"]},
        headers=headers,
    )
    assert closed.status_code == 200
    assert _post(client, "positions", ended, headers).status_code == 201
    in_office = client.get(f"{API}/positions?in_office_on=2024-06-01", headers=headers).get_json()
    assert [p["person_name"] for p in in_office["items"]] == ["甲"]
    unknown = _post(client, "positions", _position(first, app, kind="king"), headers)
    assert unknown.status_code == 422 and "未知的类型" in unknown.get_json()["errors"]["kind"][0]


def test_committees_show_their_term_and_counts(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        db.session.add(
            Term(
                number=3,
                start_date=dt.date(2021, 6, 1),
                end_date=dt.date(2026, 5, 31),
                org_unit=unit,
            )
        )
        db.session.add(Household(number="1-101", org_unit=unit))
        db.session.commit()
    person = _person(app, COMMITTEE_A1, "甲")
    headers = _token(app, "street_a")
    _post(client, "positions", _position(person, app), headers)
    body = client.get(f"{API}/committees?on=2025-01-01", headers=headers).get_json()
    assert [c["code"] for c in body["items"]] == [COMMITTEE_A1, "310101002002"]
    first = body["items"][0]
    assert first["street"] == "外滩街道" and first["current_term"]["number"] == 3
    assert first["counts"]["directors"] == 1 and first["counts"]["people"] == 1
    assert first["counts"]["households"] == 1 and "(C2)" in first["counts"]["composition"]
    assert body["items"][1]["current_term"] is None
    # Read only: no writes, and a street is not a committee.
    street = _unit_id(app, "310101002000")
    assert client.get(f"{API}/committees/{street}", headers=headers).status_code == 404
    assert client.post(f"{API}/committees", json={}, headers=headers).status_code == 405


def test_households_delete_only_when_empty(client: Any, app: Flask) -> None:
    headers = _token(app, "committee_a1")
    unit = _unit_id(app, COMMITTEE_A1)
    full = _post(client, "households", {"number": "1-101", "org_unit_id": unit}, headers).json
    empty = _post(client, "households", {"number": "1-102", "org_unit_id": unit}, headers).json
    _person(app, COMMITTEE_A1, "甲", household_id=full["id"])
    listed = client.get(f"{API}/households?number=1-10", headers=headers).get_json()["items"]
    assert [(h["number"], h["member_count"]) for h in listed] == [("1-101", 1), ("1-102", 0)]
    refused = client.delete(f"{API}/households/{full['id']}", headers=headers)
    assert refused.status_code == 409 and "1 人" in refused.get_json()["error"]
    assert client.delete(f"{API}/households/{empty['id']}", headers=headers).status_code == 204
    duplicate = _post(client, "households", {"number": "1-101", "org_unit_id": unit}, headers)
    assert duplicate.status_code == 409


# --- opinions (C14) --------------------------------------------------------------------


def test_c14_opinion_due_date_and_submitter_hidden_from_the_person_it_is_about(
    client: Any, app: Flask
) -> None:
    about = _person(app, COMMITTEE_A1, "被反映人")
    with app.app_context(), acting_as(SYSTEM):
        user = User(
            username="resident_a1",
            role="committee_staff",
            org_unit=unit_by_code(COMMITTEE_A1),
            person_id=about,
        )
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    staff = _token(app, "committee_a1")
    created = _post(
        client,
        "opinions",
        {
            "org_unit_id": _unit_id(app, COMMITTEE_A1),
            "received_on": "2025-09-30",
            "channel": "visit",
            "content": "楼道堆物",
            "submitter_name": "王大妈",
            "submitter_contact": "13900001111",
            "about_person_id": about,
            "rectifications": [
                {"measure": "清理楼道", "responsible_name": "李主任", "deadline": "2025-10-31"}
            ],
        },
        staff,
    )
    assert created.status_code == 201, created.get_json()
    opinion = created.get_json()
    # Received on the eve of National Day: the golden week is not counted (C14).
    assert opinion["reply_due_on"] == "2025-10-28" and "(C14)" in opinion["reply_due_explanation"]
    assert opinion["submitter_name"] == "王大妈" and opinion["submitter_hidden"] is False
    assert opinion["rectifications"][0]["measure"] == "清理楼道"
    hidden = client.get(f"{API}/opinions/{opinion['id']}", headers=_token(app, "resident_a1"))
    shown = hidden.get_json()
    assert shown["submitter_name"] is None and shown["submitter_contact"] is None
    assert shown["submitter_hidden"] is True and shown["reply_due_on"] == "2025-10-28"
    assert "王大妈" not in hidden.get_data(as_text=True)
    rewrite = client.patch(
        f"{API}/opinions/{opinion['id']}",
        json={"submitter_name": "", "version_id": shown["version_id"]},
        headers=_token(app, "resident_a1"),
    )
    assert rewrite.status_code == 422 and "submitter_name" in rewrite.get_json()["errors"]
    overdue = client.get(f"{API}/opinions?overdue=true", headers=staff).get_json()
    assert overdue["total"] == (1 if dt.date.today() > dt.date(2025, 10, 28) else 0)
    on_time = client.get(f"{API}/opinions?overdue=false", headers=staff).get_json()
    assert overdue["total"] + on_time["total"] == 1
    no_one = client.patch(
        f"{API}/opinions/{opinion['id']}",
        json={
            "rectifications": [{"measure": "无人负责", "deadline": "2025-10-31"}],
            "version_id": 1,
        },
        headers=staff,
    )
    assert no_one.status_code == 422
    assert "责任人" in no_one.get_json()["errors"]["rectifications"][0]
    with app.app_context(), acting_as(SYSTEM):
        stored = db.session.get(Opinion, opinion["id"])
        assert stored is not None and [r.measure for r in stored.rectifications] == ["清理楼道"]
