"""Panels that plugins put on a committee's overview page."""

from __future__ import annotations

import dataclasses

from markupsafe import Markup


@dataclasses.dataclass(frozen=True)
class Panel:
    """A titled block of HTML; ``order`` sorts panels (lower first)."""

    title: str
    html: Markup
    order: int = 100
