"""Rule C1 below the committee: terms, resident groups and buildings through the admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.models import Building, ResidentGroup, Term
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, STREET_A, login, unit_by_code

COMMITTEE_A2 = "310101002002"


def _ids(app: Flask, *codes: str) -> list[int]:
    with app.app_context(), acting_as(SYSTEM):
        return [unit_by_code(code).id for code in codes]


def _count(app: Flask, model: type, **where: Any) -> int:
    with app.app_context(), acting_as(SYSTEM):
        stmt = select(func.count()).select_from(model).filter_by(**where)
        return int(db.session.scalar(stmt) or 0)


def test_c2_term_end_defaults_to_five_years(client: Any, app: Flask) -> None:
    (a1,) = _ids(app, COMMITTEE_A1)
    login(client, "committee_a1")
    response = client.post(
        "/admin/term/new/",
        data={"org_unit": a1, "number": "12", "start_date": "2024-02-29", "end_date": ""},
        follow_redirects=True,
    )
    assert response.status_code == 200
    with app.app_context(), acting_as(SYSTEM):
        term = db.session.scalar(select(Term).where(Term.number == 12))
        assert term is not None
        assert term.end_date == dt.date(2029, 2, 28)
    listing = client.get("/admin/term/").get_data(as_text=True)
    assert "2029-02-28" in listing and "福州路居委会" in listing


def test_c2_term_with_end_before_start_is_refused(client: Any, app: Flask) -> None:
    (a1,) = _ids(app, COMMITTEE_A1)
    login(client, "committee_a1")
    html = client.post(
        "/admin/term/new/",
        data={"org_unit": a1, "number": "1", "start_date": "2024-01-01", "end_date": "2023-01-01"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "必须晚于开始日期" in html
    assert _count(app, Term) == 0


def test_c1_term_org_unit_offers_committees_only(client: Any, app: Flask) -> None:
    login(client, "street_a")
    html = client.get("/admin/term/new/").get_data(as_text=True)
    assert "福州路居委会" in html and "金陵东路居委会" in html
    assert "贵州路居委会" not in html  # another street's committee
    assert "外滩街道（" not in html and "黄浦区（" not in html  # not committees


def test_c1_term_for_a_street_is_refused(client: Any, app: Flask) -> None:
    (street,) = _ids(app, STREET_A)
    login(client, "street_a")
    html = client.post(
        "/admin/term/new/",
        data={"org_unit": street, "number": "1", "start_date": "2024-01-01"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "保存" in html
    assert _count(app, Term) == 0


def test_c1_group_and_building_crud_through_the_admin(client: Any, app: Flask) -> None:
    (a1,) = _ids(app, COMMITTEE_A1)
    login(client, "committee_a1")
    response = client.post(
        "/admin/residentgroup/new/",
        data={"org_unit": a1, "number": "1", "name": "第一居民小组", "note": ""},
    )
    assert response.status_code == 302
    with app.app_context(), acting_as(SYSTEM):
        group_id = db.session.scalar(select(ResidentGroup.id))
    for name, kind in (("1号楼", "building"), ("东院", "courtyard")):
        response = client.post(
            "/admin/building/new/",
            data={
                "org_unit": a1,
                "name": name,
                "kind": kind,
                "resident_group": group_id,
                "address": "福州路1号",
            },
        )
        assert response.status_code == 302
    listing = client.get("/admin/building/").get_data(as_text=True)
    assert "楼栋" in listing and "院落" in listing and "第一居民小组" in listing
    groups = client.get("/admin/residentgroup/").get_data(as_text=True)
    assert "第一居民小组" in groups and ">2<" in groups.replace(" ", "").replace("\n", "")
    # Edit: dissolve the group.
    with app.app_context(), acting_as(SYSTEM):
        version = db.session.get(ResidentGroup, group_id).version_id
    response = client.post(
        f"/admin/residentgroup/edit/?id={group_id}",
        data={
            "org_unit": a1,
            "number": "1",
            "name": "第一居民小组",
            "dissolved_on": "2025-06-30",
            "juwei_version": str(version),
        },
    )
    assert response.status_code == 302
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.get(ResidentGroup, group_id).dissolved_on == dt.date(2025, 6, 30)
        building_id = db.session.scalar(select(Building.id).where(Building.name == "东院"))
    # Delete a building.
    response = client.post("/admin/building/delete/", data={"id": building_id})
    assert response.status_code == 302
    assert _count(app, Building) == 1


def test_c1_building_in_another_committees_group_is_refused(client: Any, app: Flask) -> None:
    a1, a2 = _ids(app, COMMITTEE_A1, COMMITTEE_A2)
    with app.app_context(), acting_as(SYSTEM):
        group = ResidentGroup(name="金陵一组", number=1, org_unit_id=a2)
        db.session.add(group)
        db.session.commit()
        group_id = group.id
    login(client, "street_a")
    html = client.post(
        "/admin/building/new/",
        data={"org_unit": a1, "name": "9号楼", "kind": "building", "resident_group": group_id},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "只能划入本居委会的居民小组" in html
    assert _count(app, Building) == 0


def test_c1_street_b_cannot_see_or_edit_street_a_structure(client: Any, app: Flask) -> None:
    a1, b1 = _ids(app, COMMITTEE_A1, COMMITTEE_B1)
    with app.app_context(), acting_as(SYSTEM):
        group = ResidentGroup(name="福州一组", number=1, org_unit_id=a1)
        term = Term(
            number=3, start_date=dt.date(2021, 1, 1), end_date=dt.date(2025, 12, 31), org_unit_id=a1
        )
        db.session.add_all([group, term])
        db.session.commit()
        group_id, term_id = group.id, term.id
    login(client, "street_b")
    assert "福州一组" not in client.get("/admin/residentgroup/").get_data(as_text=True)
    assert client.get(f"/admin/residentgroup/edit/?id={group_id}").status_code == 404
    assert client.get(f"/admin/term/details/?id={term_id}").status_code == 404
    assert client.post("/admin/term/delete/", data={"id": term_id}).status_code == 404
    # A building of B's committee cannot be put into A's group by posting its id:
    # the group is not among the choices, so nothing is linked to it.
    client.post(
        "/admin/building/new/",
        data={"org_unit": b1, "name": "8号楼", "kind": "building", "resident_group": group_id},
    )
    assert _count(app, Building, resident_group_id=group_id) == 0
    assert _count(app, Term) == 1


def test_c1_structure_lists_filter_by_committee_and_search(client: Any, app: Flask) -> None:
    a1, a2 = _ids(app, COMMITTEE_A1, COMMITTEE_A2)
    with app.app_context(), acting_as(SYSTEM):
        db.session.add_all(
            [
                ResidentGroup(name="福州一组", number=1, org_unit_id=a1),
                ResidentGroup(name="金陵一组", number=1, org_unit_id=a2),
            ]
        )
        db.session.commit()
    login(client, "street_a")
    html = client.get("/admin/residentgroup/?search=金陵").get_data(as_text=True)
    assert "金陵一组" in html and "福州一组" not in html
    html = client.get("/admin/residentgroup/?search=福州路").get_data(as_text=True)
    assert "福州一组" in html and "金陵一组" not in html  # search on the committee's name
    listing = client.get("/admin/residentgroup/").get_data(as_text=True)
    assert "贵州路居委会" not in listing  # the committee filter offers only A's committees
    export = client.get("/admin/residentgroup/export/csv/").get_data(as_text=True)
    assert "福州一组" in export and "金陵一组" in export
    xlsx = client.get("/admin/building/export/xlsx/")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_structure_lists_issue_a_constant_number_of_statements_per_page(
    client: Any, app: Flask
) -> None:
    from tests.test_pages import _count_statements

    (a1,) = _ids(app, COMMITTEE_A1)
    with app.app_context(), acting_as(SYSTEM):
        for n in range(1, 61):
            group = ResidentGroup(name=f"第{n}组", number=n, org_unit_id=a1)
            building = Building(name=f"{n}号楼", resident_group=group, org_unit_id=a1)
            start = dt.date(1700 + 5 * n, 1, 1)
            term = Term(
                number=n,
                start_date=start,
                end_date=start.replace(year=start.year + 5),
                org_unit_id=a1,
            )
            db.session.add_all([group, building, term])
        db.session.commit()
    login(client, "committee_a1")
    for endpoint in ("term", "residentgroup", "building"):
        counts = []
        for size in (5, 50):
            with _count_statements(app) as statements:
                assert client.get(f"/admin/{endpoint}/?page_size={size}").status_code == 200
            counts.append(len(statements))
        assert counts[0] == counts[1], (endpoint, counts)
