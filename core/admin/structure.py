"""Admin views below the committee: terms, resident groups, buildings (rules C1, C2).

Every view is a :class:`ScopedModelView`, so lists, forms, exports and the
choices of select boxes reach only the user's own street or committee. The
org unit of these records is always a committee: the select box offers only
committees, and the models' ``check()`` refuses anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from flask import g
from flask_admin import BaseView
from flask_admin.contrib.sqla.filters import FilterEqual, IntEqualFilter
from sqlalchemy import func, select
from wtforms import Form, SelectField
from wtforms.validators import DataRequired, Optional

from core.admin.base import ScopedModelView, label_of
from core.admin.i18n import lazy_gettext as _l
from core.extensions import db
from core.models.committees import Building, ResidentGroup, Term
from core.models.org import OrgUnit
from core.rules.committees import term_end

_SHANGHAI = ZoneInfo("Asia/Shanghai")

#: Building kinds in the UI (rule C1).
BUILDING_KINDS = {"building": _l("楼栋"), "courtyard": _l("院落")}


def today() -> dt.date:
    """Today's date in China, the day ages and "in office" are judged on."""
    return dt.datetime.now(_SHANGHAI).date()


def committees_query() -> Any:
    """The committees a select box may offer; scoping narrows them to the user's (C1)."""
    return db.session.query(OrgUnit).filter(OrgUnit.kind == "committee").order_by(OrgUnit.code)


def committee_options() -> list[tuple[str, str]]:
    """``(id, name)`` of the committees in scope, for the "所属居委会" filter."""
    return [(str(unit.id), unit.name) for unit in committees_query()]


class RequestOptions:
    """Filter options computed on every request, not once when the view is built.

    Flask-Admin caches a filter's options when the view is created, outside
    any request and so outside any actor's scope; this object is truthy and
    runs ``factory`` each time the list page iterates it, inside the request,
    where scoping narrows the query.
    """

    def __init__(self, factory: Callable[[], list[tuple[str, Any]]]) -> None:
        self.factory = factory

    def __bool__(self) -> bool:
        return True

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.factory())


def committee_filter(column: Any) -> IntEqualFilter:
    """A filter on the committee a record belongs to, offering the committees in scope."""
    return IntEqualFilter(column, _l("所属居委会"), options=RequestOptions(committee_options))


def with_committee(record: Any) -> str:
    """A record's label prefixed with its committee, for select boxes across committees."""
    unit = record.org_unit
    return f"{unit.name} · {record}" if unit is not None else str(record)


#: ``form_args`` entry of the org unit of committee records (rule C1).
COMMITTEE_FIELD: dict[str, Any] = {
    "label": _l("所属居委会"),
    "query_factory": committees_query,
    "validators": [DataRequired()],
}


def make_optional(form_class: type[Form], *names: str) -> type[Form]:
    """Let fields of non-null columns be left empty; the view fills them in."""
    for name in names:
        unbound = getattr(form_class, name)
        unbound.kwargs["validators"] = [Optional()]
    return form_class


class CommitteeRecordView(ScopedModelView):
    """A view of records that belong to a committee, chosen in the form's org unit box."""

    def on_model_change(self, form: Form, model: Any, is_created: bool) -> None:
        # The form sets the relationship; the models' check() compares ids
        # (a group's org_unit_id with the record's), which the ORM fills in
        # only at flush. Set the id now so the checks compare like with like.
        unit = getattr(model, "org_unit", None)
        if unit is not None and unit.id is not None and model.org_unit_id != unit.id:
            model.org_unit_id = unit.id
        super().on_model_change(form, model, is_created)


class TermView(CommitteeRecordView):
    """A committee's terms of office (届); the end defaults to five years on (C2)."""

    column_list = ["org_unit", "number", "start_date", "end_date"]
    column_labels = {
        "org_unit": _l("所属居委会"),
        "number": _l("届次"),
        "start_date": _l("开始日期"),
        "end_date": _l("结束日期"),
        "note": _l("备注"),
    }
    column_searchable_list = ["org_unit.name"]
    column_default_sort = ("start_date", True)
    column_descriptions = {"end_date": _l("留空则按任期五年自动计算（开始日期五年后的前一天）(C2)")}
    form_columns = ["org_unit", "number", "start_date", "end_date", "note"]
    form_args: dict[str, Any] = {"org_unit": COMMITTEE_FIELD}

    def __init__(self, **kwargs: Any) -> None:
        self.column_filters = [
            committee_filter(Term.org_unit_id),
            "number",
            "start_date",
            "end_date",
        ]
        super().__init__(Term, name=_l("届期"), category=_l("组织机构"), endpoint="term", **kwargs)

    def scaffold_form(self) -> type[Form]:
        return make_optional(super().scaffold_form(), "end_date")

    def on_model_change(self, form: Form, model: Term, is_created: bool) -> None:
        # rule C2: a term lasts five years unless the record says otherwise.
        if model.end_date is None and model.start_date is not None:
            model.end_date = term_end(model.start_date)
        super().on_model_change(form, model, is_created)


def _building_count(_view: Any, _context: Any, model: ResidentGroup, _name: str) -> int:
    counts: dict[int, int] = getattr(g, "juwei_building_counts", {})
    return counts.get(model.id, 0)


class ResidentGroupView(CommitteeRecordView):
    """A committee's resident groups and how many buildings each covers (C1)."""

    column_list = ["org_unit", "number", "name", "building_count", "dissolved_on"]
    column_details_list = ["org_unit", "number", "name", "buildings", "dissolved_on", "note"]
    column_labels = {
        "org_unit": _l("所属居委会"),
        "number": _l("序号"),
        "name": _l("名称"),
        "building_count": _l("楼栋院落数"),
        "buildings": _l("楼栋院落"),
        "dissolved_on": _l("撤销日期"),
        "note": _l("备注"),
    }
    column_searchable_list = ["name", "org_unit.name"]
    column_sortable_list = ["number", "name", "dissolved_on"]
    column_default_sort = "number"
    column_formatters = {"building_count": _building_count}
    form_columns = ["org_unit", "number", "name", "dissolved_on", "note"]
    form_args: dict[str, Any] = {"org_unit": COMMITTEE_FIELD}

    def __init__(self, **kwargs: Any) -> None:
        self.column_filters = [committee_filter(ResidentGroup.org_unit_id), "name", "dissolved_on"]
        super().__init__(
            ResidentGroup,
            name=_l("居民小组"),
            category=_l("组织机构"),
            endpoint="residentgroup",
            **kwargs,
        )

    def get_list(self, *args: Any, **kwargs: Any) -> Any:
        count, data = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True):
            # One query for the page's counts, whatever the page size (decision 10).
            ids = [group.id for group in data]
            g.juwei_building_counts = (
                dict(
                    db.session.execute(
                        select(Building.resident_group_id, func.count(Building.id))
                        .where(Building.resident_group_id.in_(ids))
                        .group_by(Building.resident_group_id)
                    ).all()
                )
                if ids
                else {}
            )
        return count, data


class BuildingView(CommitteeRecordView):
    """Buildings (楼栋) and courtyards (院落), each in a group of its own committee (C1)."""

    column_list = ["org_unit", "name", "kind", "resident_group", "address"]
    column_labels = {
        "org_unit": _l("所属居委会"),
        "name": _l("名称"),
        "kind": _l("类型"),
        "resident_group": _l("居民小组"),
        "address": _l("地址"),
    }
    column_searchable_list = ["name", "address", "org_unit.name"]
    column_sortable_list = ["name", "kind", "address"]
    column_default_sort = "name"
    column_formatters = {"kind": label_of(BUILDING_KINDS)}
    form_columns = ["org_unit", "name", "kind", "resident_group", "address"]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "kind": {
            "label": _l("类型"),
            "choices": [(k, v) for k, v in BUILDING_KINDS.items()],
            "validators": [DataRequired()],
        },
        "resident_group": {
            "label": _l("居民小组"),
            "query_factory": lambda: db.session.query(ResidentGroup).order_by(
                ResidentGroup.org_unit_id, ResidentGroup.number
            ),
            "get_label": with_committee,
        },
    }

    def __init__(self, **kwargs: Any) -> None:
        self.column_filters = [
            committee_filter(Building.org_unit_id),
            FilterEqual(Building.kind, _l("类型"), options=list(BUILDING_KINDS.items())),
            "name",
        ]
        super().__init__(
            Building, name=_l("楼栋院落"), category=_l("组织机构"), endpoint="building", **kwargs
        )


def views() -> list[BaseView]:
    """The admin views of this module, in menu order."""
    return [TermView(), ResidentGroupView(), BuildingView()]
