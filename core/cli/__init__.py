"""The ``juwei`` command: a Flask CLI group built on ``create_app``.

Core's commands (``db``, ``plugins``, ``users``, ``org``, ``demo``) and
installed plugins' commands arrive through the ``juwei_cli_commands`` hook;
``serve`` is defined here because it decides how the app is built.
"""

from __future__ import annotations

import sys
from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup

from core.config import ConfigError


def _cli_app() -> Flask:
    from core.app import create_app

    # Management commands set no cookies, so they need no secret key; the
    # web server (serve, gunicorn) does and refuses to start without one.
    return create_app({"JUWEI_CLI": True})


class JuweiGroup(FlaskGroup):
    """``juwei``: a bad config or an unreachable database gives one line, no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from sqlalchemy.exc import ArgumentError, OperationalError

        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except ArgumentError as exc:
            click.echo(f"Error: JUWEI_DATABASE_URL is not a database URL ({exc})", err=True)
            sys.exit(2)
        except OperationalError as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            click.echo(f"Error: the database is not reachable: {reason}", err=True)
            sys.exit(1)


@click.group(
    cls=JuweiGroup,
    create_app=_cli_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
def main() -> None:
    """居委 juwei: residents' committee administration."""


@main.command("serve")
@click.option(
    "--demo", is_flag=True, help="Demo mode: SQLite in the instance folder, all plugins, demo data."
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Flask debug mode (never in production).")
@click.option("--seed", default=None, type=int, help="With --demo: random seed of the demo data.")
def serve_command(demo: bool, host: str, port: int, debug: bool, seed: int | None) -> None:
    """Run the development server (production: gunicorn, see docs/operator-guide.md)."""
    from core.app import create_app
    from core.demo import DEFAULT_SEED, prepare_demo

    overrides: dict[str, Any] = {}
    if demo:
        overrides["JUWEI_DEMO"] = True
    if debug:
        overrides["DEBUG"] = True
    try:
        app = create_app(overrides)
    except ConfigError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if demo:
        with app.app_context():
            accounts = prepare_demo(
                app, echo=click.echo, seed=DEFAULT_SEED if seed is None else seed
            )
        app = create_app(overrides)  # rebuilt so the freshly installed plugins register
        click.echo("\nDemo accounts (username / password / role / scope):")
        for username, password, role, scope in accounts:
            click.echo(f"  {username:<12} {password:<20} {role:<16} {scope}")
    click.echo(f"\nAdmin UI: http://{host}:{port}/admin/\n")
    # app.run() refuses to run inside a Flask CLI command; call werkzeug directly.
    from werkzeug.serving import run_simple

    run_simple(host, port, app, use_debugger=debug, use_reloader=False, threaded=True)
