"""The street's fund year, project applications, budget lines and assessors' scores (S4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from plugins.changshou_autonomy.models.awards import Award, FundAdjustment


class FundYear(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """The street's special fund (自治家园专项资金) for a year: budget and deadline (S4).

    Balance = budget + adjustments − awards, always (``awards.balance``).
    """

    __tablename__ = "changshou_autonomy_fund_year"
    __table_args__ = (
        UniqueConstraint("org_unit_id", "year", name="uq_cs_fund_year"),
        CheckConstraint("budget >= 0", name="budget"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    budget: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    #: Applications must be submitted on or before this day (S4).
    deadline: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    applications: Mapped[list[Application]] = relationship(
        back_populates="fund_year", order_by="Application.id"
    )
    adjustments: Mapped[list[FundAdjustment]] = relationship(
        back_populates="fund_year", cascade="all, delete-orphan"
    )

    @classmethod
    def scope_clause(cls, prefix: str) -> object:
        """A committee's staff read their street's fund too (S4); writes stay refused (C1)."""
        from core.scoping import units_under

        return cls.org_unit_id.in_(units_under(prefix, with_ancestors=True))

    def check(self) -> None:
        """Raise ``ValueError`` unless the fund belongs to a street (S4)."""
        from plugins.changshou_autonomy.fund import check_fund_year

        check_fund_year(self)

    def __str__(self) -> str:
        return f"{self.year}年自治家园专项资金"


class DeadlineExtension(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """The street reopens submission for one committee until a later day, with a reason (S4)."""

    __tablename__ = "changshou_autonomy_extension"
    __table_args__ = (UniqueConstraint("fund_year_id", "org_unit_id", name="uq_cs_extension"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_year_id: Mapped[int] = mapped_column(
        ForeignKey(
            "changshou_autonomy_fund_year.id",
            ondelete="CASCADE",
            name="fk_cs_extension_fund_year_id",
        ),
        index=True,
    )
    until: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)

    fund_year: Mapped[FundYear] = relationship()


class Application(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A committee's 特色项目（活动）申报表 for the year's fund (S4)."""

    __tablename__ = "changshou_autonomy_application"
    __table_args__ = (
        CheckConstraint("kind in ('project', 'activity', 'mechanism')", name="kind"),
        CheckConstraint("status in ('draft', 'submitted', 'withdrawn')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_year_id: Mapped[int] = mapped_column(
        ForeignKey("changshou_autonomy_fund_year.id", name="fk_cs_application_fund_year_id"),
        index=True,
    )
    title: Mapped[str] = mapped_column(String(200))
    #: A key of ``kinds.FEATURED_KINDS``: 项目, 活动 or 机制.
    kind: Mapped[str] = mapped_column(String(20), default="project")
    #: 针对的问题: the problem or residents' need it addresses.
    problem: Mapped[str] = mapped_column(Text, default="")
    #: 实施方案.
    plan: Mapped[str] = mapped_column(Text, default="")
    #: 时间安排.
    timeline: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    #: A key of ``kinds.APPLICATION_STATUSES``.
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)

    fund_year: Mapped[FundYear] = relationship(back_populates="applications")
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="BudgetLine.id"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Assessment.id"
    )
    award: Mapped[Award | None] = relationship(back_populates="application")

    @property
    def requested(self) -> Decimal:
        """The amount requested: the sum of the budget lines (S4)."""
        return sum((line.amount for line in self.budget_lines), Decimal("0.00"))

    def check(self) -> None:
        """Raise ``ValueError`` for a late submission, a wrong unit or a change after submission."""
        from plugins.changshou_autonomy.applications import check_application

        check_application(self)

    def __str__(self) -> str:
        return self.title


class BudgetLine(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """One line of an application's budget: what, how much (S4)."""

    __tablename__ = "changshou_autonomy_budget_line"
    __table_args__ = (CheckConstraint("amount > 0", name="amount"),)

    scope_parent = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey(
            "changshou_autonomy_application.id",
            ondelete="CASCADE",
            name="fk_cs_budget_line_application_id",
        ),
        index=True,
    )
    item: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    note: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship(back_populates="budget_lines")


class Assessment(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """One assessor's scores of one application, a score per criterion (S4).

    The criteria are ``kinds.CRITERIA``; each score lies in 0 … the policy
    parameter ``score.max``; the weights are policy parameters too.
    """

    __tablename__ = "changshou_autonomy_assessment"
    __table_args__ = (UniqueConstraint("application_id", "assessor", name="uq_cs_assessment"),)

    scope_parent = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey(
            "changshou_autonomy_application.id",
            ondelete="CASCADE",
            name="fk_cs_assessment_application_id",
        ),
        index=True,
    )
    #: The assessor's name as the assessment group lists it.
    assessor: Mapped[str] = mapped_column(String(50))
    assessor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    need: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    participation: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    feasibility: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    sustainability: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    comment: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship(back_populates="assessments")

    def check(self) -> None:
        """Raise ``ValueError`` for a score outside 0 … ``score.max`` or a draft application."""
        from plugins.changshou_autonomy.assessments import check_assessment

        check_assessment(self)
