"""Users from the CLI, per-user API tokens, and the API's own checks."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.models import OrgUnit, User
from core.scoping import SYSTEM, acting_as
from tests.factories import STREET_A, login, unit_by_code


def test_users_create_reads_the_password_from_stdin_never_an_argument(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "li_si", "--role", "street_officer", "--scope", STREET_A],
        input="a-long-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "created user li_si (street_officer, 310101002000)" in result.output
    client = app.test_client()
    login(client, "li_si", "a-long-enough-password")
    # There is no option to pass the password on the command line.
    refused = runner.invoke(
        args=["users", "create", "x", "--role", "auditor", "--scope", STREET_A, "--password", "p"]
    )
    assert refused.exit_code != 0 and "No such option" in refused.output


def test_users_create_refuses_bad_input(app: Flask) -> None:
    runner = app.test_cli_runner()
    short = runner.invoke(
        args=["users", "create", "w", "--role", "auditor", "--scope", STREET_A], input="short\n"
    )
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    no_scope = runner.invoke(args=["users", "create", "w", "--role", "street_officer"], input="x\n")
    assert no_scope.exit_code == 1 and "--scope ORG_CODE is required" in no_scope.output
    bad_scope = runner.invoke(
        args=["users", "create", "w", "--role", "auditor", "--scope", "999999999999"], input="x\n"
    )
    assert bad_scope.exit_code == 1 and "no org unit with code" in bad_scope.output
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(User).where(User.username == "w")) is None


def test_org_add_validates_the_division_code(app: Flask) -> None:
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["org", "add", "310101002005", "新居委会", "--parent", STREET_A])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(args=["org", "add", "310101099005", "错码", "--parent", STREET_A])
    assert bad.exit_code == 1
    assert "不以上级代码前缀" in bad.output
    malformed = runner.invoke(args=["org", "add", "31010100200", "短码", "--parent", STREET_A])
    assert malformed.exit_code == 1 and "应为12位数字" in malformed.output


def _token(app: Flask, username: str) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["users", "token", username])
    assert result.exit_code == 0, result.output
    return {"Authorization": f"Bearer {result.output.strip()}"}


def test_api_needs_a_per_user_token(client: Any, app: Flask) -> None:
    assert client.get("/api/v1/org-units").status_code == 401
    bad = client.get("/api/v1/org-units", headers={"Authorization": "Bearer jw_nope"})
    assert bad.status_code == 401 and "令牌无效" in bad.get_json()["error"]
    # A browser session is not enough: the API only takes tokens.
    login(client, "street_a")
    assert client.get("/api/v1/org-units").status_code == 401
    me = client.get("/api/v1/me", headers=_token(app, "street_a")).get_json()
    assert me == {"username": "street_a", "role": "street_officer", "org_unit": STREET_A}


def test_api_create_validates_and_audits(client: Any, app: Flask) -> None:
    headers = _token(app, "street_a")
    with app.app_context(), acting_as(SYSTEM):
        street_id = unit_by_code(STREET_A).id
    bad = client.post(
        "/api/v1/org-units",
        json={"code": "310101099001", "name": "错", "kind": "committee", "parent_id": street_id},
        headers=headers,
    )
    assert bad.status_code == 422 and "不以上级代码前缀" in bad.get_json()["error"]
    malformed = client.post("/api/v1/org-units", json={"code": "1"}, headers=headers)
    assert malformed.status_code == 422 and "messages" in malformed.get_json()
    created = client.post(
        "/api/v1/org-units",
        json={
            "code": "310101002006",
            "name": "接口新建",
            "kind": "committee",
            "parent_id": street_id,
        },
        headers=headers,
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    stale = client.patch(
        f"/api/v1/org-units/{body['id']}", json={"name": "改", "version_id": 99}, headers=headers
    )
    assert stale.status_code == 409
    ok = client.patch(
        f"/api/v1/org-units/{body['id']}",
        json={"name": "改名", "version_id": body["version_id"]},
        headers=headers,
    )
    assert ok.status_code == 200 and ok.get_json()["version_id"] == body["version_id"] + 1
    with app.app_context(), acting_as(SYSTEM):
        from core.models import AuditEntry

        actions = [
            e.action
            for e in db.session.scalars(
                select(AuditEntry).where(
                    AuditEntry.table_name == "org_unit", AuditEntry.record_key == str(body["id"])
                )
            )
        ]
        assert actions == ["insert", "update"]
        assert db.session.scalar(select(OrgUnit.name).where(OrgUnit.id == body["id"])) == "改名"


def test_auditor_token_cannot_write(client: Any, app: Flask) -> None:
    headers = _token(app, "auditor")
    assert client.get("/api/v1/org-units", headers=headers).status_code == 200
    response = client.post("/api/v1/org-units", json={}, headers=headers)
    assert response.status_code == 403


def test_api_token_counts_even_when_a_browser_session_rides_along(client: Any, app: Flask) -> None:
    """A logged-in auditor's cookie must neither hide the token nor block its bookkeeping."""
    headers = _token(app, "street_a")
    login(client, "auditor")
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200
    assert response.get_json()["username"] == "street_a"
    with app.app_context(), acting_as(SYSTEM):
        from core.models import ApiToken

        token = db.session.scalars(select(ApiToken)).one()
        assert token.last_used_at is not None
