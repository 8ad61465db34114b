"""``juwei huangpu …``: results from the command line (H3, H8).

    juwei huangpu results --year 2025 [--street CODE] [--format json|xlsx] [-o FILE]

Acts as the system actor (the whole deployment). The year's 70/30 results
(closed and published rounds, as ``results.year_results``) go to standard
output as json unless ``-o`` is given; xlsx needs ``-o``. Bad input prints
``Error: …`` and exits with code 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from core.extensions import db
from core.models import OrgUnit
from core.rules.policy import NoValueInForce
from core.scoping import SYSTEM, acting_as


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.group("huangpu")
def huangpu_group() -> None:
    """Huangpu evaluation: results and exports."""


@huangpu_group.command("results")
@click.option("--year", type=int, required=True, help="The year evaluated, e.g. 2025.")
@click.option("--street", "street_code", help="Division code of one street (default: all).")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), help="Default: json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@click.option("--published", is_flag=True, help="Published rounds only (as the public sees).")
@with_appcontext
def results_command(
    year: int, street_code: str | None, fmt: str | None, output: str | None, published: bool
) -> None:
    """Print or write the year's results per committee and staff member (H3, H6)."""
    from plugins.huangpu_evaluation.export import results_json, results_xlsx
    from plugins.huangpu_evaluation.results import year_results

    if not 1900 <= year <= 2999:
        _fail(f"bad year {year}: expected e.g. 2025")
    if fmt is None:
        fmt = "xlsx" if output and Path(output).suffix.lower() == ".xlsx" else "json"
    if fmt == "xlsx" and not output:
        _fail("xlsx is written to a file: give -o FILE")
    with acting_as(SYSTEM):
        street = None
        if street_code is not None:
            street = db.session.scalar(select(OrgUnit).where(OrgUnit.code == street_code.strip()))
            if street is None:
                _fail(f"no street with code {street_code!r}")
            if street.kind != "street":
                _fail(f"{street_code} is a {street.kind}, not a street")
        try:
            results = year_results(db.session, year, street=street, published_only=published)
        except (NoValueInForce, ValueError) as exc:
            _fail(str(exc))
        content = results_xlsx(results) if fmt == "xlsx" else results_json(results).encode("utf-8")
    if output:
        Path(output).write_bytes(content)
        click.echo(
            f"wrote {output}: {len(results.committees)} committees, {len(results.staff)} staff",
            err=True,
        )
    else:
        click.echo(content.decode("utf-8"))
