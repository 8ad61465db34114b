"""Alembic, one history per component: core's and each installed plugin's (decision 4).

Each component keeps its own script folder and its own version table
(``alembic_version_core``, ``alembic_version_jiayuguan_groups``), as indico
does for its plugins, so a plugin can be installed into a database that
already holds data and upgraded later, on SQLite and PostgreSQL alike.
Every ``env.py`` is the two lines ``from core.migrate import run_env;
run_env()``.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from core.extensions import db

CORE = "core"
CORE_MIGRATIONS = Path(__file__).parent / "migrations"


@dataclasses.dataclass(frozen=True)
class Component:
    """Core or one plugin: its name, migration folder and the tables it owns."""

    name: str
    directory: Path
    tables: frozenset[str]

    @property
    def version_table(self) -> str:
        """The component's own Alembic version table."""
        return f"alembic_version_{self.name}"


def _config(component: Component, connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(component.directory))
    config.attributes["connection"] = connection
    config.attributes["component"] = component
    return config


@contextlib.contextmanager
def _migration_connection() -> Iterator[Connection]:
    """A connection in one transaction; on SQLite with foreign keys off while it runs.

    Alembic's batch mode rebuilds SQLite tables (copy, drop, rename), which
    enforced foreign keys would refuse; the PRAGMA only works outside a
    transaction, so it is set before BEGIN and restored after.
    """
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # end the autobegun transaction before BEGIN
        try:
            with connection.begin():
                yield connection
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(component: Component, revision: str = "head") -> None:
    """Bring ``component``'s tables to ``revision`` in one transaction."""
    with _migration_connection() as connection:
        command.upgrade(_config(component, connection), revision)


def downgrade(component: Component, revision: str = "base") -> None:
    """Take ``component``'s tables back to ``revision`` (base drops them all)."""
    with _migration_connection() as connection:
        command.downgrade(_config(component, connection), revision)


def revision(component: Component, message: str, autogenerate: bool = False) -> None:
    """Write a new revision file into the component's history (for developers)."""
    with db.engine.begin() as connection:
        command.revision(_config(component, connection), message=message, autogenerate=autogenerate)


def current_revision(component: Component) -> str | None:
    """The revision the database is at for ``component``, or None if never migrated."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": component.version_table}
        )
        return context.get_current_revision()


def head_revision(component: Component) -> str | None:
    """The newest revision in ``component``'s history."""
    config = Config()
    config.set_main_option("script_location", str(component.directory))
    return ScriptDirectory.from_config(config).get_current_head()


def existing_tables(component: Component) -> list[str]:
    """The component's tables that exist in the database now."""
    present = set(inspect(db.engine).get_table_names())
    return sorted(component.tables & present)


def run_env() -> None:
    """The body of every component's ``env.py``: run its migrations online.

    Compares (for ``--autogenerate``) only the component's own tables, keeps
    the version in the component's own table, and renders batch operations so
    that ALTERs work on SQLite.
    """
    from alembic import context

    config = context.config
    component: Component = config.attributes["component"]
    connection: Connection = config.attributes["connection"]

    def include_object(obj: Any, name: str | None, type_: str, *_args: Any) -> bool:
        if type_ == "table":
            return name in component.tables
        table = getattr(obj, "table", None)
        return table is None or table.name in component.tables

    context.configure(
        connection=connection,
        target_metadata=db.metadata,
        version_table=component.version_table,
        include_object=include_object,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def components(app: Flask) -> list[Component]:
    """Core and every installed plugin that has a migration folder, in install order."""
    state = app.extensions["juwei"]
    return list(state.components)


def upgrade_all(app: Flask, names: Iterable[str] | None = None) -> list[tuple[str, str | None]]:
    """Upgrade core and each installed plugin to head; returns (name, revision) pairs."""
    done = []
    wanted = set(names) if names is not None else None
    for component in components(app):
        if wanted is not None and component.name not in wanted:
            continue
        upgrade(component)
        done.append((component.name, current_revision(component)))
    # Parameters a new version declares get their shipped default (decision 2).
    from core.policy import store_defaults

    store_defaults(db.session, app.extensions["juwei"].parameters.values())
    db.session.commit()
    return done
