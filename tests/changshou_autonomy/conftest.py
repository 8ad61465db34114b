"""Fixtures of the changshou_autonomy tests: an app with the plugin installed, per database."""

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

PLUGIN = "changshou_autonomy"
#: Street A, its two committees, and street B's first committee (tests.factories).
STREET_A, A1, A2, B1 = "310101002000", "310101002001", "310101002002", "310101013001"


def build_changshou(url: str, tmp_path: Path) -> None:
    """Recipe of this module's plugin: the plugin installed on the test tree (no records yet)."""
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
    finally:
        dispose(seeding)


@pytest.fixture
def cs_app(database: Database, tmp_path: Path, db_templates: DatabaseTemplates) -> Iterator[Flask]:
    """An app with changshou_autonomy installed on the test tree and accounts (no records yet)."""
    url = db_templates.clone(database, tmp_path, PLUGIN, build_changshou)
    application = make_app(url, tmp_path)
    assert PLUGIN in application.extensions["juwei"].installed
    yield application
    dispose(application)


@pytest.fixture
def cs_client(cs_app: Flask) -> FlaskClient:
    """A test client of ``cs_app``."""
    return cs_app.test_client()
