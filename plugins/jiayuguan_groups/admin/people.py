"""在职登记: the periods people are in employment, which stop their subsidy (rule J4)."""

from __future__ import annotations

from typing import Any

from flask_admin import BaseView
from flask_admin.contrib.sqla.filters import FilterLike
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView
from core.admin.structure import committee_filter
from plugins.jiayuguan_groups.admin import CATEGORY
from plugins.jiayuguan_groups.models import Employment


class EmploymentView(ScopedModelView):
    """在职登记: periods per person; overlapping or reversed periods are refused (J4)."""

    column_list = ["person", "org_unit", "start_date", "end_date", "employer"]
    column_labels = {
        "person": "姓名",
        "org_unit": "所属居委会",
        "start_date": "在职开始日期",
        "end_date": "在职结束日期",
        "employer": "工作单位",
        "note": "备注",
    }
    column_descriptions = {
        "start_date": "在职期间不发工作补贴，只有非在职人员领取 (J4)",
        "end_date": "仍在职的留空",
    }
    column_searchable_list = ["person.name", "employer"]
    column_sortable_list = ["start_date", "end_date"]
    column_default_sort = ("start_date", True)
    form_columns = ["person", "start_date", "end_date", "employer", "note"]
    form_args: dict[str, Any] = {
        "person": {"label": "姓名", "validators": [DataRequired()]},
        "start_date": {"label": "在职开始日期", "validators": [DataRequired()]},
    }
    form_ajax_refs = {"person": {"fields": ["name"], "page_size": 10}}

    def __init__(self) -> None:
        self.column_filters = [
            committee_filter(Employment.org_unit_id),
            FilterLike("person.name", "姓名"),
            "start_date",
            "end_date",
        ]
        super().__init__(
            Employment,
            name="在职登记",
            category=CATEGORY,
            endpoint="jy_employment",
            url="/admin/jiayuguan/employment",
        )

    def on_model_change(self, form: Any, model: Employment, is_created: bool) -> None:
        """Refuse reversed or overlapping periods (J4) before anything is written."""
        model.employer = model.employer or ""
        model.note = model.note or ""
        if model.person is not None and model.person.id is not None:
            model.person_id = model.person.id
        super().on_model_change(form, model, is_created)


def views() -> list[BaseView]:
    """The employment view."""
    return [EmploymentView()]
