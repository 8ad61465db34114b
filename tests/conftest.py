"""Fixtures: ``app``, ``client``, ``runner`` on a real SQLite file and a real PostgreSQL.

Every test that uses ``app`` (or ``db_url``) runs twice, once per database.
PostgreSQL comes from ``JUWEI_TEST_POSTGRES_URL`` (``.ci/run`` starts a
cluster and sets it) or, when unset, from a throwaway cluster this session
starts with Debian's binaries. A missing PostgreSQL fails the run; it never
skips.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from psycopg import sql

from core.app import create_app
from core.extensions import db
from core.migrate import upgrade_all
from core.scoping import SYSTEM, acting_as
from tests.support.postgres import TemporaryPostgres

SAMPLE_PLUGIN = "tests.sample_plugin.plugin"
_counter = itertools.count()


class PostgresServer:
    """Creates and drops one database per test on a PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.url = url
        match = re.match(r"postgresql(?:\+psycopg)?://(.*)", url)
        assert match, f"JUWEI_TEST_POSTGRES_URL must be postgresql+psycopg://...: {url}"
        self._conninfo = "postgresql://" + match.group(1)

    def _admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self._conninfo, autocommit=True)

    def create(self, name: str) -> str:
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return re.sub(r"/[^/]*$", f"/{name}", self.url)

    def drop(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The PostgreSQL server of this test session (never skipped when missing)."""
    url = os.environ.get("JUWEI_TEST_POSTGRES_URL")
    if url:
        yield PostgresServer(url)
        return
    server = TemporaryPostgres()
    server.start()  # raises with a clear message when PostgreSQL is not installed
    try:
        yield PostgresServer(server.url)
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'juwei-test.sqlite3').as_posix()}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = f"juwei_t{os.getpid()}_{next(_counter)}"
    url = server.create(name)
    try:
        yield url
    finally:
        server.drop(name)


def make_app(db_url: str, tmp_path: Path, **extra: Any) -> Flask:
    """A test app on ``db_url``; CSRF off unless ``WTF_CSRF_ENABLED=True`` is passed."""
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": db_url,
        "JUWEI_INSTANCE": str(tmp_path / "instance"),
        "JUWEI_PLUGIN_MODULES": [SAMPLE_PLUGIN],
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": _null_pool()},
    }
    config.update(extra)
    return create_app(config)


def _null_pool() -> Any:
    # No pooled connections outlive a test, so its PostgreSQL database can be dropped.
    from sqlalchemy.pool import NullPool

    return NullPool


def dispose(app: Flask) -> None:
    """Close every connection of ``app``'s engines."""
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on a migrated database holding the demo org tree and accounts."""
    application = make_app(db_url, tmp_path)
    with application.app_context(), acting_as(SYSTEM):
        upgrade_all(application)
        from tests.factories import load_tree

        load_tree()
    yield application
    dispose(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner of ``app``."""
    return app.test_cli_runner()
