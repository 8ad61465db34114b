"""Login, throttling, CSRF, security headers, the health check and the secret key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from core.app import create_app
from core.config import ConfigError
from core.extensions import db
from core.models import OrgUnit
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app
from tests.factories import PASSWORD, csrf_token, login, unit_by_code


def test_admin_pages_need_login(client: Any) -> None:
    for path in ("/admin/", "/admin/orgunit/", "/admin/policyoverview/", "/admin/auditentry/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_login_page_is_in_chinese(client: Any) -> None:
    html = client.get("/login").get_data(as_text=True)
    assert "居委会管理系统" in html and "用户名" in html and "密码" in html


def test_wrong_password_does_not_say_which_part_was_wrong(client: Any) -> None:
    wrong_password = client.post(
        "/login", data={"username": "street_a", "password": "nope-nope-nope"}
    )
    no_such_user = client.post("/login", data={"username": "nobody", "password": PASSWORD})
    assert wrong_password.status_code == no_such_user.status_code == 401
    for response in (wrong_password, no_such_user):
        assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_repeated_failures_are_throttled_even_with_the_right_password(client: Any) -> None:
    for _ in range(5):
        client.post("/login", data={"username": "street_a", "password": "wrong-wrong-wrong"})
    response = client.post("/login", data={"username": "street_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.get_data(as_text=True)
    # Another user is not locked out by street_a's failures.
    login(client, "street_b")


def test_post_without_csrf_token_changes_nothing(db_url: str, tmp_path: Path) -> None:
    from core.migrate import upgrade_all
    from tests.factories import load_tree

    app = make_app(db_url, tmp_path, WTF_CSRF_ENABLED=True)
    try:
        with app.app_context(), acting_as(SYSTEM):
            upgrade_all(app)
            load_tree()
            committee = unit_by_code("310101002002")
            c_id, version = committee.id, committee.version_id
        client = app.test_client()
        token = csrf_token(client, "/login")
        response = client.post(
            "/login", data={"username": "street_a", "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302
        form = {
            "kind": "committee",
            "code": "310101002002",
            "name": "改名",
            "juwei_version": str(version),
        }
        no_token = client.post(f"/admin/orgunit/edit/?id={c_id}", data=form)
        assert no_token.status_code == 400
        created = client.post("/admin/orgunit/new/", data={**form, "code": "310101002077"})
        assert created.status_code == 400
        with app.app_context(), acting_as(SYSTEM):
            assert unit_by_code("310101002002").name == "金陵东路居委会"
            assert db.session.query(OrgUnit).filter_by(code="310101002077").count() == 0
        # With the token the same edit goes through.
        token = csrf_token(client, f"/admin/orgunit/edit/?id={c_id}")
        ok = client.post(
            f"/admin/orgunit/edit/?id={c_id}",
            data={**form, "csrf_token": token, "parent": str(_street_a_id(app))},
        )
        assert ok.status_code == 302
        with app.app_context(), acting_as(SYSTEM):
            assert unit_by_code("310101002002").name == "改名"
    finally:
        dispose(app)


def _street_a_id(app: Flask) -> int:
    with app.app_context(), acting_as(SYSTEM):
        return unit_by_code("310101002000").id


def test_security_headers_and_cookie_settings(client: Any, app: Flask) -> None:
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_session_cookie_is_secure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUWEI_SECRET_KEY", "a-real-secret")
    app = create_app({"JUWEI_INSTANCE": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_healthz_reports_the_database(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "JUWEI_INSTANCE": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_production_start_without_secret_key_exits_with_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JUWEI_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="JUWEI_SECRET_KEY is not set"):
        create_app({"JUWEI_INSTANCE": str(tmp_path)})
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUWEI_")}
    env["JUWEI_INSTANCE"] = str(tmp_path)
    juwei = Path(sys.executable).with_name("juwei")
    result = subprocess.run(
        [str(juwei), "serve", "--port", "5999"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "JUWEI_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_logout_needs_post(client: Any) -> None:
    login(client, "street_a")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_ui_language_switches_to_english(client: Any) -> None:
    login(client, "street_a")
    chinese = client.get("/admin/orgunit/").get_data(as_text=True)
    assert "新建" in chinese or "创建" in chinese
    english = client.get("/admin/orgunit/?lang=en").get_data(as_text=True)
    assert "Create" in english
    assert client.get("/admin/orgunit/?lang=zh_CN").status_code == 200


def test_catalogues_are_compiled_by_the_install() -> None:
    import core

    root = Path(core.__file__).parent
    catalogues = list(root.glob("translations/*/LC_MESSAGES/*.po"))
    assert catalogues, "no catalogue found"
    for po in catalogues:
        assert po.with_suffix(".mo").is_file(), f"{po} was not compiled by the build hook"


@pytest.mark.parametrize(
    ("url", "expected", "code"),
    [
        ("foo:/bar", "JUWEI_DATABASE_URL is not a database URL", 2),
        ("postgresql+psycopg://x@127.0.0.1:1/y", "the database is not reachable", 1),
    ],
)
def test_cli_with_a_bad_database_url_says_so_in_one_line(
    tmp_path: Path, url: str, expected: str, code: int
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUWEI_")}
    env.update(JUWEI_INSTANCE=str(tmp_path), JUWEI_DATABASE_URL=url)
    juwei = Path(sys.executable).with_name("juwei")
    result = subprocess.run(
        [str(juwei), "db", "upgrade"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == code
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
