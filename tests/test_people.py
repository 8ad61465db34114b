"""People in the admin: age (C3), ID and phone masking with audited whole views (C10),
positions (C2, C12), representatives' households (C11) and scoping."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.admin.structure import today
from core.extensions import db
from core.models import AuditEntry, Household, Person, Position, RepresentativeHousehold
from core.rules.identity import check_digit, mask_id_number, mask_phone
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, login, unit_by_code

COMMITTEE_A2 = "310101002002"
ID_FIRST17 = "31010119900305123"  # born 1990-03-05, odd sequence: male
ID_NUMBER = ID_FIRST17 + check_digit(ID_FIRST17)
PHONE = "13812345678"


def _unit_id(app: Flask, code: str) -> int:
    with app.app_context(), acting_as(SYSTEM):
        return unit_by_code(code).id


def _add_person(app: Flask, code: str = COMMITTEE_A1, **fields: Any) -> int:
    values: dict[str, Any] = {
        "name": "张三",
        "sex": "male",
        "birth_date": dt.date(1990, 3, 5),
        "id_number": ID_NUMBER,
        "phone": PHONE,
    }
    values.update(fields)
    with app.app_context(), acting_as(SYSTEM):
        person = Person(org_unit_id=unit_by_code(code).id, **values)
        db.session.add(person)
        db.session.commit()
        return int(person.id)


def _views(app: Flask) -> list[AuditEntry]:
    with app.app_context(), acting_as(SYSTEM):
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "view")))


def _count(app: Flask, model: type, **where: Any) -> int:
    with app.app_context(), acting_as(SYSTEM):
        stmt = select(func.count()).select_from(model).filter_by(**where)
        return int(db.session.scalar(stmt) or 0)


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # today is 29 February
        return dt.date(day.year - years, 2, 28)


# --- C3 ---------------------------------------------------------------------------


def test_c3_age_today_counts_the_18th_birthday(client: Any, app: Flask) -> None:
    day = today()
    adult = _years_ago(day, 18)
    _add_person(app, name="满十八", birth_date=adult, id_number=None)
    _add_person(app, name="差一天", birth_date=adult + dt.timedelta(days=1), id_number=None)
    with app.app_context(), acting_as(SYSTEM):
        people = {p.name: p for p in db.session.scalars(select(Person))}
        assert people["满十八"].age_on(day) == 18
        assert people["差一天"].age_on(day) == 17
        assert people["差一天"].age_on(day + dt.timedelta(days=1)) == 18
    login(client, "committee_a1")
    html = client.get("/admin/person/?search=满十八").get_data(as_text=True)
    assert ">18<" in html.replace(" ", "").replace("\n", "")
    html = client.get("/admin/person/?search=差一天").get_data(as_text=True)
    assert ">17<" in html.replace(" ", "").replace("\n", "")
    person_id = people["满十八"].id
    details = client.get(f"/admin/person/details/?id={person_id}").get_data(as_text=True)
    assert "满 18 周岁" in details and "(C3)" in details


# --- C10: masking and audited whole views -------------------------------------------


@pytest.mark.parametrize("username", ["auditor", "district", "admin"])
def test_c10_list_masks_id_number_for_roles_without_permission(
    client: Any, app: Flask, username: str
) -> None:
    person_id = _add_person(app)
    login(client, username)
    listing = client.get("/admin/person/").get_data(as_text=True)
    assert mask_id_number(ID_NUMBER) in listing and mask_phone(PHONE) in listing
    assert ID_NUMBER not in listing and PHONE not in listing
    details = client.get(f"/admin/person/details/?id={person_id}").get_data(as_text=True)
    assert mask_id_number(ID_NUMBER) in details and ID_NUMBER not in details
    assert PHONE not in details and "已部分隐藏" in details
    assert _views(app) == []


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_c10_export_is_masked_for_roles_without_permission(
    client: Any, app: Flask, kind: str
) -> None:
    _add_person(app)
    login(client, "district")
    response = client.get(f"/admin/person/export/{kind}/")
    assert response.status_code == 200
    if kind == "csv":
        text = response.get_data(as_text=True)
    else:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.data))
        text = "\n".join(
            ",".join("" if c is None else str(c) for c in row)
            for row in book.active.iter_rows(values_only=True)
        )
    assert mask_id_number(ID_NUMBER) in text and mask_phone(PHONE) in text
    assert ID_NUMBER not in text and PHONE not in text
    assert _views(app) == []


def test_c10_committee_staff_see_whole_numbers_and_every_view_is_audited(
    client: Any, app: Flask
) -> None:
    person_id = _add_person(app)
    _add_person(app, name="李四", sex="female", id_number=None, phone="")
    unit_id = _unit_id(app, COMMITTEE_A1)
    login(client, "committee_a1")
    listing = client.get("/admin/person/").get_data(as_text=True)
    assert ID_NUMBER in listing and PHONE in listing
    entries = _views(app)
    assert len(entries) == 2  # one per person shown
    mine = next(e for e in entries if e.record_key == str(person_id))
    assert mine.table_name == "person" and mine.actor == "committee_a1"
    assert mine.user_id is not None and mine.org_unit_id == unit_id
    assert mine.changes == {"fields": ["id_number", "phone"], "where": "list"}

    details = client.get(f"/admin/person/details/?id={person_id}").get_data(as_text=True)
    assert ID_NUMBER in details and "已记入审计日志" in details
    export = client.get("/admin/person/export/csv/").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(export)))
    assert any(ID_NUMBER in row for row in rows)
    wheres = sorted(e.changes["where"] for e in _views(app) if e.record_key == str(person_id))
    assert wheres == ["details", "export", "list"]


def test_c10_search_accepts_only_a_whole_id_number(client: Any, app: Flask) -> None:
    _add_person(app)
    for username in ("district", "committee_a1"):
        login(client, username)
        whole = client.get(f"/admin/person/?search={ID_NUMBER}").get_data(as_text=True)
        assert "张三" in whole
        lower = client.get(f"/admin/person/?search={ID_NUMBER.lower()}").get_data(as_text=True)
        assert "张三" in lower
        for part in (ID_NUMBER[:4], ID_NUMBER[-4:], ID_NUMBER[:17], PHONE[-4:]):
            html = client.get(f"/admin/person/?search={part}").get_data(as_text=True)
            assert "张三" not in html, (username, part)
        assert "张三" in client.get(f"/admin/person/?search={PHONE}").get_data(as_text=True)
        client.post("/logout")


def test_c10_edit_form_without_permission_neither_shows_nor_saves_identity(
    client: Any, app: Flask
) -> None:
    person_id = _add_person(app)
    unit_id = _unit_id(app, COMMITTEE_A1)
    login(client, "district")
    form = client.get(f"/admin/person/edit/?id={person_id}").get_data(as_text=True)
    assert 'name="id_number"' not in form and 'name="phone"' not in form
    assert ID_NUMBER not in form and mask_id_number(ID_NUMBER) not in form
    response = client.post(
        f"/admin/person/edit/?id={person_id}",
        data={
            "org_unit": unit_id,
            "name": "张三丰",
            "sex": "male",
            "birth_date": "1990-03-05",
            "id_number": mask_id_number(ID_NUMBER),  # a masked value posted anyway
            "phone": "",
            "juwei_version": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context(), acting_as(SYSTEM):
        person = db.session.get(Person, person_id)
        assert person.name == "张三丰"
        assert person.id_number == ID_NUMBER and person.phone == PHONE
    assert _views(app) == []


def test_c10_edit_form_with_permission_shows_whole_and_is_audited(client: Any, app: Flask) -> None:
    person_id = _add_person(app)
    login(client, "committee_a1")
    form = client.get(f"/admin/person/edit/?id={person_id}").get_data(as_text=True)
    assert f'value="{ID_NUMBER}"' in form
    assert [e.changes["where"] for e in _views(app)] == ["edit"]


def _person_form(unit_id: int, **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "org_unit": unit_id,
        "name": "王五",
        "sex": "male",
        "birth_date": "1990-03-05",
        "id_number": ID_NUMBER,
        "phone": PHONE,
    }
    data.update(overrides)
    return data


def _with_check(first17: str) -> str:
    return first17 + check_digit(first17)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"id_number": ID_FIRST17 + ("0" if ID_NUMBER[-1] != "0" else "1")}, "校验位错误"),
        ({"birth_date": "1990-03-06"}, "与登记的出生日期"),
        ({"sex": "female"}, "与登记的性别"),
        ({"birth_date": "2999-01-01", "id_number": ""}, "是将来的日期"),
        ({"id_number": _with_check("31010119900230123")}, "不是有效日期"),
        ({"id_number": "310101900305123"}, "15位的旧身份证号"),
    ],
)
def test_c10_bad_person_input_is_refused_and_nothing_written(
    client: Any, app: Flask, overrides: dict[str, str], message: str
) -> None:
    unit_id = _unit_id(app, COMMITTEE_A1)
    entries = _count(app, AuditEntry)
    login(client, "committee_a1")
    html = client.post(
        "/admin/person/new/", data=_person_form(unit_id, **overrides), follow_redirects=True
    ).get_data(as_text=True)
    assert message in html and "保存失败" in html
    assert _count(app, Person) == 0
    assert _count(app, AuditEntry) == entries


def test_c10_impossible_birth_date_field_is_refused(client: Any, app: Flask) -> None:
    unit_id = _unit_id(app, COMMITTEE_A1)
    login(client, "committee_a1")
    response = client.post(
        "/admin/person/new/", data=_person_form(unit_id, birth_date="1990-02-30")
    )
    assert response.status_code == 200  # the form again, with the field's error
    assert _count(app, Person) == 0


def test_c10_valid_person_is_saved_with_the_number_normalised(client: Any, app: Flask) -> None:
    first17 = "11010520000101002"  # 2000-01-01, even sequence: female
    number = _with_check(first17)
    unit_id = _unit_id(app, COMMITTEE_A1)
    login(client, "committee_a1")
    response = client.post(
        "/admin/person/new/",
        data=_person_form(unit_id, sex="female", birth_date="2000-01-01", id_number=number.lower()),
    )
    assert response.status_code == 302
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(Person.id_number)) == number.upper()


# --- C2, C12: positions through the admin form ----------------------------------------


def _position(
    client: Any, unit_id: int, person_id: int, kind: str, start: str, **extra: Any
) -> str:
    data = {"org_unit": unit_id, "person": person_id, "kind": kind, "start_date": start}
    data.update(extra)
    response = client.post("/admin/position/new/", data=data, follow_redirects=True)
    return str(response.get_data(as_text=True))


def test_c2_second_director_at_once_is_refused_then_allowed_after_the_end(
    client: Any, app: Flask
) -> None:
    unit_id = _unit_id(app, COMMITTEE_A1)
    first = _add_person(app, name="甲", id_number=None)
    second = _add_person(app, name="乙", id_number=None)
    login(client, "committee_a1")
    html = _position(client, unit_id, first, "committee.director", "2020-01-01")
    assert "创建记录成功" in html or "成功" in html
    assert "不足 5 人" in html  # the C2 warning, flashed after the save
    html = _position(client, unit_id, second, "committee.director", "2021-01-01")
    assert "只能有1名主任" in html
    assert _count(app, Position) == 1
    with app.app_context(), acting_as(SYSTEM):
        director = db.session.scalar(select(Position))
        director.end_date = dt.date(2022, 12, 31)
        db.session.commit()
    html = _position(client, unit_id, second, "committee.director", "2023-01-01")
    assert "只能有1名主任" not in html
    assert _count(app, Position) == 2
    listing = client.get("/admin/position/").get_data(as_text=True)
    assert "已离任" in listing and "在任" in listing and "居委会主任" in listing
    assert listing.index("2023-01-01") < listing.index("2020-01-01")  # newest first
    held = client.get("/admin/position/?flt1_1=1").get_data(as_text=True)
    assert "乙" in held and "甲" not in held.split("<tbody>")[-1]


def test_c2_position_ending_before_it_starts_is_refused(client: Any, app: Flask) -> None:
    unit_id = _unit_id(app, COMMITTEE_A1)
    person = _add_person(app, id_number=None)
    login(client, "committee_a1")
    html = _position(
        client, unit_id, person, "committee.member", "2022-05-01", end_date="2022-04-30"
    )
    assert "早于开始日期" in html
    assert _count(app, Position) == 0


def test_c12_supervision_position_flashes_the_group_size(client: Any, app: Flask) -> None:
    unit_id = _unit_id(app, COMMITTEE_A1)
    person = _add_person(app, id_number=None)
    login(client, "committee_a1")
    html = _position(client, unit_id, person, "supervision.leader", "2022-05-01")
    assert "居务监督小组 1 人" in html and "(C12)" in html
    assert _count(app, Position) == 1


# --- C11 --------------------------------------------------------------------------------


def test_c11_representative_links_households_of_own_committee_only(client: Any, app: Flask) -> None:
    a1, a2 = _unit_id(app, COMMITTEE_A1), _unit_id(app, COMMITTEE_A2)
    person = _add_person(app, id_number=None)
    with app.app_context(), acting_as(SYSTEM):
        own = Household(number="101", address="福州路1号", org_unit_id=a1)
        other = Household(number="201", address="金陵东路2号", org_unit_id=a2)
        representative = Position(
            person_id=person, kind="representative", start_date=dt.date(2022, 1, 1), org_unit_id=a1
        )
        member = Position(
            person_id=person,
            kind="committee.member",
            start_date=dt.date(2022, 1, 1),
            org_unit_id=a1,
        )
        db.session.add_all([own, other, representative, member])
        db.session.commit()
        ids = own.id, other.id, representative.id, member.id
    own_id, other_id, rep_id, member_id = ids
    login(client, "street_a")
    form = client.get("/admin/representativehousehold/new/").get_data(as_text=True)
    assert "居民代表" in form and "居委会委员" not in form  # only representatives offered
    response = client.post(
        "/admin/representativehousehold/new/", data={"position": rep_id, "household": own_id}
    )
    assert response.status_code == 302
    html = client.post(
        "/admin/representativehousehold/new/",
        data={"position": rep_id, "household": other_id},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "只能联系本居委会的户" in html
    client.post(
        "/admin/representativehousehold/new/", data={"position": member_id, "household": own_id}
    )
    assert _count(app, RepresentativeHousehold) == 1
    with app.app_context(), acting_as(SYSTEM):
        link = db.session.scalar(select(RepresentativeHousehold))
        assert link.household_id == own_id and link.org_unit_id == a1
    listing = client.get("/admin/representativehousehold/").get_data(as_text=True)
    assert "福州路1号" in listing


# --- scoping ---------------------------------------------------------------------------


def test_street_b_cannot_see_or_edit_street_a_people(client: Any, app: Flask) -> None:
    person_id = _add_person(app, name="外滩居民")
    _add_person(app, COMMITTEE_B1, name="南京东路居民", id_number=None, phone="")
    login(client, "street_b")
    listing = client.get("/admin/person/").get_data(as_text=True)
    assert "南京东路居民" in listing and "外滩居民" not in listing
    assert client.get(f"/admin/person/details/?id={person_id}").status_code == 404
    assert client.get(f"/admin/person/edit/?id={person_id}").status_code == 404
    response = client.post(
        f"/admin/person/edit/?id={person_id}",
        data={"name": "改名", "sex": "male", "birth_date": "1990-03-05"},
    )
    assert response.status_code == 404
    assert client.post("/admin/person/delete/", data={"id": person_id}).status_code == 404
    export = client.get("/admin/person/export/csv/").get_data(as_text=True)
    assert "外滩居民" not in export and ID_NUMBER not in export
    assert (
        client.get(f"/admin/person/?search={ID_NUMBER}").get_data(as_text=True).count("外滩居民")
        == 0
    )
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.get(Person, person_id).name == "外滩居民"
    # Street B's officer holds the permission: B's person was shown whole and logged, A's never.
    assert {e.record_key for e in _views(app)} <= {str(p) for p in _ids_of(app, "南京东路居民")}


def _ids_of(app: Flask, name: str) -> list[int]:
    with app.app_context(), acting_as(SYSTEM):
        return list(db.session.scalars(select(Person.id).where(Person.name == name)))


def test_household_list_counts_members(client: Any, app: Flask) -> None:
    a1 = _unit_id(app, COMMITTEE_A1)
    with app.app_context(), acting_as(SYSTEM):
        household = Household(number="301", address="福州路3号", org_unit_id=a1)
        db.session.add(household)
        db.session.commit()
        household_id = household.id
    _add_person(app, household_id=household_id, id_number=None)
    _add_person(app, name="赵六", household_id=household_id, id_number=None)
    login(client, "committee_a1")
    html = client.get("/admin/household/").get_data(as_text=True)
    assert "301" in html and ">2<" in html.replace(" ", "").replace("\n", "")


def test_people_lists_issue_a_constant_number_of_statements_per_page(
    client: Any, app: Flask
) -> None:
    from tests.test_pages import _count_statements

    a1 = _unit_id(app, COMMITTEE_A1)
    with app.app_context(), acting_as(SYSTEM):
        for n in range(60):
            household = Household(number=f"H{n:03d}", address=f"福州路{n}号", org_unit_id=a1)
            person = Person(
                name=f"居民{n:03d}",
                sex="female",
                birth_date=dt.date(1980, 1, 1),
                phone=f"139{n:08d}",
                household=household,
                org_unit_id=a1,
            )
            position = Position(
                person=person, kind="representative", start_date=dt.date(2022, 1, 1), org_unit_id=a1
            )
            link = RepresentativeHousehold(position=position, household=household)
            db.session.add_all([household, person, position, link])
        db.session.commit()
    login(client, "committee_a1")
    for endpoint in ("person", "household", "position", "representativehousehold"):
        counts = []
        for size in (5, 50):
            with _count_statements(app) as statements:
                assert client.get(f"/admin/{endpoint}/?page_size={size}").status_code == 200
            counts.append(len(statements))
        assert counts[0] == counts[1], (endpoint, counts)
