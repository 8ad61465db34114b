"""The committee's six sub-committees and their members; retirees (B4)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import Person, Term


class SubCommittee(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """One of the committee's six sub-committees (专门委员会) for a term (B4)."""

    __tablename__ = "beijing_workstation_subcommittee"
    __table_args__ = (
        UniqueConstraint("org_unit_id", "kind", "term_id", name="uq_bj_subcommittee"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A key of ``kinds.SUBCOMMITTEES``.
    kind: Mapped[str] = mapped_column(String(20))
    term_id: Mapped[int | None] = mapped_column(ForeignKey("term.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    term: Mapped[Term | None] = relationship()
    members: Mapped[list[SubCommitteeMember]] = relationship(
        back_populates="subcommittee",
        cascade="all, delete-orphan",
        order_by="SubCommitteeMember.id",
    )

    def check(self) -> None:
        """Raise ``ValueError`` for an unknown kind or a unit that is not a committee (B4)."""
        from core.models.base import require_committee
        from plugins.beijing_workstation.kinds import SUBCOMMITTEES

        require_committee(self, "专门委员会")
        if self.kind not in SUBCOMMITTEES:
            raise ValueError(f"未知的专门委员会“{self.kind}” (B4)")

    def __str__(self) -> str:
        from plugins.beijing_workstation.kinds import SUBCOMMITTEES

        return SUBCOMMITTEES.get(self.kind, self.kind)


class SubCommitteeMember(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A member or the chair of a sub-committee, from a day to a day (B4).

    3–5 members at any day: a sixth is refused, fewer than three flagged.
    The chair is a member of the committee on the day they start.
    """

    __tablename__ = "beijing_workstation_subcommittee_member"
    __table_args__ = (
        CheckConstraint("role in ('chair', 'member')", name="role"),
        CheckConstraint("end_date is null or start_date <= end_date", name="dates"),
    )

    scope_parent = "subcommittee"

    id: Mapped[int] = mapped_column(primary_key=True)
    subcommittee_id: Mapped[int] = mapped_column(
        ForeignKey(
            "beijing_workstation_subcommittee.id",
            ondelete="CASCADE",
            name="fk_bj_subcommittee_member_subcommittee_id",
        ),
        index=True,
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    #: A key of ``kinds.SUBCOMMITTEE_ROLES``.
    role: Mapped[str] = mapped_column(String(10), default="member")
    #: 楼门组长、居委会工作积极分子、居委会成员…
    source: Mapped[str] = mapped_column(String(50), default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)

    subcommittee: Mapped[SubCommittee] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` for a sixth member or a chair outside the committee (B4)."""
        from plugins.beijing_workstation.committee import check_subcommittee_member

        check_subcommittee_member(self)


class Retirement(Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """That a person is retired (离退休人员): the director is encouraged to be one (B4).

    Scoped through the person: readable where the person is.
    """

    __tablename__ = "beijing_workstation_retirement"
    __table_args__ = (UniqueConstraint("person_id", name="uq_bj_retirement_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    retired_on: Mapped[dt.date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
