"""The Flask-Admin UI: one ``Admin`` per app, views contributed through hooks."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_admin import Admin, BaseView
from flask_admin.theme import Bootstrap4Theme

from core.admin.base import JuweiIndexView, ProtectedBaseView, ScopedModelView, label_of

# Menu categories in the order staff expect them; plugin categories follow.
CATEGORY_ORDER = ["组织机构", "政策参数", "系统管理"]


def build_admin(app: Flask, views: Iterable[BaseView]) -> Admin:
    """Create this app's admin at ``/admin/`` and add every contributed view."""
    admin = Admin(
        app,
        name="居委会管理系统",
        theme=Bootstrap4Theme(base_template="juwei/base.html", fluid=True),
        index_view=JuweiIndexView(name="首页", url="/admin"),
    )
    ordered = sorted(
        views,
        key=lambda v: (CATEGORY_ORDER.index(v.category) if v.category in CATEGORY_ORDER else -1,),
    )
    for view in ordered:
        admin.add_view(view)
    return admin


__all__ = ["ProtectedBaseView", "ScopedModelView", "build_admin", "label_of"]
