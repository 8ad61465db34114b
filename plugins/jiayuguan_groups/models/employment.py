"""Periods in employment (在职) of people, which stop their subsidy (rule J4)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import Person


class Employment(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A period in which a person is in employment (在职), so not paid a subsidy (J4).

    The payroll reads these periods day by day. A person marked employed in
    core's person record (``Person.employed``) without any period here is
    taken as employed for the whole month: the subsidy is never paid on a
    guess (see ``plugins.jiayuguan_groups.rules.subsidies``).
    """

    __tablename__ = "jiayuguan_groups_employment"
    scope_parent = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: First day in employment.
    start_date: Mapped[dt.date] = mapped_column(Date)
    #: Last day in employment; none while employed.
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    employer: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` unless the dates are in order and do not overlap (J4)."""
        from plugins.jiayuguan_groups.employment import check_employment

        check_employment(self)

    def __str__(self) -> str:
        end = self.end_date.isoformat() if self.end_date else "至今"
        return f"{self.start_date.isoformat()}—{end}"
