"""Placeholder: ``juwei import`` is being written (issue 3)."""

from __future__ import annotations

import click


@click.command("import")
def import_command() -> None:
    """Import org units, people, households or positions from xlsx or csv."""
    raise click.ClickException("not available yet")
