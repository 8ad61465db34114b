"""Policy parameters in the UI: stored values (editable by district admins) and an overview."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms import SelectField

from core.admin.base import ProtectedBaseView, ScopedModelView
from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.extensions import db
from core.models.policy import PolicyValue
from core.permissions import has_permission
from core.policy import InvalidParameterValue, NoValueInForce, resolve, specs


def _key_label(_view: Any, _context: Any, model: PolicyValue, _name: str) -> Markup:
    spec = specs().get(model.key)
    label = spec.label if spec else gettext("（未声明）")
    rule = f"（{spec.rule}）" if spec and spec.rule else ""
    return Markup(
        f"{escape(label)}{escape(rule)}<br><small class='text-muted'>{escape(model.key)}</small>"
    )


class PolicyValueView(ScopedModelView):
    """Stored values: each in force from a date, for the whole deployment or a subtree."""

    write_permission = "core.policy.edit"
    column_list = ["key", "value", "effective_from", "org_unit", "note"]
    column_labels = {
        "key": _l("参数"),
        "value": _l("取值"),
        "effective_from": _l("生效日期"),
        "org_unit": _l("适用范围"),
        "note": _l("依据/说明"),
    }
    column_formatters = {"key": _key_label}
    column_filters = ["key", "effective_from"]
    column_searchable_list = ["key", "note"]
    column_default_sort = [("key", False), ("effective_from", True)]
    form_columns = ["key", "value", "effective_from", "org_unit", "note"]
    form_overrides = {"key": SelectField}
    form_args: dict[str, Any] = {
        "key": {"label": _l("参数"), "choices": []},
        "org_unit": {"label": _l("适用范围（留空表示全部辖区）")},
        "effective_from": {"label": _l("生效日期")},
        "value": {"label": _l("取值")},
        "note": {"label": _l("依据/说明")},
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            PolicyValue,
            name=_l("参数取值"),
            category=_l("政策参数"),
            endpoint="policyvalue",
            **kwargs,
        )

    def _fill_choices(self, form: Any) -> Any:
        form.key.choices = [
            (spec.key, f"{spec.label}（{spec.rule}）" if spec.rule else spec.label)
            for spec in sorted(specs().values(), key=lambda s: s.key)
        ]
        return form

    def create_form(self, obj: Any = None) -> Any:
        return self._fill_choices(super().create_form(obj))

    def edit_form(self, obj: Any = None) -> Any:
        return self._fill_choices(super().edit_form(obj))

    def on_model_change(self, form: Any, model: PolicyValue, is_created: bool) -> None:
        spec = specs().get(model.key)
        if spec is None:
            raise ValueError(gettext("未声明的政策参数：%(key)s", key=model.key))
        try:
            spec.parse(model.value)
        except InvalidParameterValue as exc:
            raise ValueError(str(exc)) from exc
        model.value = model.value.strip()
        super().on_model_change(form, model, is_created)


class PolicyOverviewView(ProtectedBaseView):
    """Every declared parameter, its rule, default and the value in force today."""

    def __init__(
        self,
        name: Any = None,
        category: Any = None,
        endpoint: str | None = "policyoverview",
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name=_l("参数一览") if name is None else name,
            category=_l("政策参数") if category is None else category,
            endpoint=endpoint,
            **kwargs,
        )

    @expose("/")
    def index(self) -> Any:
        today = dt.date.today()
        unit = current_user.org_unit
        rows = []
        for spec in sorted(specs().values(), key=lambda s: s.key):
            try:
                resolved = resolve(db.session, spec.key, today, unit)
                current, why = resolved.chosen.value, resolved.explanation
            except NoValueInForce as exc:
                current, why = "—", str(exc)
            rows.append({"spec": spec, "current": current, "why": why})
        can_edit = has_permission(current_user.role, "core.policy.edit")
        return self.render(
            "juwei/policy_overview.html",
            rows=rows,
            today=today,
            unit=unit,
            can_edit=can_edit,
            app_name=current_app.name,
        )
