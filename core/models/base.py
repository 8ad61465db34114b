"""Mixins every record model uses: timestamps, the edit version, the org scope.

A model opts into scoping by inheriting :class:`OrgScoped`; the scoping
function (``core.scoping``) then narrows every ORM query of it, and the audit
listener records every write of any model (``core.audit``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import DateTime, ForeignKey, Integer, event
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

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


class ScopedChild(OrgScoped):
    """A record that lives inside another scoped record (an agenda item in a meeting).

    It carries its parent's org unit itself, so the scoping function narrows
    direct queries of it as well (rule C1) without a join; the unit is copied
    from the parent on every flush, never chosen by the user. Subclasses name
    the relationship to the parent in ``scope_parent``.
    """

    #: Name of the relationship to the record this one belongs to.
    scope_parent: ClassVar[str]


@event.listens_for(Session, "before_flush", insert=True)
def _check_records(session: Session, _context: Any, _instances: Any) -> None:
    """Run ``check()`` of every new or changed record before it is written.

    Every write path — admin form, API, import, CLI, plugin code — goes
    through the same domain checks; a ``ValueError`` aborts the flush and the
    caller rolls back. (Registered before ``_inherit_scope`` with insert=True,
    so it runs after it: children know their unit when checked.)
    """
    new = set(session.new)  # session.new builds a new set on each access
    extra = _plugin_checks()
    for obj in [*new, *session.dirty]:
        check = getattr(obj, "check", None)
        if not callable(check):
            continue
        if obj not in new and not session.is_modified(obj, include_collections=False):
            continue
        with session.no_autoflush:
            check()
            for model, plugin_check in extra:
                if isinstance(obj, model):
                    plugin_check(obj)


def _plugin_checks() -> list[tuple[type, Any]]:
    """The installed plugins' checks on records (hook ``juwei_record_checks``)."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return []
    state = current_app.extensions.get("juwei")
    return list(getattr(state, "record_checks", None) or [])


@event.listens_for(Session, "before_flush", insert=True)
def _inherit_scope(session: Session, _context: Any, _instances: Any) -> None:
    # insert=True: runs before core.scoping.check_writes, which then checks
    # the inherited unit like any other.
    for obj in [*session.new, *session.dirty]:
        if not isinstance(obj, ScopedChild):
            continue
        parent = getattr(obj, obj.scope_parent)
        if parent is None:
            continue
        unit = parent.org_unit
        if unit is not None:
            if obj.org_unit is not unit:
                obj.org_unit = unit
        elif parent.org_unit_id is not None and obj.org_unit_id != parent.org_unit_id:
            obj.org_unit_id = parent.org_unit_id


def unit_of(obj: Any) -> OrgUnit | None:
    """The org unit of a scoped record, whether set by relationship or by id."""
    from sqlalchemy.orm import object_session

    from core.models.org import OrgUnit

    unit = getattr(obj, "org_unit", None)
    if unit is not None:
        return unit  # type: ignore[no-any-return]
    unit_id = getattr(obj, "org_unit_id", None)
    session = object_session(obj)
    if unit_id is None or session is None:
        return None
    return session.get(OrgUnit, unit_id)


def require_committee(obj: Any, what: str) -> None:
    """Raise ``ValueError`` unless ``obj`` belongs to a committee (rule C1)."""
    unit = unit_of(obj)
    if unit is not None and unit.kind != "committee":
        raise ValueError(f"{what}只能属于居委会，不能属于“{unit.name}” (C1)")


def same_unit(record: Any, other: Any) -> bool:
    """Whether ``other`` belongs to the same org unit as ``record`` (either may be unsaved).

    Compares units, whether each was set by relationship or by id; an unknown
    unit on either side is not a disagreement (the form will say it is missing).
    """
    mine, theirs = unit_of(record), unit_of(other)
    if mine is None or theirs is None:
        return True
    if mine.id is not None and theirs.id is not None:
        return bool(mine.id == theirs.id)
    return mine is theirs
