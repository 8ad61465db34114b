"""Below the committee: its terms, resident groups and buildings (rules C1, C2)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, Timestamped, Versioned, require_committee, same_unit
from core.rules.committees import check_term_dates


class Term(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A committee's term of office (届), five years by law (rule C2)."""

    __tablename__ = "term"
    __table_args__ = (UniqueConstraint("org_unit_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 第几届.
    number: Mapped[int] = mapped_column(Integer)
    #: The day the term began (the election).
    start_date: Mapped[dt.date] = mapped_column(Date)
    #: The day it ends: five years on, unless the record says otherwise.
    end_date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    def check(self) -> None:
        """Raise ``ValueError`` unless the dates make a committee's term (rule C2)."""
        require_committee(self, "届期")
        check_term_dates(self.start_date, self.end_date)

    def __str__(self) -> str:
        return f"第{self.number}届（{self.start_date}—{self.end_date}）"


class ResidentGroup(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A resident group (居民小组) of a committee, formed from buildings or courtyards (C1)."""

    __tablename__ = "resident_group"
    __table_args__ = (UniqueConstraint("org_unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: e.g. 第三居民小组.
    name: Mapped[str] = mapped_column(String(100))
    #: Sort order within the committee.
    number: Mapped[int] = mapped_column(Integer, default=0)
    #: The day the group was dissolved or merged; none while it exists.
    dissolved_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    def check(self) -> None:
        """Raise ``ValueError`` unless the group belongs to a committee (rule C1)."""
        require_committee(self, "居民小组")

    buildings: Mapped[list[Building]] = relationship(
        back_populates="resident_group", passive_deletes="all", order_by="Building.name"
    )

    def __str__(self) -> str:
        return self.name


class Building(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A building (楼栋) or courtyard (院落): the smallest unit of rule C1."""

    __tablename__ = "building"
    __table_args__ = (
        UniqueConstraint("org_unit_id", "name"),
        CheckConstraint("kind in ('building', 'courtyard')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: e.g. 12号楼, 东院.
    name: Mapped[str] = mapped_column(String(100))
    #: building or courtyard.
    kind: Mapped[str] = mapped_column(String(20), default="building")
    address: Mapped[str] = mapped_column(String(200), default="")
    #: The resident group that covers it; none until groups are formed.
    resident_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("resident_group.id"), index=True
    )

    resident_group: Mapped[ResidentGroup | None] = relationship(back_populates="buildings")

    def check(self) -> None:
        """Raise ``ValueError`` if the group belongs to another committee (rule C1)."""
        require_committee(self, "楼栋（院落）")
        group = self.resident_group
        if group is not None and not same_unit(self, group):
            raise ValueError("楼栋（院落）只能划入本居委会的居民小组 (C1)")

    def __str__(self) -> str:
        return self.name
