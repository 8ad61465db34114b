"""Admin view of the org tree (rule C1)."""

from __future__ import annotations

from typing import Any

from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView, label_of
from core.admin.i18n import lazy_gettext as _l
from core.models.org import OrgUnit
from core.rules.divisions import OrgKind

#: The kinds' names in the UI. The same Chinese texts as ``KIND_LABELS`` of
#: core.rules.divisions (which stay Chinese in domain messages), translatable here;
#: tests/test_i18n.py checks that both agree.
KIND_NAMES = {
    OrgKind.DISTRICT: _l("区"),
    OrgKind.STREET: _l("街道"),
    OrgKind.COMMITTEE: _l("居委会"),
}

KIND_CHOICES = [(kind.value, label) for kind, label in KIND_NAMES.items()]


class OrgUnitView(ScopedModelView):
    """Districts, streets and committees with their 12-digit division codes."""

    write_permission = "core.org.manage"
    allow_delete = False  # units are referred to by everything: never deleted (decision 6)
    column_list = ["code", "name", "kind", "parent"]
    column_labels = {
        "code": _l("区划代码"),
        "name": _l("名称"),
        "kind": _l("类型"),
        "parent": _l("上级单位"),
    }
    column_searchable_list = ["code", "name"]
    column_filters = ["kind", "name", "code"]
    column_default_sort = "code"
    column_formatters = {"kind": label_of({k.value: v for k, v in KIND_NAMES.items()})}
    column_descriptions = {
        "code": _l(
            "12位统计用区划代码：6位区县 + 3位街道 + 3位社区；下级代码须以上级代码开头 (C1)"
        ),
    }
    form_columns = ["kind", "code", "name", "parent"]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "kind": {"choices": KIND_CHOICES, "label": _l("类型"), "validators": [DataRequired()]},
        "code": {"label": _l("区划代码")},
        "name": {"label": _l("名称")},
        "parent": {"label": _l("上级单位")},
    }
    export_types = ["csv", "xlsx"]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            OrgUnit, name=_l("组织机构"), category=_l("组织机构"), endpoint="orgunit", **kwargs
        )
