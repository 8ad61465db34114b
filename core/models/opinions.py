"""Residents' opinions, their replies and rectifications (rule C14)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models.people import Person

#: How opinions come in (rule C14, D3).
CHANNELS = {
    "questionnaire": "问卷调查",
    "card": "评议卡、意见箱",
    "forum": "座谈会",
    "visit": "走访",
    "other": "其他",
}

#: Where an opinion stands.
STATUSES = {
    "open": "待答复",
    "replied": "已答复",
    "rectifying": "整改中",
    "closed": "已办结",
}


class Opinion(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """An opinion, request or complaint from residents, with its reply (rule C14).

    Who gave it (``submitter_*``) is never shown to the person it is about
    (``about_person``): see ``core.opinions.may_see_submitter``.
    """

    __tablename__ = "opinion"
    __table_args__ = (
        CheckConstraint("status in ('open', 'replied', 'rectifying', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    #: One of ``CHANNELS``.
    channel: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    #: Who gave the opinion; hidden from whoever it is about (C14).
    submitter_name: Mapped[str] = mapped_column(String(100), default="")
    submitter_contact: Mapped[str] = mapped_column(String(100), default="")
    #: The person it is about, if it is about someone on record.
    about_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    #: What or whom it is about, in words (物业, 某楼道, a department).
    about_text: Mapped[str] = mapped_column(String(200), default="")
    #: The last day to reply (C14), stored when received; none if it cannot be computed.
    reply_due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    #: How the due day was computed, or why it could not be.
    reply_due_explanation: Mapped[str] = mapped_column(Text, default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_on: Mapped[dt.date | None] = mapped_column(Date)
    #: One of ``STATUSES``.
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)

    about_person: Mapped[Person | None] = relationship()
    rectifications: Mapped[list[Rectification]] = relationship(
        back_populates="opinion", cascade="all, delete-orphan", order_by="Rectification.id"
    )

    def check(self) -> None:
        """Raise ``ValueError`` in Chinese for impossible dates or states; set the due day."""
        from core.opinions import check_opinion

        check_opinion(self)

    def __str__(self) -> str:
        return f"{self.received_on} {self.content[:30]}"


class Rectification(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A rectification (整改) an opinion calls for: who, by when, and whether done (C14)."""

    __tablename__ = "rectification"
    scope_parent = "opinion"

    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(
        ForeignKey("opinion.id", ondelete="CASCADE"), index=True
    )
    measure: Mapped[str] = mapped_column(Text)
    #: The responsible person on record, or their name in ``responsible_name``.
    responsible_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    responsible_name: Mapped[str] = mapped_column(String(100), default="")
    deadline: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    opinion: Mapped[Opinion] = relationship(back_populates="rectifications")
    responsible_person: Mapped[Person | None] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` unless someone is responsible (rule C14)."""
        if (
            self.responsible_person_id is None
            and self.responsible_person is None
            and not (self.responsible_name or "").strip()
        ):
            raise ValueError("整改须明确责任人 (C14)")
        if self.deadline is None:
            raise ValueError("整改须明确完成期限 (C14)")

    def __str__(self) -> str:
        return self.measure[:30]
