"""Every jiayuguan_groups admin page is scoped: another street sees and changes nothing (C1, J2).

Street B's officer sweeps the list, details, edit, export and ajax look-ups
of every model view under /admin/jiayuguan, and the plain pages, for
records of street A's committee 310101002001: none is visible or editable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from flask_admin.contrib.sqla import ModelView
from sqlalchemy import select

from core.extensions import db
from core.kinds import GROUP_LEADER, GROUP_MEETING, GROUP_MEMBER
from core.models import Meeting, OrgUnit
from core.scoping import SYSTEM, acting_as
from plugins.jiayuguan_groups.models import (
    Employment,
    GroupChange,
    GroupEvaluation,
    LeaderChoice,
    Training,
    Visit,
)
from tests.factories import COMMITTEE_A1, STREET_A, login, unit_by_code
from tests.jiayuguan_groups.factories import group, hold, households, person

MARK = "甲标记"
START = dt.date(2026, 1, 1)


def _seed(app: Flask) -> dict[type, int]:
    """One record of each model of the plugin in committee A1 (or street A), all marked."""
    with app.app_context(), acting_as(SYSTEM):
        a1 = unit_by_code(COMMITTEE_A1)
        leader = person(COMMITTEE_A1, f"{MARK}组长")
        position = hold(leader, GROUP_LEADER, START, None, "第一组")
        hold(person(COMMITTEE_A1, f"{MARK}组员"), GROUP_MEMBER, START, None, "第一组")
        meeting = Meeting(
            kind=GROUP_MEETING,
            title=f"{MARK}会议",
            held_on=dt.date(2025, 12, 20),
            org_unit=a1,
            resident_group=group(COMMITTEE_A1),
        )
        db.session.add(meeting)
        db.session.flush()
        records: list[Any] = [
            LeaderChoice(position=position, meeting=meeting, note=f"{MARK}推选"),
            GroupChange(
                org_unit=a1,
                kind="adjust",
                title=f"{MARK}申请",
                resident_group=group(COMMITTEE_A1),
                submitted_on=dt.date(2026, 2, 1),
                status="submitted",
            ),
            Employment(
                person=leader,
                start_date=dt.date(2020, 1, 1),
                end_date=dt.date(2020, 12, 31),
                employer=f"{MARK}单位",
            ),
            Visit(
                member=leader,
                household=households(COMMITTEE_A1)[0],
                visited_on=dt.date(2026, 3, 1),
                kind="full",
                people=f"{MARK}走访",
            ),
            Training(
                org_unit=unit_by_code(STREET_A), held_on=dt.date(2026, 4, 1), title=f"{MARK}培训"
            ),
            GroupEvaluation(
                resident_group=group(COMMITTEE_A1),
                evaluator="street",
                year=2026,
                half=1,
                grade="good",
                comments=f"{MARK}评议",
                evaluated_on=dt.date(2026, 7, 5),
            ),
        ]
        db.session.add_all(records)
        db.session.commit()
        ids = {type(record): record.id for record in records}
        ids[OrgUnit] = a1.id
        return ids


def _model_views(app: Flask) -> list[ModelView]:
    views = app.extensions["juwei"].admin._views
    return [v for v in views if isinstance(v, ModelView) and v.url.startswith("/admin/jiayuguan")]


def test_j2_street_b_sees_and_edits_nothing_of_street_a(
    jy_app: Flask, jy_client: FlaskClient
) -> None:
    ids = _seed(jy_app)
    views = _model_views(jy_app)
    assert {v.model for v in views} >= {
        LeaderChoice,
        GroupChange,
        Employment,
        Visit,
        Training,
        GroupEvaluation,
    }
    login(jy_client, "street_b")
    for view in views:
        listing = jy_client.get(f"{view.url}/")
        assert listing.status_code == 200, view.url
        assert MARK not in listing.get_data(as_text=True), view.url
        export = jy_client.get(f"{view.url}/export/csv/")
        assert MARK not in export.get_data(as_text=True), view.url
        record_id = ids.get(view.model)
        if record_id is None:
            continue
        for action in ("details", "edit"):
            response = jy_client.get(f"{view.url}/{action}/?id={record_id}")
            assert response.status_code in (302, 403, 404), (view.url, action)
            assert MARK not in response.get_data(as_text=True)
        edited = jy_client.post(
            f"{view.url}/edit/?id={record_id}", data={"title": "改", "note": "改", "people": "改"}
        )
        assert edited.status_code in (302, 403, 404), view.url
        deleted = jy_client.post(f"{view.url}/delete/", data={"id": record_id})
        assert deleted.status_code in (302, 403, 404), view.url
    # Ajax look-ups of the forms (people, households) reach no one of street A.
    for url in (
        "/admin/jiayuguan/employment/ajax/lookup/?name=person&query=" + MARK,
        "/admin/jiayuguan/visit/ajax/lookup/?name=household&query=310101002001",
    ):
        response = jy_client.get(url)
        assert response.status_code in (200, 400, 404)
        assert MARK not in response.get_data(as_text=True)
        assert "310101002001-" not in response.get_data(as_text=True)
    # The forms' select boxes offer nothing of street A either.
    for url in ("/admin/jiayuguan/visit/new/", "/admin/jiayuguan/leader-choice/new/"):
        html = jy_client.get(url).get_data(as_text=True)
        assert MARK not in html and "福州路居委会" not in html, url
    # The plain pages, even when asked for committee A1 by id.
    a1 = ids[OrgUnit]
    for url in (
        f"/admin/jiayuguan/groups/?committee={a1}",
        f"/admin/jiayuguan/coverage/?committee={a1}&first=2026-01-01&last=2026-12-31",
        f"/admin/jiayuguan/schedule/?committee={a1}",
        "/admin/jiayuguan/groups/",
        "/admin/jiayuguan/schedule/",
    ):
        response = jy_client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert MARK not in html and "福州路居委会" not in html, url
    # Every other page of the plugin (the payroll's too) at its default.
    pages = [
        v.url
        for v in jy_app.extensions["juwei"].admin._views
        if not isinstance(v, ModelView) and v.url.startswith("/admin/jiayuguan")
    ]
    assert "/admin/jiayuguan/groups" in pages
    for url in pages:
        response = jy_client.get(f"{url}/")
        assert response.status_code in (200, 403), url
        html = response.get_data(as_text=True)
        assert MARK not in html and "福州路居委会" not in html, url
    assert jy_client.get(f"/admin/committee/{a1}").status_code == 404
    # Street B cannot decide street A's request.
    change_id = ids[GroupChange]
    decided = jy_client.post(
        "/admin/jiayuguan/group-change/decide/",
        data={"id": change_id, "level": "street", "decision": "approve"},
    )
    assert decided.status_code == 404
    with jy_app.app_context(), acting_as(SYSTEM):
        assert db.session.get_one(GroupChange, change_id).status == "submitted"
        assert db.session.get_one(Visit, ids[Visit]).people == f"{MARK}走访"
        assert db.session.get_one(Training, ids[Training]).title == f"{MARK}培训"
        assert db.session.scalar(select(LeaderChoice.note)) == f"{MARK}推选"
        assert db.session.get_one(GroupEvaluation, ids[GroupEvaluation]) is not None


def test_j2_committee_staff_decide_at_neither_level(jy_app: Flask, jy_client: FlaskClient) -> None:
    ids = _seed(jy_app)
    login(jy_client, "committee_a1")
    change_id = ids[GroupChange]
    details = jy_client.get(f"/admin/jiayuguan/group-change/details/?id={change_id}")
    assert details.status_code == 200 and f"{MARK}申请" in details.get_data(as_text=True)
    for level in ("street", "city"):
        response = jy_client.post(
            "/admin/jiayuguan/group-change/decide/",
            data={"id": change_id, "level": level, "decision": "approve"},
        )
        assert response.status_code == 403, level
    with jy_app.app_context(), acting_as(SYSTEM):
        change = db.session.get_one(GroupChange, change_id)
        assert change.status == "submitted" and change.street_decided_on is None
