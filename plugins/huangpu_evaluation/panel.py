"""The committee overview panel of the plugin: the latest results and open rounds."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from core.panels import Panel


def committee_panel(committee: Any) -> Panel:
    """The panel (written by the UI work)."""
    return Panel(title="民主测评", html=Markup(""))
