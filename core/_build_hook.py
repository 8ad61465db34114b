"""Hatchling build hook: compile every translation catalogue (.po -> .mo).

Runs for normal and editable wheels, so `pip install -e .` leaves compiled
catalogues next to their sources and nobody has to run `pybabel compile`.
It is not part of the installed package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def compile_catalogues(root: Path) -> list[Path]:
    """Compile each ``*.po`` under core/ and plugins/ into the ``.mo`` beside it."""
    written = []
    for po_path in sorted([*root.glob("core/**/*.po"), *root.glob("plugins/**/*.po")]):
        mo_path = po_path.with_suffix(".mo")
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile catalogues before hatchling collects the files."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        compile_catalogues(Path(self.root))
