"""Decision 5: one scoping function; a street officer of street A gets nothing of street B.

The sweep enumerates every registered admin model view and API resource, so
plugin views and endpoints are covered as soon as a plugin registers them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_admin.contrib.sqla import ModelView
from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry, OrgUnit, PolicyValue, Role, User
from core.scoping import SYSTEM, Actor, ScopeViolation, acting_as, scope_clause
from tests.conftest import dispose, make_app
from tests.factories import STREET_A, STREET_B, login, unit_by_code
from tests.test_api_domain import seed_domain


def _install_sample(app: Flask, db_url: str, tmp_path: Path) -> Flask:
    assert app.test_cli_runner().invoke(args=["plugins", "install", "sample_plugin"]).exit_code == 0
    full = make_app(db_url, tmp_path)
    from tests.sample_plugin.models import SampleNote

    with full.app_context(), acting_as(SYSTEM):
        for code in ("310101002001", "310101013001"):
            db.session.add(SampleNote(text=f"note-{code}", org_unit=unit_by_code(code)))
            # A record of every core domain kind on each street, for the sweeps.
            seed_domain(code)
        db.session.add(
            PolicyValue(
                key="sample_plugin.allowance",
                value="250",
                effective_from=_d(),
                org_unit=unit_by_code(STREET_B),
                note="B only",
            )
        )
        db.session.commit()
    return full


def _d() -> Any:
    import datetime as dt

    return dt.date(2025, 1, 1)


def _records_of_b(app: Flask) -> dict[type, list[int]]:
    """Ids of every scoped record that street B's officer sees and street A's does not."""
    found: dict[type, list[int]] = {}
    with app.app_context(), acting_as(SYSTEM):
        role = Role.STREET_OFFICER
        a_actor = Actor(None, "a", role, unit_by_code(STREET_A).scope_prefix)
        b_actor = Actor(None, "b", role, unit_by_code(STREET_B).scope_prefix)
        for mapper in db.Model.registry.mappers:
            cls = mapper.class_
            if not hasattr(cls, "scope_clause") or cls.__tablename__ not in _tables(app):
                continue
            seen_by_b = set(db.session.scalars(select(cls.id).where(scope_clause(cls, b_actor))))
            seen_by_a = set(db.session.scalars(select(cls.id).where(scope_clause(cls, a_actor))))
            found[cls] = sorted(seen_by_b - seen_by_a)
    return found


def _tables(app: Flask) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(db.engine).get_table_names())


def test_street_officer_of_a_gets_nothing_of_b_in_any_admin_view(
    app: Flask, db_url: str, tmp_path: Path
) -> None:
    full = _install_sample(app, db_url, tmp_path)
    try:
        b_records = _records_of_b(full)
        assert b_records[OrgUnit] and b_records[User] and b_records[PolicyValue]
        client = full.test_client()
        login(client, "street_a")
        model_views = [v for v in full.extensions["juwei"].admin._views if isinstance(v, ModelView)]
        assert {v.endpoint for v in model_views} >= {"orgunit", "user", "auditentry", "samplenote"}
        checked = forms_checked = 0
        for view in model_views:
            ids = b_records.get(view.model, [])
            listing = client.get(f"/admin/{view.endpoint}/?page_size=500")
            if listing.status_code == 403:
                continue  # the role may not open the view at all
            assert listing.status_code == 200, view.endpoint
            html = listing.get_data(as_text=True)
            shown = {int(x) for x in re.findall(r'name="rowid" value="(\d+)"', html)}
            assert not shown & set(ids), (view.endpoint, shown & set(ids))
            for record_id in ids:
                details = client.get(f"/admin/{view.endpoint}/details/?id={record_id}")
                assert details.status_code == 404, (view.endpoint, record_id)
                # Views the role may not edit redirect before looking the record up.
                edit = client.get(f"/admin/{view.endpoint}/edit/?id={record_id}")
                assert edit.status_code in (302, 404), (view.endpoint, record_id)
                # 404 where the view deletes, a redirect where it never deletes.
                response = client.post(f"/admin/{view.endpoint}/delete/", data={"id": record_id})
                assert response.status_code in (302, 403, 404), (view.endpoint, record_id)
                checked += 1
            if view.can_export:
                export = client.get(f"/admin/{view.endpoint}/export/csv/")
                if export.status_code == 200:
                    text = export.get_data(as_text=True)
                    assert "贵州路居委会" not in text and "note-310101013001" not in text
            # Relationship select boxes of the create form offer nothing of street B.
            new_form = client.get(f"/admin/{view.endpoint}/new/")
            if new_form.status_code == 200:
                forms_checked += 1
                form_html = new_form.get_data(as_text=True)
                assert "外滩街道" in form_html or view.endpoint == "samplenote"
                assert "南京东路街道" not in form_html and "贵州路居委会" not in form_html
        assert checked >= 5 and forms_checked >= 2
        assert _records_of_b(full) == b_records, "nothing of street B was deleted"
        # Street B's policy value is not shown to street A, the district's defaults are.
        html = client.get("/admin/policyvalue/").get_data(as_text=True)
        assert "B only" not in html
    finally:
        dispose(full)


def test_street_officer_of_a_gets_nothing_of_b_in_any_api_endpoint(
    app: Flask, db_url: str, tmp_path: Path
) -> None:
    full = _install_sample(app, db_url, tmp_path)
    try:
        token = full.test_cli_runner().invoke(args=["users", "token", "street_a"]).output.strip()
        headers = {"Authorization": f"Bearer {token}"}
        client = full.test_client()
        b_records = _records_of_b(full)
        resources = full.extensions["juwei"].api_resources
        assert {r.name for r in resources} >= {"org-units", "sample-notes"}
        for resource in resources:
            listing = client.get(f"/api/v1/{resource.name}?per_page=500", headers=headers)
            assert listing.status_code == 200
            shown = {item["id"] for item in listing.get_json()["items"]}
            ids = set(b_records.get(resource.model, []))
            assert ids, resource.name
            assert not shown & ids
            for record_id in ids:
                assert (
                    client.get(f"/api/v1/{resource.name}/{record_id}", headers=headers).status_code
                    == 404
                )
                patch = client.patch(
                    f"/api/v1/{resource.name}/{record_id}", json={"version_id": 1}, headers=headers
                )
                # 405 where the resource is read only (committees).
                assert patch.status_code in (404, 405)
                # 404 where the resource deletes; 405 where it never does (org units).
                deleted = client.delete(f"/api/v1/{resource.name}/{record_id}", headers=headers)
                assert deleted.status_code in (404, 405)
        # Creating a note in street B through the API is refused, and nothing is written.
        with full.app_context(), acting_as(SYSTEM):
            b_committee = unit_by_code("310101013002").id
        response = client.post(
            "/api/v1/sample-notes",
            json={"text": "越权", "org_unit_id": b_committee},
            headers=headers,
        )
        assert response.status_code == 403
        assert "无权操作本辖区以外的记录" in response.get_json()["error"]
        from tests.sample_plugin.models import SampleNote

        with full.app_context(), acting_as(SYSTEM):
            assert (
                db.session.scalar(
                    select(func.count()).select_from(SampleNote).where(SampleNote.text == "越权")
                )
                == 0
            )
    finally:
        dispose(full)


def test_url_to_other_streets_record_is_404(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        b_id = unit_by_code(STREET_B).id
        a_id = unit_by_code(STREET_A).id
    login(client, "street_a")
    assert client.get(f"/admin/orgunit/edit/?id={a_id}").status_code == 200
    response = client.get(f"/admin/orgunit/edit/?id={b_id}")
    assert response.status_code == 404
    assert "南京东路街道" not in response.get_data(as_text=True)


def test_record_cannot_be_moved_out_of_scope_by_editing_a_form_field(
    client: Any, app: Flask
) -> None:
    with app.app_context(), acting_as(SYSTEM):
        committee = unit_by_code("310101002002")
        c_id, version = committee.id, committee.version_id
        b_id = unit_by_code(STREET_B).id
    login(client, "street_a")
    response = client.post(
        f"/admin/orgunit/edit/?id={c_id}",
        data={
            "kind": "committee",
            "code": "310101013009",
            "name": "搬走",
            "parent": str(b_id),
            "juwei_version": str(version),
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    with app.app_context(), acting_as(SYSTEM):
        unchanged = unit_by_code("310101002002")
        assert unchanged.name == "金陵东路居委会"
        assert unchanged.parent.code == STREET_A


def test_write_outside_scope_is_refused_by_the_flush_listener(app: Flask) -> None:
    with app.app_context():
        with acting_as(SYSTEM):
            street_b = unit_by_code(STREET_B)
        officer = Actor(user_id=None, name="a", role=Role.STREET_OFFICER, prefix="310101002")
        with acting_as(officer):
            db.session.add(
                OrgUnit(code="310101013077", name="越权", kind="committee", parent=street_b)
            )
            with pytest.raises(ScopeViolation, match="无权操作本辖区以外的记录"):
                db.session.flush()
            db.session.rollback()


def test_auditor_can_read_but_never_write(client: Any, app: Flask) -> None:
    login(client, "auditor")
    assert client.get("/admin/orgunit/").status_code == 200
    assert client.get("/admin/auditentry/").status_code == 200
    assert client.get("/admin/orgunit/new/").status_code in (302, 403)
    with app.app_context():
        auditor = Actor(user_id=None, name="x", role=Role.AUDITOR, prefix="310101")
        with acting_as(auditor):
            db.session.add(
                AuditEntry(actor="x", action="insert", table_name="t", record_key="1", changes={})
            )
            with pytest.raises(ScopeViolation, match="审计员"):
                db.session.flush()
            db.session.rollback()
