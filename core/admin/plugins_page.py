"""A read-only page of discovered and installed plugins, for district IT."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_admin import expose

from core.admin.base import ProtectedBaseView
from core.admin.i18n import lazy_gettext as _l


class PluginsView(ProtectedBaseView):
    """Which locality plugins this installation has, and which are installed."""

    permission = "core.plugins.read"

    def __init__(
        self,
        name: Any = None,
        category: Any = None,
        endpoint: str | None = "plugins",
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name=_l("地方插件") if name is None else name,
            category=_l("系统管理") if category is None else category,
            endpoint=endpoint,
            **kwargs,
        )

    @expose("/")
    def index(self) -> Any:
        state = current_app.extensions["juwei"]
        rows = [
            {
                "name": plugin.name,
                "version": plugin.version,
                "description": plugin.description,
                "installed": plugin.name in state.installed,
            }
            for plugin in state.discovered.values()
        ]
        return self.render("juwei/plugins.html", rows=rows)
