"""Fixtures of the browser tests: a live server per database and Debian's chromium.

``live_server`` serves a CSRF-enabled app on the database of the ``app``
fixture (migrated, holding the demo tree and accounts), so every browser test
runs once on SQLite and once on PostgreSQL. ``browser`` launches Debian's
``/usr/bin/chromium`` through Playwright (``playwright install`` cannot
download browsers here); a missing chromium fails the run, it never skips.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import dispose, make_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"


@pytest.fixture
def live_server(app: Flask, db_url: str, tmp_path: Path) -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT``) of a CSRF-enabled app on ``app``'s database.

    The ``app`` fixture has migrated the database and loaded the tree; its own
    app runs with CSRF off, so a second app is built here with CSRF on, as in
    production.
    """
    live = make_app(db_url, tmp_path, WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, live, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        dispose(live)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, for the whole session."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium "
            "(apt-get install -y chromium fonts-noto-cjk); they are never skipped",
            pytrace=False,
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def js_errors() -> list[str]:
    """Script errors, console errors (CSP refusals among them) and 4xx/5xx of ``page``.

    Chromium asks for /favicon.ico by itself; the app has none, so that 404 is
    left out.
    """
    return []


def _console_error(msg: ConsoleMessage, errors: list[str]) -> None:
    # A failed resource load is reported, with its URL, by _failed_response.
    if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
        errors.append(f"console: {msg.text}")


def _failed_response(response: Response, errors: list[str]) -> None:
    if response.status >= 400 and not response.url.endswith("/favicon.ico"):
        errors.append(f"HTTP {response.status}: {response.request.method} {response.url}")


@pytest.fixture
def page(browser: Browser, js_errors: list[str]) -> Iterator[Page]:
    """A fresh zh-CN page (own context: no cookies shared between tests)."""
    page = browser.new_page(locale="zh-CN")
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda exc: js_errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: _console_error(msg, js_errors))
    page.on("response", lambda response: _failed_response(response, js_errors))
    try:
        yield page
    finally:
        page.context.close()


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """``screenshot("orgunit_created")`` saves ``orgunit_created-<database>.png``."""
    database = request.node.callspec.params.get("database", "unknown")

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{database}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
