"""A resident casts a ballot by code on a phone, then the same code is refused (D1, D3).

The plugin huangpu_evaluation is installed into the ``app`` fixture's
database, committee A1 seeded and an annual round opened with two codes
before the live server (CSRF on) starts, so the test runs on SQLite and on
PostgreSQL like the other browser tests. The page is a phone's: 390×844,
mobile, touch.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from core.plugins import install
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PLUGIN = "huangpu_evaluation"
A1 = "310101002001"


@pytest.fixture
def vote_codes(app: Flask, db_url: str, tmp_path: Path) -> list[str]:
    """The plugin installed into ``app``'s database, A1 seeded, an open round's two codes."""
    with app.app_context(), acting_as(SYSTEM):
        install(app.extensions["juwei"].discovered, PLUGIN)
    seeding = make_app(db_url, tmp_path)  # a new app maps the plugin's models
    try:
        with seeding.app_context(), acting_as(SYSTEM):
            from core.extensions import db
            from plugins.huangpu_evaluation.codes import issue_codes
            from plugins.huangpu_evaluation.rounds import transition
            from tests.huangpu_evaluation.factories import make_round, seed_committee

            seed_committee(A1)
            round_ = make_round("annual", 2025, [A1])
            transition(db.session, round_, "open", dt.date(2026, 1, 15))
            codes = issue_codes(db.session, round_.committees[0], 2)
            db.session.commit()
    finally:
        dispose(seeding)
    return codes


@pytest.fixture
def live_server(vote_codes: list[str], live_server: str) -> str:
    """The conftest's live server, started only once the round is open."""
    return live_server


@pytest.fixture
def phone(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A phone-sized zh-CN page (390×844, mobile, touch) and the errors it reports."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: (
            errors.append(f"console: {msg.text}")
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    try:
        yield page, errors
    finally:
        context.close()


def _shot(page: Page, request: pytest.FixtureRequest, name: str, full: bool = True) -> None:
    params = request.node.callspec.params
    database = params.get("database", params.get("db_url", "unknown"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"huangpu_vote-{name}-{database}.png"), full_page=full)


def test_d1_resident_votes_by_code_on_a_phone_and_the_code_is_then_refused(
    live_server: str,
    vote_codes: list[str],
    phone: tuple[Page, list[str]],
    request: pytest.FixtureRequest,
) -> None:
    page, errors = phone
    code = vote_codes[0]
    page.goto(f"{live_server}/vote?code={code}")
    expect(page.locator("header.top h1")).to_contain_text("群众评议")
    # Mobile first: nothing wider than the phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width

    subjects = page.locator("section.subject")
    assert subjects.count() == 7  # the committee's work and six staff (H1, H2)
    expect(subjects.first).to_contain_text("组织建设")
    # The committee's work: 优秀 on every item, tapped like a finger would.
    for fieldset in subjects.first.locator("fieldset.item").all():
        fieldset.locator("label", has_text="优秀").tap()
    # The director: 合格 on the first dimension, the rest left blank (counted as blank).
    subjects.nth(1).locator("fieldset.item").first.locator("label", has_text="合格").first.tap()
    page.fill("#vote-comment", "希望多组织老年人活动")
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, request, "ballot", full=False)  # the whole ballot is a very long image
    page.locator("#vote-submit").tap()

    expect(page.locator("#vote-thanks")).to_contain_text("投票成功")
    _shot(page, request, "thanks")

    # The same code again: refused in Chinese, on the entry page.
    page.goto(f"{live_server}/vote?code={code}")
    expect(page.locator("#vote-error")).to_have_text("该评议码已使用，每个评议码只能投一次票 (D1)")
    _shot(page, request, "used")

    # Typing the other code by hand, in lower case, works too.
    page.fill("#vote-code", vote_codes[1].lower().replace("-", ""))
    page.locator("button.primary").tap()
    expect(page).to_have_url(re.compile(r"/vote\?code="))
    expect(page.locator("#vote-submit")).to_be_visible()
    assert errors == []
