"""Personal information of people on record: who sees ID and phone numbers whole (rule C10).

ID numbers and phone numbers are masked in lists, details and exports for
every role that does not hold the permission ``core.people.identity``.
Roles that hold it see them whole, and every whole view is written to the
audit trail, one entry per person shown. The admin views and the API both
decide and log through these functions, so the rule lives in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import insert
from sqlalchemy.sql import ColumnElement

from core.extensions import SessionLike, db
from core.models.audit import AuditEntry
from core.models.base import utcnow
from core.models.people import Person
from core.permissions import has_permission
from core.rules.identity import mask_id_number, mask_phone
from core.scoping import Actor, current_actor

#: The permission that lets a role see ID and phone numbers whole (rule C10).
IDENTITY_PERMISSION = "core.people.identity"
#: The columns of ``person`` that are masked unless the role may see them.
IDENTITY_FIELDS = ("id_number", "phone")
#: Where a whole view can happen; written into the audit entry's ``changes``.
VIEW_PLACES = frozenset({"list", "details", "export", "edit", "api"})

_WHOLE_ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]")
_WHOLE_MOBILE = re.compile(r"1[0-9]{10}")


def may_see_identity(actor: Actor | None = None) -> bool:
    """Whether ``actor`` (default: the current one) sees ID and phone numbers whole (C10).

    No actor (a request before login, a bare script) sees them masked: the
    rule fails closed.
    """
    actor = actor if actor is not None else current_actor()
    if actor is None:
        return False
    return has_permission(actor.role, IDENTITY_PERMISSION)


def shown_id_number(person: Person, whole: bool | None = None) -> str:
    """The person's ID number as the current actor may see it: whole or masked (C10).

    ``whole`` overrides the decision (pass the result of :func:`may_see_identity`
    once per page rather than asking per row). No number gives an empty text.
    """
    value = person.id_number or ""
    if not value:
        return ""
    if whole is None:
        whole = may_see_identity()
    return value if whole else mask_id_number(value)


def shown_phone(person: Person, whole: bool | None = None) -> str:
    """The person's phone as the current actor may see it: whole or masked (C10)."""
    value = person.phone or ""
    if not value:
        return ""
    if whole is None:
        whole = may_see_identity()
    return value if whole else mask_phone(value)


def exact_identity_clause(search: str) -> ColumnElement[bool] | None:
    """A WHERE clause matching a whole ID number or mobile number, or None (C10).

    Searching a masked column by a part of it would tell the searcher which
    digits a person's number holds; so only a whole, well-formed number is
    looked up, and only by equality.
    """
    text = (search or "").strip().upper()
    if _WHOLE_ID_NUMBER.fullmatch(text):
        return Person.id_number == text
    if _WHOLE_MOBILE.fullmatch(text):
        return Person.phone == text
    return None


def log_whole_view(people: Iterable[Person], where: str, session: SessionLike | None = None) -> int:
    """Write one audit entry per person whose ID and phone were shown whole (C10); commit.

    ``where`` is one of ``VIEW_PLACES``. The audit listener (``core.audit``)
    skips the audit table, so the entries are inserted here. This commits
    the session: call it once the response has been built, never while the
    session holds changes that may still be refused. Returns the number of
    entries written.
    """
    if where not in VIEW_PLACES:
        raise ValueError(f"未知的查看位置：{where}")
    session = session if session is not None else db.session
    actor = current_actor()
    now = utcnow()
    rows = [
        {
            "at": now,
            "user_id": actor.user_id if actor else None,
            "actor": actor.name if actor else "system",
            "action": "view",
            "table_name": Person.__tablename__,
            "record_key": str(person.id),
            "changes": {"fields": list(IDENTITY_FIELDS), "where": where},
            "org_unit_id": person.org_unit_id,
        }
        for person in people
        if person.id is not None
    ]
    if rows:
        session.execute(insert(AuditEntry.__table__), rows)
        session.commit()
    return len(rows)


def masked_changes(
    table_name: str, changes: Mapping[str, Any], whole: bool | None = None
) -> dict[str, Any]:
    """An audit entry's ``changes`` with ID and phone values masked unless seen whole (C10).

    For the audit trail view: the trail records a person's ID number before
    and after each change, and roles that may read the trail need not be
    roles that may see the number.
    """
    if whole is None:
        whole = may_see_identity()
    if whole or table_name != Person.__tablename__:
        return dict(changes)
    maskers = {"id_number": mask_id_number, "phone": mask_phone}
    result: dict[str, Any] = {}
    for field, pair in changes.items():
        mask = maskers.get(field)
        if mask is not None and isinstance(pair, list):
            result[field] = [value if not value else mask(str(value)) for value in pair]
        else:
            result[field] = pair
    return result
