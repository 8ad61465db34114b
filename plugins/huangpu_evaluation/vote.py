"""The residents' ballot page: enter a code, fill in the ballot, no account (D1, D3)."""

from __future__ import annotations

from flask import Flask


def register_vote_pages(app: Flask) -> None:
    """Register the public ballot pages (written by the ballots work)."""
