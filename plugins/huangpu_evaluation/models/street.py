"""The street's half-yearly evaluation of a committee or a staff member (H4)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from plugins.huangpu_evaluation.models.rounds import RoundCommittee, RoundSubject


class StreetEvaluation(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """Scores 0–100 by category (committee) or dimension (staff) in a street round (H4).

    ``score_1``…``score_5`` follow the items of the subject's form
    (``kinds.COMMITTEE_WORK`` or ``kinds.STAFF_WORK``); ``sources`` lists
    whose views were combined (keys of ``kinds.STREET_SOURCES``, comma-separated).
    """

    __tablename__ = "huangpu_evaluation_street_evaluation"

    scope_parent = "round_committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_committee_id: Mapped[int] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_round_committee.id",
            ondelete="CASCADE",
            name="fk_hp_street_evaluation_round_committee_id",
        ),
        index=True,
    )
    #: The staff member evaluated; none: the committee's work.
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_subject.id",
            ondelete="CASCADE",
            name="fk_hp_street_evaluation_subject_id",
        ),
        index=True,
    )
    score_1: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    score_2: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    score_3: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    score_4: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    score_5: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    sources: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    round_committee: Mapped[RoundCommittee] = relationship()
    subject: Mapped[RoundSubject | None] = relationship()

    @property
    def scores(self) -> tuple[Decimal | None, ...]:
        """``(score_1, …, score_5)``."""
        return (self.score_1, self.score_2, self.score_3, self.score_4, self.score_5)

    def check(self) -> None:
        """Raise ``ValueError`` for a score outside 0–100, a wrong round or a duplicate (H4)."""
        from plugins.huangpu_evaluation.street import check_street_evaluation

        check_street_evaluation(self)
