"""The holiday arrangements administrators enter for years chinese-calendar lacks (C14)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import Timestamped, Versioned


class HolidayYear(Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A year whose arrangement is being entered; ``complete`` once all of it is (decision 9).

    Deployment-wide: the State Council's notice holds for every district, so
    only system administrators write it (``core.scoping``).
    """

    __tablename__ = "holiday_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    #: The notice it comes from, e.g. 国办发明电〔2026〕×号.
    source: Mapped[str] = mapped_column(String(200), default="")
    #: Only a complete year is used; until then deadlines into it say its data is missing.
    complete: Mapped[bool] = mapped_column(Boolean, default=False)

    def __str__(self) -> str:
        return f"{self.year}年"


class HolidayDay(Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A weekday holiday (``workday`` false) or a weekend make-up working day (true)."""

    __tablename__ = "holiday_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    workday: Mapped[bool] = mapped_column(Boolean, default=False)
    #: e.g. 春节, 国庆节调休上班.
    name: Mapped[str] = mapped_column(String(50), default="")

    def __str__(self) -> str:
        return f"{self.day} {self.name}"
