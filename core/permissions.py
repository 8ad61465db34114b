"""Permissions: named abilities, held by roles, checked by views and endpoints.

Scoping (``core.scoping``) decides *which records* a user reaches; a
permission decides *what they may do* with them (edit policy parameters,
read the audit trail, see whole ID numbers). Plugins declare theirs through
the ``juwei_permissions`` hook.
"""

from __future__ import annotations

import dataclasses

from flask import abort, current_app

from core.models.users import Role


@dataclasses.dataclass(frozen=True)
class Permission:
    """A permission code, its Chinese label and the roles holding it by default."""

    code: str
    label: str
    roles: frozenset[Role]


def _registry() -> dict[str, Permission]:
    state = current_app.extensions["juwei"]
    return state.permissions  # type: ignore[no-any-return]


def has_permission(role: Role | str, code: str) -> bool:
    """Whether ``role`` holds permission ``code`` in the current app.

    An undeclared code is held by nobody, so a typo fails closed.
    """
    permission = _registry().get(code)
    return permission is not None and Role(role) in permission.roles


def require(code: str) -> None:
    """Abort with 403 unless the current actor holds permission ``code``."""
    from core.scoping import current_actor

    actor = current_actor()
    if actor is None or not has_permission(actor.role, code):
        abort(403)
