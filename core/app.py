"""The application factory: ``create_app(config=None)`` builds one juwei app.

Every call builds a new app with its own plugin manager and Flask-Admin
instance, so tests can build many apps in one process (STACK-NOTES).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pluggy
from flask import Flask, g, jsonify, request, session
from flask_login import current_user
from sqlalchemy import text

from core import audit as _audit  # noqa: F401 - registers the audit flush listener
from core import config as config_module
from core.extensions import babel, csrf, db, login_manager
from core.kinds import Kind
from core.migrate import Component
from core.permissions import Permission
from core.plugins import DiscoveredPlugin, component_of, discover, installed_names, new_manager
from core.policy import ParameterSpec
from core.scoping import SYSTEM, actor_for, reset_actor, set_actor


@dataclasses.dataclass
class JuweiState:
    """What one app knows about its plugins, kept in ``app.extensions["juwei"]``."""

    manager: pluggy.PluginManager
    discovered: dict[str, DiscoveredPlugin]
    installed: list[str]
    components: list[Component]
    parameters: dict[str, ParameterSpec]
    permissions: dict[str, Permission]
    meeting_kinds: list[Kind] = dataclasses.field(default_factory=list)
    position_kinds: list[Kind] = dataclasses.field(default_factory=list)
    agenda_item_kinds: list[Kind] = dataclasses.field(default_factory=list)
    #: ``(model class, check)`` pairs from ``juwei_record_checks``, run on flush.
    record_checks: list[tuple[type, Any]] = dataclasses.field(default_factory=list)
    admin: Any = None
    api_resources: list[Any] = dataclasses.field(default_factory=list)
    api_paths: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: False when the database could not be read at start (plugins then unknown).
    database_ok: bool = True


def _flatten(results: list[Any]) -> list[Any]:
    return [item for result in results if result for item in result]


def load_catalogue(state: JuweiState, manager: pluggy.PluginManager) -> None:
    """Fill ``state`` with what ``manager``'s plugins declare: parameters, kinds, checks.

    ``create_app`` calls it once; the demo loader calls it again after
    installing every plugin, so plugins' demo data is checked by their rules.
    """
    hook = manager.hook
    state.parameters = {spec.key: spec for spec in _flatten(hook.juwei_policy_parameters())}
    state.permissions = {p.code: p for p in _flatten(hook.juwei_permissions())}
    state.meeting_kinds = _flatten(hook.juwei_meeting_kinds())
    state.position_kinds = _flatten(hook.juwei_position_kinds())
    state.agenda_item_kinds = _flatten(hook.juwei_agenda_item_kinds())
    state.record_checks = _flatten(hook.juwei_record_checks())


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build a juwei app from the environment and ``config`` (tests pass a mapping)."""
    instance = Path(
        (config or {}).get("JUWEI_INSTANCE") or config_module.default_instance_path()
    ).resolve()
    app = Flask("core", instance_path=str(instance), instance_relative_config=True)
    app.config.update(config_module.load(instance, config))
    instance.mkdir(parents=True, exist_ok=True)

    proxies = int(app.config.get("JUWEI_PROXY_FIX") or 0)
    if proxies:
        # Behind nginx: trust X-Forwarded-For/-Proto/-Host from that many proxies,
        # so login throttling sees the client's address, not the proxy's.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )

    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)

    with app.app_context():
        discovered = discover(app.config["JUWEI_PLUGIN_MODULES"])
        try:
            installed = [n for n in installed_names(db.engine) if n in discovered]
        except Exception:  # an unreachable database must not stop `juwei db ...`
            app.logger.error("database not reachable; starting with core only")
            installed = []
            database_ok = False
        else:
            database_ok = True
        manager = new_manager()
        for name in installed:
            manager.register(discovered[name].load(), name=name)
        manager.check_pending()  # a misspelt hook name fails here, not silently
        _build(app, manager, discovered, installed)
        app.extensions["juwei"].database_ok = database_ok
    return app


def _translation_dirs(app: Flask, manager: pluggy.PluginManager) -> str:
    dirs = []
    for plugin in manager.get_plugins():
        package = getattr(plugin, "__package__", None) or ""
        root = Path(getattr(plugin, "__file__", "") or "").parent
        if package and (root / "translations").is_dir():
            dirs.append(str(root / "translations"))
    return ";".join(dirs)


def _build(
    app: Flask,
    manager: pluggy.PluginManager,
    discovered: dict[str, DiscoveredPlugin],
    installed: list[str],
) -> None:
    hook = manager.hook
    hook.juwei_models()  # map every model before anything queries
    components = [
        component
        for name in ["core", *installed]
        if (component := component_of(manager, name)) is not None
    ]
    state = JuweiState(
        manager=manager,
        discovered=discovered,
        installed=installed,
        components=components,
        parameters={},
        permissions={},
    )
    load_catalogue(state, manager)
    app.extensions["juwei"] = state

    app.config["BABEL_TRANSLATION_DIRECTORIES"] = _translation_dirs(app, manager)
    babel.init_app(app, locale_selector=_select_locale)

    _install_request_actor(app)
    _install_security_headers(app)
    _install_health(app)
    _install_error_pages(app)

    from core.admin import build_admin
    from core.api import build_api
    from core.auth import auth_blueprint

    app.register_blueprint(auth_blueprint)
    state.admin = build_admin(app, _flatten(hook.juwei_admin_views(app=app)))
    build_api(app, _flatten(hook.juwei_api_blueprints(app=app)))
    for command in _flatten(hook.juwei_cli_commands(app=app)):
        app.cli.add_command(command)
    hook.juwei_app_ready(app=app)


def _select_locale() -> str:
    from flask import current_app, has_request_context

    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    wanted = request.args.get("lang")
    languages = current_app.config["LANGUAGES"]
    if wanted in languages:
        session["lang"] = wanted
    return str(session.get("lang") or current_app.config["BABEL_DEFAULT_LOCALE"])


def _install_request_actor(app: Flask) -> None:
    """Make the logged-in user (or the API token's user) the actor of each request."""

    @app.before_request
    def _set_actor() -> None:
        actor = None
        if current_user and current_user.is_authenticated:
            actor = actor_for(current_user)
        g.juwei_actor_token = set_actor(actor)

    @app.teardown_request
    def _reset_actor(_exc: BaseException | None) -> None:
        token = g.pop("juwei_actor_token", None)
        if token is not None:
            reset_actor(token)


def _install_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response: Any) -> Any:
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "frame-ancestors 'none'; default-src 'self' 'unsafe-inline' data:",
        )
        return response


ERROR_TITLES = {
    400: "请求无效（例如表单已过期，请刷新页面后重试）",
    403: "无权访问此页面",
    404: "页面或记录不存在，或不在您的管辖范围内",
    405: "不支持此操作",
    429: "请求过于频繁，请稍后再试",
    500: "系统出错，请稍后再试或联系区信息化管理员",
}


def _install_error_pages(app: Flask) -> None:
    """Errors in Chinese (JSON under /api/), never a traceback."""
    from flask import render_template
    from werkzeug.exceptions import HTTPException

    def handle(exc: HTTPException) -> Any:
        code = exc.code or 500
        title = ERROR_TITLES.get(code, exc.name)
        if request.path.startswith("/api/"):
            return jsonify(error=title), code
        return render_template("juwei/error.html", code=code, title=title), code

    for code in ERROR_TITLES:
        app.register_error_handler(code, handle)

    from flask_wtf.csrf import CSRFError

    def handle_csrf(exc: CSRFError) -> Any:
        title = "表单已过期或缺少安全令牌（CSRF），没有保存任何内容，请刷新页面后重试"
        if request.path.startswith("/api/"):
            return jsonify(error=title), 400
        return render_template("juwei/error.html", code=400, title=title), 400

    app.register_error_handler(CSRFError, handle_csrf)


def _install_health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz() -> Any:
        """200 with ``{"database": "ok"}`` when the database answers, else 503."""
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:
            return jsonify(status="error", database="unreachable", error=type(exc).__name__), 503
        return jsonify(status="ok", database="ok")

    csrf.exempt(healthz)


__all__ = ["SYSTEM", "JuweiState", "create_app"]
