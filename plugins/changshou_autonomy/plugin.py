"""Hook implementations of the changshou_autonomy plugin (hook implementations only)."""

from __future__ import annotations

from core import hookimpl

PLUGIN_NAME = "changshou_autonomy"


@hookimpl
def juwei_models() -> list[type]:
    return []
