"""A committee submits its 申报表; the street scores it, decides the awards, the balance drops (S4).

The plugin changshou_autonomy is installed into the ``app`` fixture's
database with street A's fund for this year (budget 50,000, deadline in a
month) before the live server starts. Runs on SQLite and on PostgreSQL like
the other browser tests; screenshots go to
``test-output/screenshots/changshou-*.png``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.admin.structure import today
from core.extensions import db
from core.plugins import install
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app
from tests.e2e.test_admin_browser import log_in
from tests.e2e.test_meeting_browser import save_form

pytestmark = pytest.mark.browser

PLUGIN = "changshou_autonomy"
TITLE = "楼道微更新：加装扶手和照明"


@pytest.fixture
def changshou_seeded(app: Flask, db_url: str, tmp_path: Path) -> None:
    """The plugin installed into ``app``'s database; street A's fund for this year."""
    with app.app_context(), acting_as(SYSTEM):
        install(app.extensions["juwei"].discovered, PLUGIN)
    seeding = make_app(db_url, tmp_path)  # a new app maps the plugin's models
    try:
        with seeding.app_context(), acting_as(SYSTEM):
            from tests.changshou_autonomy.factories import fund_year

            day = today()
            fund_year(year=day.year, budget="50000.00", deadline=day + dt.timedelta(days=30))
            db.session.commit()
    finally:
        dispose(seeding)


@pytest.fixture
def live_server(changshou_seeded: None, live_server: str) -> str:
    """The conftest's live server, started only once the plugin is installed and seeded."""
    return live_server


def _application_id(db_url: str, tmp_path: Path) -> int:
    reading = make_app(db_url, tmp_path)
    try:
        with reading.app_context(), acting_as(SYSTEM):
            from plugins.changshou_autonomy.models import Application

            found = db.session.scalar(select(Application.id).where(Application.title == TITLE))
            assert found is not None
            return int(found)
    finally:
        dispose(reading)


def test_s4_committee_submits_street_scores_and_awards_and_the_balance_drops(
    live_server: str,
    page: Page,
    db_url: str,
    tmp_path: Path,
    screenshot: Callable[[str], Path],
    js_errors: list[str],
) -> None:
    log_in(page, live_server, "committee_a1")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server}/admin/changshou/applications/new/")
    page.wait_for_selector("#s2id_fund")
    expect(page.locator("#s2id_fund")).to_contain_text(f"{today().year}年")
    page.fill("#title", TITLE)
    page.fill("#problem", "老楼楼道昏暗，老人上下楼易摔倒")
    page.fill("#plan", "楼组长发动居民议定方案，志愿者参与安装和日常维护")
    page.fill("#timeline", "7月议定，9月完工")
    page.fill("#contact_name", "王主任")
    page.fill("#contact_phone", "021-62000000")
    page.click("#budget_lines-button")
    page.fill("#budget_lines-0-item", "扶手和灯具")
    page.fill("#budget_lines-0-amount", "6000")
    page.click("#budget_lines-button")
    page.fill("#budget_lines-1-item", "安装人工")
    page.fill("#budget_lines-1-amount", "2000")
    screenshot("changshou-application-form")
    save_form(page)
    expect(page.locator(".invalid-feedback")).to_have_count(0)
    expect(page.locator("table.model-list")).to_contain_text(TITLE)
    expect(page.locator("table.model-list")).to_contain_text("8,000.00")

    app_id = _application_id(db_url, tmp_path)
    page.goto(f"{live_server}/admin/changshou/applications/details/?id={app_id}")
    with page.expect_navigation():
        page.click("#cs-submit")
    expect(page.locator(".alert-success")).to_contain_text("已提交申报")
    expect(page.locator("table.searchable")).to_contain_text("已申报")
    screenshot("changshou-application-submitted")

    page.context.clear_cookies()
    log_in(page, live_server, "street_a")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server}/admin/changshou/awards/")
    expect(page.locator("#cs-balance")).to_have_text("50,000.00")
    row = page.locator("#cs-ranking tbody tr", has_text=TITLE)
    with page.expect_navigation():
        row.locator("a", has_text="评分").click()
    page.wait_for_selector("#s2id_application")
    expect(page.locator("#s2id_application")).to_contain_text(TITLE)
    expect(page.locator("#assessor")).to_have_value("street_a")
    for field, value in (
        ("need", "9"),
        ("participation", "9"),
        ("feasibility", "9.5"),
        ("sustainability", "8.5"),
    ):
        page.fill(f"#{field}", value)
    save_form(page)
    expect(page.locator(".invalid-feedback")).to_have_count(0)
    expect(page.locator(".alert-danger")).to_have_count(0)

    page.goto(f"{live_server}/admin/changshou/awards/")
    row = page.locator("#cs-ranking tbody tr", has_text=TITLE)
    expect(row).to_contain_text("90.3")  # (9×30% + 9×25% + 9.5×25% + 8.5×20%) × 10 = 90.25
    expect(row).to_contain_text("100%")
    with page.expect_navigation():
        page.click("#cs-decide")
    expect(page.locator(".alert-success")).to_contain_text("已决定资助 1 个项目共 8,000.00 元")
    expect(page.locator("#cs-balance")).to_have_text(f"{Decimal('42000'):,.2f}")
    expect(page.locator("#cs-balance-formula")).to_contain_text(
        "预算 50,000.00 + 调整 0.00 − 已资助 8,000.00 = 余额 42,000.00"
    )
    expect(page.locator("#cs-fund-chart svg")).to_contain_text("福州路居委会")
    screenshot("changshou-awards")
    assert js_errors == []
