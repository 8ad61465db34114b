"""``juwei huangpu …``: results from the command line (H3, H8)."""

from __future__ import annotations

import click


@click.group("huangpu")
def huangpu_group() -> None:
    """Huangpu evaluation: results and exports."""
