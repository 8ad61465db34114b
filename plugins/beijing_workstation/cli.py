"""``juwei beijing …``: postings and ranked applicants from the command line (B7).

    juwei beijing postings [--format json]
    juwei beijing applicants --posting ID [--format json|xlsx] [-o FILE]

Both act as the system actor (the whole deployment). ``postings`` lists every
posting with its dates, stages, status and counts; ``applicants`` gives a
posting's applicants in ranking order with composite score, place, proposed
flag and explanation, ID numbers masked (C10). Json goes to standard output
unless ``-o`` is given; xlsx needs ``-o``. Bad input prints ``Error: …`` and
exits with code 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from core.extensions import db
from core.rules.policy import NoValueInForce
from core.scoping import SYSTEM, acting_as


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.group("beijing")
def beijing_group() -> None:
    """Xicheng two committees, one station: recruitment of social workers."""


@beijing_group.command("postings")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", help="json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@with_appcontext
def postings_command(fmt: str, output: str | None) -> None:
    """Print every posting of the deployment with dates, stages, status and counts (B7)."""
    from plugins.beijing_workstation.export import postings_json
    from plugins.beijing_workstation.models import Posting

    with acting_as(SYSTEM):
        postings = db.session.scalars(select(Posting).order_by(Posting.id)).all()
        try:
            text = postings_json(postings)
        except (NoValueInForce, ValueError) as exc:
            _fail(str(exc))
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}: {len(postings)} postings", err=True)
    else:
        click.echo(text)


@beijing_group.command("applicants")
@click.option("--posting", "posting_id", type=int, required=True, help="The posting's id.")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), help="Default: json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@with_appcontext
def applicants_command(posting_id: int, fmt: str | None, output: str | None) -> None:
    """Print or write a posting's applicants in ranking order, ID numbers masked (B7, C10)."""
    from plugins.beijing_workstation.export import applicants_json, applicants_xlsx
    from plugins.beijing_workstation.models import Posting

    if fmt is None:
        fmt = "xlsx" if output and Path(output).suffix.lower() == ".xlsx" else "json"
    if fmt == "xlsx" and not output:
        _fail("xlsx is written to a file: give -o FILE")
    with acting_as(SYSTEM):
        posting = db.session.get(Posting, posting_id)
        if posting is None:
            _fail(f"no posting with id {posting_id}")
        try:
            if fmt == "xlsx":
                content = applicants_xlsx(posting)
            else:
                content = applicants_json(posting).encode("utf-8")
        except (NoValueInForce, ValueError) as exc:
            _fail(str(exc))
        count = len(posting.applicants)
    if output:
        Path(output).write_bytes(content)
        click.echo(f"wrote {output}: {count} applicants", err=True)
    else:
        click.echo(content.decode("utf-8"))
