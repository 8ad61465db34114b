"""Hook implementations of the beijing_workstation plugin (hook implementations only)."""

from __future__ import annotations

from core import hookimpl

PLUGIN_NAME = "beijing_workstation"


@hookimpl
def juwei_models() -> list[type]:
    return []
