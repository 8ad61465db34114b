"""``ModelResource``: list, detail, create, update and delete endpoints for one model.

Requests are validated with a marshmallow schema; an update must carry the
``version_id`` it read (decision 6), and a stale one gets 409. Reads go
through the ORM, so they are scoped; writes are checked by the scoping
listener and audited. Bad input answers 422 with every problem under the
field it concerns, in Chinese: ``{"error": "…", "errors": {"field": ["…"]}}``
(``messages`` repeats ``errors`` for older clients). A record out of scope is
404, whatever the method.

Subclasses change what a resource shows or writes by overriding
:meth:`serialize` (batch extras, masking), :meth:`build` and :meth:`apply`
(nested writes), :meth:`refuse_write` and :meth:`refuse_delete`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask import Blueprint, abort, jsonify, request
from marshmallow import Schema, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.api.paging import MAX_PER_PAGE, BadQuery, Filter, apply_filters, page_args, paginate
from core.extensions import db
from core.models.base import Versioned
from core.models.users import Role
from core.permissions import has_permission
from core.rules.divisions import DivisionCodeError
from core.rules.policy import NoValueInForce
from core.scoping import ScopeViolation, current_actor

__all__ = ["MAX_PER_PAGE", "ModelResource", "Unprocessable", "sync_children", "unprocessable"]

STALE = "记录已被他人修改，请重新读取后再改"
INVALID = "数据校验失败"
NOT_VISIBLE = "记录不存在或不在您的管辖范围内"


class Unprocessable(Exception):
    """Input refused with 422; ``errors`` maps each field (or ``_schema``) to Chinese messages."""

    def __init__(self, errors: dict[str, Any], message: str = INVALID) -> None:
        super().__init__(message)
        self.errors = errors
        self.message = message


def unprocessable(errors: dict[str, Any], message: str = INVALID) -> Any:
    """The 422 answer naming each field: ``{"error", "errors", "messages"}``."""
    return jsonify(error=message, errors=errors, messages=errors), 422


class ModelResource:
    """Registers ``/<name>`` and ``/<name>/<id>`` routes for ``model`` on a blueprint.

    ``filters`` are the query-string filters of the list; ``options`` loader
    options (``selectinload`` of child collections) for every read;
    ``where`` fixed criteria (committees are the org units of one kind);
    ``error_fields`` maps a piece of a ``check()`` message (a rule ID such as
    ``"(C10)"`` or a word) to the field it is about, tried in order.
    """

    def __init__(
        self,
        blueprint: Blueprint,
        name: str,
        model: type,
        schema: type[Schema],
        write_roles: frozenset[Role] | None = None,
        order_by: Any = None,
        allow_delete: bool = True,
        write_permission: str | None = None,
        *,
        read_only: bool = False,
        filters: Iterable[Filter] = (),
        options: Sequence[Any] = (),
        where: Sequence[Any] = (),
        error_fields: Sequence[tuple[str, str]] = (),
        summary: str = "",
    ) -> None:
        self.name = name
        self.model = model
        self.schema = schema
        self.write_roles = write_roles
        self.write_permission = write_permission
        if order_by is None:
            order_by = model.id  # type: ignore[attr-defined]
        self.order_by = tuple(order_by) if isinstance(order_by, (tuple, list)) else (order_by,)
        self.blueprint = blueprint
        self.read_only = read_only
        self.allow_delete = allow_delete and not read_only
        self.filters = tuple(filters)
        self.options = tuple(options)
        self.where = tuple(where)
        self.error_fields = tuple(error_fields)
        self.summary = summary or name
        resources = getattr(blueprint, "juwei_resources", [])
        resources.append(self)
        blueprint.juwei_resources = resources  # type: ignore[attr-defined]
        blueprint.add_url_rule(f"/{name}", f"{name}_list", self.list, methods=["GET"])
        blueprint.add_url_rule(f"/{name}/<int:id>", f"{name}_get", self.get, methods=["GET"])
        if read_only:
            return
        blueprint.add_url_rule(f"/{name}", f"{name}_create", self.create, methods=["POST"])
        blueprint.add_url_rule(
            f"/{name}/<int:id>", f"{name}_update", self.update, methods=["PATCH"]
        )
        if self.allow_delete:
            blueprint.add_url_rule(
                f"/{name}/<int:id>", f"{name}_delete", self.delete, methods=["DELETE"]
            )

    # hooks for subclasses
    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """The JSON form of ``rows``; override to add batch-computed or hidden fields."""
        return list(self.schema(many=True).dump(rows))

    def build(self, data: dict[str, Any]) -> Any:
        """A new, unsaved record from validated ``data``."""
        return self.model(**data)

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Copy validated ``data`` onto ``obj``."""
        for key, value in data.items():
            setattr(obj, key, value)

    def refuse_write(self, obj: Any | None, data: dict[str, Any]) -> None:
        """Raise :class:`Unprocessable` if the actor may not write ``data`` (``obj`` None: new)."""

    def refuse_delete(self, obj: Any) -> str | None:
        """A Chinese reason why ``obj`` may not be deleted (answered 409), or None."""
        return None

    def check(self, obj: Any) -> None:
        """Raise ``ValueError`` (Chinese) when ``obj`` breaks a rule: its own ``check()``."""
        method = getattr(obj, "check", None)
        if callable(method):
            method()

    # helpers
    def select(self) -> Any:
        """The statement every read starts from: the model, its fixed criteria and options."""
        return select(self.model).where(*self.where).options(*self.options)

    def _check_write(self) -> None:
        actor = current_actor()
        if actor is None or actor.read_only:
            abort(403)
        if self.write_roles is not None and actor.role not in self.write_roles:
            abort(403)
        if self.write_permission is not None and not has_permission(
            actor.role, self.write_permission
        ):
            abort(403)

    def _one(self, id: int) -> Any:
        # A SELECT, never the identity map, so the scoping listener always sees it.
        stmt = self.select().where(self.model.id == id)  # type: ignore[attr-defined]
        obj = db.session.scalars(stmt).unique().one_or_none()
        if obj is None:
            abort(404)
        return obj

    def _load(self, partial: bool) -> dict[str, Any]:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            raise Unprocessable({"_schema": ["请求体必须是 JSON 对象"]})
        schema = self.schema()
        try:
            # Partial at the top only: nested rows (agenda items) are whole rows.
            return dict(schema.load(payload, partial=tuple(schema.fields) if partial else False))
        except ValidationError as exc:
            raise Unprocessable(_plain_keys(exc.messages)) from exc

    def check_references(self, data: dict[str, Any], model: type | None = None) -> None:
        """422 for a foreign key naming a record that is missing or out of scope.

        ``org_unit_id`` is left to the scoping listener, which refuses a unit
        out of scope with 403 and the unit's code.
        """
        table = (model or self.model).__table__  # type: ignore[attr-defined]
        errors: dict[str, Any] = {}
        for key, value in data.items():
            if value is None or key == "org_unit_id" or key not in table.c:
                continue
            for fk in table.c[key].foreign_keys:
                target = _mapped_class(fk.column.table)
                if target is None:
                    continue
                column = getattr(target, fk.column.key)
                if db.session.scalar(select(column).where(column == value)) is None:
                    errors[key] = [f"编号 {value} 的记录不存在或不在您的管辖范围内"]
        if errors:
            raise Unprocessable(errors)

    def field_of(self, message: str) -> str:
        """The field a ``check()`` message is about, by ``error_fields``; else ``_schema``."""
        return next((field for part, field in self.error_fields if part in message), "_schema")

    def _save(self, obj: Any, status: int) -> Any:
        try:
            if status != 204:
                self.check(obj)
            db.session.commit()
        except ScopeViolation as exc:
            db.session.rollback()
            return jsonify(error=str(exc)), 403
        except (DivisionCodeError, ValueError, NoValueInForce) as exc:
            db.session.rollback()
            return unprocessable({self.field_of(str(exc)): [str(exc)]}, str(exc))
        except StaleDataError:
            db.session.rollback()
            return jsonify(error=STALE), 409
        except IntegrityError:
            db.session.rollback()
            return jsonify(error="与已有记录冲突（例如编码重复），或仍被其他记录引用"), 409
        if status == 204:
            return "", 204
        return jsonify(self.serialize([self._one(obj.id)])[0]), status

    # endpoints
    def list(self) -> Any:
        """GET /<name>?page=1&per_page=50&<filters>: one page of the records in scope."""
        try:
            page, per_page = page_args(request.args)
            stmt = apply_filters(self.select(), self.filters, request.args)
            rows, total = paginate(stmt.order_by(*self.order_by), page, per_page)
            items = self.serialize(rows)
        except BadQuery as exc:
            return unprocessable(exc.errors, "查询参数有误")
        return jsonify(items=items, page=page, per_page=per_page, total=total)

    def get(self, id: int) -> Any:
        """GET /<name>/<id>: one record, 404 when missing or out of scope."""
        obj = self._one(id)
        try:
            return jsonify(self.serialize([obj])[0])
        except BadQuery as exc:
            return unprocessable(exc.errors, "查询参数有误")

    def create(self) -> Any:
        """POST /<name>: create a record from the JSON body."""
        self._check_write()
        try:
            data = self._load(partial=False)
            self.refuse_write(None, data)
            self.check_references(data)
            obj = self.build(data)
        except Unprocessable as exc:
            db.session.rollback()
            return unprocessable(exc.errors, exc.message)
        db.session.add(obj)
        return self._save(obj, 201)

    def update(self, id: int) -> Any:
        """PATCH /<name>/<id>: change fields; must carry the ``version_id`` read."""
        self._check_write()
        obj = self._one(id)
        try:
            data = self._load(partial=True)
            if isinstance(obj, Versioned):
                sent = data.pop("version_id", None)
                if sent is None:
                    raise Unprocessable({"version_id": ["修改必须附带读取时的 version_id"]})
                if int(sent) != obj.version_id:
                    return jsonify(error=STALE), 409
            self.refuse_write(obj, data)
            self.check_references(data)
            self.apply(obj, data)
        except Unprocessable as exc:
            db.session.rollback()
            return unprocessable(exc.errors, exc.message)
        return self._save(obj, 200)

    def delete(self, id: int) -> Any:
        """DELETE /<name>/<id>: delete a record (refused while others refer to it)."""
        self._check_write()
        obj = self._one(id)
        reason = self.refuse_delete(obj)
        if reason is not None:
            return jsonify(error=reason), 409
        db.session.delete(obj)
        return self._save(obj, 204)


def sync_children(
    current: Iterable[Any], rows: list[dict[str, Any]], make: Callable[[], Any], what: str
) -> tuple[list[Any], dict[str, Any]]:
    """The children a nested write asks for, and errors by row index.

    A row with an ``id`` updates that existing child; one without creates a
    child; existing children not listed are left out (the caller assigns the
    list to a ``delete-orphan`` relationship, so they are deleted). Nothing
    is flushed here: the caller saves all or nothing.
    """
    existing = {child.id: child for child in current}
    kept: list[Any] = []
    errors: dict[str, Any] = {}
    for index, row in enumerate(rows):
        values = dict(row)
        child_id = values.pop("id", None)
        child = make() if child_id is None else existing.get(child_id)
        if child is None:
            errors[str(index)] = {"id": [f"本记录没有编号为 {child_id} 的{what}"]}
            continue
        for key, value in values.items():
            setattr(child, key, value)
        kept.append(child)
    return kept, errors


def _plain_keys(messages: Any) -> Any:
    """marshmallow's errors with list indexes as strings, as JSON has them."""
    if isinstance(messages, dict):
        return {str(key): _plain_keys(value) for key, value in messages.items()}
    return messages


def _mapped_class(table: Any) -> type | None:
    from core.extensions import Base

    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_  # type: ignore[no-any-return]
    return None
