"""Closed months of the subsidy payroll, frozen line by line (rule J4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import User


class PayrollMonth(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A street's payroll month, once closed (J4).

    The row exists from the first closing. While ``closed`` its lines are the
    payroll, whatever rates or positions change later; reopening (audited,
    with a reason) deletes the lines and the month is computed live again.
    """

    __tablename__ = "jiayuguan_groups_payroll_month"
    __table_args__ = (UniqueConstraint("org_unit_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The first day of the month.
    month: Mapped[dt.date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: The sum of the lines when closed.
    total: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0.00"))
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    reopened_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: Why the month was last reopened (required to reopen).
    reopen_reason: Mapped[str] = mapped_column(Text, default="")

    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    reopened_by: Mapped[User | None] = relationship(foreign_keys=[reopened_by_id])
    lines: Mapped[list[PayrollLine]] = relationship(
        back_populates="payroll_month", passive_deletes=True
    )

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月}"


class PayrollLine(OrgScoped, db.Model):  # type: ignore[name-defined]
    """One person's subsidy in a closed month, as computed when it closed (J4).

    The org unit is the person's committee (so committee staff see their own
    lines); the month belongs to the street. Lines are never edited.
    """

    __tablename__ = "jiayuguan_groups_payroll_line"
    __table_args__ = (UniqueConstraint("payroll_month_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payroll_month_id: Mapped[int] = mapped_column(
        # The conventional name would pass PostgreSQL's 63 characters.
        ForeignKey(
            "jiayuguan_groups_payroll_month.id",
            ondelete="CASCADE",
            name="fk_jiayuguan_groups_payroll_line_month",
        ),
        index=True,
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    #: The name when closed: the frozen sheet reads as it was paid.
    person_name: Mapped[str] = mapped_column(String(50))
    #: The position kind paid; none when nothing was paid (employed all month).
    paid_kind: Mapped[str | None] = mapped_column(String(40))
    #: Full years served in the position paid.
    years_served: Mapped[int] = mapped_column(Integer, default=0)
    #: The days of the month paid (pro rata when fewer than the month's days).
    days_paid: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    #: How the amount was computed, naming rule J4 and the positions not paid.
    explanation: Mapped[str] = mapped_column(Text)

    payroll_month: Mapped[PayrollMonth] = relationship(back_populates="lines")
