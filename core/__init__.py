"""juwei (居委) core: the framework and the national rules (C1–C14).

Plugins import what they need from here::

    from core import hookimpl, ScopedModelView, OrgScoped, Versioned, ParameterSpec
"""

from core.hookspecs import hookimpl


def create_app(config=None):  # type: ignore[no-untyped-def]
    """Build a juwei app (see ``core.app.create_app``)."""
    from core.app import create_app as _create_app

    return _create_app(config)


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # Lazy re-exports: importing ``core`` must stay cheap for plugin modules.
    exports = {
        "ScopedModelView": "core.admin.base",
        "ProtectedBaseView": "core.admin.base",
        "OrgScoped": "core.models.base",
        "Versioned": "core.models.base",
        "Timestamped": "core.models.base",
        "db": "core.extensions",
        "ParameterSpec": "core.policy",
        "ParamType": "core.policy",
        "ModelResource": "core.api.resource",
        "Kind": "core.kinds",
        "Panel": "core.panels",
        "Permission": "core.permissions",
        "scoped": "core.scoping",
        "current_actor": "core.scoping",
    }
    if name in exports:
        import importlib

        return getattr(importlib.import_module(exports[name]), name)
    raise AttributeError(name)


__all__ = ["create_app", "hookimpl"]
