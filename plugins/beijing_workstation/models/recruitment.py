"""Public recruitment of social workers: postings, applicants, stage changes, agreements (B7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import Person


class Posting(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A job posting of the committee (the street helps run it): post, places, conditions, dates.

    ``stages`` keeps the pipeline in force when the posting was made (the
    policy parameter ``recruitment.stages``), so a later change does not
    move a running recruitment. ``notice_until`` is set when the 公示 starts.
    """

    __tablename__ = "beijing_workstation_posting"
    __table_args__ = (
        CheckConstraint("places > 0", name="places"),
        CheckConstraint("post in ('director', 'worker')", name="post"),
        CheckConstraint(
            "status in ('draft', 'open', 'closed', 'notice', 'done', 'cancelled')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: A key of ``kinds.POSTS``.
    post: Mapped[str] = mapped_column(String(10), default="worker")
    grade: Mapped[int] = mapped_column(Integer, default=3)
    places: Mapped[int] = mapped_column(Integer, default=1)
    conditions: Mapped[str] = mapped_column(Text, default="")
    duties: Mapped[str] = mapped_column(Text, default="")
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    apply_from: Mapped[dt.date] = mapped_column(Date)
    apply_until: Mapped[dt.date] = mapped_column(Date)
    written_on: Mapped[dt.date | None] = mapped_column(Date)
    interview_on: Mapped[dt.date | None] = mapped_column(Date)
    notice_from: Mapped[dt.date | None] = mapped_column(Date)
    notice_until: Mapped[dt.date | None] = mapped_column(Date)
    stages: Mapped[str] = mapped_column(String(200), default="")
    #: A key of ``kinds.POSTING_STATUSES``.
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    contact: Mapped[str] = mapped_column(String(100), default="")

    applicants: Mapped[list[Applicant]] = relationship(
        back_populates="posting", cascade="all, delete-orphan", order_by="Applicant.id"
    )

    def check(self) -> None:
        """Raise ``ValueError`` for dates out of order or a unit that is not a committee (B7)."""
        from plugins.beijing_workstation.recruitment import check_posting

        check_posting(self)

    def __str__(self) -> str:
        return self.title


class Applicant(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """An applicant to a posting: personal data (C10-checked), stage, scores, outcome (B7)."""

    __tablename__ = "beijing_workstation_applicant"
    __table_args__ = (
        CheckConstraint("status in ('active', 'rejected', 'hired', 'withdrawn')", name="status"),
        CheckConstraint(
            "written_score is null or (written_score >= 0 and written_score <= 100)",
            name="written",
        ),
        CheckConstraint(
            "interview_score is null or (interview_score >= 0 and interview_score <= 100)",
            name="interview",
        ),
    )

    scope_parent = "posting"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey(
            "beijing_workstation_posting.id", ondelete="CASCADE", name="fk_bj_applicant_posting_id"
        ),
        index=True,
    )
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18))
    sex: Mapped[str] = mapped_column(String(10))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(20), default="")
    education: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    applied_on: Mapped[dt.date] = mapped_column(Date)
    #: The stage reached, a code of ``kinds.STAGES``.
    stage: Mapped[str] = mapped_column(String(20), default="application")
    #: A key of ``kinds.APPLICANT_STATUSES``.
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    #: Why the applicant was turned down (at ``stage``).
    reason: Mapped[str] = mapped_column(Text, default="")
    written_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    interview_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    check_passed: Mapped[bool | None] = mapped_column(Boolean)
    check_note: Mapped[str] = mapped_column(Text, default="")

    posting: Mapped[Posting] = relationship(back_populates="applicants")
    changes: Mapped[list[StageChange]] = relationship(
        back_populates="applicant", cascade="all, delete-orphan", order_by="StageChange.id"
    )

    def check(self) -> None:
        """Raise ``ValueError`` for an invalid ID number, an applicant under age, a late entry."""
        from plugins.beijing_workstation.recruitment import check_applicant

        check_applicant(self)

    def __str__(self) -> str:
        return self.name


class StageChange(ScopedChild, db.Model):  # type: ignore[name-defined]
    """A move of an applicant from one stage to the next, or out, with its reason (B7)."""

    __tablename__ = "beijing_workstation_stage_change"

    scope_parent = "applicant"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(
        ForeignKey(
            "beijing_workstation_applicant.id",
            ondelete="CASCADE",
            name="fk_bj_stage_change_applicant_id",
        ),
        index=True,
    )
    from_stage: Mapped[str] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    #: ``passed``, ``rejected``, ``withdrawn`` or ``hired``.
    outcome: Mapped[str] = mapped_column(String(10))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(50), default="")

    applicant: Mapped[Applicant] = relationship(back_populates="changes")


class Agreement(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """The hiring agreement (聘用协议) the committee signs with a hired applicant (B7).

    Signed only after the notice period ends, never for more people than
    the posting's places. ``person`` is the social worker on record; a
    renewal points at the agreement it renews (B8: appraisals feed it).
    """

    __tablename__ = "beijing_workstation_agreement"

    scope_parent = "applicant"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(
        ForeignKey(
            "beijing_workstation_applicant.id",
            ondelete="CASCADE",
            name="fk_bj_agreement_applicant_id",
        ),
        unique=True,
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    signed_on: Mapped[dt.date] = mapped_column(Date)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    post: Mapped[str] = mapped_column(String(10))
    grade: Mapped[int] = mapped_column(Integer)
    monthly_pay: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    renews_id: Mapped[int | None] = mapped_column(
        ForeignKey("beijing_workstation_agreement.id", name="fk_bj_agreement_renews_id")
    )
    note: Mapped[str] = mapped_column(Text, default="")

    applicant: Mapped[Applicant] = relationship()
    person: Mapped[Person | None] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` before the notice ends, beyond the places, or out of order (B7)."""
        from plugins.beijing_workstation.recruitment import check_agreement

        check_agreement(self)
