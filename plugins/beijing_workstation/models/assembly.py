"""The community members' representative assembly: its members and their number (B1, B2).

Sessions are core meetings of the plugin's kinds ``beijing.assembly`` and
``beijing.assembly_extra``; their quorum is core's C5 rule over the members
on the day (``sessions.session_figures``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, Timestamped, Versioned

if TYPE_CHECKING:
    from core.models import Person, Term


class AssemblyMember(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A representative in the 社区成员代表大会: resident, local unit or migrant (B2).

    Every representative is 18 or over on the day they start and has voting
    rights. ``person`` links a resident on record; representatives of local
    units and of the migrant population may not be, so name and birth date
    are kept here either way.
    """

    __tablename__ = "beijing_workstation_assembly_member"
    __table_args__ = (
        CheckConstraint("kind in ('resident', 'unit', 'migrant')", name="kind"),
        CheckConstraint("end_date is null or start_date <= end_date", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    #: A key of ``kinds.REPRESENTATIVE_KINDS``.
    kind: Mapped[str] = mapped_column(String(10), default="resident")
    #: The local unit (社区单位) a unit representative speaks for.
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    #: 依法享有选举权和被选举权.
    voting_rights: Mapped[bool] = mapped_column(Boolean, default=True)
    term_id: Mapped[int | None] = mapped_column(ForeignKey("term.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person | None] = relationship()
    term: Mapped[Term | None] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` for a representative under 18 or without voting rights (B2)."""
        from plugins.beijing_workstation.assembly import check_member

        check_member(self)

    def __str__(self) -> str:
        return self.name


class AssemblyQuota(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """How many representatives the community election committee set for a term (B2)."""

    __tablename__ = "beijing_workstation_assembly_quota"
    __table_args__ = (CheckConstraint("number > 0", name="number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int | None] = mapped_column(ForeignKey("term.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    term: Mapped[Term | None] = relationship()
