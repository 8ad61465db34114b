"""The admin UI in a real browser: login, the org list, creating a committee (rule C1).

Each test runs on SQLite and on PostgreSQL against a live server with CSRF on,
driving Debian's chromium in Chinese (zh-CN).
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
from core.models import OrgUnit
from core.scoping import SYSTEM, acting_as
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

#: The org list, also after a save (which adds ``?page_size=...``).
ORG_LIST_URL = re.compile(r"/admin/orgunit/(\?.*)?$")


def log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Open /admin/, land on the Chinese login page and submit the form."""
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/login\b"))
    body = page.locator("body")
    expect(body).to_contain_text("登录")
    expect(page.locator("label[for=username]")).to_have_text("用户名")
    expect(page.locator("label[for=password]")).to_have_text("密码")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def fill_committee_form(page: Page, code: str, name: str) -> None:
    """On the org create form: a 居委会 with ``code`` and ``name`` under 外滩街道."""
    page.select_option("select[name=kind]", label="居委会")
    page.fill("#code", code)
    page.fill("#name", name)
    # 上级单位 is a select2 relationship field: its real <select> is hidden.
    page.click("#s2id_parent")
    page.locator(".select2-result-label", has_text="外滩街道").click()
    expect(page.locator("#s2id_parent")).to_contain_text("外滩街道")


def open_create_form(page: Page) -> None:
    """From the org list, click the create button."""
    page.locator("a[href*='/admin/orgunit/new/']").first.click()
    expect(page).to_have_url(re.compile(r"/admin/orgunit/new/"))
    # The live server runs with CSRF on: the form carries a token.
    expect(page.locator("form.admin-form input[name=csrf_token]")).to_have_attribute(
        "value", re.compile(r".{20,}")
    )


def save(page: Page) -> None:
    page.locator("form.admin-form input[type=submit]").first.click()


def unit_named(app: Flask, name: str) -> tuple[str, str, str | None] | None:
    """Code, kind and parent code of the unit called ``name`` in the database, if any."""
    with app.app_context(), acting_as(SYSTEM):
        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.name == name))
        if unit is None:
            return None
        return unit.code, unit.kind, unit.parent.code if unit.parent else None


def test_street_officer_logs_in_creates_committee_and_sees_it_listed(
    live_server: str,
    page: Page,
    app: Flask,
    screenshot: Callable[[str], Path],
    js_errors: list[str],
) -> None:
    log_in(page, live_server, "street_a")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server}/admin/orgunit/")
    table = page.locator("table.model-list")
    expect(table).to_contain_text("福州路居委会")
    expect(table).to_contain_text("金陵东路居委会")
    expect(table).not_to_contain_text("贵州路居委会")
    expect(table).not_to_contain_text("宁波路居委会")

    open_create_form(page)
    fill_committee_form(page, "310101002009", "测试新建居委会")
    save(page)

    expect(page).to_have_url(ORG_LIST_URL)
    table = page.locator("table.model-list")
    expect(table).to_contain_text("测试新建居委会")
    expect(table).to_contain_text("310101002009")
    expect(table).not_to_contain_text("贵州路居委会")
    shot = screenshot("orgunit_created")
    assert shot.stat().st_size > 0

    assert unit_named(app, "测试新建居委会") == ("310101002009", "committee", "310101002000")
    assert js_errors == []


def test_bad_division_code_shows_chinese_message_and_saves_nothing(
    live_server: str, page: Page, app: Flask, screenshot: Callable[[str], Path]
) -> None:
    log_in(page, live_server, "street_a")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server}/admin/orgunit/")
    open_create_form(page)
    fill_committee_form(page, "310101099009", "错误代码居委会")
    save(page)

    expect(page).to_have_url(re.compile(r"/admin/orgunit/new/"))
    alert = page.locator(".alert-danger")
    expect(alert).to_contain_text("不以上级代码前缀")
    expect(alert).to_contain_text("310101099009")
    # The form comes back with what was typed, the parent still chosen.
    expect(page.locator("#code")).to_have_value("310101099009")
    expect(page.locator("#s2id_parent")).to_contain_text("外滩街道")
    screenshot("orgunit_bad_code")

    # A POST without the CSRF token is refused too, even with a good code.
    response = page.request.post(
        f"{live_server}/admin/orgunit/new/",
        form={"kind": "committee", "code": "310101002008", "name": "无令牌居委会"},
        max_redirects=0,
    )
    assert response.status == 400, response.status
    assert "CSRF" in response.text()
    assert unit_named(app, "无令牌居委会") is None

    page.goto(f"{live_server}/admin/orgunit/")
    table = page.locator("table.model-list")
    expect(table).to_contain_text("福州路居委会")
    expect(table).not_to_contain_text("错误代码居委会")
    assert unit_named(app, "错误代码居委会") is None


def test_login_wrong_password_says_neither_part(
    live_server: str, page: Page, screenshot: Callable[[str], Path]
) -> None:
    log_in(page, live_server, "street_a", "not-the-password")
    expect(page).to_have_url(re.compile(r"/login\b"))
    alert = page.locator(".alert")
    expect(alert).to_contain_text("用户名或密码错误")
    screenshot("login_wrong_password")
    wrong_password = alert.inner_text()

    # An unknown name gets the very same message: neither part is revealed.
    log_in(page, live_server, "no_such_user", "not-the-password")
    expect(alert).to_contain_text("用户名或密码错误")
    assert alert.inner_text() == wrong_password

    page.goto(f"{live_server}/admin/orgunit/")
    expect(page).to_have_url(re.compile(r"/login\b"))
