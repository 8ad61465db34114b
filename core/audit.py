"""The audit listener: every ORM insert, update and delete writes an audit entry (decision 6).

Entries are written in ``after_flush`` on the flushing connection, so they
commit or roll back together with the change they describe.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from core.models.audit import AuditEntry
from core.models.base import utcnow
from core.models.org import OrgUnit
from core.models.users import LoginAttempt
from core.scoping import current_actor

#: Tables never audited: the audit trail itself and the login throttle's log.
UNAUDITED = {AuditEntry.__tablename__, LoginAttempt.__tablename__}
#: Columns whose values never enter the trail.
SECRET_COLUMNS = {"password_hash", "token_hash"}
#: Columns that change on every write and say nothing.
NOISE_COLUMNS = {"updated_at", "last_used_at"}


def is_anonymous(model: type) -> bool:
    """Whether ``model`` is audited without its key or values (``__audit_anonymous__``).

    A secret ballot (rule D1) must be audited — that a ballot was cast, in
    which unit, when — but its entry may not carry the row's key or values:
    the entry's time next to a ballot code's would join a ballot's answers to
    its code. Such entries keep action, table, unit and time only.
    """
    return bool(getattr(model, "__audit_anonymous__", False))


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return str(value)


def _columns(obj: Any) -> list[str]:
    return [attr.key for attr in inspect(obj).mapper.column_attrs]


def _changes(obj: Any, action: str) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for key in _columns(obj):
        if key in NOISE_COLUMNS:
            continue
        if action == "update":
            history = get_history(obj, key)
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
        else:
            value = getattr(obj, key, None)
            before, after = (None, value) if action == "insert" else (value, None)
        if key in SECRET_COLUMNS:
            before = None if before is None else "***"
            after = None if after is None else "***"
        changes[key] = [_plain(before), _plain(after)]
    return changes


def _key(obj: Any) -> str:
    # In after_flush a new row has its primary key but not yet its identity key.
    state = inspect(obj)
    values = state.mapper.primary_key_from_instance(obj)
    return ",".join("" if part is None else str(part) for part in values)


def _org_unit_id(obj: Any) -> int | None:
    if isinstance(obj, OrgUnit):
        return obj.id
    return getattr(obj, "org_unit_id", None)


@event.listens_for(Session, "after_flush")
def write_audit_entries(session: Session, _context: Any) -> None:
    """Write one ``AuditEntry`` per changed row of the flush just made."""
    actor = current_actor()
    now = utcnow()
    rows = []
    for action, objects in (
        ("insert", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            table = getattr(type(obj), "__tablename__", None)
            if table is None or table in UNAUDITED:
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            anonymous = is_anonymous(type(obj))
            changes = {} if anonymous else _changes(obj, action)
            if action == "update" and not changes and not anonymous:
                continue
            rows.append(
                {
                    "at": now,
                    "user_id": actor.user_id if actor else None,
                    "actor": actor.name if actor else "system",
                    "action": action,
                    "table_name": table,
                    "record_key": "" if anonymous else _key(obj),
                    "changes": changes,
                    "org_unit_id": _org_unit_id(obj),
                }
            )
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)
