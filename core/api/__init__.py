"""The REST API under ``/api/v1/``: per-user bearer tokens, scoped like the UI.

Every route of every contributed blueprint requires ``Authorization: Bearer
<token>`` (``juwei users token USERNAME`` issues one); the token's user is
the actor, so every ORM query is narrowed by ``core.scoping`` and every
write is audited. Cookies are ignored here, so the API needs no CSRF token.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Flask, current_app, g, jsonify, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from core.api.resource import ModelResource
from core.extensions import csrf, db
from core.models.base import utcnow
from core.models.users import ApiToken, hash_token
from core.scoping import actor_for, set_actor


def public(view: Any) -> Any:
    """Mark an API view as needing no token.

    The view checks a credential of its own (a one-time ballot code, rule D1)
    and sets its own narrow actor; it runs with no actor until it does.
    """
    view.juwei_public = True
    return view


def _authenticate() -> Any:
    # Only the token counts here: drop whatever actor a browser session set,
    # so the token look-up is neither narrowed nor refused by that user's scope.
    set_actor(None)
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "juwei_public", False):
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return jsonify(error="需要 API 令牌：Authorization: Bearer <token>"), 401
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token.strip()))
    )
    if row is None or row.revoked or not row.user.active:
        return jsonify(error="API 令牌无效或已停用"), 401
    g.juwei_api_user = row.user
    row.last_used_at = utcnow()  # committed now, before the actor (maybe an auditor) is set
    db.session.commit()
    set_actor(actor_for(row.user))
    return None


def _json_error(exc: HTTPException) -> Any:
    messages = {
        400: "请求格式错误",
        401: "需要登录或 API 令牌",
        403: "无权访问",
        404: "记录不存在或不在您的管辖范围内",
        405: "不支持的请求方法",
        409: "记录已被他人修改，请重新读取后再改",
        422: "数据校验失败",
    }
    code = exc.code or 500
    return jsonify(error=messages.get(code, exc.name)), code


def build_api(app: Flask, blueprints: Iterable[Blueprint]) -> Blueprint:
    """Mount every contributed blueprint under ``/api/v1`` behind token authentication."""
    api = Blueprint("api", __name__, url_prefix="/api/v1")
    api.before_request(_authenticate)
    resources: list[ModelResource] = []
    paths: dict[str, Any] = {}
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
        resources.extend(getattr(blueprint, "juwei_resources", []))
        paths.update(getattr(blueprint, "juwei_openapi_paths", {}))
        csrf.exempt(blueprint)

    @api.get("/me")
    def me() -> Any:
        """The token's user and scope."""
        user = g.juwei_api_user
        return jsonify(
            username=user.username,
            role=user.role,
            org_unit=user.org_unit.code if user.org_unit else None,
        )

    for code in (400, 401, 403, 404, 405, 409, 422):
        api.register_error_handler(code, _json_error)
    csrf.exempt(api)
    app.register_blueprint(api)
    app.extensions["juwei"].api_resources = resources
    app.extensions["juwei"].api_paths = paths
    return api


__all__ = ["ModelResource", "build_api", "public"]
