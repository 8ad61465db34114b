"""``juwei jiayuguan …``: the payroll from the command line (rule J4).

    juwei jiayuguan payroll --month 2026-03 [--street CODE] [--format csv|json|xlsx] [-o FILE]
    juwei jiayuguan close   --month 2026-03 --street CODE
    juwei jiayuguan reopen  --month 2026-03 --street CODE --reason TEXT

The commands act as the system actor (the whole deployment), or with
``--as USERNAME`` as that user, whose scope and role then apply (and who is
recorded as having closed or reopened the month). The payroll goes to
standard output as csv unless ``--format``/``-o`` say otherwise; xlsx needs
``-o``. Bad input prints ``Error: …`` and exits with code 1, changing nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from core.extensions import db
from core.models import OrgUnit, User
from core.rules.policy import NoValueInForce
from core.scoping import SYSTEM, Actor, acting_as, actor_for

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _month(text: str) -> dt.date:
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        _fail(f"bad month {text!r}: expected YYYY-MM, e.g. 2026-03")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _actor(username: str | None) -> Actor:
    if username is None:
        return SYSTEM
    with acting_as(SYSTEM):
        user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        _fail(f"no user named {username!r}")
    if not user.active:
        _fail(f"user {username!r} is deactivated")
    return actor_for(user)


def _street(code: str) -> OrgUnit:
    """The street ``code`` in the current actor's scope, or exit with an error."""
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == code.strip()))
    if unit is None:
        _fail(f"no street with code {code!r} (or it is outside your scope)")
    if unit.kind != "street":
        _fail(f"{code} is a {unit.kind}, not a street")
    return unit


@click.group("jiayuguan")
def jiayuguan_group() -> None:
    """Jiayuguan resident groups: monthly subsidy payroll (J4)."""


@jiayuguan_group.command("payroll")
@click.option("--month", required=True, help="The month, YYYY-MM.")
@click.option("--street", "street_code", help="Division code of one street (default: all).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx"]), help="Default: csv.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@click.option("--as", "username", help="Act as this user (their scope applies).")
@with_appcontext
def payroll_command(
    month: str, street_code: str | None, fmt: str | None, output: str | None, username: str | None
) -> None:
    """Print or write the monthly subsidy payroll: per person the position paid,
    years served, days, amount and explanation (J4)."""
    from plugins.jiayuguan_groups.export import payroll_file
    from plugins.jiayuguan_groups.payroll import payroll

    first = _month(month)
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("csv", "json", "xlsx") else "csv"
    if fmt == "xlsx" and not output:
        _fail("xlsx is written to a file: give -o FILE")
    with acting_as(_actor(username)):
        if street_code is not None:
            _street(street_code)
        try:
            sheet = payroll(db.session, first, street_code)
        except NoValueInForce as exc:
            _fail(f"no subsidy rate in force: {exc}")
        content, _, filename = payroll_file(sheet, fmt)
    if output:
        Path(output).write_bytes(content)
        click.echo(
            f"wrote {output} ({filename}: {len(sheet.lines)} lines, total {sheet.total})", err=True
        )
    else:
        click.echo(content, nl=False)


def _change(month: str, street_code: str, username: str | None, action: str, reason: str) -> None:
    from plugins.jiayuguan_groups.payroll_close import close_month, reopen_month

    first = _month(month)
    with acting_as(_actor(username)):
        street = _street(street_code)
        try:
            if action == "close":
                row = close_month(db.session, first, street)
            else:
                row = reopen_month(db.session, first, street, reason)
            db.session.commit()
        except (ValueError, PermissionError, NoValueInForce) as exc:
            db.session.rollback()
            _fail(f"cannot {action} {first:%Y-%m} of {street.code}: {exc}")
        if action == "close":
            click.echo(
                f"closed {first:%Y-%m} of {street.name} ({street.code}): "
                f"{row.line_count} lines, total {row.total}"
            )
        else:
            click.echo(f"reopened {first:%Y-%m} of {street.name} ({street.code}): {reason}")


@jiayuguan_group.command("close")
@click.option("--month", required=True, help="The month, YYYY-MM.")
@click.option("--street", "street_code", required=True, help="Division code of the street.")
@click.option("--as", "username", help="Act as this user (recorded as closing it).")
@with_appcontext
def close_command(month: str, street_code: str, username: str | None) -> None:
    """Close a street's month: its payroll is frozen as computed now (J4)."""
    _change(month, street_code, username, "close", "")


@jiayuguan_group.command("reopen")
@click.option("--month", required=True, help="The month, YYYY-MM.")
@click.option("--street", "street_code", required=True, help="Division code of the street.")
@click.option("--reason", required=True, help="Why the month is reopened (recorded).")
@click.option("--as", "username", help="Act as this user (recorded as reopening it).")
@with_appcontext
def reopen_command(month: str, street_code: str, reason: str, username: str | None) -> None:
    """Reopen a closed month with a reason (audited); it is computed live again (J4)."""
    if not reason.strip():
        _fail("give a non-empty --reason")
    _change(month, street_code, username, "reopen", reason)
