"""Meetings with their body, attendance, agenda and resolutions (rules C4–C9).

Quorum and pass or fail are never stored: they are computed by the pure
rules of ``core.rules.meetings`` whenever shown (``core.meetings``), so a
corrected vote count can never leave a stale "passed" behind.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models.committees import ResidentGroup
    from core.models.people import Household, Person


class Meeting(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A meeting on record (rule C9): its body, how many came, and what it decided."""

    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("present_count >= 0", name="present_not_negative"),
        CheckConstraint("eligible_count >= 1", name="eligible_positive"),
        CheckConstraint("ex_officio_count >= 0", name="ex_officio_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Code of a registered meeting kind (C9 or a plugin's).
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    #: For a resident-group meeting: the group.
    resident_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("resident_group.id"), index=True
    )
    #: How the body is formed (rule C4): all_residents, households, group_representatives.
    body_form: Mapped[str | None] = mapped_column(String(30))
    #: Ex-officio representatives not already counted in the base (C4).
    ex_officio_count: Mapped[int] = mapped_column(Integer, default=0)
    #: The body's size entered by hand, where the records are incomplete; none: computed.
    eligible_count: Mapped[int | None] = mapped_column(Integer)
    #: Why the body's size was entered by hand (required when it is).
    eligible_reason: Mapped[str] = mapped_column(Text, default="")
    #: How many members of the body attended (C5).
    present_count: Mapped[int | None] = mapped_column(Integer)
    #: The minutes (会议记录), part of the committee's ledger (C9).
    minutes: Mapped[str] = mapped_column(Text, default="")

    resident_group: Mapped[ResidentGroup | None] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.number"
    )
    resolutions: Mapped[list[Resolution]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Resolution.id"
    )
    files: Mapped[list[MeetingFile]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingFile.id"
    )

    def check(self) -> None:
        """Raise ``ValueError`` in Chinese for impossible figures (rules C4, C5, C9)."""
        from core.meetings import check_meeting

        check_meeting(self)

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class AgendaItem(ScopedChild, Timestamped, db.Model):  # type: ignore[name-defined]
    """An item on a meeting's agenda, of a C8 kind (or a plugin's)."""

    __tablename__ = "agenda_item"
    scope_parent = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    #: Order on the agenda.
    number: Mapped[int] = mapped_column(Integer, default=1)
    #: Code of a registered agenda-item kind (C8).
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Resolution(ScopedChild, Timestamped, db.Model):  # type: ignore[name-defined]
    """A motion put to the vote, with the votes for, against and abstaining (rule C6)."""

    __tablename__ = "resolution"
    __table_args__ = (
        CheckConstraint(
            "votes_for >= 0 and votes_against >= 0 and votes_abstain >= 0", name="votes"
        ),
    )
    scope_parent = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    #: The text of the motion, as published (C13).
    text: Mapped[str] = mapped_column(Text)
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    votes_abstain: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="resolutions")
    agenda_item: Mapped[AgendaItem | None] = relationship()

    def __str__(self) -> str:
        return self.text[:40]


class MeetingFile(ScopedChild, Timestamped, db.Model):  # type: ignore[name-defined]
    """A file attached to a meeting (scanned minutes, sign-in sheet, photos).

    The bytes live in the storage folder (``JUWEI_STORAGE``) that backups
    include, under ``stored_name``; the record keeps the original name.
    """

    __tablename__ = "meeting_file"
    scope_parent = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="files")

    def __str__(self) -> str:
        return self.filename


class ConveningProposal(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A proposal to convene a residents' meeting (rule C7) and who made it."""

    __tablename__ = "convening_proposal"
    __table_args__ = (
        CheckConstraint(
            "proposer_kind in ('residents', 'households', 'resident_groups')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    #: residents, households or resident_groups (C7).
    proposer_kind: Mapped[str] = mapped_column(String(20))
    #: What the proposers ask the meeting to decide.
    subject: Mapped[str] = mapped_column(Text, default="")
    #: The total to compare with, entered by hand where the records are incomplete.
    total_count: Mapped[int | None] = mapped_column(Integer)
    total_reason: Mapped[str] = mapped_column(Text, default="")
    #: The meeting convened in answer, once it is.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)

    proposers: Mapped[list[ConveningProposer]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan"
    )
    meeting: Mapped[Meeting | None] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` in Chinese unless the proposal can be judged (C3, C7)."""
        from core.convening import check_proposal

        check_proposal(self)

    def __str__(self) -> str:
        return f"{self.received_on} 提议召开居民会议"


class ConveningProposer(ScopedChild, db.Model):  # type: ignore[name-defined]
    """One proposer of a convening proposal: a resident, a household or a group (C7)."""

    __tablename__ = "convening_proposer"
    __table_args__ = (
        CheckConstraint(
            "(case when person_id is null then 0 else 1 end)"
            " + (case when household_id is null then 0 else 1 end)"
            " + (case when resident_group_id is null then 0 else 1 end) = 1",
            name="one_proposer",
        ),
    )
    scope_parent = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("convening_proposal.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    resident_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("resident_group.id"), index=True
    )

    proposal: Mapped[ConveningProposal] = relationship(back_populates="proposers")
    person: Mapped[Person | None] = relationship()
    household: Mapped[Household | None] = relationship()
    resident_group: Mapped[ResidentGroup | None] = relationship()
