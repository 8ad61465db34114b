"""Positions: a person's role in a body for a term, with full history (C2, C11, C12)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned, same_unit

if TYPE_CHECKING:
    from core.models.committees import ResidentGroup, Term
    from core.models.people import Household, Person


class Position(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A person holding a position (职务) in a body of a committee, from a day to a day.

    History is kept, never overwritten (rule C2): a change of director ends
    one position and starts another. ``kind`` is the code of a registered
    position kind (``core.kinds``; plugins add their own); the body follows
    from it. The org unit is the committee whose body it is.
    """

    __tablename__ = "position"
    __table_args__ = (Index("ix_position_unit_kind", "org_unit_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    #: Code of a registered position kind, e.g. ``committee.director``.
    kind: Mapped[str] = mapped_column(String(40))
    #: The resident group, for positions in a group (group leader, group member).
    resident_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("resident_group.id"), index=True
    )
    #: The committee's term the position belongs to, where known.
    term_id: Mapped[int | None] = mapped_column(ForeignKey("term.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    #: The last day held; none while the position is held.
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(lazy="joined", innerjoin=True)
    resident_group: Mapped[ResidentGroup | None] = relationship()
    term: Mapped[Term | None] = relationship()
    households: Mapped[list[RepresentativeHousehold]] = relationship(
        back_populates="position", cascade="all, delete-orphan"
    )

    def held_on(self, day: dt.date) -> bool:
        """Whether the position is held on ``day`` (start and end days included)."""
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def check(self) -> None:
        """Raise ``ValueError`` in Chinese if the position breaks rule C1 or C2.

        See ``core.positions.check_position``: dates in order, a known kind,
        the person and group of the same committee, no second director at
        once, no more than nine committee members.
        """
        from core.positions import check_position

        check_position(self)

    def __str__(self) -> str:
        from core.kinds import kind_of

        kind = kind_of("position", self.kind)
        label = kind.label if kind is not None else self.kind
        name = self.person.name if self.person is not None else ""
        return f"{name}（{label}）"


class RepresentativeHousehold(ScopedChild, Timestamped, db.Model):  # type: ignore[name-defined]
    """A household a representative keeps in touch with (居民代表联系居民制度, rule C11)."""

    __tablename__ = "representative_household"
    __table_args__ = (UniqueConstraint("position_id", "household_id"),)
    scope_parent = "position"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The representative's position (kind ``representative``).
    position_id: Mapped[int] = mapped_column(
        ForeignKey("position.id", ondelete="CASCADE"), index=True
    )
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)

    position: Mapped[Position] = relationship(back_populates="households")
    household: Mapped[Household] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` unless a representative of this committee links its household."""
        from core.kinds import REPRESENTATIVE

        if self.position is not None and self.position.kind != REPRESENTATIVE:
            raise ValueError("只有居民代表才能联系户 (C11)")
        household, position = self.household, self.position
        if household is not None and position is not None and not same_unit(position, household):
            raise ValueError("居民代表只能联系本居委会的户 (C11)")

    def __str__(self) -> str:
        return str(self.household)
