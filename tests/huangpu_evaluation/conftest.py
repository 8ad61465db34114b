"""Fixtures of the huangpu_evaluation tests: an app with the plugin installed, per database."""

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

PLUGIN = "huangpu_evaluation"
#: Street A's two committees and street B's first (tests.factories).
A1, A2, B1 = "310101002001", "310101002002", "310101013001"


def build_huangpu(url: str, tmp_path: Path) -> None:
    """Recipe: huangpu_evaluation installed on the test tree, A1, A2 and B1 seeded."""
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
            from tests.huangpu_evaluation.factories import seed_committee

            for code in (A1, A2, B1):
                seed_committee(code)
    finally:
        dispose(seeding)


@pytest.fixture
def hp_app(database: Database, tmp_path: Path, db_templates: DatabaseTemplates) -> Iterator[Flask]:
    """An app with huangpu_evaluation installed on the test tree and accounts.

    Committees A1, A2 (street A) and B1 (street B) are seeded by
    ``tests.huangpu_evaluation.factories.seed_committee``: staff, ten
    representatives, two group leaders, a supervision group of three.
    """
    url = db_templates.clone(database, tmp_path, PLUGIN, build_huangpu)
    application = make_app(url, tmp_path)
    assert PLUGIN in application.extensions["juwei"].installed
    yield application
    dispose(application)


@pytest.fixture
def hp_client(hp_app: Flask) -> FlaskClient:
    """A test client of ``hp_app``."""
    return hp_app.test_client()
