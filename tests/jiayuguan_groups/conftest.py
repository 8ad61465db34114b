"""Fixtures of the jiayuguan_groups tests: an app with the plugin installed, per database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.migrate import upgrade_all
from core.plugins import install
from core.scoping import SYSTEM, acting_as
from tests.conftest import Database, DatabaseTemplates, dispose, make_app
from tests.factories import load_tree

PLUGIN = "jiayuguan_groups"


def build_jiayuguan(url: str, tmp_path: Path) -> None:
    """Recipe ``jiayuguan_groups``: the plugin installed, the test tree, A1 and B1 seeded."""
    first = make_app(url, tmp_path)
    try:
        with first.app_context(), acting_as(SYSTEM):
            upgrade_all(first)
            install(first.extensions["juwei"].discovered, PLUGIN)
            load_tree()
    finally:
        dispose(first)
    seeding = make_app(url, tmp_path)  # a new app maps the plugin's models
    try:
        assert PLUGIN in seeding.extensions["juwei"].installed
        with seeding.app_context(), acting_as(SYSTEM):
            from tests.factories import COMMITTEE_A1, COMMITTEE_B1
            from tests.jiayuguan_groups.factories import seed_committee

            seed_committee(COMMITTEE_A1)
            seed_committee(COMMITTEE_B1)
    finally:
        dispose(seeding)


@pytest.fixture
def jy_app(database: Database, tmp_path: Path, db_templates: DatabaseTemplates) -> Iterator[Flask]:
    """An app with jiayuguan_groups installed, on the test tree (两街道四居委会) and accounts.

    Committees A1 and B1 each hold two terms (2021–2025, 2026–2030), two
    groups with buildings and households (``tests.jiayuguan_groups.factories``).
    The database is a copy of this recipe's template (``build_jiayuguan``,
    built once per session, see ``tests/conftest.py``); a test that also
    requests ``db_url`` gets this database.
    """
    url = db_templates.clone(database, tmp_path, PLUGIN, build_jiayuguan)
    application = make_app(url, tmp_path)
    assert PLUGIN in application.extensions["juwei"].installed
    yield application
    dispose(application)


@pytest.fixture
def jy_client(jy_app: Flask) -> FlaskClient:
    """A test client of ``jy_app``."""
    return jy_app.test_client()
