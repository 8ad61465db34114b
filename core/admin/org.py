"""Admin view of the org tree (rule C1)."""

from __future__ import annotations

from typing import Any

from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView, label_of
from core.models.org import OrgUnit
from core.models.users import Role
from core.rules.divisions import KIND_LABELS

KIND_CHOICES = [(kind.value, label) for kind, label in KIND_LABELS.items()]


class OrgUnitView(ScopedModelView):
    """Districts, streets and committees with their 12-digit division codes."""

    write_roles = frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.STREET_OFFICER})
    allow_delete = False  # units are referred to by everything: never deleted (decision 6)
    column_list = ["code", "name", "kind", "parent"]
    column_labels = {"code": "区划代码", "name": "名称", "kind": "类型", "parent": "上级单位"}
    column_searchable_list = ["code", "name"]
    column_filters = ["kind", "name", "code"]
    column_default_sort = "code"
    column_formatters = {"kind": label_of({k.value: v for k, v in KIND_LABELS.items()})}
    column_descriptions = {
        "code": "12位统计用区划代码：6位区县 + 3位街道 + 3位社区；下级代码须以上级代码开头 (C1)",
    }
    form_columns = ["kind", "code", "name", "parent"]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "kind": {"choices": KIND_CHOICES, "label": "类型", "validators": [DataRequired()]},
        "code": {"label": "区划代码"},
        "name": {"label": "名称"},
        "parent": {"label": "上级单位"},
    }
    export_types = ["csv", "xlsx"]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            OrgUnit, name="组织机构", category="组织机构", endpoint="orgunit", **kwargs
        )
