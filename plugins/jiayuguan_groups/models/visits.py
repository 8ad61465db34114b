"""Visit records of group members (联系制度: 全覆盖走访与重点走访, rule J7)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import Household, Person

#: full: part of visiting every household; key: a key household visited more.
VISIT_KINDS = {"full": "全覆盖走访", "key": "重点走访"}


class Visit(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A group member's visit to a household and what they found (J7).

    The findings follow the seed's 人、地、物、事、组织: people, places,
    things, events and organisations.
    """

    __tablename__ = "jiayuguan_groups_visit"
    __table_args__ = (CheckConstraint("kind in ('full', 'key')", name="kind"),)

    scope_parent = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The group member (or leader) who visited.
    member_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    visited_on: Mapped[dt.date] = mapped_column(Date, index=True)
    #: A key of ``VISIT_KINDS``.
    kind: Mapped[str] = mapped_column(String(10), default="full")
    #: 人：the people met, their situation.
    people: Mapped[str] = mapped_column(Text, default="")
    #: 地：places — the building, courtyard, public spaces.
    places: Mapped[str] = mapped_column(Text, default="")
    #: 物：things — facilities, hazards.
    things: Mapped[str] = mapped_column(Text, default="")
    #: 事：events — disputes, requests, opinions.
    events: Mapped[str] = mapped_column(Text, default="")
    #: 组织：organisations — property management, businesses, associations.
    organisations: Mapped[str] = mapped_column(Text, default="")
    #: What is to be done, and by whom.
    follow_up: Mapped[str] = mapped_column(Text, default="")
    #: The day the follow-up was done; none while open.
    followed_up_on: Mapped[dt.date | None] = mapped_column(Date)

    member: Mapped[Person] = relationship(foreign_keys=[member_id])
    household: Mapped[Household] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` unless a member of a group of this committee visited (J7)."""
        from plugins.jiayuguan_groups.visits import check_visit

        check_visit(self)

    def __str__(self) -> str:
        return f"{self.visited_on.isoformat()} {self.household}"
