"""People and households (rules C3, C10)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, Timestamped, Versioned, require_committee, same_unit
from core.rules.age import age_on
from core.rules.identity import (
    EARLIEST_BIRTH_DATE,
    Sex,
    check_against_record,
    parse_id_number,
)

if TYPE_CHECKING:
    from core.models.committees import Building


class Household(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A registered household (户) in a committee's area (rule C3)."""

    __tablename__ = "household"
    __table_args__ = (UniqueConstraint("org_unit_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The household's number in the committee's register (户号).
    number: Mapped[str] = mapped_column(String(40))
    #: Street address, e.g. 中山东一路12弄3号502室.
    address: Mapped[str] = mapped_column(String(200), default="")
    #: The building or courtyard it lives in (rule C1).
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id"), index=True)

    building: Mapped[Building | None] = relationship()
    members: Mapped[list[Person]] = relationship(
        back_populates="household", passive_deletes="all", order_by="Person.id"
    )

    def check(self) -> None:
        """Raise ``ValueError`` unless the household and its building are the committee's."""
        require_committee(self, "户")
        building = self.building
        if building is not None and not same_unit(self, building):
            raise ValueError("户所在楼栋（院落）必须属于本居委会 (C1)")

    def __str__(self) -> str:
        return f"{self.number} {self.address}".strip()


class Person(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """Anyone on record: resident, committee member, representative, social worker (C3).

    The ID number and the phone are personal information (rule C10): lists
    and exports show them masked unless the role may see them, and every
    whole view is written to the audit trail (``core.personal``).
    """

    __tablename__ = "person"
    __table_args__ = (CheckConstraint("sex in ('male', 'female')", name="sex"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    #: male or female.
    sex: Mapped[str] = mapped_column(String(10))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    #: 18-character mainland ID number, upper-case X (rule C10); unique where given.
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    #: 在职 (employed); rules such as J4 pay only people not in employment.
    employed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 党员.
    party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 人大代表 (an ex-officio representative of the residents' meeting, C4).
    npc_deputy: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 政协委员 (likewise ex officio, C4).
    cppcc_member: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    household: Mapped[Household | None] = relationship(back_populates="members")

    def age_on(self, day: dt.date) -> int:
        """Age in full years on ``day`` (rule C3)."""
        return age_on(self.birth_date, day)

    def check(self, today: dt.date | None = None) -> None:
        """Raise ``ValueError`` in Chinese unless the record is plausible (rules C3, C10).

        The birth date may be neither in the future nor before 1900; a given ID
        number must be valid and agree with the birth date and sex. The number
        is stored in its normal form (upper-case X, no spaces).
        """
        today = today or dt.date.today()
        if self.birth_date is None:
            raise ValueError("请填写出生日期 (C3)")
        if self.birth_date > today:
            raise ValueError(f"出生日期 {self.birth_date} 是将来的日期 (C3)")
        if self.birth_date < EARLIEST_BIRTH_DATE:
            raise ValueError(f"出生日期 {self.birth_date} 早于 {EARLIEST_BIRTH_DATE} (C3)")
        if self.sex not in (Sex.MALE.value, Sex.FEMALE.value):
            raise ValueError("性别应为男或女 (C3)")
        if self.id_number:
            info = parse_id_number(self.id_number, on=today)
            problems = check_against_record(info, self.birth_date, self.sex)
            if problems:
                raise ValueError("；".join(problems))
            self.id_number = info.number
        else:
            self.id_number = None  # empty means "not known": unique only where given
        household = self.household
        if household is not None and not same_unit(self, household):
            raise ValueError("居民只能登记在本居委会的户中 (C3)")

    def __str__(self) -> str:
        return self.name
