"""``juwei import``: load an xlsx or csv file all or nothing; write templates and exports.

    juwei import KIND FILE [--as USERNAME]
    juwei import --template KIND [-o FILE] [--format xlsx|csv]
    juwei import --export KIND [-o FILE] [--format xlsx|csv] [--as USERNAME]

KIND is one of org_units, households, people, positions. Without ``--as``
the command acts as the system actor (whole deployment); with it, as that
user, so their scope and role apply. Errors are printed one per line
("row 7, 身份证号: …") and the command exits with code 1, having written
nothing (see ``core.imports``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from core.extensions import db
from core.imports import KINDS, FileProblem, export_file, run_import, template_file
from core.imports.validate import Advance
from core.models.users import User
from core.scoping import SYSTEM, Actor, acting_as, actor_for

#: Files with at least this many rows get progress bars.
PROGRESS_FROM = 1000

_KIND = click.Choice(sorted(KINDS))


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _actor(username: str | None) -> Actor:
    if username is None:
        return SYSTEM
    with acting_as(SYSTEM):
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            _fail(f"no user named {username!r}")
        assert user is not None
        if not user.active:
            _fail(f"user {username!r} is deactivated")
        return actor_for(user)


def _output(kind: str, output: str | None, fmt: str | None, stem: str) -> tuple[Path, str]:
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("xlsx", "csv") else "xlsx"
    return Path(output or f"{kind}-{stem}.{fmt}"), fmt


@contextlib.contextmanager
def _bar(label: str, total: int) -> Iterator[Advance]:
    if total < PROGRESS_FROM:
        yield lambda _n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@click.command("import")
@click.argument("kind", required=False, type=_KIND)
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--template", "template_kind", type=_KIND, help="Write an empty file of KIND.")
@click.option("--export", "export_kind", type=_KIND, help="Write the records of KIND.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), help="Default: xlsx.")
@click.option("--as", "username", help="Act as this user (their scope applies).")
@with_appcontext
def import_command(
    kind: str | None,
    file: str | None,
    template_kind: str | None,
    export_kind: str | None,
    output: str | None,
    fmt: str | None,
    username: str | None,
) -> None:
    """Import org units, people, households or positions from xlsx or csv.

    KIND is org_units, households, people or positions. The whole file is
    validated first; if any row has an error nothing is written, each error
    is printed as "row N, column: reason" and the exit code is 1.
    """
    if template_kind:
        path, fmt = _output(template_kind, output, fmt, "template")
        path.write_bytes(template_file(template_kind, fmt))
        click.echo(f"wrote {path} (template of {template_kind})")
        return
    if export_kind:
        path, fmt = _output(export_kind, output, fmt, "export")
        with acting_as(_actor(username)):
            data, count = export_file(export_kind, fmt)
        path.write_bytes(data)
        click.echo(f"wrote {path} ({count} {export_kind})")
        return
    if kind is None or file is None:
        raise click.UsageError("give KIND and FILE, or --template KIND, or --export KIND")
    source = Path(file)
    with acting_as(_actor(username)):
        try:
            report = run_import(kind, source.read_bytes(), source.name, progress=_bar)
        except FileProblem as exc:
            _fail(str(exc))
            return
    if not report.ok:
        for error in report.errors:
            click.echo(str(error), err=True)
        _fail(f"{len(report.errors)} error(s) in {source.name}; nothing was imported")
    extra = "".join(f", {label} {count}" for label, count in report.extra.items())
    click.echo(
        f"imported {source.name} as {kind}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged{extra}"
    )
