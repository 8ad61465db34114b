"""Demo data of the beijing_workstation plugin (being written)."""

from __future__ import annotations

from sqlalchemy.orm import Session


def load_demo(session: Session, district_code: str) -> None:
    """西城区 with a street, committees, assembly, sub-committees, station and a recruitment."""
