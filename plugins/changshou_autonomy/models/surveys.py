"""Residents' satisfaction and awareness surveys per committee (S7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import OrgScoped, Timestamped, Versioned


class Survey(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A survey of a committee's residents: how many answered and how (S7).

    Satisfaction: ``first`` 满意, ``second`` 基本满意; awareness: ``first``
    知晓, ``second`` 部分知晓. The rates and the service-ability figure come
    from ``rules.ability``.
    """

    __tablename__ = "changshou_autonomy_survey"
    __table_args__ = (
        CheckConstraint("kind in ('satisfaction', 'awareness')", name="kind"),
        CheckConstraint("respondents > 0", name="respondents"),
        CheckConstraint("first >= 0 and second >= 0", name="counts"),
        CheckConstraint("first + second <= respondents", name="total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    #: A key of ``kinds.SURVEY_KINDS``.
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[dt.date] = mapped_column(Date)
    respondents: Mapped[int] = mapped_column(Integer)
    first: Mapped[int] = mapped_column(Integer, default=0)
    second: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    def check(self) -> None:
        """Raise ``ValueError`` for counts that do not add up, with the numbers (S7)."""
        from core.models.base import require_committee

        require_committee(self, "居民调查")
        if self.respondents is None or self.respondents <= 0:
            raise ValueError("受访人数须大于 0 (S7)")
        if (self.first or 0) < 0 or (self.second or 0) < 0:
            raise ValueError("人数不能为负数 (S7)")
        if (self.first or 0) + (self.second or 0) > self.respondents:
            raise ValueError(
                f"{self.first} + {self.second} 人多于受访人数 {self.respondents} 人 (S7)"
            )
