"""Demo data of the changshou_autonomy plugin (being written)."""

from __future__ import annotations

from sqlalchemy.orm import Session


def load_demo(session: Session, district_code: str) -> None:
    """Ledgers, applications, scores and awards for a demo street."""
