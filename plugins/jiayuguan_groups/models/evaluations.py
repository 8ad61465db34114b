"""The street's and the committee's evaluations of a group's daily work (rule J10)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import ResidentGroup

#: Who evaluates (街道办事处、社区居民委员会加强对居民小组日常工作的评议监督).
EVALUATORS = {"street": "街道办事处", "committee": "居民委员会"}
GRADES = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}


class GroupEvaluation(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """One evaluation of a group for a half-year, by the street or the committee (J10)."""

    __tablename__ = "jiayuguan_groups_evaluation"
    __table_args__ = (
        UniqueConstraint("resident_group_id", "evaluator", "year", "half"),
        CheckConstraint("evaluator in ('street', 'committee')", name="evaluator"),
        CheckConstraint("grade in ('excellent', 'good', 'pass', 'fail')", name="grade"),
        CheckConstraint("half in (1, 2)", name="half"),
    )

    scope_parent = "resident_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_group_id: Mapped[int] = mapped_column(ForeignKey("resident_group.id"), index=True)
    #: A key of ``EVALUATORS``.
    evaluator: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    #: 1: January–June, 2: July–December.
    half: Mapped[int] = mapped_column(Integer)
    #: A key of ``GRADES``.
    grade: Mapped[str] = mapped_column(String(20))
    comments: Mapped[str] = mapped_column(Text, default="")
    evaluated_on: Mapped[dt.date] = mapped_column(Date)

    resident_group: Mapped[ResidentGroup] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` unless the group is the committee's and the period valid (J10)."""
        from plugins.jiayuguan_groups.schedule import check_evaluation

        check_evaluation(self)

    def __str__(self) -> str:
        return f"{self.resident_group} {self.year}年{'上' if self.half == 1 else '下'}半年"
