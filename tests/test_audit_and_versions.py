"""Decision 6: every write is audited; a stale edit is refused and loses nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.extensions import db
from core.models import AuditEntry, OrgUnit, PolicyValue
from core.scoping import SYSTEM, acting_as, actor_for
from tests.factories import login, unit_by_code


def _entries(table: str, key: str) -> list[AuditEntry]:
    with acting_as(SYSTEM):
        return list(
            db.session.scalars(
                select(AuditEntry)
                .where(AuditEntry.table_name == table, AuditEntry.record_key == key)
                .order_by(AuditEntry.id)
            )
        )


def test_insert_update_delete_each_write_an_audit_entry_with_before_and_after(app: Flask) -> None:
    with app.app_context():
        from core.models import User

        with acting_as(SYSTEM):
            user = db.session.scalar(select(User).where(User.username == "district"))
            district = unit_by_code("310101000000")
        with acting_as(actor_for(user)):
            value = PolicyValue(
                key="core.quorum.share",
                value="1/2",
                effective_from=dt.date(2030, 1, 1),
                org_unit=district,
                note="区务会决定",
            )
            db.session.add(value)
            db.session.commit()
            key = str(value.id)
            value.value = "2/3"
            db.session.commit()
            db.session.delete(value)
            db.session.commit()
        inserted, updated, deleted = _entries("policy_value", key)
        assert (inserted.action, updated.action, deleted.action) == ("insert", "update", "delete")
        assert {e.actor for e in (inserted, updated, deleted)} == {"district"}
        assert inserted.user_id == user.id
        assert inserted.changes["value"] == [None, "1/2"]
        assert inserted.changes["effective_from"] == [None, "2030-01-01"]
        assert updated.changes["value"] == ["1/2", "2/3"]
        assert "note" not in updated.changes  # only what changed
        assert deleted.changes["value"] == ["2/3", None]
        assert inserted.org_unit_id == district.id


def test_password_hashes_never_enter_the_audit_trail(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        from core.models import User

        user = db.session.scalar(select(User).where(User.username == "street_a"))
        user.set_password("another-long-password")
        db.session.commit()
        entry = _entries("user_account", str(user.id))[-1]
        assert entry.changes["password_hash"] == ["***", "***"]


def test_district_admin_reads_audit_trail_in_the_ui_read_only(client: Any, app: Flask) -> None:
    login(client, "district")
    html = client.get("/admin/auditentry/").get_data(as_text=True)
    assert "审计日志" in html and "org_unit" in html  # the tree loaded by the fixture
    assert client.get("/admin/auditentry/new/").status_code == 302
    with app.app_context():
        entry_id = _entries("org_unit", str(unit_by_code("310101002001").id))[0].id
    assert client.post("/admin/auditentry/delete/", data={"id": entry_id}).status_code == 302
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.get(AuditEntry, entry_id) is not None
    # Filterable: by table name.
    filtered = client.get("/admin/auditentry/?search=org_unit")
    assert filtered.status_code == 200


def test_stale_edit_is_refused_with_a_clear_chinese_message(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code("310101002002")
        c_id, opened, parent_id = unit.id, unit.version_id, unit.parent_id
    login(client, "street_a")
    form = {"kind": "committee", "code": "310101002002", "parent": str(parent_id)}
    first = client.post(
        f"/admin/orgunit/edit/?id={c_id}",
        data={**form, "name": "第一人的修改", "juwei_version": str(opened)},
    )
    assert first.status_code == 302
    second = client.post(
        f"/admin/orgunit/edit/?id={c_id}",
        data={**form, "name": "第二人的修改", "juwei_version": str(opened)},
        follow_redirects=True,
    )
    html = second.get_data(as_text=True)
    assert "此记录在您打开之后已被他人修改" in html
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code("310101002002")
        assert unit.name == "第一人的修改"
        assert unit.version_id == opened + 1


def test_two_concurrent_edits_lose_nothing(app: Flask) -> None:
    """Two sessions load version 1; the first commit wins, the second is refused."""
    with app.app_context(), acting_as(SYSTEM):
        engine = db.engine
        code = "310101013002"
        with Session(engine) as first, Session(engine) as second:
            a = first.scalar(select(OrgUnit).where(OrgUnit.code == code))
            b = second.scalar(select(OrgUnit).where(OrgUnit.code == code))
            assert a.version_id == b.version_id
            a.name = "甲的修改"
            first.commit()
            b.name = "乙的修改"
            with pytest.raises(StaleDataError):
                second.commit()
            second.rollback()
        assert db.session.scalar(select(OrgUnit.name).where(OrgUnit.code == code)) == "甲的修改"
