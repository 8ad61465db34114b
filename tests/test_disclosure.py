"""Public disclosure (rule C13): a printable A4 notice, from any rule's results."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask
from sqlalchemy import select

from core.disclosure import Notice, NoticeSection, render_notice, seal_line
from core.extensions import db
from core.models import Household, Meeting
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, login, unit_by_code

EXTERNAL = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_c13_render_notice_is_a_standalone_a4_page(app: Flask) -> None:
    notice = Notice(
        title="2025年度测评结果公示",
        unit_name="福州路居委会",
        date=dt.date(2025, 3, 8),
        sections=[
            NoticeSection(heading="测评结果", columns=("姓名", "等次"), rows=[("张三", "优秀")]),
            NoticeSection(heading="异议", paragraphs=["公示期五个工作日。"]),
        ],
        footer=[seal_line("福州路居委会")],
        rule_ids=("H7", "C13"),
    )
    with app.test_request_context("/"):
        html = render_notice(notice, back_url="/admin/")
    assert "@page { size: A4;" in html and "@media print" in html
    assert "<th>姓名</th>" in html and "<td>优秀</td>" in html and "公示期五个工作日。" in html
    assert "福州路居民委员会（盖章）" in html and "2025年3月8日" in html
    assert "H7、C13" in html
    assert 'lang="zh-CN"' in html and "admin/static" not in html  # not the admin layout
    assert not EXTERNAL.search(html), EXTERNAL.findall(html)
    # The print button is in a block that printing hides.
    assert re.search(r'class="toolbar no-print">\s*<button[^>]*window.print\(\)', html)
    assert ".no-print, nav { display: none !important; }" in html


def test_c13_seal_line() -> None:
    assert seal_line("福州路居委会") == "福州路居民委员会（盖章）"
    assert seal_line("福州路居民委员会") == "福州路居民委员会（盖章）"
    assert seal_line("福州路社区") == "福州路社区居民委员会（盖章）"


def test_c13_meeting_notice_lists_resolutions_with_explanations(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        db.session.add_all([Household(number=f"H{i}", org_unit=unit) for i in range(300)])
        db.session.commit()
        committee_id = unit.id
    login(client, "street_a")
    data = {
        "kind": "residents_meeting",
        "title": "2025年第一次居民会议",
        "held_on": "2025-03-08",
        "location": "居委会会议室",
        "org_unit": str(committee_id),
        "body_form": "households",
        "ex_officio_count": "0",
        "present_count": "152",
        "resolutions-0-text": "同意实施加装电梯实事项目",
        "resolutions-0-votes_for": "120",
        "resolutions-0-votes_against": "20",
        "resolutions-0-votes_abstain": "12",
        "resolutions-1-text": "同意调整停车收费",
        "resolutions-1-votes_for": "70",
        "resolutions-1-votes_against": "50",
        "resolutions-1-votes_abstain": "0",
    }
    html = client.post("/admin/meeting/new/", data=data, follow_redirects=True).get_data(
        as_text=True
    )
    assert "保存失败" not in html
    with app.app_context(), acting_as(SYSTEM):
        meeting_id = db.session.scalar(select(Meeting.id))
    details = client.get(f"/admin/meeting/details/?id={meeting_id}").get_data(as_text=True)
    assert f'href="/admin/meeting/notice/?id={meeting_id}"' in details
    response = client.get(f"/admin/meeting/notice/?id={meeting_id}")
    assert response.status_code == 200
    notice = response.get_data(as_text=True)
    for text in [
        "居民会议决议公告",
        "2025年第一次居民会议",
        "召开日期：2025年3月8日",
        "出席 152/300 = 50.7% &gt; 50%，达到法定人数 (C5)",
        "同意实施加装电梯实事项目",
        "赞成 120，反对 20，弃权 12",
        "赞成 120/152 = 78.9% &gt; 50%，决议通过 (C6)",
        "同意调整停车收费",
        "未通过",
        "赞成 70/152 = 46.1%，未超过出席人数的 50%（弃权和未投票视为不赞成），决议未通过 (C6)",
        "福州路居民委员会（盖章）",
        "@page { size: A4;",
    ]:
        assert text in notice, text
    assert f'href="/admin/meeting/details/?id={meeting_id}"' in notice
    assert not EXTERNAL.search(notice), EXTERNAL.findall(notice)
    other = app.test_client()
    login(other, "street_b")
    assert other.get(f"/admin/meeting/notice/?id={meeting_id}").status_code == 404
    assert client.get("/admin/meeting/notice/?id=abc").status_code == 404
