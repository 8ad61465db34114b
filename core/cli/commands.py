"""Core's management commands: db, plugins, users, org, demo."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from core.extensions import db
from core.migrate import current_revision, head_revision, revision, upgrade_all
from core.models import ApiToken, OrgUnit, Role, User, hash_token
from core.plugins import PluginError, PluginHasData, install, uninstall
from core.rules.divisions import DivisionCodeError, OrgKind, kind_of
from core.scoping import SYSTEM, acting_as


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


# ----------------------------------------------------------------- db
@click.group("db")
def db_group() -> None:
    """Database migrations (Alembic, one history per component)."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Bring core and every installed plugin to their newest revision."""
    with acting_as(SYSTEM):
        for name, rev in upgrade_all(current_app):
            click.echo(f"{name}: at {rev}")


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Show each component's revision and head."""
    for component in current_app.extensions["juwei"].components:
        click.echo(
            f"{component.name}: {current_revision(component)} (head {head_revision(component)})"
        )


@db_group.command("revision")
@click.option("--component", default="core", show_default=True, help="core or a plugin name")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate", is_flag=True)
@with_appcontext
def db_revision(component: str, message: str, autogenerate: bool) -> None:
    """Write a new migration for a component (developers)."""
    found = [c for c in current_app.extensions["juwei"].components if c.name == component]
    if not found:
        _fail(f"no migration history for {component!r} (is the plugin installed?)")
    revision(found[0], message, autogenerate=autogenerate)


# ------------------------------------------------------------ plugins
@click.group("plugins")
def plugins_group() -> None:
    """List, install and uninstall locality plugins."""


@plugins_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def plugins_list(as_json: bool) -> None:
    """Every discovered plugin and whether it is installed in this database."""
    state = current_app.extensions["juwei"]
    if not state.database_ok:
        _fail("the database is not reachable: cannot tell which plugins are installed")
    rows = [
        {
            "name": p.name,
            "version": p.version,
            "description": p.description,
            "installed": p.name in state.installed,
        }
        for p in state.discovered.values()
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        mark = "installed" if row["installed"] else "-"
        click.echo(f"{row['name']:<22} {row['version']:<8} {mark:<10} {row['description']}")


@plugins_group.command("install")
@click.argument("names", nargs=-1, required=True)
@with_appcontext
def plugins_install(names: tuple[str, ...]) -> None:
    """Install plugins: create their tables, store their policy defaults."""
    state = current_app.extensions["juwei"]
    unknown = [n for n in names if n not in state.discovered]
    if unknown:
        _fail(
            f"unknown plugin(s): {', '.join(unknown)}. "
            f"Discovered: {', '.join(state.discovered) or 'none'}. Nothing was installed."
        )
    with acting_as(SYSTEM):
        # Core first, so a fresh database works without a separate `db upgrade`.
        upgrade_all(current_app, names=["core"])
        for name in names:
            try:
                click.echo(install(state.discovered, name))
            except PluginError as exc:
                _fail(str(exc))
    click.echo("Restart the web server for the change to show.")


@plugins_group.command("uninstall")
@click.argument("name")
@click.option("--drop-data", is_flag=True, help="Drop the plugin's tables even if they hold data.")
@with_appcontext
def plugins_uninstall(name: str, drop_data: bool) -> None:
    """Uninstall a plugin; refuses while its tables hold data unless --drop-data."""
    state = current_app.extensions["juwei"]
    with acting_as(SYSTEM):
        try:
            click.echo(uninstall(state.discovered, name, drop_data=drop_data))
        except PluginHasData as exc:
            click.echo(f"Error: {exc}", err=True)
            for table, rows in exc.counts.items():
                click.echo(f"  would drop {table}: {rows} rows", err=True)
            sys.exit(1)
        except PluginError as exc:
            _fail(str(exc))


# -------------------------------------------------------------- users
@click.group("users")
def users_group() -> None:
    """User accounts and API tokens."""


def _read_password() -> str:
    if sys.stdin.isatty():
        value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return value
    return sys.stdin.readline().rstrip("\n")


@users_group.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option(
    "--scope", "scope_code", default=None, help="Org unit code (all roles but system_admin)."
)
@click.option("--display-name", default="")
@with_appcontext
def users_create(username: str, role: str, scope_code: str | None, display_name: str) -> None:
    """Create a user; the password comes from a prompt or from stdin, never an argument."""
    with acting_as(SYSTEM):
        if db.session.scalar(select(User).where(User.username == username)) is not None:
            _fail(f"user {username!r} already exists")
        unit = None
        if scope_code:
            unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == scope_code))
            if unit is None:
                _fail(f"no org unit with code {scope_code!r}")
        elif role != Role.SYSTEM_ADMIN:
            _fail(f"--scope ORG_CODE is required for role {role}")
        if scope_code and role == Role.SYSTEM_ADMIN:
            _fail("a system_admin sees the whole deployment: give no --scope")
        password = _read_password()
        if len(password) < 10:
            _fail("the password must have at least 10 characters")
        user = User(username=username, role=role, org_unit=unit, display_name=display_name)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
    click.echo(f"created user {username} ({role}{', ' + scope_code if scope_code else ''})")


@users_group.command("token")
@click.argument("username")
@click.option("--name", default="", help="What the token is for.")
@with_appcontext
def users_token(username: str, name: str) -> None:
    """Issue an API token for a user and print it (shown only this once)."""
    with acting_as(SYSTEM):
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            _fail(f"no user {username!r}")
        secret = ApiToken.new_secret()
        db.session.add(ApiToken(user=user, name=name, token_hash=hash_token(secret)))
        db.session.commit()
    click.echo(secret)


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        _fail(f"no user {username!r}")
    return user


@users_group.command("list")
@with_appcontext
def users_list() -> None:
    """Every user with role, scope and whether active."""
    with acting_as(SYSTEM):
        for user in db.session.scalars(select(User).order_by(User.username)):
            scope = user.org_unit.code if user.org_unit else "-"
            state = "active" if user.active else "inactive"
            click.echo(f"{user.username:<20} {user.role:<16} {scope:<13} {state}")


@users_group.command("set-password")
@click.argument("username")
@with_appcontext
def users_set_password(username: str) -> None:
    """Set a user's password, from a prompt or stdin."""
    with acting_as(SYSTEM):
        user = _user(username)
        password = _read_password()
        if len(password) < 10:
            _fail("the password must have at least 10 characters")
        user.set_password(password)
        db.session.commit()
    click.echo(f"password of {username} changed")


@users_group.command("deactivate")
@click.argument("username")
@with_appcontext
def users_deactivate(username: str) -> None:
    """Deactivate a user: no login, no API; their tokens are revoked. Kept for the audit trail."""
    with acting_as(SYSTEM):
        user = _user(username)
        user.active = False
        for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)):
            token.revoked = True
        db.session.commit()
    click.echo(f"deactivated {username}")


@users_group.command("revoke-tokens")
@click.argument("username")
@with_appcontext
def users_revoke_tokens(username: str) -> None:
    """Revoke every API token of a user."""
    with acting_as(SYSTEM):
        user = _user(username)
        tokens = list(
            db.session.scalars(
                select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
            )
        )
        for token in tokens:
            token.revoked = True
        db.session.commit()
    click.echo(f"revoked {len(tokens)} token(s) of {username}")


# ---------------------------------------------------------------- org
@click.group("org")
def org_group() -> None:
    """The org tree: districts, streets, committees."""


@org_group.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--parent", "parent_code", default=None, help="Code of the unit above.")
@with_appcontext
def org_add(code: str, name: str, parent_code: str | None) -> None:
    """Add a district, street or committee; its kind follows from the code (C1)."""
    with acting_as(SYSTEM):
        parent = None
        if parent_code:
            parent = db.session.scalar(select(OrgUnit).where(OrgUnit.code == parent_code))
            if parent is None:
                _fail(f"no org unit with code {parent_code!r}")
        if db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code)) is not None:
            _fail(f"an org unit with code {code} already exists")
        try:
            kind: OrgKind = (
                kind_of(code) if code.isdigit() and len(code) == 12 else OrgKind.COMMITTEE
            )
            unit = OrgUnit(code=code, name=name, kind=kind.value, parent=parent)
            unit.check()
        except DivisionCodeError as exc:
            _fail(str(exc))
        db.session.add(unit)
        db.session.commit()
    click.echo(f"added {kind.value} {code} {name}")


@click.command("demo")
@click.option(
    "--seed", default=None, type=int, help="Random seed: the same seed gives the same data."
)
@click.option(
    "--scale",
    default=None,
    type=click.IntRange(min=1),
    help="Benchmarks: create N committees with fewer residents each (residents not audited).",
)
@with_appcontext
def demo_command(seed: int | None, scale: int | None) -> None:
    """Install every plugin and load the demo data (what `serve --demo` does).

    A database that already holds org units is left as it is: the command
    says so and prints the accounts again.
    """
    from core.demo import DEFAULT_SEED, prepare_demo, scale_capacity

    if scale is not None and scale > scale_capacity():
        _fail(f"--scale can make at most {scale_capacity()} committees")
    accounts: list[Any] = prepare_demo(
        current_app,
        echo=click.echo,
        seed=DEFAULT_SEED if seed is None else seed,
        scale=scale,
    )
    click.echo("\nDemo accounts (username / password / role / scope):")
    for username, password, role, scope in accounts:
        click.echo(f"  {username:<14} {password:<24} {role:<16} {scope}")
