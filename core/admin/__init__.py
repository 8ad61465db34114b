"""The Flask-Admin UI: one ``Admin`` per app, views contributed through hooks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask
from flask_admin import Admin, BaseView
from flask_admin.theme import Bootstrap4Theme

from core.admin.base import JuweiIndexView, ProtectedBaseView, ScopedModelView, label_of
from core.admin.i18n import lazy_gettext as _l

# Menu categories in the order staff expect them; plugin categories sit after the org tree.
# Compared with ``str(view.category)``: outside a request a lazy category is its
# Chinese message id (core.admin.i18n), so lazy and plain categories both match.
CATEGORY_ORDER = ["组织机构", "居民", "会议", "群众意见", "政策参数", "系统管理"]
#: Where plugin categories go: after core's records, before parameters and system
#: pages, since plugin pages are the staff's daily work.
PLUGIN_RANK = 3.5


def _category_rank(view: BaseView) -> float:
    category = str(view.category) if view.category is not None else None
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else PLUGIN_RANK


def _translatable(text: Any) -> Any:
    # Names and categories given as plain text (core.builtin, plugins) are looked
    # up in the catalogues when shown, like the lazy ones: the msgid is the text.
    return _l(text) if isinstance(text, str) else text


def build_admin(app: Flask, views: Iterable[BaseView]) -> Admin:
    """Create this app's admin at ``/admin/`` and add every contributed view."""
    admin = Admin(
        app,
        name=_l("居委会管理系统"),
        theme=Bootstrap4Theme(base_template="juwei/base.html", fluid=True),
        index_view=JuweiIndexView(name=_l("首页"), url="/admin"),
    )
    ordered = sorted(views, key=_category_rank)
    for view in ordered:
        view.name = _translatable(view.name)
        view.category = _translatable(view.category)
        admin.add_view(view)
    return admin


__all__ = ["ProtectedBaseView", "ScopedModelView", "build_admin", "label_of"]
