"""A street officer opens a month's subsidy payroll, reads an explanation, downloads the xlsx (J4).

The plugin jiayuguan_groups is installed into the ``app`` fixture's database
and seeded before the live server starts (``live_server`` is overridden here
to depend on that), so the test runs on SQLite and on PostgreSQL like the
other browser tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from core.plugins import install
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app
from tests.e2e.test_admin_browser import log_in
from tests.factories import COMMITTEE_A1, COMMITTEE_B1

pytestmark = pytest.mark.browser

PLUGIN = "jiayuguan_groups"
MONTH = "2026-03"


@pytest.fixture
def jiayuguan_seeded(app: Flask, db_url: str, tmp_path: Path) -> None:
    """The plugin installed into ``app``'s database; committees A1 and B1 with paid people."""
    with app.app_context(), acting_as(SYSTEM):
        install(app.extensions["juwei"].discovered, PLUGIN)
    seeding = make_app(db_url, tmp_path)  # a new app maps the plugin's models
    try:
        with seeding.app_context(), acting_as(SYSTEM):
            from tests.jiayuguan_groups.factories import seed_committee
            from tests.jiayuguan_groups.test_api import seed_payroll_people

            for code in (COMMITTEE_A1, COMMITTEE_B1):
                seed_committee(code)
                seed_payroll_people(code)
    finally:
        dispose(seeding)


@pytest.fixture
def live_server(jiayuguan_seeded: None, live_server: str) -> str:
    """The conftest's live server, started only once the plugin is installed and seeded."""
    return live_server


def test_j4_street_officer_reads_the_payroll_explanation_and_downloads_xlsx(
    live_server: str,
    page: Page,
    screenshot: Callable[[str], Path],
    js_errors: list[str],
    tmp_path: Path,
) -> None:
    log_in(page, live_server, "street_a")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Through the menu: 居民小组 → 工作补贴发放.
    # On a loaded CI machine a click before Bootstrap's script has bound the
    # dropdown opens nothing: wait for the page, and open again if need be.
    page.wait_for_load_state("load")
    toggle = page.locator("a.dropdown-toggle", has_text="居民小组").first
    item = page.locator("a.dropdown-item", has_text="工作补贴发放")
    for _ in range(3):
        toggle.click()
        try:
            item.wait_for(state="visible", timeout=5000)
            break
        except PlaywrightTimeoutError:
            continue
    item.click()
    expect(page).to_have_url(re.compile(r"/admin/jiayuguan_payroll/"))
    expect(page.locator("h1")).to_contain_text("工作补贴发放")

    page.fill("#month", MONTH)
    with page.expect_navigation():
        page.locator("#juwei-payroll-filter button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"month={MONTH}"))
    expect(page.locator("h1")).to_contain_text("2026年03月")

    streets = page.locator("#juwei-payroll-streets")
    expect(streets).to_contain_text("外滩街道")
    expect(streets).to_contain_text("未关闭")
    expect(streets).not_to_contain_text("南京东路街道")

    row = page.locator("#juwei-payroll-lines tr", has_text="组长甲A")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(3)).to_have_text("居民小组组长")
    expect(row.locator("td").nth(6)).to_have_text("400.00")
    explanation = row.locator("td.juwei-explain")
    expect(explanation).to_be_visible()
    expect(explanation).to_contain_text("居民小组组长 300 + 满2年 × 50 = 400")
    expect(explanation).to_contain_text("另任居委会委员")
    expect(explanation).to_have_text(re.compile(r"\(J4\)$"))
    expect(page.locator("#juwei-payroll-lines")).not_to_contain_text("组长甲B")
    expect(page.locator("#juwei-payroll-rates")).to_contain_text("jiayuguan_groups.rate")
    expect(page.locator("#juwei-payroll-chart svg .juwei-series")).to_have_count(1)
    screenshot("jiayuguan_payroll")

    with page.expect_download() as downloaded:
        page.click("#juwei-download-xlsx")
    download = downloaded.value
    assert download.suggested_filename.endswith(".xlsx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    rows = [[cell.value for cell in r] for r in sheet.iter_rows()]
    headers = rows[0]
    for header in ("街道", "居委会", "姓名", "发放职务", "金额（元）", "计算说明"):
        assert header in headers
    by_name = {r[headers.index("姓名")]: r for r in rows[1:]}
    leader = by_name["组长甲A"]
    assert leader[headers.index("街道")] == "外滩街道"
    assert float(leader[headers.index("金额（元）")]) == 400
    assert str(leader[headers.index("计算说明")]).endswith("(J4)")
    assert float(by_name["组员乙A"][headers.index("金额（元）")]) == 300
    assert "组长甲B" not in by_name
    assert js_errors == []
