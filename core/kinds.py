"""Kinds that plugins extend: meeting kinds (C9), position kinds (C2), agenda items (C8)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Kind:
    """A code stored in records and the Chinese label shown for it.

    ``rule`` names the DOMAIN.md rule the kind comes from (``"C9"``, ``"B2"``).
    """

    code: str
    label: str
    rule: str = ""
