"""A street officer closes an annual round and reads the 70/30 results with explanations (H3, H6).

The plugin huangpu_evaluation is installed into the ``app`` fixture's
database and seeded before the live server starts: committees A1 and A2 of
street A, an open annual round with ballots from 13 of 15 participants, and
both half-years' street rounds closed with scores
(``tests.huangpu_evaluation.test_admin_results.seed_results``). Runs on
SQLite and on PostgreSQL like the other browser tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from core.plugins import install
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app
from tests.e2e.test_admin_browser import log_in

pytestmark = pytest.mark.browser

PLUGIN = "huangpu_evaluation"
A1, A2 = "310101002001", "310101002002"


@pytest.fixture
def huangpu_seeded(app: Flask, db_url: str, tmp_path: Path) -> None:
    """The plugin installed into ``app``'s database; a year of results, the annual round open."""
    with app.app_context(), acting_as(SYSTEM):
        install(app.extensions["juwei"].discovered, PLUGIN)
    seeding = make_app(db_url, tmp_path)  # a new app maps the plugin's models
    try:
        with seeding.app_context(), acting_as(SYSTEM):
            from tests.huangpu_evaluation.factories import seed_committee
            from tests.huangpu_evaluation.test_admin_results import seed_results

            for code in (A1, A2):
                seed_committee(code)
            seed_results(close_annual=False)
    finally:
        dispose(seeding)


@pytest.fixture
def live_server(huangpu_seeded: None, live_server: str) -> str:
    """The conftest's live server, started only once the plugin is installed and seeded."""
    return live_server


def _menu(page: Page, category: str, item_text: str) -> None:
    """Open ``category`` in the navbar and click ``item_text`` (retrying a slow dropdown)."""
    page.wait_for_load_state("load")
    toggle = page.locator("a.dropdown-toggle", has_text=category).first
    item = page.locator("a.dropdown-item", has_text=item_text)
    for _ in range(3):
        toggle.click()
        try:
            item.wait_for(state="visible", timeout=5000)
            break
        except PlaywrightTimeoutError:
            continue
    item.click()


def test_h3_h6_street_officer_closes_the_round_and_reads_the_explained_results(
    live_server: str,
    page: Page,
    screenshot: Callable[[str], Path],
    js_errors: list[str],
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "street_a")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    _menu(page, "民主测评", "测评轮次")
    expect(page).to_have_url(re.compile(r"/admin/huangpu/rounds/"))
    row = page.locator("#hp-rounds tr", has_text="年度群众评议")
    expect(row.locator(".hp-status")).to_have_text("进行中")
    row.locator("a").first.click()

    expect(page.locator("#hp-round-status")).to_have_text("进行中")
    card = page.locator(".hp-round-committee", has_text="福州路居委会")
    expect(card.locator(".hp-turnout")).to_contain_text(
        "参与 13/15 = 86.7%，达到 4/5，评议有效 (D1)"
    )
    expect(card.locator(".hp-supervision")).to_contain_text("001监督组长")
    screenshot("huangpu_results-round-open")
    with page.expect_navigation():
        page.click("#hp-action-closed")
    expect(page.locator("#hp-round-status")).to_have_text("已结束")
    expect(page.locator(".alert-success")).to_contain_text("已结束测评")

    _menu(page, "民主测评", "测评结果")
    expect(page).to_have_url(re.compile(r"/admin/huangpu/results/"))
    page.select_option("#year", "2025")
    with page.expect_navigation():
        page.locator("#hp-results-filter button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("2025年度")
    first = page.locator(".hp-committee-results tbody tr").first
    expect(first).to_contain_text("福州路居委会")
    expect(first.locator(".hp-explain")).to_contain_text(
        re.compile(r"群众 100\.0 × 70% \+ 街道 90\.0 × 30% = 97\.0 → 优秀 \(H3, H6\)")
    )
    low = page.locator(".hp-committee-results tbody tr", has_text="金陵东路居委会")
    expect(low.locator(".hp-explain")).to_contain_text("= 52.5 → 不合格 (H3, H6)")
    expect(low.locator("button", has_text="转为群众意见")).to_be_visible()
    expect(page.locator("#hp-grade-chart svg .hp-grade-bar")).to_have_count(1)
    screenshot("huangpu_results-results")
    assert js_errors == []
