"""Hook implementations of the jiayuguan_groups plugin (hook implementations only)."""

from __future__ import annotations

from core import hookimpl

PLUGIN_NAME = "jiayuguan_groups"


@hookimpl
def juwei_models() -> list[type]:
    return []
