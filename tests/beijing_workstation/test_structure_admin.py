"""The 两会一站 admin pages: scoped for street and committee staff; refusals save nothing."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.models import Meeting
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.kinds import ASSEMBLY
from plugins.beijing_workstation.models import (
    Appraisal,
    AssemblyMember,
    StationReport,
    SubCommittee,
    SubCommitteeMember,
)
from tests.beijing_workstation.conftest import A1, A2
from tests.beijing_workstation.factories import named
from tests.beijing_workstation.test_sessions import representatives
from tests.beijing_workstation.test_structure import seed_station, seed_subcommittees
from tests.factories import login, unit_by_code

ADMIN = "/admin/beijing"


def _client(app: Flask, user: str) -> FlaskClient:
    client = app.test_client()
    login(client, user)
    return client


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _flashes(html: str) -> list[str]:
    return re.findall(r"alert[^>]*>\s*(?:<[^>]+>\s*)*([^<]+)", html)


def test_b9_b1_b2_b6_b8_pages_render_and_are_scoped(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        representatives(A1)
        seed_station(A1)
        seed_subcommittees(A1)
        a2 = unit_by_code(A2)
        db.session.add(
            AssemblyMember(org_unit=a2, name="二居代表", birth_date=dt.date(1970, 1, 1),
                           kind="resident", start_date=dt.date(2025, 1, 1))
        )  # fmt: skip
        db.session.add(
            Meeting(org_unit=unit_by_code(A1), kind=ASSEMBLY, title="2026年第一次例会",
                    held_on=dt.date(2026, 1, 20), present_count=3)
        )  # fmt: skip
        worker = named(A1, "居民8")
        db.session.add(
            Appraisal(org_unit=unit_by_code(A1), person=worker, year=2026, half=1,
                      appraised_on=dt.date(2026, 1, 30), grade="不称职", penalties="通报批评")
        )  # fmt: skip
        db.session.commit()
        a1_id, a2_id, worker_id = unit_by_code(A1).id, a2.id, worker.id

    committee = _client(bj_app, "committee_a1")
    page = _text(committee, f"{ADMIN}/structure/?on=2026-03-01")
    assert "001主任：居委会主任、社工主任、党组织书记" in page
    assert "仅 2 人，少于 3 人 (B4)" in page and "离退休人员" in page
    assert "二居" not in _text(committee, f"{ADMIN}/structure/?committee={a2_id}")
    members = _text(committee, f"{ADMIN}/assembly-members/")
    assert "代表1" in members and "二居代表" not in members
    sessions = _text(committee, f"{ADMIN}/sessions/?year=2026")
    assert "应到 4 人，实到 3 人，超过半数，可以召开 (B2, C5)" in sessions
    assert "2026年第一次例会" in sessions
    pay = _text(committee, f"{ADMIN}/pay/?month=2026-02")
    assert "社工专干 3档 4500.00 元/月 (B6)" in pay and "10700.00" in pay
    subs = _text(committee, f"{ADMIN}/subcommittees/")
    assert "仅 2 人，少于 3 人 (B4)" in subs
    history = _text(committee, f"{ADMIN}/appraisals/history/?person={worker_id}")
    assert "续聘建议：不予续聘" in history and "通报批评" in history
    for url in ("assembly-quota/", "subcommittee-members/", "retirements/", "posts/",
                "station-reports/", "appraisals/", "assembly-members/new/"):  # fmt: skip
        _text(committee, f"{ADMIN}/{url}")
    assert "001主任" in _text(committee, f"{ADMIN}/retirements/")
    panel = _text(committee, f"/admin/committee/{a1_id}")
    assert "两会一站（西城）" in panel and "社区成员代表 <strong>4</strong> 人" in panel

    street = _client(bj_app, "street_a")
    assert "二居代表" in _text(street, f"{ADMIN}/assembly-members/")
    assert "二居代表" in _text(street, f"{ADMIN}/structure/?committee={a2_id}")
    other = _client(bj_app, "street_b")
    assert "代表1" not in _text(other, f"{ADMIN}/assembly-members/")
    assert "001主任" not in _text(other, f"{ADMIN}/retirements/")
    assert other.get(f"{ADMIN}/appraisals/history/?person={worker_id}").status_code == 404
    assert "001" not in _text(other, f"{ADMIN}/structure/?committee={a1_id}")


def test_b4_b2_refused_saves_show_the_message_and_change_nothing(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        seed_subcommittees(A1)
        db.session.commit()
        a1_id = unit_by_code(A1).id
        security = db.session.scalar(select(SubCommittee.id).where(SubCommittee.kind == "security"))
        resident, outsider = named(A1, "居民5").id, named(A1, "居民6").id

    committee = _client(bj_app, "committee_a1")
    young = committee.post(
        f"{ADMIN}/assembly-members/new/",
        data={"org_unit": str(a1_id), "name": "少年", "birth_date": "2010-01-01",
              "kind": "resident", "voting_rights": "y", "start_date": "2026-01-01"},
        follow_redirects=True,
    )  # fmt: skip
    html = young.get_data(as_text=True)
    assert "保存失败" in html and "须年满18周岁 (B2)" in html
    chair = committee.post(
        f"{ADMIN}/subcommittee-members/new/",
        data={"subcommittee": str(security), "person": str(outsider), "role": "chair",
              "start_date": "2026-02-01"},
        follow_redirects=True,
    )  # fmt: skip
    assert "委员会主任由居委会成员兼任" in chair.get_data(as_text=True)
    added = committee.post(
        f"{ADMIN}/subcommittee-members/new/",
        data={"subcommittee": str(security), "person": str(resident), "role": "member",
              "start_date": "2026-02-01"},
    )  # fmt: skip
    assert added.status_code == 302
    with bj_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(AssemblyMember.id))) == 0
        assert (
            db.session.scalar(
                select(func.count(SubCommitteeMember.id)).where(
                    SubCommitteeMember.subcommittee_id == security
                )
            )
            == 3
        )
    # Evaluating the station's report needs the permission to appraise (B5).
    report = {"org_unit": str(a1_id), "reported_on": "2026-07-01", "period": "上半年",
              "title": "工作汇报", "evaluated_on": "2026-07-10", "rating": "满意"}  # fmt: skip
    admin = _client(bj_app, "admin").post(
        f"{ADMIN}/station-reports/new/", data=report, follow_redirects=True
    )
    assert "评议工作站的工作汇报须有" in admin.get_data(as_text=True)
    assert committee.post(f"{ADMIN}/station-reports/new/", data=report).status_code == 302
    # Street B cannot write into committee A1.
    other = _client(bj_app, "street_b")
    refused = other.post(
        f"{ADMIN}/assembly-members/new/",
        data={"org_unit": str(a1_id), "name": "外街", "birth_date": "1970-01-01",
              "kind": "resident", "voting_rights": "y", "start_date": "2026-01-01"},
        follow_redirects=True,
    )  # fmt: skip
    assert refused.status_code == 200  # A1 is not among street B's choices: nothing saved
    with bj_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(AssemblyMember.id))) == 0
        assert db.session.scalar(select(StationReport.rating)) == "满意"
