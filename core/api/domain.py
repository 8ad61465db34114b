"""Placeholder: the core domain API is being written (issue 3)."""

from __future__ import annotations

from flask import Blueprint


def register(blueprint: Blueprint) -> None:
    """Add the core domain resources to ``blueprint``."""
