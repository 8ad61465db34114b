"""Bad input and forbidden writes: a clear message, and the data as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.models import ApiToken, LoginAttempt, OrgUnit, PolicyValue, User
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app
from tests.factories import DISTRICT, PASSWORD, STREET_A, login, unit_by_code


def _token(app: Flask, username: str) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["users", "token", username])
    return {"Authorization": f"Bearer {result.output.strip()}"}


def test_org_units_are_never_deleted_through_the_api(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        street_id = unit_by_code(STREET_A).id
    response = client.delete(f"/api/v1/org-units/{street_id}", headers=_token(app, "district"))
    assert response.status_code == 405
    with app.app_context(), acting_as(SYSTEM):
        committee = unit_by_code("310101002001")
        assert committee.parent_id == street_id


def test_deleting_a_referenced_org_unit_is_refused_by_the_database(app: Flask) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with app.app_context(), acting_as(SYSTEM):
        db.session.delete(unit_by_code(STREET_A))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert unit_by_code("310101002001").parent.code == STREET_A


def test_record_pointing_at_a_missing_org_unit_is_refused(
    app: Flask, db_url: str, tmp_path: Path
) -> None:
    assert app.test_cli_runner().invoke(args=["plugins", "install", "sample_plugin"]).exit_code == 0
    full = make_app(db_url, tmp_path)
    try:
        client = full.test_client()
        response = client.post(
            "/api/v1/sample-notes",
            json={"text": "孤儿", "org_unit_id": 99999},
            headers=_token(full, "street_a"),
        )
        assert response.status_code == 403
        assert "不存在" in response.get_json()["error"]
        from tests.sample_plugin.models import SampleNote

        with full.app_context(), acting_as(SYSTEM):
            assert db.session.scalar(select(func.count()).select_from(SampleNote)) == 0
    finally:
        dispose(full)


def test_district_admin_cannot_set_a_value_for_every_district(client: Any, app: Flask) -> None:
    login(client, "district")
    response = client.post(
        "/admin/policyvalue/new/",
        data={
            "key": "core.opinion.reply_working_days",
            "value": "10",
            "effective_from": "2027-01-01",
            "note": "全市",
        },
        follow_redirects=True,
    )
    assert "只有系统管理员可以修改适用于全部辖区的记录" in response.get_data(as_text=True)
    with app.app_context(), acting_as(SYSTEM):
        count = db.session.scalar(
            select(func.count()).select_from(PolicyValue).where(PolicyValue.value == "10")
        )
        assert count == 0


def test_org_add_with_an_existing_code_says_so(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["org", "add", STREET_A, "重复", "--parent", DISTRICT]
    )
    assert result.exit_code == 1
    assert "already exists" in result.output and "Traceback" not in result.output


def test_users_list_set_password_and_deactivate(client: Any, app: Flask) -> None:
    runner = app.test_cli_runner()
    listing = runner.invoke(args=["users", "list"])
    assert "street_a" in listing.output and STREET_A in listing.output
    changed = runner.invoke(args=["users", "set-password", "street_a"], input="a-new-password-1\n")
    assert changed.exit_code == 0, changed.output
    login(client, "street_a", "a-new-password-1")
    headers = _token(app, "street_a")
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert runner.invoke(args=["users", "deactivate", "street_a"]).exit_code == 0
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    fresh = app.test_client()
    response = fresh.post("/login", data={"username": "street_a", "password": "a-new-password-1"})
    assert response.status_code == 401
    with app.app_context(), acting_as(SYSTEM):
        user = db.session.scalar(select(User).where(User.username == "street_a"))
        assert user is not None and not user.active
        tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all()
        assert tokens and all(t.revoked for t in tokens)


def test_system_admin_with_a_scope_is_refused(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", "root2", "--role", "system_admin", "--scope", DISTRICT],
        input="long-enough-pass\n",
    )
    assert result.exit_code == 1 and "give no --scope" in result.output


def test_unknown_pages_answer_in_chinese_and_api_in_json(client: Any) -> None:
    login(client, "street_a")
    page = client.get("/admin/no-such-page/")
    assert page.status_code == 404
    assert "页面或记录不存在" in page.get_data(as_text=True)
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and "error" in api.get_json()


def test_behind_a_proxy_throttling_sees_the_client_address(db_url: str, tmp_path: Path) -> None:
    from core.migrate import upgrade_all
    from tests.factories import load_tree

    app = make_app(db_url, tmp_path, JUWEI_PROXY_FIX=1)
    try:
        with app.app_context(), acting_as(SYSTEM):
            upgrade_all(app)
            load_tree()
        client = app.test_client()
        client.post(
            "/login",
            data={"username": "street_a", "password": PASSWORD},
            headers={"X-Forwarded-For": "10.20.30.40"},
        )
        with app.app_context():
            attempt = db.session.scalars(select(LoginAttempt)).one()
            assert attempt.remote_addr == "10.20.30.40" and attempt.success
    finally:
        dispose(app)


def test_street_officer_cannot_edit_their_district(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        district = unit_by_code(DISTRICT)
        d_id, version = district.id, district.version_id
    login(client, "street_a")
    response = client.post(
        f"/admin/orgunit/edit/?id={d_id}",
        data={
            "kind": "district",
            "code": DISTRICT,
            "name": "改区名",
            "juwei_version": str(version),
        },
        follow_redirects=True,
    )
    assert "无权操作本辖区以外的记录" in response.get_data(as_text=True)
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(OrgUnit.name).where(OrgUnit.id == d_id)) == "黄浦区"


def test_user_form_refuses_a_scope_for_a_system_admin(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        district_id = unit_by_code(DISTRICT).id
    login(client, "admin")
    response = client.post(
        "/admin/user/new/",
        data={
            "username": "root2",
            "display_name": "x",
            "role": "system_admin",
            "org_unit": str(district_id),
            "active": "y",
            "new_password": "long-enough-pw",
        },
        follow_redirects=True,
    )
    assert "系统管理员管辖全部辖区" in response.get_data(as_text=True)
    ok = client.post(
        "/admin/user/new/",
        data={
            "username": "clerk",
            "display_name": "新职员",
            "role": "street_officer",
            "org_unit": str(district_id),
            "active": "y",
            "new_password": "long-enough-pw",
        },
    )
    assert ok.status_code == 302
    login(app.test_client(), "clerk", "long-enough-pw")
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(User).where(User.username == "root2")) is None
