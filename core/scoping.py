"""The one scoping function (decision 5): who may see and write which records.

Every request runs as an :class:`Actor` (the logged-in user, the API token's
user, or the CLI's system actor). :func:`scope_clause` is the single place
that turns an actor and a model into a WHERE clause. It is applied

* to every ORM SELECT, automatically, by a ``do_orm_execute`` listener
  (``with_loader_criteria``), so list views, detail views, exports, ajax
  look-ups, relationship select boxes, API endpoints and plugin code are all
  narrowed without having to remember it; and
* to every INSERT and UPDATE by a ``before_flush`` listener
  (:func:`check_writes`), so a record can neither be created in nor moved to
  an org unit outside the actor's scope, whatever a form or a request says.

Models say how they are scoped through a ``scope_clause(prefix)``
classmethod; :class:`core.models.base.OrgScoped` gives the usual one.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.sql import ColumnElement, Select

from core.models.org import OrgUnit
from core.models.users import Role, User
from core.rules.divisions import OrgKind, ancestor_codes, scope_prefix


class ScopeViolation(PermissionError):
    """A write outside the actor's scope or beyond their role; the message is Chinese."""


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who is acting: a user's id, name, role and the code prefix of their scope.

    ``prefix`` None means the whole deployment (system admins and the CLI).
    """

    user_id: int | None
    name: str
    role: Role
    prefix: str | None
    org_unit_id: int | None = None

    @property
    def read_only(self) -> bool:
        """Auditors read; they never write."""
        return self.role is Role.AUDITOR

    def sees_code(self, code: str) -> bool:
        """Whether an org unit with this code is inside the actor's scope."""
        return self.prefix is None or code.startswith(self.prefix)


#: The actor of CLI commands, migrations and demo loading.
SYSTEM = Actor(user_id=None, name="system", role=Role.SYSTEM_ADMIN, prefix=None)

_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("juwei_actor", default=None)


def current_actor() -> Actor | None:
    """The actor of the current request or command, if any."""
    return _current.get()


def set_actor(actor: Actor | None) -> contextvars.Token[Actor | None]:
    """Make ``actor`` current; returns a token for :func:`reset_actor`."""
    return _current.set(actor)


def reset_actor(token: contextvars.Token[Actor | None]) -> None:
    """Restore the actor that was current before :func:`set_actor`."""
    _current.reset(token)


@contextlib.contextmanager
def acting_as(actor: Actor | None) -> Iterator[Actor | None]:
    """Run a block as ``actor`` (tests, CLI commands, background jobs)."""
    token = set_actor(actor)
    try:
        yield actor
    finally:
        reset_actor(token)


def actor_for(user: User) -> Actor:
    """The actor of a logged-in user: their role and the prefix of their org unit."""
    role = Role(user.role)
    if role is Role.SYSTEM_ADMIN:
        prefix = None
    elif user.org_unit is None:
        # A scoped role without a scope sees nothing rather than everything.
        prefix = "-"
    else:
        prefix = scope_prefix(user.org_unit.code, OrgKind(user.org_unit.kind))
    return Actor(
        user_id=user.id,
        name=user.username,
        role=role,
        prefix=prefix,
        org_unit_id=user.org_unit_id,
    )


def units_under(prefix: str, with_ancestors: bool = False) -> Select[Any]:
    """SELECT of the ids of the org units whose code starts with ``prefix``.

    Built on the Core table, not the ORM entity, so the loader criteria that
    narrow ``OrgUnit`` itself do not apply again inside it.
    """
    table = OrgUnit.__table__
    where = table.c.code.startswith(prefix, autoescape=True)
    if with_ancestors:
        where = or_(where, table.c.code.in_(ancestor_codes(prefix)))
    return select(table.c.id).where(where)


def scope_clause(model: type, actor: Actor | None) -> ColumnElement[bool] | None:
    """The one scoping function: the WHERE clause narrowing ``model`` to ``actor``.

    None means no narrowing (no actor in context, or a deployment-wide actor).
    A model without a ``scope_clause`` classmethod is not scoped; core keeps
    only reference data (installed plugins, login attempts) that way.
    """
    if actor is None or actor.prefix is None:
        return None
    method = getattr(model, "scope_clause", None)
    if method is None:
        return None
    clause: ColumnElement[bool] = method(actor.prefix)
    return clause


def scoped(stmt: Select[Any], model: type, actor: Actor | None = None) -> Select[Any]:
    """``stmt`` narrowed to what ``actor`` (default: the current one) may see of ``model``.

    The ORM listener does this already for ORM statements; call it explicitly
    for Core statements over a model's table (set-based aggregates).
    """
    clause = scope_clause(model, actor if actor is not None else current_actor())
    return stmt if clause is None else stmt.where(clause)


def _scoped_classes() -> list[type]:
    """Every mapped class that declares ``scope_clause``, core's and installed plugins'."""
    from core.extensions import Base

    return [
        mapper.class_
        for mapper in Base.registry.mappers
        if callable(getattr(mapper.class_, "scope_clause", None))
    ]


@functools.lru_cache(maxsize=512)
def _criteria_for(prefix: str, _generation: int) -> tuple[Any, ...]:
    # Plain expressions, not lambdas: SQLAlchemy's lambda tracking cannot see
    # through scope_clause(prefix). Cached per prefix and per number of mapped
    # classes (plugins map theirs when installed), since expressions are immutable.
    return tuple(
        with_loader_criteria(
            cls,
            cls.scope_clause(prefix),  # type: ignore[attr-defined]
            include_aliases=True,
            propagate_to_loaders=True,
        )
        for cls in _scoped_classes()
    )


@event.listens_for(Session, "do_orm_execute")
def _narrow_selects(state: ORMExecuteState) -> None:
    actor = current_actor()
    if actor is None or actor.prefix is None:
        return
    if not state.is_select or state.execution_options.get("juwei_unscoped", False):
        return
    from core.extensions import Base

    generation = len(Base.registry.mappers)
    state.statement = state.statement.options(*_criteria_for(actor.prefix, generation))


def _unit_code(session: Session, obj: Any) -> str | None:
    """The code of the org unit ``obj`` belongs to, whether set by id or by relationship."""
    unit = getattr(obj, "org_unit", None)
    unit_id = getattr(obj, "org_unit_id", None)
    if unit is not None and (unit_id is None or unit.id in (None, unit_id)):
        return str(unit.code)
    if unit_id is None:
        return None
    with session.no_autoflush:
        found = session.execute(
            select(OrgUnit.code).where(OrgUnit.id == unit_id),
            execution_options={"juwei_unscoped": True},
        ).scalar_one_or_none()
    return None if found is None else str(found)


@event.listens_for(Session, "before_flush")
def check_writes(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse any write the current actor may not make (scope and role)."""
    actor = current_actor()
    if actor is None:
        return
    changed = [*session.new, *session.dirty, *session.deleted]
    if actor.read_only and changed:
        raise ScopeViolation("审计员账号只能查看，不能修改任何记录")
    if actor.prefix is None:
        return
    for obj in changed:
        if not hasattr(type(obj), "scope_clause"):
            continue
        code: str | None
        if isinstance(obj, OrgUnit):
            code = obj.code
        else:
            code = _unit_code(session, obj)
            if code is None and getattr(obj, "org_unit_id", None) is not None:
                raise ScopeViolation(f"所属单位（编号 {obj.org_unit_id}）不存在")
            if code is None:
                # Deployment-wide records (users without scope, parameter
                # values for every district) are for system admins only.
                raise ScopeViolation("只有系统管理员可以修改适用于全部辖区的记录，请选择所属单位")
        if not actor.sees_code(code):
            raise ScopeViolation(f"无权操作本辖区以外的记录（单位代码 {code}）")
