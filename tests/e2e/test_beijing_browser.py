"""A street officer posts a job, scores three applicants, publishes the 公示, hires the best (B7).

The plugin beijing_workstation is installed into the ``app`` fixture's
database before the live server starts. The posting's application period
lies in the past (applications are registered with their own earlier dates),
so the 公示 can be published today; once it is, its dates are moved into the
past through the service — as if its working days had run — and the
agreement is signed today. Runs on SQLite and PostgreSQL; screenshots go to
``test-output/screenshots/beijing-*.png``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.admin.structure import today
from core.extensions import db
from core.models.holidays import HolidayYear
from core.plugins import install
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app
from tests.e2e.test_admin_browser import log_in
from tests.e2e.test_meeting_browser import save_form

pytestmark = pytest.mark.browser

PLUGIN = "beijing_workstation"
TITLE = "福州路社区工作站社工专干公开招聘"
#: name, ID number (valid, born 1990s in Beijing), written, interview → composite.
APPLICANTS = (
    ("王芳", "110102199208080025", "90", "80"),  # 84.0
    ("李明", "11010219900101003X", "85", "90"),  # 88.0 — the best
    ("张伟", "110102199505050051", "70", "75"),  # 73.0
)


def _valid(number: str) -> str:
    """``number`` with its GB 11643 check digit corrected."""
    from core.rules.identity import check_digit

    return number[:17] + check_digit(number[:17])


@pytest.fixture
def beijing_installed(app: Flask, db_url: str, tmp_path: Path) -> None:
    """The plugin installed into ``app``'s database; working days known a while ahead."""
    with app.app_context(), acting_as(SYSTEM):
        install(app.extensions["juwei"].discovered, PLUGIN)
        # chinese-calendar knows years up to 2026; later years count as completed
        # by the administrators (no holidays), so the 公示 can be counted.
        for year in range(2027, (today() + dt.timedelta(days=60)).year + 1):
            db.session.add(HolidayYear(year=year, complete=True, source="浏览器测试"))
        db.session.commit()


@pytest.fixture
def live_server(beijing_installed: None, live_server: str) -> str:
    """The conftest's live server, started once the plugin is installed."""
    return live_server


def _move_notice_into_the_past(db_url: str, tmp_path: Path) -> None:
    """The 公示's working days have run: its dates end yesterday (through the model)."""
    editing = make_app(db_url, tmp_path)
    try:
        with editing.app_context(), acting_as(SYSTEM):
            from plugins.beijing_workstation.models import Posting

            posting = db.session.scalars(select(Posting).where(Posting.title == TITLE)).one()
            length = posting.notice_until - posting.notice_from
            posting.notice_until = today() - dt.timedelta(days=1)
            posting.notice_from = posting.notice_until - length
            db.session.commit()
    finally:
        dispose(editing)


def _hired(db_url: str, tmp_path: Path) -> tuple[str, str]:
    """The hired applicant's name and the name of the top of the ranking."""
    reading = make_app(db_url, tmp_path)
    try:
        with reading.app_context(), acting_as(SYSTEM):
            from plugins.beijing_workstation.hiring import ranking
            from plugins.beijing_workstation.models import Agreement, Posting

            agreement = db.session.scalars(select(Agreement)).one()
            posting = db.session.scalars(select(Posting).where(Posting.title == TITLE)).one()
            best = next(r for r in ranking(db.session, posting) if r.rank == 1)
            return agreement.applicant.name, best.applicant.name
    finally:
        dispose(reading)


def _click(page: Page, row_name: str, button: str) -> None:
    """Click ``button`` in the applicants' row of ``row_name`` and wait for the page."""
    row = page.locator("#bj-applicants tbody tr", has=page.locator(".bj-name", has_text=row_name))
    with page.expect_navigation():
        row.get_by_role("button", name=button).click()
    expect(page.locator(".alert-danger")).to_have_count(0)


def test_b7_street_officer_posts_scores_publishes_and_hires_the_best(
    live_server: str,
    page: Page,
    db_url: str,
    tmp_path: Path,
    screenshot: Callable[[str], Path],
    js_errors: list[str],
) -> None:
    day = today()
    log_in(page, live_server, "street_a")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server}/admin/beijing/postings/new/")
    page.wait_for_selector("#s2id_org_unit")
    page.click("#s2id_org_unit")
    page.locator(".select2-result-label", has_text="福州路居委会").click()
    expect(page.locator("#s2id_org_unit")).to_contain_text("福州路居委会")
    page.fill("#title", TITLE)
    page.fill("#places", "1")
    page.fill("#conditions", "年满18周岁，大专及以上学历，热爱社区工作")
    page.fill("#duties", "社区服务、社会保障、协助办理政府事务")
    page.fill("#contact", "福州路居委会 010-66000000")
    for field, days_ago in (
        ("apply_from", 20),
        ("apply_until", 8),
        ("written_on", 6),
        ("interview_on", 4),
    ):
        page.fill(f"#{field}", (day - dt.timedelta(days=days_ago)).isoformat())
    screenshot("beijing-posting-form")
    save_form(page)
    expect(page.locator("#bj-posting-title")).to_have_text(TITLE)
    expect(page.locator("#bj-stages")).to_contain_text("资格审查")
    expect(page.locator("#bj-posting-status")).to_have_text("报名中")

    applied = (day - dt.timedelta(days=10)).isoformat()
    for name, number, _w, _i in APPLICANTS:
        page.fill("#bj-name", name)
        page.fill("#bj-id-number", _valid(number))
        page.fill("#bj-applied-on", applied)
        with page.expect_navigation():
            page.click("#bj-add")
        expect(page.locator(".alert-success")).to_contain_text(f"已登记{name}的报名")
    expect(page.locator("#bj-applicants tbody tr")).to_have_count(3)

    for name, *_ in APPLICANTS:  # 资格审查
        _click(page, name, "通过本环节")
    for name, *_ in APPLICANTS:  # → 笔试
        _click(page, name, "通过本环节")
    for name, _n, written, _i in APPLICANTS:
        page.get_by_label(f"{name}笔试成绩").fill(written)
    with page.expect_navigation():
        page.click("#bj-save-scores")
    expect(page.locator(".alert-success")).to_contain_text("已录入 3 人的成绩")
    for name, *_ in APPLICANTS:  # → 面试
        _click(page, name, "通过本环节")
    for name, _n, _w, interview in APPLICANTS:
        page.get_by_label(f"{name}面试成绩").fill(interview)
    with page.expect_navigation():
        page.click("#bj-save-scores")
    screenshot("beijing-scores")
    for name, *_ in APPLICANTS:  # → 综合成绩 → 考察, then the check is recorded
        _click(page, name, "通过本环节")
        _click(page, name, "通过本环节")
        _click(page, name, "录入考察结果")
    first = page.locator("#bj-applicants tbody tr").first
    expect(first.locator(".bj-name")).to_have_text("李明")
    expect(first.locator(".bj-composite")).to_have_text("88.0")
    expect(first.locator(".bj-explanation")).to_contain_text("列入拟聘用名单")

    with page.expect_navigation():
        page.click("#bj-publish")
    expect(page.locator(".alert-success")).to_contain_text("已发布拟聘用人员公示（李明）")
    expect(page.locator("#bj-notice-explanation")).to_contain_text("期满后方可签订聘用协议")
    screenshot("beijing-notice")
    # Signing during the 公示 is refused with the reason.
    row = page.locator("#bj-applicants tbody tr", has=page.locator(".bj-name", has_text="李明"))
    with page.expect_navigation():
        row.get_by_role("button", name="签订聘用协议").click()
    expect(page.locator(".alert-danger")).to_contain_text("还在公示期内，不能签订聘用协议")

    _move_notice_into_the_past(db_url, tmp_path)
    page.reload()
    expect(page.locator("#bj-notice-period")).to_contain_text("已期满")
    _click(page, "李明", "签订聘用协议")
    expect(page.locator(".alert-success")).to_contain_text("已与李明签订聘用协议")
    expect(page.locator("#bj-agreements")).to_contain_text("李明")
    expect(page.locator("#bj-posting-status")).to_have_text("已完成")
    screenshot("beijing-agreement")
    hired, best = _hired(db_url, tmp_path)
    assert hired == best == "李明"
    page.locator("#bj-agreements a", has_text="打印聘用协议书").click()
    expect(page.locator("h1")).to_have_text("社区工作者聘用协议书")
    expect(page.locator("body")).to_contain_text("4,500.00")
    screenshot("beijing-agreement-print")

    page.goto(f"{live_server}/admin/beijing/postings/")
    expect(page.locator("table.model-list")).to_contain_text(TITLE)
    page.locator("table.model-list a", has_text=TITLE).click()
    page.locator("#bj-print-notice").click()
    expect(page.locator("h1")).to_have_text("拟聘用人员公示")
    expect(page.locator("body")).to_contain_text("1101**********")
    screenshot("beijing-notice-print")
    assert js_errors == []
