"""``juwei jiayuguan …``: the payroll from the command line (rule J4)."""

from __future__ import annotations

import click


@click.group("jiayuguan")
def jiayuguan_group() -> None:
    """Jiayuguan resident groups: monthly subsidy payroll (J4)."""
