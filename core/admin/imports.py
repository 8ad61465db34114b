"""Placeholder: views of this module are being written (issue 3)."""

from __future__ import annotations

from flask_admin import BaseView


def views() -> list[BaseView]:
    """The admin views of this module, in menu order."""
    return []
