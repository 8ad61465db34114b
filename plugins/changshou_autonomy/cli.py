"""``juwei changshou …``: awards from the command line (S4).

    juwei changshou awards --year 2026 [--street CODE] [--format json|xlsx] [-o FILE]

Acts as the system actor (the whole deployment). For the year's fund of every
street (or of one), each submitted application with its score, place, band and
amount awarded — the decided award, or else the would-be one marked 未决定 —
with the explanation, and the fund summary. Json goes to standard output
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
from core.models import OrgUnit
from core.rules.policy import NoValueInForce
from core.scoping import SYSTEM, acting_as


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.group("changshou")
def changshou_group() -> None:
    """Changshou Road autonomy: awards and exports."""


@changshou_group.command("awards")
@click.option("--year", type=int, required=True, help="The fund year, e.g. 2026.")
@click.option("--street", "street_code", help="Division code of one street (default: all).")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), help="Default: json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@with_appcontext
def awards_command(year: int, street_code: str | None, fmt: str | None, output: str | None) -> None:
    """Print or write the year's awards per street fund, with the fund summary (S4)."""
    from plugins.changshou_autonomy.awards import fund_report, fund_years
    from plugins.changshou_autonomy.export import awards_json, awards_xlsx

    if not 1900 <= year <= 2999:
        _fail(f"bad year {year}: expected e.g. 2026")
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
        funds = fund_years(db.session, year, street)
        if not funds:
            where = f" for street {street.code} ({street.name})" if street is not None else ""
            _fail(f"no fund in {year}{where}")
        try:
            reports = [fund_report(db.session, f) for f in funds]
        except (NoValueInForce, ValueError) as exc:
            _fail(str(exc))
        content = awards_xlsx(reports) if fmt == "xlsx" else awards_json(reports).encode("utf-8")
    if output:
        Path(output).write_bytes(content)
        count = sum(len(r.ranked) for r in reports)
        click.echo(f"wrote {output}: {len(reports)} funds, {count} applications", err=True)
    else:
        click.echo(content.decode("utf-8"))
