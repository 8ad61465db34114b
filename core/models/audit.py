"""The audit trail: one entry per inserted, updated or deleted row (decision 6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import utcnow
from core.models.org import OrgUnit


class AuditEntry(db.Model):  # type: ignore[name-defined]
    """Who changed what, when, with each changed field's value before and after.

    Written by the flush listener in ``core.audit``, never by hand; read-only
    in the UI. Scoped by the org unit of the changed record where it has one.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_table_key", "table_name", "record_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When the change was flushed (UTC).
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    #: The acting user's id; none for system actions (migrations, CLI without user).
    user_id: Mapped[int | None] = mapped_column(index=True)
    #: The acting user's name, or the CLI/system actor, kept even if the user goes.
    actor: Mapped[str] = mapped_column(String(100))
    #: insert, update or delete.
    action: Mapped[str] = mapped_column(String(10))
    table_name: Mapped[str] = mapped_column(String(100))
    #: Primary key of the changed row, as text.
    record_key: Mapped[str] = mapped_column(String(100))
    #: ``{field: [before, after]}``; for an insert ``before`` is null, for a delete ``after``.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The changed record's org unit, for scoping who may read the entry.
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)

    org_unit: Mapped[OrgUnit | None] = relationship(lazy="joined")

    @classmethod
    def scope_clause(cls, prefix: str) -> Any:
        """Entries about records inside ``prefix``; unit-less entries are system admins' only."""
        from core.scoping import units_under

        return cls.org_unit_id.in_(units_under(prefix))
