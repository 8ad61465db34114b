"""Fixtures: ``app``, ``client``, ``runner`` on a real SQLite file and a real PostgreSQL.

Every test that uses ``app`` (or ``db_url``, or ``database``) runs twice, once
per database: ``database`` is the parametrized fixture, so test ids end in
``[sqlite]`` and ``[postgresql]``. PostgreSQL comes from
``JUWEI_TEST_POSTGRES_URL`` (``.ci/run`` starts a cluster and sets it) or, when
unset, from a throwaway cluster this session starts with Debian's binaries. A
missing PostgreSQL fails the run; it never skips.

Database templates
------------------
Migrating and seeding a database costs more than most tests, so ``app`` (and
plugin fixtures such as ``jy_app``) build each kind of database, a *recipe*,
once per session and database kind, and give every test a copy as its own
database: the SQLite file is copied, the PostgreSQL database is created with
``CREATE DATABASE ... TEMPLATE``. Each test still owns a fresh database on a
real server. ``db_url`` alone still gives an empty database; with ``app`` it
gives ``app``'s.

A recipe is a key (unique in the session: one key, one builder) and a builder
``build(url, tmp_path)``. The builder gets an empty database at ``url``,
makes its apps with ``make_app(url, tmp_path)`` and must ``dispose`` each of
them: an open connection stops PostgreSQL from copying the template. What it
writes to ``tmp_path / "instance"`` is copied into each test's instance
folder, nothing else of ``tmp_path`` is. It runs once, inside the setup of the
first test that needs it, so it must not depend on that test (no
``monkeypatch``, no test parameters); a failure is not cached, every test of
the recipe reports it. A plugin's conftest::

    def build_huangpu(url: str, tmp_path: Path) -> None:
        first = make_app(url, tmp_path)
        with first.app_context(), acting_as(SYSTEM):
            upgrade_all(first)
            install(first.extensions["juwei"].discovered, PLUGIN)
            load_tree()
        dispose(first)
        seeding = make_app(url, tmp_path)  # a new app maps the plugin's models
        with seeding.app_context(), acting_as(SYSTEM):
            seed_committee(A1)
        dispose(seeding)


    @pytest.fixture
    def hp_app(
        database: Database, tmp_path: Path, db_templates: DatabaseTemplates
    ) -> Iterator[Flask]:
        url = db_templates.clone(database, tmp_path, PLUGIN, build_huangpu)
        application = make_app(url, tmp_path)
        yield application
        dispose(application)

Request ``database`` there, not ``db_url``: ``db_url`` first creates an empty
database, which ``clone`` would then have to drop again.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from psycopg import sql
from sqlalchemy.engine import make_url

from core.app import create_app
from core.extensions import db
from core.migrate import upgrade_all
from core.scoping import SYSTEM, acting_as
from tests.support.postgres import TemporaryPostgres

SAMPLE_PLUGIN = "tests.sample_plugin.plugin"
_counter = itertools.count()

#: ``build(url, tmp_path)``: fills the empty database at ``url`` (see the module docstring).
Builder = Callable[[str, Path], None]
#: What SQLite may leave next to a database file while a connection is open.
_SQLITE_SIDECARS = ("-journal", "-wal", "-shm")


class PostgresServer:
    """Creates and drops one database per test, and the session's templates, on a server."""

    def __init__(self, url: str) -> None:
        self.url = url
        match = re.match(r"postgresql(?:\+psycopg)?://(.*)", url)
        assert match, f"JUWEI_TEST_POSTGRES_URL must be postgresql+psycopg://...: {url}"
        self._conninfo = "postgresql://" + match.group(1)
        #: Databases sealed as templates; ``drop_templates`` drops them.
        self.templates: list[str] = []

    def _admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self._conninfo, autocommit=True)

    def url_of(self, name: str) -> str:
        """The SQLAlchemy URL of database ``name`` on this server."""
        return re.sub(r"/[^/]*$", f"/{name}", self.url)

    def create(self, name: str, template: str | None = None) -> str:
        """Create database ``name`` (empty, or a copy of ``template``); return its URL."""
        with self._admin() as conn:
            conn.execute(_create_statement(name, template))
        return self.url_of(name)

    def replace(self, name: str, template: str) -> str:
        """Drop database ``name`` if it exists and create it again as a copy of ``template``."""
        with self._admin() as conn:
            conn.execute(_drop_statement(name))
            conn.execute(_create_statement(name, template))
        return self.url_of(name)

    def drop(self, name: str) -> None:
        """Drop database ``name`` if it exists, disconnecting its sessions."""
        with self._admin() as conn:
            conn.execute(_drop_statement(name))

    def seal(self, name: str, wait_seconds: float = 5.0) -> None:
        """Make ``name`` a template: no connection open to it, none allowed from now on."""
        deadline = time.monotonic() + wait_seconds
        with self._admin() as conn:
            while True:  # a closed connection's backend may take a moment to exit
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
                ).fetchone()
                if not row or not row[0]:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"{row[0]} connection(s) to the template database {name} are still "
                        "open: the builder must dispose() every app it makes"
                    )
                time.sleep(0.05)
            conn.execute(
                sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(sql.Identifier(name))
            )
        self.templates.append(name)

    def drop_templates(self) -> None:
        """Drop every database sealed by ``seal``."""
        while self.templates:
            self.drop(self.templates.pop())


def _create_statement(name: str, template: str | None) -> sql.Composed:
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    return statement


def _drop_statement(name: str) -> sql.Composed:
    return sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))


class Database:
    """This test's own database (``database`` fixture), created on demand.

    ``db_url`` creates it empty; ``DatabaseTemplates.clone`` creates it as a
    copy of a template (replacing it if ``db_url`` came first). The SQLite
    file is ``tmp_path / "juwei-test.sqlite3"``; the PostgreSQL database is
    dropped at the end of the test.
    """

    def __init__(self, kind: str, url: str, server: PostgresServer | None = None) -> None:
        self.kind = kind
        self.url = url
        self.server = server
        self.exists = False

    @property
    def name(self) -> str:
        """The SQLite file or the PostgreSQL database name."""
        name = make_url(self.url).database
        assert name, self.url
        return name

    def create(self) -> str:
        """Create the database empty unless it exists; its URL."""
        if not self.exists and self.server is not None:
            self.server.create(self.name)
        self.exists = True
        return self.url

    def copy(self, source: str) -> str:
        """(Re)create the database as a copy of ``source``: a SQLite file or PostgreSQL template."""
        if self.server is not None:
            if self.exists:
                self.server.replace(self.name, source)
            else:
                self.server.create(self.name, template=source)
        else:
            target = Path(self.name)
            for path in [target, *_sidecars(target)]:
                path.unlink(missing_ok=True)
            shutil.copyfile(source, target)
        self.exists = True
        return self.url

    def drop(self) -> None:
        """Drop the PostgreSQL database (the SQLite file goes with ``tmp_path``)."""
        if self.server is not None:
            self.server.drop(self.name)
        self.exists = False


@dataclasses.dataclass(frozen=True)
class _Template:
    builder: Builder
    url: str
    #: The SQLite file, or the PostgreSQL database name.
    source: str
    #: The instance folder the builder's apps used.
    instance: Path


class DatabaseTemplates:
    """Databases built once per session, kind and recipe, copied for each test.

    See the module docstring. PostgreSQL templates are sealed on the test's
    server, which drops them at the end of the session (``postgres``).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._templates: dict[tuple[str, str], _Template] = {}
        self._numbers = itertools.count()

    def clone(self, database: Database, tmp_path: Path, key: str, builder: Builder) -> str:
        """Make ``database`` a copy of template ``key``, and the instance folder too; its URL.

        The template's instance folder is copied into ``tmp_path / "instance"``,
        the folder ``make_app(url, tmp_path)`` uses.
        """
        template = self._template(database, key, builder)
        url = database.copy(template.source)
        if template.instance.is_dir():
            shutil.copytree(template.instance, tmp_path / "instance", dirs_exist_ok=True)
        return url

    def cached(self, database: Database, key: str, builder: Builder) -> str:
        """The URL of template ``key`` of ``database``'s kind, built if need be.

        For inspection only: never connect to it (PostgreSQL refuses anyway).
        """
        return self._template(database, key, builder).url

    def _template(self, database: Database, key: str, builder: Builder) -> _Template:
        found = self._templates.get((database.kind, key))
        if found is None:
            found = self._build(database, key, builder)
            self._templates[(database.kind, key)] = found
        elif found.builder is not builder:
            raise ValueError(
                f"database template {key!r} was built by {found.builder.__qualname__}, "
                f"not {builder.__qualname__}: give each recipe its own key"
            )
        return found

    def _build(self, database: Database, key: str, builder: Builder) -> _Template:
        number = next(self._numbers)
        slug = re.sub(r"[^A-Za-z0-9_]+", "_", key)
        tmp_path = self.directory / f"{number}-{database.kind}-{slug}"
        tmp_path.mkdir()
        server = database.server
        if server is None:
            path = tmp_path / "template.sqlite3"
            url = f"sqlite:///{path.as_posix()}"
            builder(url, tmp_path)
            left = [str(p) for p in _sidecars(path) if p.exists()]
            if left or not path.is_file():
                raise RuntimeError(
                    f"database template {key!r}: {path} missing or still open ({left}): "
                    "the builder must dispose() every app it makes"
                )
            return _Template(builder, url, str(path), tmp_path / "instance")
        name = f"juwei_tpl{os.getpid()}_{number}"
        url = server.create(name)
        try:
            builder(url, tmp_path)
            server.seal(name)
        except BaseException:
            server.drop(name)
            raise
        return _Template(builder, url, name, tmp_path / "instance")


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in _SQLITE_SIDECARS]


@pytest.fixture(scope="session")
def db_templates(tmp_path_factory: pytest.TempPathFactory) -> DatabaseTemplates:
    """The session's database templates (see the module docstring)."""
    return DatabaseTemplates(tmp_path_factory.mktemp("db-templates"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The PostgreSQL server of this test session (never skipped when missing)."""
    url = os.environ.get("JUWEI_TEST_POSTGRES_URL")
    cluster = None
    if not url:
        cluster = TemporaryPostgres()
        cluster.start()  # raises with a clear message when PostgreSQL is not installed
        url = cluster.url
    server = PostgresServer(url)
    try:
        yield server
    finally:
        try:
            server.drop_templates()
        finally:
            if cluster is not None:
                cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """This test's own database, not created yet: a SQLite file, then a PostgreSQL database.

    Request ``db_url`` for an empty one, or a fixture such as ``app`` for a
    copy of a template. Test ids name the kind: ``[sqlite]``, ``[postgresql]``.
    """
    if request.param == "sqlite":
        yield Database("sqlite", f"sqlite:///{(tmp_path / 'juwei-test.sqlite3').as_posix()}")
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = f"juwei_t{os.getpid()}_{next(_counter)}"
    database = Database("postgresql", server.url_of(name), server)
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture
def db_url(database: Database) -> str:
    """This test's database: created empty, unless a fixture such as ``app`` filled it first."""
    return database.create()


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


def build_core(url: str, tmp_path: Path) -> None:
    """Recipe ``core``: core migrated to head, the demo org tree and accounts."""
    application = make_app(url, tmp_path)
    try:
        with application.app_context(), acting_as(SYSTEM):
            upgrade_all(application)
            from tests.factories import load_tree

            load_tree()
    finally:
        dispose(application)


@pytest.fixture
def app(database: Database, tmp_path: Path, db_templates: DatabaseTemplates) -> Iterator[Flask]:
    """An app on a migrated database holding the demo org tree and accounts (recipe ``core``).

    A test that also requests ``db_url`` gets this database.
    """
    url = db_templates.clone(database, tmp_path, "core", build_core)
    application = make_app(url, tmp_path)
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
