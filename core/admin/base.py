"""The base admin views: login, roles, scoping, the edit version and Chinese messages.

Every model view of core and of the plugins subclasses :class:`ScopedModelView`.
Scoping itself happens in the ORM (``core.scoping``), so list, detail, edit,
delete, export, ajax look-ups and the choices of relationship fields are all
narrowed; this class turns "not in scope" into a 404, an out-of-scope write
into a clear message, and a stale edit into a refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import AdminIndexView, BaseView, expose
from flask_admin.contrib.sqla import ModelView
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import Form, HiddenField

from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.extensions import db
from core.models.base import Versioned
from core.models.users import Role
from core.permissions import has_permission
from core.rules.divisions import DivisionCodeError
from core.rules.policy import NoValueInForce
from core.scoping import ScopeViolation, current_actor

#: Labels every view shares.
COMMON_LABELS = {
    "org_unit": _l("所属单位"),
    "created_at": _l("创建时间"),
    "updated_at": _l("更新时间"),
    "version_id": _l("版本"),
}

#: Shown when an edit started from an older version; ``% {"opened": ..., "now": ...}``.
STALE_MESSAGE = _l(
    "保存失败：此记录在您打开之后已被他人修改（您打开的是第 %(opened)s 版，现在是第 %(now)s 版）。"
    "您的修改没有保存，请重新打开记录，核对后再修改。"
)


class ProtectedView:
    """Login required; ``roles`` (None: every role) limits who may open the view."""

    roles: frozenset[Role] | None = None
    #: A permission code (``core.permissions``) needed to open the view; None: any login.
    permission: str | None = None

    def is_accessible(self) -> bool:
        if not (current_user and current_user.is_authenticated):
            return False
        if self.permission is not None and not has_permission(current_user.role, self.permission):
            return False
        return self.roles is None or Role(current_user.role) in self.roles

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not (current_user and current_user.is_authenticated):
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)


class ScopedModelView(ProtectedView, ModelView):
    """A Flask-Admin model view that only reaches the current user's scope.

    Subclasses say ``allow_create``/``allow_edit``/``allow_delete`` (auditors
    never get them), ``write_roles`` (who may write at all) and Chinese
    ``column_labels``.
    """

    allow_create = True
    allow_edit = True
    allow_delete = True
    #: Roles that may write through this view; None: every role but auditors.
    write_roles: frozenset[Role] | None = None
    #: A permission code needed to write through this view; None: any role but auditors.
    write_permission: str | None = None

    can_view_details = True
    can_export = True
    export_types = ["csv", "xlsx"]
    export_max_rows = 0
    page_size = 50
    can_set_page_size = True
    form_excluded_columns = ["created_at", "updated_at", "version_id"]
    column_exclude_list = ["version_id"]
    column_display_pk = False

    def __init__(self, model: type, *args: Any, **kwargs: Any) -> None:
        labels = dict(COMMON_LABELS)
        labels.update(getattr(self, "column_labels", None) or {})
        self.column_labels = labels
        if issubclass(model, Versioned):
            extra = dict(getattr(self, "form_extra_fields", None) or {})
            extra["juwei_version"] = HiddenField()
            self.form_extra_fields = extra
        columns = getattr(self, "form_columns", None)
        if columns is not None and self.form_extra_fields:
            # Flask-Admin drops extra fields that form_columns does not name.
            missing = [name for name in self.form_extra_fields if name not in columns]
            self.form_columns = [*columns, *missing]
        super().__init__(model, db, *args, **kwargs)

    # Permissions, evaluated per request from the actor's role.
    def _may_write(self) -> bool:
        actor = current_actor()
        if actor is None or actor.read_only:
            return False
        if self.write_permission is not None and not has_permission(
            actor.role, self.write_permission
        ):
            return False
        return self.write_roles is None or actor.role in self.write_roles

    @property  # type: ignore[override]
    def can_create(self) -> bool:
        return self.allow_create and self._may_write()

    @can_create.setter
    def can_create(self, value: bool) -> None:
        self.allow_create = value

    @property  # type: ignore[override]
    def can_edit(self) -> bool:
        return self.allow_edit and self._may_write()

    @can_edit.setter
    def can_edit(self, value: bool) -> None:
        self.allow_edit = value

    @property  # type: ignore[override]
    def can_delete(self) -> bool:
        return self.allow_delete and self._may_write()

    @can_delete.setter
    def can_delete(self, value: bool) -> None:
        self.allow_delete = value

    # Scoping: what the ORM does not return does not exist.
    def get_one(self, id: Any) -> Any:
        with db.session.no_autoflush:
            model = super().get_one(id)
        if model is None:
            abort(404)
        return model

    def _export_csv(self, return_url: Any) -> Any:
        # Flask-Admin streams CSV from a generator that runs after the request's
        # teardown: the session is gone (lazy loads fail) and so is the actor
        # (queries would no longer be scoped). Build it inside the request, as
        # the xlsx export does.
        return self._export_tablib("csv", return_url)

    # The edit version (decision 6).
    def edit_form(self, obj: Any = None) -> Form:
        form = super().edit_form(obj)
        if obj is not None and hasattr(form, "juwei_version") and request.method == "GET":
            form.juwei_version.data = str(obj.version_id)
        return form

    def update_model(self, form: Form, model: Any) -> bool:
        opened = getattr(form, "juwei_version", None)
        if opened is not None and opened.data and str(opened.data) != str(model.version_id):
            flash(STALE_MESSAGE % {"opened": opened.data, "now": model.version_id}, "error")
            return False
        return bool(super().update_model(form, model))

    def on_model_change(self, form: Form, model: Any, is_created: bool) -> None:
        check = getattr(model, "check", None)
        if callable(check):
            check()

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, ScopeViolation | DivisionCodeError | ValueError | NoValueInForce):
            # Domain errors (core.rules, core.scoping) stay Chinese; the frame is translated.
            flash(gettext("保存失败：%(reason)s", reason=exc), "error")
            return True
        if isinstance(exc, StaleDataError):
            flash(
                gettext("保存失败：此记录刚被他人修改或删除，您的修改没有保存，请重新打开后再改。"),
                "error",
            )
            return True
        if isinstance(exc, IntegrityError):
            flash(
                gettext("保存失败：与已有记录冲突（例如编码或名称重复），或仍被其他记录引用。"),
                "error",
            )
            return True
        return bool(super().handle_view_exception(exc))


class ProtectedBaseView(ProtectedView, BaseView):
    """A plain (non-model) admin page that needs a login."""


class JuweiIndexView(ProtectedView, AdminIndexView):
    """The admin home page: who you are, your scope, and the installed plugins."""

    @expose("/")
    def index(self) -> Any:
        from flask import current_app

        state = current_app.extensions["juwei"]
        return self.render("juwei/index.html", state=state, user=current_user)


def label_of(labels: Mapping[str, Any]) -> Any:
    """A column formatter that shows the label of a stored code (lazy labels are translated)."""

    def formatter(_view: Any, _context: Any, model: Any, name: str) -> Any:
        value = getattr(model, name)
        # str() first: a lazy label is translated here, then escaped like any text.
        return Markup.escape(str(labels.get(value, value)))

    return formatter
