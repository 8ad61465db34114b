"""Admin views (stub: being written)."""

from __future__ import annotations

from flask_admin import BaseView


def views() -> list[BaseView]:
    """This module's admin views."""
    return []
