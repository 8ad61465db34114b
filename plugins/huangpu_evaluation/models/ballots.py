"""Secret ballots: one-time codes, paper batches, ballots and their marks (D1, D3).

Anonymity is structural. A :class:`BallotCode` knows its round committee and
whether it was used, never who holds it nor which ballot it cast. A
:class:`Ballot` has a random key, no time, no code and no person. The audit
trail records that a code was used and that a ballot was cast, with the
time, but without keys or values (``__audit_anonymous__``, core.audit), so
not even the trail joins them. What is recorded about people is only who
took part (``Participant.took_part``).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import Opinion
    from plugins.huangpu_evaluation.models.rounds import RoundCommittee, RoundSubject


def new_key() -> str:
    """A random key of 32 hex digits: keys that say nothing about the order of writing."""
    return secrets.token_hex(16)


class BallotCode(ScopedChild, db.Model):  # type: ignore[name-defined]
    """A one-time ballot code of a round committee, stored as its SHA-256 only (D1).

    The code itself is shown once, on the printable slips made when it is
    issued; slips carry no name and are handed out at random.
    """

    __tablename__ = "huangpu_evaluation_ballot_code"
    __audit_anonymous__ = True

    scope_parent = "round_committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_committee_id: Mapped[int] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_round_committee.id",
            ondelete="CASCADE",
            name="fk_hp_ballot_code_round_committee_id",
        ),
        index=True,
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Withdrawn (lost slips, reprint): refused like a used one.
    voided: Mapped[bool] = mapped_column(Boolean, default=False)

    round_committee: Mapped[RoundCommittee] = relationship()


class PaperBatch(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A batch of paper ballots entered by staff: how many, entered by whom (D3).

    The batch is audited like any record; the ballots in it are not linked
    to the people who filled them in.
    """

    __tablename__ = "huangpu_evaluation_paper_batch"

    scope_parent = "round_committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_committee_id: Mapped[int] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_round_committee.id",
            ondelete="CASCADE",
            name="fk_hp_paper_batch_round_committee_id",
        ),
        index=True,
    )
    count: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    round_committee: Mapped[RoundCommittee] = relationship()


class Ballot(ScopedChild, db.Model):  # type: ignore[name-defined]
    """One cast ballot: a random key, its round committee, how it came, a comment (D1, D3).

    No timestamps, no code, no person: see the module docstring. The comment
    is the opinion box of the evaluation card (D3); it may become a core
    opinion with the C14 follow-up (``opinion``).
    """

    __tablename__ = "huangpu_evaluation_ballot"
    __audit_anonymous__ = True
    __table_args__ = (CheckConstraint("channel in ('code', 'paper')", name="channel"),)

    scope_parent = "round_committee"

    #: 32 random hex digits (``new_key``): the order of ballots is not kept.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_key)
    round_committee_id: Mapped[int] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_round_committee.id",
            ondelete="CASCADE",
            name="fk_hp_ballot_round_committee_id",
        ),
        index=True,
    )
    #: ``code`` (cast with a code) or ``paper`` (entered from a paper ballot).
    channel: Mapped[str] = mapped_column(String(10), default="code")
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_paper_batch.id", ondelete="CASCADE", name="fk_hp_ballot_batch_id"
        ),
        index=True,
    )
    comment: Mapped[str] = mapped_column(Text, default="")
    opinion_id: Mapped[int | None] = mapped_column(ForeignKey("opinion.id"), index=True)

    round_committee: Mapped[RoundCommittee] = relationship()
    marks: Mapped[list[BallotMark]] = relationship(
        back_populates="ballot", cascade="all, delete-orphan"
    )
    opinion: Mapped[Opinion | None] = relationship()


class BallotMark(ScopedChild, db.Model):  # type: ignore[name-defined]
    """A ballot's answers about one subject: the committee's work or one staff member.

    ``a1``…``a5`` hold the answer chosen for each item of the subject's form
    (``kinds.Form``): 1 for the form's first answer, none for a blank. The
    round committee is repeated here so that results are one GROUP BY over
    this table (the bench counts 1.8 million of these).
    """

    __tablename__ = "huangpu_evaluation_ballot_mark"
    __audit_anonymous__ = True

    scope_parent = "ballot"

    #: Random like the ballot's: a counting key would keep the order ballots came in.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_key)
    ballot_id: Mapped[str] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_ballot.id", ondelete="CASCADE", name="fk_hp_ballot_mark_ballot_id"
        ),
        index=True,
    )
    round_committee_id: Mapped[int] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_round_committee.id",
            ondelete="CASCADE",
            name="fk_hp_ballot_mark_round_committee_id",
        ),
        index=True,
    )
    #: The staff member marked; none: the committee's work.
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "huangpu_evaluation_subject.id", ondelete="CASCADE", name="fk_hp_ballot_mark_subject_id"
        ),
        index=True,
    )
    a1: Mapped[int | None] = mapped_column(SmallInteger)
    a2: Mapped[int | None] = mapped_column(SmallInteger)
    a3: Mapped[int | None] = mapped_column(SmallInteger)
    a4: Mapped[int | None] = mapped_column(SmallInteger)
    a5: Mapped[int | None] = mapped_column(SmallInteger)

    ballot: Mapped[Ballot] = relationship(back_populates="marks")
    subject: Mapped[RoundSubject | None] = relationship()

    @property
    def answers(self) -> tuple[int | None, ...]:
        """``(a1, …, a5)``."""
        return (self.a1, self.a2, self.a3, self.a4, self.a5)
