"""The workstation: post pay, the station's reports, appraisals of social workers (B5, B6, B8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import Person, Term


class PostAssignment(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A social worker's post and grade for the term: the basis of the pay (任期岗位工资制, B6).

    The monthly amount is the policy parameter ``pay.<post>.<grade>`` in force
    in the month paid.
    """

    __tablename__ = "beijing_workstation_post"
    __table_args__ = (
        CheckConstraint("post in ('director', 'worker')", name="post"),
        CheckConstraint("grade in (1, 2, 3)", name="grade"),
        CheckConstraint("end_date is null or start_date <= end_date", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    #: A key of ``kinds.POSTS``.
    post: Mapped[str] = mapped_column(String(10), default="worker")
    grade: Mapped[int] = mapped_column(Integer, default=3)
    term_id: Mapped[int | None] = mapped_column(ForeignKey("term.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
    term: Mapped[Term | None] = relationship()


class StationReport(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """The station's report to the committee, and the committee's evaluation of it (B5)."""

    __tablename__ = "beijing_workstation_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    reported_on: Mapped[dt.date] = mapped_column(Date, index=True)
    #: The period reported on, e.g. 2026年上半年.
    period: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    evaluated_on: Mapped[dt.date | None] = mapped_column(Date)
    #: One of ``kinds.REPORT_RATINGS``; none until evaluated.
    rating: Mapped[str | None] = mapped_column(String(10))
    opinion: Mapped[str] = mapped_column(Text, default="")

    def check(self) -> None:
        """Raise ``ValueError`` for a rating without a date or before the report (B5)."""
        from plugins.beijing_workstation.kinds import REPORT_RATINGS

        if self.rating is not None and self.rating not in REPORT_RATINGS:
            raise ValueError(f"评议结果只能是{'、'.join(REPORT_RATINGS)} (B5)")
        if (self.rating is None) != (self.evaluated_on is None):
            raise ValueError("评议日期和评议结果须同时填写 (B5)")
        if self.evaluated_on is not None and self.evaluated_on < self.reported_on:
            raise ValueError("评议日期不能早于汇报日期 (B5)")


class Appraisal(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """The committee's periodic appraisal of a social worker: rewards, penalties (B5, B8)."""

    __tablename__ = "beijing_workstation_appraisal"
    __table_args__ = (
        CheckConstraint("score is null or (score >= 0 and score <= 100)", name="score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    #: 1 or 2 for a half-year, none for the year.
    half: Mapped[int | None] = mapped_column(Integer)
    appraised_on: Mapped[dt.date] = mapped_column(Date)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    #: One of ``kinds.APPRAISAL_GRADES``.
    grade: Mapped[str] = mapped_column(String(10))
    rewards: Mapped[str] = mapped_column(Text, default="")
    penalties: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` for an unknown grade or a score outside 0–100 (B8)."""
        from plugins.beijing_workstation.kinds import APPRAISAL_GRADES

        if self.grade not in APPRAISAL_GRADES:
            raise ValueError(f"考核等次只能是{'、'.join(APPRAISAL_GRADES)} (B8)")
        if self.score is not None and not 0 <= self.score <= 100:
            raise ValueError(f"考核得分 {self.score} 超出 0–100 的范围 (B8)")
        if self.half not in (None, 1, 2):
            raise ValueError("半年只能是上半年或下半年")
