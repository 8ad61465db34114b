"""Mixins every record model uses: timestamps, the edit version, the org scope.

A model opts into scoping by inheriting :class:`OrgScoped`; the scoping
function (``core.scoping``) then narrows every ORM query of it, and the audit
listener records every write of any model (``core.audit``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

if TYPE_CHECKING:
    from core.models.org import OrgUnit


def utcnow() -> dt.datetime:
    """Now, in UTC, timezone-aware (times are stored in UTC, shown in Asia/Shanghai)."""
    return dt.datetime.now(dt.UTC)


class Timestamped:
    """``created_at`` and ``updated_at`` columns kept by the ORM."""

    #: When the record was created (UTC).
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    #: When the record was last changed (UTC).
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, nullable=False
    )


class Versioned:
    """An edit version counter (decision 6): a stale save is refused, never merged.

    SQLAlchemy adds ``WHERE version_id = <loaded>`` to every UPDATE and raises
    ``StaleDataError`` when another writer got there first; the admin form also
    carries the version it was opened at (``core.admin.base``).
    """

    #: Incremented on every update.
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version_id}  # type: ignore[attr-defined]


class OrgScoped:
    """A record that belongs to exactly one org unit (rule C1) and is scoped by it."""

    #: The district, street or committee the record belongs to.
    @declared_attr
    def org_unit_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("org_unit.id"), nullable=False, index=True)

    @declared_attr
    def org_unit(cls) -> Mapped[OrgUnit]:
        return relationship("OrgUnit", lazy="joined", innerjoin=True)

    @classmethod
    def scope_clause(cls, prefix: str) -> Any:
        """Rows whose org unit lies in the subtree of ``prefix`` (core.scoping)."""
        from core.scoping import units_under

        return cls.org_unit_id.in_(units_under(prefix))
