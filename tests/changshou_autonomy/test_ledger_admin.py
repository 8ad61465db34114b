"""Ledger admin pages: area types, records, the S1 checklist, completeness; scoping (S1–S3)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.models import (
    AreaProfile,
    MeetingProcedure,
    RulesDocument,
    SocialOrganisation,
)
from tests.changshou_autonomy.conftest import A1, A2
from tests.changshou_autonomy.factories import meeting
from tests.changshou_autonomy.test_completeness import full_ledger
from tests.factories import login, unit_by_code

P = "/admin/changshou"
YEAR = 2026


def _page(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


def test_s2_s3_pages_render_and_committee_sees_only_its_own(
    cs_app: Flask, cs_client: FlaskClient
) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        full_ledger(A1)
        a2 = unit_by_code(A2)
        db.session.add(AreaProfile(org_unit=unit_by_code(A1), area_type="modern"))
        db.session.add(AreaProfile(org_unit=a2, area_type="transitional"))
        other = SocialOrganisation(org_unit=a2, name="金陵东路志愿者队", headcount=9)
        db.session.add(other)
        db.session.commit()
        other_id, a1_id, a2_id = other.id, unit_by_code(A1).id, a2.id

    login(cs_client, "street_a")
    page = _page(cs_client, f"{P}/area-profile/")
    assert "现代型" in page and "过渡型" in page
    assert "建立“多位一体”合作共治的治理模式" in page  # S3 focus in the list
    assert "为今后旧区改造打下群众基础" in page
    assert "重点理顺居委会" in _page(cs_client, f"{P}/area-profile/new/")  # form help
    assert "金陵东路志愿者队" in _page(cs_client, f"{P}/organisations/")
    ledger_page = _page(cs_client, f"{P}/ledger/?year={YEAR}")
    assert "外滩街道" in ledger_page and "5/5 部分齐全" in ledger_page
    assert "0/5 部分齐全" in ledger_page and "五部分全部齐全：1 个" in ledger_page
    detail = _page(cs_client, f"{P}/ledger/committee/?id={a2_id}&year={YEAR}")
    assert "✗ 缺少" in detail and "/admin/changshou/rules/new/" in detail
    full = _page(cs_client, f"{P}/ledger/committee/?id={a1_id}&year={YEAR}")
    assert "/admin/meeting/details/?id=" in full  # minutes link to core's meetings
    assert "五位一体联席会议" in full
    for path in (
        "activities/",
        "rules/",
        "registers/?flt1_0=public_issue",
        "featured/",
        f"procedures/?year={YEAR}",
    ):
        _page(cs_client, f"{P}/{path}")

    cs_client.post("/logout")
    login(cs_client, "committee_a1")
    listing = _page(cs_client, f"{P}/organisations/")
    assert "楼组长团队" in listing and "金陵东路志愿者队" not in listing
    _page(cs_client, f"{P}/organisations/details/?id={other_id}", 404)
    _page(cs_client, f"{P}/organisations/edit/?id={other_id}", 404)
    assert "过渡型" not in _page(cs_client, f"{P}/area-profile/")
    ledger_page = _page(cs_client, f"{P}/ledger/?year={YEAR}")
    assert "福州路居委会" in ledger_page and "金陵东路居委会" not in ledger_page
    _page(cs_client, f"{P}/ledger/committee/?id={a2_id}&year={YEAR}", 404)

    # The committee adds a rules document through the form; it lands in its own unit.
    response = cs_client.post(
        f"{P}/rules/new/",
        data={"org_unit": str(a1_id), "kind": "other", "title": "楼道公约", "content": ""},
    )
    assert response.status_code == 302
    with cs_app.app_context(), acting_as(SYSTEM):
        saved = db.session.scalar(select(RulesDocument).where(RulesDocument.title == "楼道公约"))
        assert saved is not None and saved.org_unit_id == a1_id


def test_s1_refused_checklist_flashes_and_saves_nothing(
    cs_app: Flask, cs_client: FlaskClient
) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        hearing = meeting(A1, "hearing", dt.date(YEAR, 4, 10), "加装电梯听证会")
        joint = meeting(A1, "joint_meeting", dt.date(YEAR, 4, 12), "联席会议")
        other = meeting(A2, "evaluation", dt.date(YEAR, 4, 15), "金陵东路评议会")
        db.session.commit()
        ids = hearing.id, joint.id, other.id
    hearing_id, joint_id, other_id = ids
    login(cs_client, "committee_a1")
    listing = _page(cs_client, f"{P}/procedures/?year={YEAR}")
    assert "加装电梯听证会" in listing and "未登记" in listing
    assert "金陵东路评议会" not in listing
    _page(cs_client, f"{P}/procedures/edit/?meeting={other_id}", 404)
    response = cs_client.get(f"{P}/procedures/edit/?meeting={joint_id}", follow_redirects=True)
    assert "不按“三会”标准流程登记 (S1)" in response.get_data(as_text=True)

    form = {
        "notice_on": "2026-04-11",
        "notice": "张贴通知",
        "participants": "居民代表12人",
        "statements": "各方陈述",
        "conclusion": "同意加装",
        "follow_up": "报街道",
        "followed_up_on": "",
    }
    response = cs_client.post(f"{P}/procedures/edit/?meeting={hearing_id}", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "保存失败：会前通知日期 2026-04-11 晚于会议日期 2026-04-10 (S1)" in page
    assert "居民代表12人" in page  # the input is kept
    bad_date = cs_client.post(
        f"{P}/procedures/edit/?meeting={hearing_id}", data={**form, "notice_on": "4月3日"}
    )
    assert "格式不对" in bad_date.get_data(as_text=True)
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(MeetingProcedure.id))) == 0

    response = cs_client.post(
        f"{P}/procedures/edit/?meeting={hearing_id}",
        data={**form, "notice_on": "2026-04-03"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "5/5 个环节齐全" in page and "五个环节齐全 (S1)" in page
    with cs_app.app_context(), acting_as(SYSTEM):
        saved = db.session.scalar(select(MeetingProcedure))
        assert saved is not None and saved.notice_on == dt.date(2026, 4, 3)
        assert saved.org_unit_id == unit_by_code(A1).id
    assert "五个环节齐全" in _page(cs_client, f"{P}/procedures/?year={YEAR}")

    cs_client.post("/logout")
    login(cs_client, "auditor")
    refused = cs_client.post(f"{P}/procedures/edit/?meeting={hearing_id}", data=form)
    assert refused.status_code == 403
