"""The org tree of rule C1: district → street → committee, with division codes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, or_
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from core.extensions import db
from core.models.base import Timestamped, Versioned
from core.rules.divisions import OrgKind, ancestor_codes, check_org_unit, scope_prefix


class OrgUnit(Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A district, street or committee, identified by its 12-digit division code."""

    __tablename__ = "org_unit"
    __table_args__ = (CheckConstraint("kind in ('district', 'street', 'committee')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 12-digit statistical division code: 6 county + 3 street + 3 community digits.
    code: Mapped[str] = mapped_column(String(12), unique=True, index=True)
    #: Official name, e.g. 外滩街道.
    name: Mapped[str] = mapped_column(String(100))
    #: district, street or committee (rule C1).
    kind: Mapped[str] = mapped_column(String(20))
    #: The unit above this one; none for a district.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    # passive_deletes="all": deleting a unit never silently detaches its
    # children; the foreign key refuses it instead (decision 6).
    children: Mapped[list[OrgUnit]] = relationship(back_populates="parent", passive_deletes="all")

    @property
    def scope_prefix(self) -> str:
        """The code prefix every unit under this one starts with (rule C1)."""
        return scope_prefix(self.code, OrgKind(self.kind))

    def check(self) -> None:
        """Raise ``DivisionCodeError`` unless code, kind and parent agree (rule C1)."""
        parent = self.parent
        if parent is None and self.parent_id is not None:
            # Set by id (the API) rather than by relationship (the admin form).
            session = object_session(self)
            parent = session.get(OrgUnit, self.parent_id) if session is not None else None
        check_org_unit(
            self.code,
            OrgKind(self.kind),
            parent.code if parent is not None else None,
            OrgKind(parent.kind) if parent is not None else None,
        )

    @classmethod
    def scope_clause(cls, prefix: str) -> Any:
        """Units in the subtree of ``prefix`` and the units above it (core.scoping).

        The ancestors are visible (a street officer sees their district's name
        and its policy values) but never writable: ``check_writes`` requires
        a written unit's code to start with the prefix.
        """
        return or_(
            cls.code.startswith(prefix, autoescape=True), cls.code.in_(ancestor_codes(prefix))
        )

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"
