"""The 社工招聘 admin pages: scoping, posting, C10 on applicants, scores, 公示, agreements (B7)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation import hiring, pipeline
from plugins.beijing_workstation.admin import recruitment as recruitment_admin
from plugins.beijing_workstation.models import Agreement, Applicant, Posting, StageChange
from plugins.beijing_workstation.stages import stages_of
from tests.beijing_workstation.conftest import A1
from tests.beijing_workstation.factories import id_number, posting
from tests.factories import login, unit_by_code

URL = "/admin/beijing/postings"
#: Inside the factory posting's application period (2026-03-01 … 03-15).
APPLYING = dt.date(2026, 3, 10)
#: After it: the 公示 runs 2026-03-23 (Monday) … 03-31, seven working days.
PUBLISHING = dt.date(2026, 3, 23)
NOTICE_END = dt.date(2026, 3, 31)
#: Three applicants: (name, written, interview) — 赵 ranks first (84.6), 钱 second (82.6).
THREE = (("赵一", "80", "87.7"), ("钱二", "90", "77.7"), ("孙三", "70", "75"))


def client_of(app: Flask, user: str) -> FlaskClient:
    """A test client logged in as ``user``."""
    client = app.test_client()
    login(client, user)
    return client


def flashes(html: str) -> list[str]:
    """The flashed messages of a page."""
    found = re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S)
    return [re.sub(r"<[^>]+>|&times;", "", m).strip() for m in found]


def set_today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """The admin pages' (and API's) idea of today."""
    from plugins.beijing_workstation import api_recruitment
    from plugins.beijing_workstation.admin import recruitment_actions

    monkeypatch.setattr(recruitment_admin, "today", lambda: day)
    monkeypatch.setattr(recruitment_actions, "today", lambda: day)
    monkeypatch.setattr(api_recruitment, "today", lambda: day)


def seed_applicants(places: int = 1, stage: str = "application") -> tuple[int, list[int]]:
    """A1's posting with the three applicants of ``THREE`` moved on to ``stage`` (service).

    Call inside an app context as the system actor; commits.
    """
    record = posting(A1, places=places, contact="福州路居委会 电话 010-66000000")
    ids = []
    for serial, (name, _w, _i) in enumerate(THREE, start=1):
        applicant = pipeline.apply(
            db.session,
            record,
            today=dt.date(2026, 3, serial + 1),
            name=name,
            id_number=id_number(dt.date(1990 + serial, 5, 4), serial, male=serial % 2 == 1),
            phone=f"1380000000{serial}",
        )
        ids.append(applicant.id)
    stages = stages_of(db.session, record)
    for applicant in record.applicants:
        while stages.index(applicant.stage) < stages.index(stage):
            if applicant.stage == "written":
                pipeline.record_scores(db.session, record, {applicant.id: (Decimal(0), None)})
            pipeline.advance(db.session, applicant, APPLYING, "test")
    db.session.commit()
    return record.id, ids


def seed_to_notice(places: int = 1) -> tuple[int, list[int]]:
    """``seed_applicants`` scored, checked and published (公示 2026-03-23 … 03-31)."""
    posting_id, ids = seed_applicants(places, "written")
    record = db.session.get(Posting, posting_id)
    assert record is not None
    scores = {key: (w, None) for key, (_n, w, _i) in zip(ids, THREE, strict=True)}
    pipeline.record_scores(db.session, record, scores)
    for applicant in record.applicants:
        pipeline.advance(db.session, applicant, APPLYING, "test")
    scores = {key: (None, i) for key, (_n, _w, i) in zip(ids, THREE, strict=True)}
    pipeline.record_scores(db.session, record, scores)
    for applicant in record.applicants:
        pipeline.advance(db.session, applicant, APPLYING, "test")  # → composite
        pipeline.advance(db.session, applicant, APPLYING, "test")  # → check
        pipeline.record_check(db.session, applicant, True, "群众评价好")
    hiring.publish_notice(db.session, record, PUBLISHING, "test")
    db.session.commit()
    assert record.notice_until == NOTICE_END
    return posting_id, ids


def test_b7_pages_are_scoped_a_posting_is_created_and_a_bad_id_number_saves_nothing(
    bj_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_today(monkeypatch, APPLYING)
    with bj_app.app_context(), acting_as(SYSTEM):
        committee_id = unit_by_code(A1).id
    street = client_of(bj_app, "street_a")
    assert "社工招聘" in street.get(f"{URL}/new/").get_data(as_text=True)
    form = {
        "org_unit": str(committee_id),
        "title": "2026年福州路社区工作站社工专干招聘",
        "post": "worker",
        "grade": "3",
        "places": "2",
        "conditions": "大专及以上学历",
        "duties": "社区服务、社会保障",
        "contact": "福州路居委会",
        "apply_from": "2026-03-01",
        "apply_until": "2026-03-15",
        "written_on": "2026-03-22",
        "interview_on": "2026-03-29",
        "status": "open",
    }
    backwards = street.post(f"{URL}/new/", data={**form, "apply_from": "2026-03-20"})
    assert "保存失败：报名开始日期不能晚于报名截止日期" in backwards.get_data(as_text=True)
    created = street.post(f"{URL}/new/", data=form)
    assert created.status_code == 302, flashes(created.get_data(as_text=True))
    with bj_app.app_context(), acting_as(SYSTEM):
        saved = db.session.scalars(select(Posting)).one()
        posting_id = saved.id
        assert (saved.org_unit.code, saved.status, saved.places) == (A1, "open", 2)
        assert saved.stages.startswith("posting,application,eligibility,written")
    assert created.headers["Location"].endswith(f"/recruit/?id={posting_id}")
    page = street.get(f"{URL}/recruit/?id={posting_id}").get_data(as_text=True)
    assert "资格审查" in page and "签订聘用协议" in page and "登记报名" in page
    assert "报名截止日期" in street.get(f"{URL}/edit/?id={posting_id}").get_data(as_text=True)

    # A bad ID number: the Chinese message, nothing saved (C10).
    bad = street.post(
        f"{URL}/apply/",
        data={"posting": posting_id, "name": "周错号", "id_number": "110102199001011234"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "登记报名失败" in bad and "校验位错误" in bad
    good = street.post(
        f"{URL}/apply/",
        data={
            "posting": posting_id,
            "name": "吴正确",
            "id_number": id_number(dt.date(1995, 6, 1), 7),
            "applied_on": "2026-03-09",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已登记吴正确的报名" in good
    assert "1101**********" in good  # masked in the list (C10)
    with bj_app.app_context(), acting_as(SYSTEM):
        assert [a.name for a in db.session.scalars(select(Applicant))] == ["吴正确"]

    committee = client_of(bj_app, "committee_a1")
    assert "福州路社区工作站社工专干招聘" in committee.get(f"{URL}/").get_data(as_text=True)
    assert committee.get(f"{URL}/recruit/?id={posting_id}").status_code == 200
    other = client_of(bj_app, "street_b")
    assert "福州路社区工作站社工专干招聘" not in other.get(f"{URL}/").get_data(as_text=True)
    assert other.get(f"{URL}/recruit/?id={posting_id}").status_code == 404
    assert other.post(f"{URL}/apply/", data={"posting": posting_id}).status_code == 404
    auditor = client_of(bj_app, "auditor")
    assert "登记报名" not in auditor.get(f"{URL}/recruit/?id={posting_id}").get_data(as_text=True)
    assert auditor.post(f"{URL}/scores/", data={"posting": posting_id}).status_code == 403


def test_b7_scores_grid_is_all_or_nothing_then_notice_and_agreement(
    bj_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_today(monkeypatch, APPLYING)
    with bj_app.app_context(), acting_as(SYSTEM):
        posting_id, ids = seed_applicants(places=1, stage="eligibility")
    street = client_of(bj_app, "street_a")
    recruit = f"{URL}/recruit/?id={posting_id}"
    for key in ids:  # 资格审查 passed through the page
        street.post(f"{URL}/advance/", data={"applicant": key})
    bad = {f"written-{key}": w for key, (_n, w, _i) in zip(ids, THREE, strict=True)}
    bad[f"written-{ids[2]}"] = "101"
    refused = street.post(
        f"{URL}/scores/", data={"posting": posting_id, **bad}, follow_redirects=True
    )
    assert "录入成绩失败" in refused.get_data(as_text=True)
    assert "超出 0–100" in refused.get_data(as_text=True)
    with bj_app.app_context(), acting_as(SYSTEM):
        assert (
            db.session.scalar(select(func.count()).where(Applicant.written_score.is_not(None))) == 0
        )
    good = {f"written-{key}": w for key, (_n, w, _i) in zip(ids, THREE, strict=True)}
    street.post(f"{URL}/scores/", data={"posting": posting_id, **good})
    for key in ids:
        street.post(f"{URL}/advance/", data={"applicant": key})  # → interview
    interview = {f"interview-{key}": i for key, (_n, _w, i) in zip(ids, THREE, strict=True)}
    saved = street.post(
        f"{URL}/scores/", data={"posting": posting_id, **interview}, follow_redirects=True
    )
    assert "已录入 3 人的成绩" in saved.get_data(as_text=True)
    for key in ids:
        street.post(f"{URL}/advance/", data={"applicant": key})  # → composite
        street.post(f"{URL}/advance/", data={"applicant": key})  # → check
    # 孙三 is turned down; a reason is required.
    no_reason = street.post(f"{URL}/reject/", data={"applicant": ids[2]}, follow_redirects=True)
    assert "请填写孙三未通过" in no_reason.get_data(as_text=True)
    street.post(f"{URL}/reject/", data={"applicant": ids[2], "reason": "考察发现材料不实"})
    for key in ids[:2]:
        street.post(f"{URL}/check/", data={"applicant": key, "passed": "yes", "note": "表现良好"})
    page = street.get(recruit).get_data(as_text=True)
    assert "84.6" in page and "82.6" in page and "第 1 名" in page
    assert "考察发现材料不实" in page and "列入拟聘用名单" in page

    set_today(monkeypatch, PUBLISHING)
    published = street.post(f"{URL}/publish/", data={"id": posting_id}, follow_redirects=True)
    text = published.get_data(as_text=True)
    assert "已发布拟聘用人员公示（赵一）" in text
    assert "2026-03-23 至 2026-03-31" in text and "期满后方可签订聘用协议" in text
    # Signed during the 公示: refused, nothing saved.
    early = street.post(
        f"{URL}/sign/",
        data={"applicant": ids[0], "signed_on": "2026-03-31", "start_date": "2026-04-01"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "签订聘用协议失败" in early and "还在公示期内" in early
    # 钱二 was not on the 公示: more hires than the one place are refused.
    beyond = street.post(
        f"{URL}/sign/",
        data={"applicant": ids[1], "signed_on": "2026-04-01", "start_date": "2026-04-01"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "签订聘用协议失败" in beyond and "不在拟聘用人员公示名单中" in beyond
    with bj_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(Agreement.id))) == 0
    set_today(monkeypatch, dt.date(2026, 4, 1))
    signed = street.post(
        f"{URL}/sign/",
        data={"applicant": ids[0], "signed_on": "2026-04-01", "start_date": "2026-04-01"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已与赵一签订聘用协议：2026-04-01 至 2029-03-31" in signed
    with bj_app.app_context(), acting_as(SYSTEM):
        agreement = db.session.scalars(select(Agreement)).one()
        assert agreement.applicant.name == "赵一" and agreement.monthly_pay == Decimal("4500.00")
        history = db.session.scalars(
            select(StageChange).where(StageChange.applicant_id == ids[0]).order_by(StageChange.id)
        ).all()
        assert [c.to_stage for c in history][-3:] == ["check", "notice", "agreement"]
        assert history[-1].outcome == "hired" and history[-1].by == "street_a"
        assert db.session.get(Posting, posting_id).status == "done"  # type: ignore[union-attr]
    page = street.get(recruit).get_data(as_text=True)
    assert "打印聘用协议书" in page and "环节记录" in page and "已聘用" in page
    xlsx = street.get(f"{URL}/download/?id={posting_id}")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
