"""Demo data of the huangpu_evaluation plugin."""

from __future__ import annotations

from sqlalchemy.orm import Session


def load_demo(session: Session, district_code: str) -> None:
    """Rounds, ballots and street scores for the demo's Huangpu committees."""
