"""A street officer records a residents' meeting in a real browser (rules C4, C5, C6, C13).

The committee has 300 households on record; the meeting is formed one
representative per household (C4), 152 attend (C5: 152/300 > 1/2) and a
resolution gets 120 votes for (C6). The details page explains both, and the
printable notice repeats them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db
from core.models import Household, Meeting
from core.scoping import SYSTEM, acting_as
from tests.e2e.test_admin_browser import log_in
from tests.factories import COMMITTEE_A1, unit_by_code

pytestmark = pytest.mark.browser

MEETING_LIST_URL = re.compile(r"/admin/meeting/(\?.*)?$")


def _households(app: Flask, count: int) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        db.session.add_all([Household(number=f"H{i:04d}", org_unit=unit) for i in range(count)])
        db.session.commit()


def open_meeting_form(page: Page, base: str) -> None:
    """Open the create form and wait until its scripts have set up the widgets.

    Flask-Admin's form.js turns the date field into a date picker and the
    committee field into select2 on load; typing into the date before that
    can lose the value, so wait for select2 (set up after the date picker).
    """
    page.goto(f"{base}/admin/meeting/new/")
    page.wait_for_selector("#s2id_org_unit")


def save_form(page: Page) -> None:
    """Submit the admin form with its 保存 button and wait for the response page.

    The form is submitted through the button (``requestSubmit``), as a click
    would, with the browser's own validation. A real mouse click was lost now
    and then on a loaded CI machine (a date picker or select2 overlay took it),
    leaving the test waiting for a page that never came.
    """
    page.locator("form.admin-form input[type=submit]").first.scroll_into_view_if_needed()
    with page.expect_navigation(timeout=60_000):
        page.locator("form.admin-form").first.evaluate(
            "form => form.requestSubmit(form.querySelector('input[type=submit]'))"
        )


def _meeting_id(app: Flask, title: str) -> int | None:
    with app.app_context(), acting_as(SYSTEM):
        return db.session.scalar(select(Meeting.id).where(Meeting.title == title))


def test_street_officer_records_residents_meeting_and_sees_quorum_and_result_explained(
    live_server: str,
    page: Page,
    app: Flask,
    screenshot: Callable[[str], Path],
    js_errors: list[str],
) -> None:
    _households(app, 300)
    log_in(page, live_server, "street_a")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    open_meeting_form(page, live_server)
    page.select_option("select[name=kind]", label="居民会议")
    page.fill("#title", "2025年第一次居民会议")
    page.fill("#held_on", "2025-03-08")
    page.keyboard.press("Escape")  # close the date picker
    page.fill("#location", "居委会会议室")
    page.click("#s2id_org_unit")
    page.locator(".select2-result-label", has_text="福州路居委会").click()
    expect(page.locator("#s2id_org_unit")).to_contain_text("福州路居委会")
    page.select_option("select[name=body_form]", label="每户派代表1人")
    page.fill("#present_count", "152")
    # The ex-officio field explains that those on record are counted automatically.
    expect(page.locator("form.admin-form")).to_contain_text("由系统自动计入")

    page.click("#resolutions-button")
    page.fill("#resolutions-0-text", "同意实施加装电梯实事项目")
    page.fill("#resolutions-0-votes_for", "120")
    page.fill("#resolutions-0-votes_against", "20")
    page.fill("#resolutions-0-votes_abstain", "12")
    screenshot("meeting_form")
    save_form(page)

    expect(page.locator(".invalid-feedback")).to_have_count(0)
    expect(page).to_have_url(MEETING_LIST_URL)
    table = page.locator("table.model-list")
    expect(table).to_contain_text("2025年第一次居民会议")
    expect(table).to_contain_text("152/300")
    expect(table).to_contain_text("达到")
    meeting_id = _meeting_id(app, "2025年第一次居民会议")
    assert meeting_id is not None

    page.goto(f"{live_server}/admin/meeting/details/?id={meeting_id}")
    expect(page.locator("#juwei-body")).to_contain_text(
        "每户派代表1人 300 人 + 当然代表（未在前项计入者）0 人 = 300 人 (C4)"
    )
    expect(page.locator("#juwei-quorum")).to_contain_text("达到法定人数")
    expect(page.locator("#juwei-quorum")).to_contain_text(
        "出席 152/300 = 50.7% > 50%，达到法定人数 (C5)"
    )
    resolutions = page.locator("#juwei-resolutions")
    expect(resolutions).to_contain_text("同意实施加装电梯实事项目")
    expect(resolutions).to_contain_text("通过")
    expect(resolutions).to_contain_text("赞成 120/152 = 78.9% > 50%，决议通过 (C6)")
    details_shot = screenshot("meeting_details")

    with page.expect_popup() as popup:
        page.click("#juwei-notice-link")
    notice = popup.value
    notice.wait_for_load_state()
    expect(notice.locator("h1")).to_have_text("居民会议决议公告")
    expect(notice.locator("body")).to_contain_text("福州路居民委员会（盖章）")
    expect(notice.locator("body")).to_contain_text("赞成 120/152 = 78.9% > 50%，决议通过 (C6)")
    # The print button is on screen and gone when printed.
    expect(notice.locator("button", has_text="打印")).to_be_visible()
    notice.emulate_media(media="print")
    expect(notice.locator("button", has_text="打印")).to_be_hidden()
    notice.emulate_media(media="screen")
    notice_shot = details_shot.with_name(details_shot.name.replace("details", "notice"))
    notice.screenshot(path=str(notice_shot), full_page=True)
    notice.close()
    assert js_errors == []


def test_votes_above_attendance_are_refused_in_the_browser(
    live_server: str, page: Page, app: Flask, screenshot: Callable[[str], Path]
) -> None:
    _households(app, 10)
    log_in(page, live_server, "street_a")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    open_meeting_form(page, live_server)
    page.select_option("select[name=kind]", label="居民会议")
    page.fill("#title", "票数有误的会议")
    page.fill("#held_on", "2025-03-08")
    page.keyboard.press("Escape")
    page.click("#s2id_org_unit")
    page.locator(".select2-result-label", has_text="福州路居委会").click()
    page.select_option("select[name=body_form]", label="每户派代表1人")
    page.fill("#present_count", "6")
    page.click("#resolutions-button")
    page.fill("#resolutions-0-text", "票数超过出席人数")
    page.fill("#resolutions-0-votes_for", "5")
    page.fill("#resolutions-0-votes_against", "1")
    page.fill("#resolutions-0-votes_abstain", "1")
    save_form(page)

    expect(page).to_have_url(re.compile(r"/admin/meeting/new/"))
    alert = page.locator(".alert-danger")
    expect(alert).to_contain_text("保存失败")
    expect(alert).to_contain_text("赞成 5 + 反对 1 + 弃权 1 = 7，超过出席人数 6 (C6)")
    screenshot("meeting_votes_refused")
    assert _meeting_id(app, "票数有误的会议") is None
