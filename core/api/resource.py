"""``ModelResource``: list, detail, create, update and delete endpoints for one model.

Requests are validated with a marshmallow schema; an update must carry the
``version_id`` it read (decision 6), and a stale one gets 409. Reads go
through the ORM, so they are scoped; writes are checked by the scoping
listener and audited.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request
from marshmallow import Schema, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.extensions import db
from core.models.base import Versioned
from core.models.users import Role
from core.permissions import has_permission
from core.rules.divisions import DivisionCodeError
from core.scoping import ScopeViolation, current_actor

MAX_PER_PAGE = 500


class ModelResource:
    """Registers ``/<name>`` and ``/<name>/<id>`` routes for ``model`` on a blueprint."""

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
    ) -> None:
        self.name = name
        self.model = model
        self.schema = schema
        self.write_roles = write_roles
        self.write_permission = write_permission
        self.order_by = order_by if order_by is not None else model.id  # type: ignore[attr-defined]
        self.blueprint = blueprint
        resources = getattr(blueprint, "juwei_resources", [])
        resources.append(self)
        blueprint.juwei_resources = resources  # type: ignore[attr-defined]
        blueprint.add_url_rule(f"/{name}", f"{name}_list", self.list, methods=["GET"])
        blueprint.add_url_rule(f"/{name}", f"{name}_create", self.create, methods=["POST"])
        blueprint.add_url_rule(f"/{name}/<int:id>", f"{name}_get", self.get, methods=["GET"])
        blueprint.add_url_rule(
            f"/{name}/<int:id>", f"{name}_update", self.update, methods=["PATCH"]
        )
        if allow_delete:
            blueprint.add_url_rule(
                f"/{name}/<int:id>", f"{name}_delete", self.delete, methods=["DELETE"]
            )

    # helpers
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
        obj = db.session.get(self.model, id)
        if obj is None:
            abort(404)
        return obj

    def _load(self, partial: bool) -> dict[str, Any]:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            raise _Invalid({"_schema": ["请求体必须是 JSON 对象"]})
        try:
            return dict(self.schema().load(payload, partial=partial))
        except ValidationError as exc:
            raise _Invalid(exc.messages) from exc

    def _save(self, obj: Any, status: int) -> Any:
        try:
            check = getattr(obj, "check", None)
            if callable(check):
                check()
            db.session.commit()
        except ScopeViolation as exc:
            db.session.rollback()
            return jsonify(error=str(exc)), 403
        except (DivisionCodeError, ValueError) as exc:
            db.session.rollback()
            return jsonify(error=str(exc)), 422
        except StaleDataError:
            db.session.rollback()
            return jsonify(error="记录已被他人修改，请重新读取后再改"), 409
        except IntegrityError:
            db.session.rollback()
            return jsonify(error="与已有记录冲突（例如编码重复），或仍被其他记录引用"), 409
        return jsonify(self.schema().dump(obj)), status

    # endpoints
    def list(self) -> Any:
        """GET /<name>?page=1&per_page=50: one page of the records in scope."""
        try:
            page = max(int(request.args.get("page", 1)), 1)
            per_page = min(max(int(request.args.get("per_page", 50)), 1), MAX_PER_PAGE)
        except ValueError:
            return jsonify(error="page 和 per_page 必须是整数"), 400
        stmt: Any = select(self.model).order_by(self.order_by).offset((page - 1) * per_page)
        rows = db.session.scalars(stmt.limit(per_page)).unique().all()
        return jsonify(items=self.schema(many=True).dump(rows), page=page, per_page=per_page)

    def get(self, id: int) -> Any:
        """GET /<name>/<id>: one record, 404 when missing or out of scope."""
        return jsonify(self.schema().dump(self._one(id)))

    def create(self) -> Any:
        """POST /<name>: create a record from the JSON body."""
        self._check_write()
        try:
            data = self._load(partial=False)
        except _Invalid as exc:
            return jsonify(error="数据校验失败", messages=exc.messages), 422
        obj = self.model(**data)
        db.session.add(obj)
        return self._save(obj, 201)

    def update(self, id: int) -> Any:
        """PATCH /<name>/<id>: change fields; must carry the ``version_id`` read."""
        self._check_write()
        obj = self._one(id)
        try:
            data = self._load(partial=True)
        except _Invalid as exc:
            return jsonify(error="数据校验失败", messages=exc.messages), 422
        if isinstance(obj, Versioned):
            sent = data.pop("version_id", None)
            if sent is None:
                return jsonify(error="修改必须附带读取时的 version_id"), 422
            if int(sent) != obj.version_id:
                return jsonify(error="记录已被他人修改，请重新读取后再改"), 409
        for key, value in data.items():
            setattr(obj, key, value)
        return self._save(obj, 200)

    def delete(self, id: int) -> Any:
        """DELETE /<name>/<id>: delete a record (refused while others refer to it)."""
        self._check_write()
        obj = self._one(id)
        db.session.delete(obj)
        response, status = self._save(obj, 200)
        return ("", 204) if status == 200 else (response, status)


class _Invalid(Exception):
    def __init__(self, messages: Any) -> None:
        self.messages = messages
