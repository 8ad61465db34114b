"""Awards from the fund (以奖代补), their payments, and adjustments of the budget (S4).

Balance = budget + adjustments − awards, always; payments are recorded
against awards and never exceed them. Every change is audited (core.audit).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Numeric, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from plugins.changshou_autonomy.models.projects import Application, FundYear


class Award(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """The amount awarded to an application, with the score, rank and the rule's explanation."""

    __tablename__ = "changshou_autonomy_award"
    __table_args__ = (
        UniqueConstraint("application_id", name="uq_cs_award"),
        CheckConstraint("amount >= 0", name="amount"),
    )

    scope_parent = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey(
            "changshou_autonomy_application.id",
            ondelete="CASCADE",
            name="fk_cs_award_application_id",
        )
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    rank: Mapped[int | None] = mapped_column(Integer)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    explanation: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship(back_populates="award")
    payments: Mapped[list[Payment]] = relationship(
        back_populates="award", cascade="all, delete-orphan", order_by="Payment.paid_on"
    )

    @property
    def paid(self) -> Decimal:
        """The sum paid so far."""
        return sum((p.amount for p in self.payments), Decimal("0.00"))


class Payment(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A payment (拨付) of an award (S4)."""

    __tablename__ = "changshou_autonomy_payment"
    __table_args__ = (CheckConstraint("amount > 0", name="amount"),)

    scope_parent = "award"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(
        ForeignKey(
            "changshou_autonomy_award.id", ondelete="CASCADE", name="fk_cs_payment_award_id"
        ),
        index=True,
    )
    paid_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    voucher: Mapped[str] = mapped_column(Text, default="")

    award: Mapped[Award] = relationship(back_populates="payments")

    def check(self) -> None:
        """Raise ``ValueError`` when the payments would exceed the award (S4)."""
        from plugins.changshou_autonomy.fund import check_payment

        check_payment(self)


class FundAdjustment(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A change of the year's budget (追加 or 调减), with its reason (S4)."""

    __tablename__ = "changshou_autonomy_adjustment"
    __table_args__ = (CheckConstraint("amount <> 0", name="amount"),)

    scope_parent = "fund_year"

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_year_id: Mapped[int] = mapped_column(
        ForeignKey(
            "changshou_autonomy_fund_year.id",
            ondelete="CASCADE",
            name="fk_cs_adjustment_fund_year_id",
        ),
        index=True,
    )
    made_on: Mapped[dt.date] = mapped_column(Date)
    #: Positive adds to the budget, negative takes away.
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    reason: Mapped[str] = mapped_column(Text)

    fund_year: Mapped[FundYear] = relationship(back_populates="adjustments")

    def check(self) -> None:
        """Raise ``ValueError`` when a cut would leave the balance below zero (S4)."""
        from plugins.changshou_autonomy.fund import check_adjustment

        check_adjustment(self)
