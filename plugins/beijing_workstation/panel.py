"""The committee overview panel of the plugin (stub: being written)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from core.panels import Panel


def committee_panel(committee: Any) -> Panel:
    """The panel."""
    return Panel(title="两会一站", html=Markup(""))
