"""``juwei beijing …``: postings and ranked applicants from the command line (B7)."""

from __future__ import annotations

import click


@click.group("beijing")
def beijing_group() -> None:
    """Xicheng two committees, one station: recruitment of social workers."""
