"""Configuration from the environment, the instance folder and ``create_app(config)``.

Order (later wins): built-in defaults, ``<instance>/juwei.cfg`` (a Python file,
for operators who prefer a file), ``JUWEI_*`` environment variables, the
mapping passed to ``create_app``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A configuration that must stop the app from starting; the message says how to fix it."""


DEFAULTS: dict[str, Any] = {
    "BABEL_DEFAULT_LOCALE": "zh_CN",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
    "LANGUAGES": {"zh_CN": "中文", "en": "English"},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "JUWEI_DEMO": False,
    "JUWEI_PLUGIN_MODULES": [],
    "JUWEI_LOGIN_MAX_FAILURES": 5,
    "JUWEI_LOGIN_WINDOW_MINUTES": 15,
    "FLASK_ADMIN_SWATCH": "default",
}


def default_instance_path() -> Path:
    """``$JUWEI_INSTANCE`` or ``./instance``."""
    return Path(os.environ.get("JUWEI_INSTANCE") or Path.cwd() / "instance").resolve()


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def load(instance_path: Path, overrides: dict[str, Any] | None) -> dict[str, Any]:
    """The merged configuration; raises ``ConfigError`` on a production start without a secret."""
    config: dict[str, Any] = dict(DEFAULTS)
    cfg_file = instance_path / "juwei.cfg"
    if cfg_file.is_file():
        namespace: dict[str, Any] = {}
        exec(compile(cfg_file.read_text("utf-8"), str(cfg_file), "exec"), namespace)
        config.update({k: v for k, v in namespace.items() if k.isupper()})

    env = os.environ
    if env.get("JUWEI_DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = env["JUWEI_DATABASE_URL"]
    if env.get("JUWEI_SECRET_KEY"):
        config["SECRET_KEY"] = env["JUWEI_SECRET_KEY"]
    if env.get("JUWEI_PLUGIN_MODULES"):
        config["JUWEI_PLUGIN_MODULES"] = env["JUWEI_PLUGIN_MODULES"].split(",")
    if _truthy(env.get("JUWEI_DEMO")):
        config["JUWEI_DEMO"] = True
    if env.get("JUWEI_PROXY_FIX"):
        config["JUWEI_PROXY_FIX"] = int(env["JUWEI_PROXY_FIX"])
    if env.get("JUWEI_STORAGE"):
        config["JUWEI_STORAGE"] = env["JUWEI_STORAGE"]
    if env.get("JUWEI_MAX_UPLOAD_BYTES"):
        config["JUWEI_MAX_UPLOAD_BYTES"] = int(env["JUWEI_MAX_UPLOAD_BYTES"])
    config.update(overrides or {})

    config.setdefault(
        "SQLALCHEMY_DATABASE_URI", f"sqlite:///{(instance_path / 'juwei.sqlite3').as_posix()}"
    )
    config.setdefault("JUWEI_STORAGE", str(instance_path / "files"))
    relaxed = config.get("JUWEI_DEMO") or config.get("DEBUG") or config.get("TESTING")
    if config.get("JUWEI_CLI") and not config.get("SECRET_KEY"):
        # Management commands set no cookies; a throwaway key is enough.
        config["SECRET_KEY"] = secrets.token_hex(32)
    if not config.get("SECRET_KEY"):
        if not relaxed:
            raise ConfigError(
                "JUWEI_SECRET_KEY is not set. Production refuses to start without a secret key: "
                "set JUWEI_SECRET_KEY in the environment (e.g. "
                "`export JUWEI_SECRET_KEY=$(python3 -c 'import secrets; "
                "print(secrets.token_hex(32))')`) or SECRET_KEY in instance/juwei.cfg. "
                "For a local try-out use `juwei serve --demo`."
            )
        config["SECRET_KEY"] = _demo_secret(instance_path)
    if relaxed and "SESSION_COOKIE_SECURE" not in (overrides or {}):
        # Demo and debug run on plain http://127.0.0.1, where a secure cookie is never sent back.
        config["SESSION_COOKIE_SECURE"] = False
        config["REMEMBER_COOKIE_SECURE"] = False
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        # SQLite serialises writers; wait for the lock instead of failing at once.
        options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("connect_args", {"timeout": 30})
        config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    return config


def _demo_secret(instance_path: Path) -> str:
    """A random key kept in the instance folder, so demo sessions survive a restart."""
    path = instance_path / "demo-secret-key"
    try:
        instance_path.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(secrets.token_hex(32), "utf-8")
            path.chmod(0o600)
        return path.read_text("utf-8").strip()
    except OSError:
        return secrets.token_hex(32)
