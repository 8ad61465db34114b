"""Hook implementations of the huangpu_evaluation plugin (hook implementations only)."""

from __future__ import annotations

from core import hookimpl

PLUGIN_NAME = "huangpu_evaluation"


@hookimpl
def juwei_models() -> list[type]:
    return []
