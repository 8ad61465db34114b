"""Admin pages: no asset from a CDN, a constant number of statements per list page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event

from core.extensions import db
from core.models import OrgUnit
from core.scoping import SYSTEM, acting_as
from tests.factories import login, unit_by_code


def test_pages_load_no_asset_from_another_host(client: Any) -> None:
    login(client, "district")
    for path in (
        "/login",
        "/admin/",
        "/admin/orgunit/",
        "/admin/orgunit/new/",
        "/admin/policyoverview/",
        "/admin/auditentry/",
    ):
        html = client.get(path).get_data(as_text=True)
        external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
        assert external == [], (path, external)


@contextmanager
def _count_statements(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def test_list_views_issue_a_constant_number_of_statements_per_page(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        street = unit_by_code("310101002000")
        for n in range(10, 70):
            db.session.add(
                OrgUnit(
                    code=f"310101002{n:03d}", name=f"居委会{n}", kind="committee", parent=street
                )
            )
        db.session.commit()
    login(client, "district")
    for endpoint in ("orgunit", "user", "auditentry", "policyvalue"):
        counts = []
        for size in (5, 50):
            with _count_statements(app) as statements:
                assert client.get(f"/admin/{endpoint}/?page_size={size}").status_code == 200
            counts.append(len(statements))
        assert counts[0] == counts[1], (endpoint, counts)
