"""The printable 招聘公告, 拟聘用人员公示, 聘用协议书: content, masking, scoping (B7, C10, C13)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation import hiring
from plugins.beijing_workstation.models import Applicant
from tests.beijing_workstation.test_recruitment_admin import (
    URL,
    client_of,
    seed_applicants,
    seed_to_notice,
)


def test_b7_documents_render_with_masked_id_numbers_and_are_scoped(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        posting_id, ids = seed_to_notice(places=1)
        waiting_id, _ = seed_applicants(places=1)
        top = db.session.get(Applicant, ids[0])
        assert top is not None
        number = top.id_number
        agreement = hiring.sign_agreement(
            db.session, top, dt.date(2026, 4, 1), dt.date(2026, 4, 1), "test"
        )
        db.session.commit()
        agreement_id = agreement.id
    district = client_of(bj_app, "district")
    announcement = district.get(f"{URL}/print/announcement/?id={posting_id}").get_data(as_text=True)
    assert "福州路居委会公开招聘社工专干公告" in announcement and "@page" in announcement
    assert "4,500.00" in announcement and "3档" in announcement
    assert "笔试成绩 × 40% + 面试成绩 × 60%" in announcement
    assert "年满18周岁" in announcement and "资格审查→笔试→面试" in announcement
    assert "公示 7 个工作日" in announcement and "聘期 3 年" in announcement

    notice = district.get(f"{URL}/print/notice/?id={posting_id}").get_data(as_text=True)
    assert "拟聘用人员公示" in notice and "赵一" in notice and "84.6" in notice
    assert number not in notice and f"1101**********{number[-4:]}" in notice  # C10
    assert "钱二" not in notice  # one place: only the first is proposed
    assert "2026年3月23日至2026年3月31日" in notice
    assert "公示 7 个工作日：2026-03-23 至 2026-03-31" in notice
    assert "有异议的" in notice and "福州路居民委员会（盖章）" in notice
    waiting = district.get(f"{URL}/print/notice/?id={waiting_id}", follow_redirects=True)
    assert "尚未发布公示" in waiting.get_data(as_text=True)

    masked = district.get(f"{URL}/print/agreement/?id={agreement_id}").get_data(as_text=True)
    assert "社区工作者聘用协议书" in masked and "福州路居民委员会" in masked
    assert "2026年4月1日起至2029年3月31日止" in masked and "聘用期限3年" in masked
    assert "4,500.00" in masked and "签字：____________" in masked
    assert number not in masked and f"1101**********{number[-4:]}" in masked
    with bj_app.app_context(), acting_as(SYSTEM):
        views = select(func.count(AuditEntry.id)).where(AuditEntry.action == "view")
        before = db.session.scalar(views)
    street = client_of(bj_app, "street_a")  # may see ID numbers whole; the view is logged
    whole = street.get(f"{URL}/print/agreement/?id={agreement_id}").get_data(as_text=True)
    assert number in whole
    with bj_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(views) == (before or 0) + 1

    other = client_of(bj_app, "street_b")
    for path in (
        f"print/announcement/?id={posting_id}",
        f"print/notice/?id={posting_id}",
        f"print/agreement/?id={agreement_id}",
        f"download/?id={posting_id}",
    ):
        assert other.get(f"{URL}/{path}").status_code == 404, path
