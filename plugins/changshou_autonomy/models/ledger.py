"""The committee's "autonomous home" ledger: area type and sections 2–5, and S1 procedures (S1–S3).

Section 1 (minutes) is not copied here: it is read from core's meetings by
kind (``kinds.MINUTES_HEADINGS``); a three-meeting (听证会、协调会、评议会)
carries its standard procedure as a :class:`MeetingProcedure` checklist (S1).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import Meeting


class AreaProfile(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A committee's area type, 现代型 / 现实型 / 过渡型, which sets its focus (S3)."""

    __tablename__ = "changshou_autonomy_area_profile"
    __table_args__ = (
        UniqueConstraint("org_unit_id", name="uq_cs_area_profile"),
        CheckConstraint("area_type in ('modern', 'current', 'transitional')", name="area_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A key of ``kinds.AREA_TYPES``.
    area_type: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    def check(self) -> None:
        """Raise ``ValueError`` unless the profile belongs to a committee (C1)."""
        from core.models.base import require_committee

        require_committee(self, "居民区类型")


class SocialOrganisation(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A social organisation or group of the area: name, headcount (S2 section 2)."""

    __tablename__ = "changshou_autonomy_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    #: 公益性、服务性、互助性、群团组织… (free text: the seed lists no closed set).
    kind: Mapped[str] = mapped_column(String(50), default="")
    headcount: Mapped[int] = mapped_column(Integer, default=0)
    leader: Mapped[str] = mapped_column(String(50), default="")
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    activities: Mapped[list[OrganisationActivity]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationActivity.held_on.desc()",
    )

    def check(self) -> None:
        """Raise ``ValueError`` for a negative headcount or a unit that is not a committee."""
        from core.models.base import require_committee

        require_committee(self, "社会组织")
        if self.headcount is not None and self.headcount < 0:
            raise ValueError("人数不能为负数 (S2)")

    def __str__(self) -> str:
        return self.name


class OrganisationActivity(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """An activity record of a social organisation (S2 section 2)."""

    __tablename__ = "changshou_autonomy_activity"

    scope_parent = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey(
            "changshou_autonomy_organisation.id",
            ondelete="CASCADE",
            name="fk_cs_activity_organisation_id",
        ),
        index=True,
    )
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))
    participants: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[SocialOrganisation] = relationship(back_populates="activities")


class RulesDocument(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A rules document of the committee (S2 section 3), e.g. its 居务公开制度."""

    __tablename__ = "changshou_autonomy_rules_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A key of ``kinds.RULES_KINDS``.
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text, default="")

    def check(self) -> None:
        """Raise ``ValueError`` for an unknown kind or a unit that is not a committee."""
        from core.models.base import require_committee
        from plugins.changshou_autonomy.kinds import RULES_KINDS

        require_committee(self, "规章制度")
        if self.kind not in RULES_KINDS:
            raise ValueError(f"未知的规章制度类别“{self.kind}” (S2)")


class RegisterEntry(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """An entry of the public-issue or residents'-needs register (S2 section 4)."""

    __tablename__ = "changshou_autonomy_register_entry"
    __table_args__ = (
        CheckConstraint("register in ('public_issue', 'resident_need')", name="register"),
        CheckConstraint("status in ('open', 'in_hand', 'done')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A key of ``kinds.REGISTERS``.
    register: Mapped[str] = mapped_column(String(20), index=True)
    recorded_on: Mapped[dt.date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    #: Where it came from: a meeting, a visit, a representative…
    source: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    outcome: Mapped[str] = mapped_column(Text, default="")
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    def check(self) -> None:
        """Raise ``ValueError`` unless it belongs to a committee and a done entry has its date."""
        from core.models.base import require_committee

        require_committee(self, "社情民意记录")
        if self.status == "done" and self.done_on is None:
            raise ValueError("已办结的记录请填写办结日期 (S2)")
        if self.done_on is not None and self.recorded_on and self.done_on < self.recorded_on:
            raise ValueError("办结日期不能早于登记日期")


class FeaturedWork(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A featured project, activity or mechanism of the year (S2 section 5)."""

    __tablename__ = "changshou_autonomy_featured_work"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    #: A key of ``kinds.FEATURED_KINDS``.
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "changshou_autonomy_application.id",
            ondelete="SET NULL",
            name="fk_cs_featured_work_application_id",
        ),
        index=True,
    )

    def check(self) -> None:
        """Raise ``ValueError`` for an unknown kind or a unit that is not a committee."""
        from core.models.base import require_committee
        from plugins.changshou_autonomy.kinds import FEATURED_KINDS

        require_committee(self, "特色工作")
        if self.kind not in FEATURED_KINDS:
            raise ValueError(f"未知的特色工作类别“{self.kind}” (S2)")


class MeetingProcedure(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """The standard procedure of a hearing, coordination or evaluation meeting (S1).

    One per core meeting. A stage is done when its text is filled in; the
    notice also needs its date, on or before the meeting.
    """

    __tablename__ = "changshou_autonomy_procedure"
    __table_args__ = (UniqueConstraint("meeting_id", name="uq_cs_procedure"),)

    scope_parent = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    notice_on: Mapped[dt.date | None] = mapped_column(Date)
    notice: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    statements: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    followed_up_on: Mapped[dt.date | None] = mapped_column(Date)

    meeting: Mapped[Meeting] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` unless the meeting is one of the three and the dates fit (S1)."""
        from plugins.changshou_autonomy.ledger import check_procedure

        check_procedure(self)
