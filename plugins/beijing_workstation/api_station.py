"""API resources (stub: being written)."""

from __future__ import annotations

from flask import Blueprint


def register(bp: Blueprint) -> None:
    """Register this module's resources on the plugin's API blueprint."""
