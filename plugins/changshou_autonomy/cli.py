"""``juwei changshou …``: awards from the command line (S4)."""

from __future__ import annotations

import click


@click.group("changshou")
def changshou_group() -> None:
    """Changshou Road autonomy: awards and exports."""
