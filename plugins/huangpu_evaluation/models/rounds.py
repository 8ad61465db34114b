"""Evaluation rounds, their committees, the staff evaluated, who takes part (H1–H5, H9, D1).

A :class:`Round` belongs to the street (or district) that organises it and
lists its committees (:class:`RoundCommittee`, each scoped to its committee).
Per committee it lists the staff evaluated (:class:`RoundSubject`, H2) and,
for a ballot round, the body of people who take part (:class:`Participant`):
who took part is recorded for turnout (D1), what they chose is not — ballots
(``models.ballots``) carry no person and no code.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import Meeting, OrgUnit, Person


class Round(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """An evaluation round organised by a street: its kind, period and status (H4, H5, D1, D2).

    Status moves draft → open → closed → published (``rounds.transition``).
    Ballots are taken only while open; the results are public once published
    (H7). The rules read policy parameters at ``period_end``.
    """

    __tablename__ = "huangpu_evaluation_round"
    __table_args__ = (
        CheckConstraint(
            "kind in ('annual', 'street', 'term', 'member_d1', 'cadre_d2')", name="kind"
        ),
        CheckConstraint("status in ('draft', 'open', 'closed', 'published')", name="status"),
        CheckConstraint("half is null or half in (1, 2)", name="half"),
        CheckConstraint("period_start <= period_end", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A key of ``kinds.ROUND_KINDS``.
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The year evaluated (a term round: the year the term ends).
    year: Mapped[int] = mapped_column(Integer, index=True)
    #: 1 or 2 for half-yearly rounds (street evaluation, D1); none otherwise.
    half: Mapped[int | None] = mapped_column(Integer)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    #: A key of ``kinds.STATUSES``.
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    #: D3: how the mass evaluation is held, a key of ``kinds.METHODS``.
    method: Mapped[str] = mapped_column(String(20), default="meeting")
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    committees: Mapped[list[RoundCommittee]] = relationship(
        back_populates="round",
        cascade="all, delete-orphan",
        order_by="RoundCommittee.id",
    )

    @classmethod
    def scope_clause(cls, prefix: str) -> Any:
        """A committee's staff see the rounds of their street and district too (C1)."""
        from core.scoping import units_under

        return cls.org_unit_id.in_(units_under(prefix, with_ancestors=True))

    def check(self) -> None:
        """Raise ``ValueError`` when the round's kind, period or unit do not fit (H4, H5, D1)."""
        from plugins.huangpu_evaluation.rounds import check_round

        check_round(self)

    def __str__(self) -> str:
        return self.title


class RoundCommittee(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A committee evaluated in a round; its org unit is the committee (C1).

    ``meeting`` is the residents' meeting (or other meeting) at which the
    mass evaluation was held, when there was one (H4, H5).
    """

    __tablename__ = "huangpu_evaluation_round_committee"
    __table_args__ = (UniqueConstraint("round_id", "org_unit_id", name="round_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_round.id", ondelete="CASCADE", name="fk_hp_round_committee_round_id"
        ),
        index=True,
    )
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[Round] = relationship(back_populates="committees")
    meeting: Mapped[Meeting | None] = relationship()
    subjects: Mapped[list[RoundSubject]] = relationship(
        back_populates="round_committee",
        cascade="all, delete-orphan",
        order_by="RoundSubject.id",
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="round_committee",
        cascade="all, delete-orphan",
        order_by="Participant.id",
    )

    @property
    def committee(self) -> OrgUnit:
        """The committee (the record's org unit)."""
        return self.org_unit

    def check(self) -> None:
        """Raise ``ValueError`` unless the committee lies under the round's unit (C1)."""
        from plugins.huangpu_evaluation.rounds import check_round_committee

        check_round_committee(self)

    def __str__(self) -> str:
        return f"{self.round} · {self.org_unit.name}" if self.org_unit else str(self.round)


class RoundSubject(ScopedChild, Timestamped, db.Model):  # type: ignore[name-defined]
    """A staff member evaluated in a round (H2): a committee member or a dispatched worker.

    ``title`` keeps the position the person held when the round was set up,
    as the notice shows it; the person's later positions do not change it.
    """

    __tablename__ = "huangpu_evaluation_subject"
    __table_args__ = (
        UniqueConstraint("round_committee_id", "person_id", name="round_person"),
        CheckConstraint("role in ('member', 'worker')", name="role"),
    )

    scope_parent = "round_committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_committee_id: Mapped[int] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_round_committee.id",
            ondelete="CASCADE",
            name="fk_hp_subject_round_committee_id",
        ),
        index=True,
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    #: A key of ``kinds.SUBJECT_ROLES``.
    role: Mapped[str] = mapped_column(String(10), default="member")
    #: The position shown, e.g. 居委会主任.
    title: Mapped[str] = mapped_column(String(50), default="")

    round_committee: Mapped[RoundCommittee] = relationship(back_populates="subjects")
    person: Mapped[Person] = relationship(lazy="joined")

    def __str__(self) -> str:
        return f"{self.person.name}（{self.title}）" if self.person else self.title


class Participant(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """One person of a ballot round's body, and whether they took part (H4, H9, D1).

    Taking part is recorded (签到、领取评议票) for the turnout; the ballot
    they fill in is not linked to them in any way.
    """

    __tablename__ = "huangpu_evaluation_participant"
    __table_args__ = (
        CheckConstraint(
            "category in ('party_rep', 'resident_rep', 'group_leader', 'volunteer',"
            " 'service_user', 'supervision', 'other')",
            name="category",
        ),
    )

    scope_parent = "round_committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_committee_id: Mapped[int] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_round_committee.id",
            ondelete="CASCADE",
            name="fk_hp_participant_round_committee_id",
        ),
        index=True,
    )
    #: The person on record, when there is one; ``name`` is kept either way.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    #: A key of ``kinds.PARTICIPANT_CATEGORIES``.
    category: Mapped[str] = mapped_column(String(20), default="resident_rep")
    took_part: Mapped[bool] = mapped_column(Boolean, default=False)

    round_committee: Mapped[RoundCommittee] = relationship(back_populates="participants")
    person: Mapped[Person | None] = relationship()

    def __str__(self) -> str:
        return self.name
