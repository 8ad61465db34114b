# mypy: disable-error-code="empty-body"
"""Every hook of juwei: the contract between core and the locality plugins.

Each spec below is the whole contract of its hook: when core calls it, with
which keyword arguments, and what an implementation returns. Hooks are called
with keyword arguments only; a spec may gain arguments in later versions,
never lose them (an implementation names only the arguments it uses, as
pluggy allows). Core's own features are implemented through these same hooks
(``core.builtin``), so a plugin extends exactly what core itself uses.

Only the hooks of *installed* plugins are called (``juwei plugins install``):
a plugin that is merely discovered adds nothing.

The reference with an example for each hook is ``docs/hooks.md``; a test
fails when a hook here is missing there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click
    from flask import Blueprint, Flask
    from flask_admin import BaseView
    from sqlalchemy.orm import Session

    from core.kinds import Kind
    from core.panels import Panel
    from core.permissions import Permission
    from core.policy import ParameterSpec

#: The pluggy project name.
PROJECT = "juwei"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def juwei_models() -> Iterable[type]:
    """Import and return the model classes this plugin owns.

    Called once per app, before anything else, so the models are mapped
    before views and migrations use them. Every table name must start with
    the plugin's name (``jiayuguan_groups_subsidy_month``); core uses the
    returned classes to know which tables belong to the plugin (uninstall
    checks them for data, migrations compare only them). A model that
    belongs to an org unit inherits ``core.OrgScoped`` and is then scoped
    automatically; one that can be edited inherits ``core.Versioned``.
    """


@hookspec
def juwei_migrations_dir() -> Path | None:
    """Return the folder of this plugin's Alembic history, or None if it has no tables.

    The folder holds ``env.py`` (two lines: ``from core.migrate import
    run_env; run_env()``), ``script.py.mako`` and ``versions/``. The history
    is the plugin's own, with its own version table
    ``alembic_version_<plugin>``; ``juwei plugins install`` upgrades it to
    head, ``juwei db upgrade`` upgrades every installed plugin's, and
    ``juwei plugins uninstall --drop-data`` downgrades it to base. Revisions
    must work on SQLite (use ``op.batch_alter_table``) and PostgreSQL.
    """


@hookspec
def juwei_admin_views(app: Flask) -> Iterable[BaseView]:
    """Return new Flask-Admin view instances to add to this app's admin.

    Build new instances on every call: tests build many apps in one process.
    Model views subclass ``core.ScopedModelView`` (scoping, audit, version
    check and Chinese labels come with it) and set ``category`` to a Chinese
    menu name; views of the same category share one menu.
    """


@hookspec
def juwei_api_blueprints(app: Flask) -> Iterable[Blueprint]:
    """Return blueprints to mount under ``/api/v1/``.

    Every route on them requires a valid API token (the actor is the token's
    user, so the ORM queries are scoped). Use ``core.api.ModelResource`` for
    the usual list/detail/create/update/delete endpoints with marshmallow
    schemas, or plain routes that query through the ORM.
    """


@hookspec
def juwei_cli_commands(app: Flask) -> Iterable[click.Command]:
    """Return click commands or groups to add to the ``juwei`` command.

    Name a group after the locality (``juwei jiayuguan payroll``). A command
    runs with no actor: wrap its database work in
    ``core.scoping.acting_as(core.scoping.SYSTEM)`` so writes are audited as
    "system" and nothing is narrowed.
    """


@hookspec
def juwei_policy_parameters() -> Iterable[ParameterSpec]:
    """Return the policy parameters this plugin declares (decision 2).

    Each has a key starting with the plugin's name, a Chinese label, a type,
    the default from DOMAIN.md, the rule ID it belongs to and an optional
    validator. ``juwei plugins install`` stores each default (deployment-wide,
    in force from ``default_from``); district admins change them in the UI;
    rules read them through ``core.policy.resolve`` at the record's date.
    """


@hookspec
def juwei_demo_data(session: Session, district_code: str) -> None:
    """Add this plugin's demo records to ``session`` (``juwei serve --demo``).

    Called after core's demo org tree and users exist, in one transaction
    that the caller commits; ``district_code`` is the demo district's code.
    The data should show every rule of the plugin at work.
    """


@hookspec
def juwei_meeting_kinds() -> Iterable[Kind]:
    """Return extra meeting kinds (rule C9), e.g. Beijing's assembly (B2)."""


@hookspec
def juwei_position_kinds() -> Iterable[Kind]:
    """Return extra position kinds (rule C2), e.g. a supervision committee director (J4)."""


@hookspec
def juwei_agenda_item_kinds() -> Iterable[Kind]:
    """Return extra agenda-item kinds (rule C8) of meetings."""


@hookspec
def juwei_record_checks() -> Iterable[tuple[type, Callable[[Any], None]]]:
    """Return ``(model class, check)`` pairs: extra checks on core's records.

    Core runs every record's own ``check()`` before each flush, whatever the
    write path (admin form, API, import, CLI). A locality's stricter rule on
    a core record, e.g. Jiayuguan's 3–5 members of a resident group (J2),
    goes here: ``check(record)`` is called after the record's own check for
    every new or changed instance of the class (or a subclass) and raises
    ``ValueError`` with a Chinese message to refuse the write. It runs inside
    the flush, with autoflush off: query the database for saved rows, and
    ``sqlalchemy.orm.object_session(record).new`` for rows of the same flush.
    """


@hookspec(firstresult=True)
def juwei_meeting_body(meeting: Any) -> tuple[int, str] | None:
    """Return ``(body size, explanation)`` for a meeting of one of this plugin's kinds, else None.

    Core sizes the body of residents' and representatives' meetings itself
    (rule C4). A plugin whose meeting kind has a body of its own (Xicheng's
    community members' assembly, rule B2) says how many belong to it on the
    day, so core's pages judge the quorum (C5) the same way the plugin does.
    The first plugin to return a value wins; a size entered by hand on the
    meeting still takes precedence.
    """


@hookspec
def juwei_committee_panels(committee: Any) -> Iterable[Panel]:
    """Return panels for a committee's overview page.

    ``committee`` is the committee's ``OrgUnit``; queries made here are
    scoped to the current user like any other. A panel is a title and HTML
    rendered by the plugin's own template.
    """


@hookspec
def juwei_permissions() -> Iterable[Permission]:
    """Return the permissions this plugin checks, and which roles hold them by default.

    A view or endpoint checks one with ``core.permissions.require``.
    """


@hookspec
def juwei_app_ready(app: Flask) -> None:
    """Called once the app is fully built: register template filters, context processors."""


__all__ = ["PROJECT", "hookimpl", "hookspec"]

# Hook specs are looked up by name; keep this list in step for docs checks.
HOOK_NAMES = [
    name for name, value in list(globals().items()) if name.startswith("juwei_") and callable(value)
]
