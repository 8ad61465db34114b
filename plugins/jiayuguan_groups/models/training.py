"""Trainings the street gives committees and groups (每届至少2次, rule J9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import OrgScoped, Timestamped, Versioned

#: Who was trained.
AUDIENCES = {"both": "居委会和居民小组", "committee": "居委会成员", "group": "居民小组成员"}


class Training(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A training held by a street for its committees and groups (J9).

    It belongs to the street. Committee staff see their street's trainings
    (read only: writing needs the street in scope) so that their committee's
    J9 status is right.
    """

    __tablename__ = "jiayuguan_groups_training"
    __table_args__ = (
        CheckConstraint("audience in ('both', 'committee', 'group')", name="audience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: A key of ``AUDIENCES``.
    audience: Mapped[str] = mapped_column(String(20), default="both")
    #: How many attended.
    attendance: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def scope_clause(cls, prefix: str) -> Any:
        """Trainings of the units in ``prefix``'s subtree and of its street and district."""
        from core.scoping import units_under

        return cls.org_unit_id.in_(units_under(prefix, with_ancestors=True))

    def check(self) -> None:
        """Raise ``ValueError`` unless a street holds the training (J9)."""
        from plugins.jiayuguan_groups.schedule import check_training

        check_training(self)

    def __str__(self) -> str:
        return f"{self.held_on.isoformat()} {self.title}"
