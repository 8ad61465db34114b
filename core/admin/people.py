"""Admin views of residents: households, people, positions, representatives' households.

Rules: C2 (composition warnings after a committee position is saved; the
errors are refused by ``Position.check()``), C3 (age today), C10 (ID and
phone numbers masked unless the role may see them, every whole view
audited: ``core.personal``), C11 (households a representative keeps in
touch with), C12 (supervision group warnings).
"""

from __future__ import annotations

from typing import Any

from flask import flash, g, request
from flask_admin import BaseView, expose
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from markupsafe import Markup
from sqlalchemy import func, or_, select
from wtforms import Form, SelectField
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView, label_of
from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.admin.structure import (
    COMMITTEE_FIELD,
    CommitteeRecordView,
    RequestOptions,
    committee_filter,
    today,
    with_committee,
)
from core.extensions import db
from core.kinds import COMMITTEE_KINDS, REPRESENTATIVE, kind_of, registered
from core.models.committees import Building, Term
from core.models.people import Household, Person
from core.models.positions import Position, RepresentativeHousehold
from core.personal import (
    exact_identity_clause,
    log_whole_view,
    may_see_identity,
    shown_id_number,
    shown_phone,
)
from core.positions import composition_on, supervision_on
from core.rules.age import age_explained

SEX_NAMES = {"male": _l("男"), "female": _l("女")}


def _member_count(_view: Any, _context: Any, model: Household, _name: str) -> int:
    return getattr(g, "juwei_member_counts", {}).get(model.id, 0)  # type: ignore[no-any-return]


class HouseholdView(CommitteeRecordView):
    """Registered households of a committee, with their building and member count (C1, C3)."""

    column_list = ["org_unit", "number", "address", "building", "member_count"]
    column_details_list = ["org_unit", "number", "address", "building", "members"]
    column_labels = {
        "org_unit": _l("所属居委会"),
        "number": _l("户号"),
        "address": _l("地址"),
        "building": _l("楼栋院落"),
        "member_count": _l("人数"),
        "members": _l("成员"),
    }
    column_searchable_list = ["number", "address", "org_unit.name"]
    column_sortable_list = ["number", "address"]
    column_default_sort = "number"
    column_formatters = {"member_count": _member_count}
    form_columns = ["org_unit", "number", "address", "building"]
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "building": {
            "label": _l("楼栋院落"),
            "query_factory": lambda: db.session.query(Building).order_by(
                Building.org_unit_id, Building.name
            ),
            "get_label": with_committee,
        },
    }

    def __init__(self, **kwargs: Any) -> None:
        self.column_filters = [committee_filter(Household.org_unit_id), "building.name"]
        super().__init__(
            Household, name=_l("户"), category=_l("居民"), endpoint="household", **kwargs
        )

    def get_list(self, *args: Any, **kwargs: Any) -> Any:
        count, data = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True):
            # One query for the page's counts, whatever the page size (decision 10).
            ids = [household.id for household in data]
            stmt = (
                select(Person.household_id, func.count(Person.id))
                .where(Person.household_id.in_(ids))
                .group_by(Person.household_id)
            )
            g.juwei_member_counts = dict(db.session.execute(stmt).all()) if ids else {}
        return count, data


def _identity(field: str) -> Any:
    """A formatter showing ``field`` whole or masked, as the actor may see it (C10)."""
    shown = shown_id_number if field == "id_number" else shown_phone

    def formatter(_view: Any, _context: Any, model: Person, _name: str) -> str:
        return shown(model, whole=may_see_identity())

    return formatter


def _age(_view: Any, _context: Any, model: Person, _name: str) -> Any:
    # rule C3: full years today, the birthday itself included.
    day = today()
    return model.age_on(day) if model.birth_date and model.birth_date <= day else ""


PERSON_FORMATTERS = {
    "sex": label_of(SEX_NAMES),
    "age": _age,
    "id_number": _identity("id_number"),
    "phone": _identity("phone"),
}


class PersonView(CommitteeRecordView):
    """People on record. ID and phone numbers are personal information (rule C10).

    Masked for roles without ``core.people.identity`` in the list, the
    details and the exports; those roles' edit form leaves both fields out,
    so a masked value can never be saved back. Roles with the permission
    see them whole, and each whole view (list, details, export, edit form)
    is audited per person. Search looks up names, or a whole ID or mobile
    number by equality, never a part of one.
    """

    details_template = "juwei/person_details.html"
    column_list = [
        "name",
        "sex",
        "birth_date",
        "age",
        "id_number",
        "phone",
        "household",
        "org_unit",
        "employed",
        "party_member",
        "npc_deputy",
        "cppcc_member",
    ]
    column_details_list = [*column_list, "note"]
    column_labels = {
        "name": _l("姓名"),
        "sex": _l("性别"),
        "birth_date": _l("出生日期"),
        "age": _l("年龄（周岁）"),
        "id_number": _l("身份证号"),
        "phone": _l("电话"),
        "household": _l("户"),
        "org_unit": _l("所属居委会"),
        "employed": _l("在职"),
        "party_member": _l("党员"),
        "npc_deputy": _l("人大代表"),
        "cppcc_member": _l("政协委员"),
        "note": _l("备注"),
    }
    column_searchable_list = ["name"]
    # Never sortable by a masked column: the order would hint at the hidden digits.
    column_sortable_list = ["name", "sex", "birth_date"]
    column_default_sort = "name"
    column_formatters = PERSON_FORMATTERS
    column_formatters_detail = PERSON_FORMATTERS
    column_formatters_export = PERSON_FORMATTERS
    form_columns = [
        "org_unit",
        "name",
        "sex",
        "birth_date",
        "id_number",
        "phone",
        "household",
        "employed",
        "party_member",
        "npc_deputy",
        "cppcc_member",
        "note",
    ]
    form_overrides = {"sex": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "sex": {"label": _l("性别"), "choices": list(SEX_NAMES.items())},
        "id_number": {"label": _l("身份证号"), "description": _l("18位居民身份证号 (C10)")},
    }
    form_ajax_refs = {"household": {"fields": ["number", "address"], "page_size": 10}}

    def __init__(self, **kwargs: Any) -> None:
        self.column_filters = [
            committee_filter(Person.org_unit_id),
            FilterEqual(Person.sex, _l("性别"), options=list(SEX_NAMES.items())),
            "employed",
            "party_member",
            "npc_deputy",
            "cppcc_member",
            "birth_date",
        ]
        super().__init__(Person, name=_l("人员"), category=_l("居民"), endpoint="person", **kwargs)

    def search_placeholder(self) -> str:
        return gettext("姓名，或完整的身份证号、手机号")

    def _apply_search(
        self, query: Any, count_query: Any, joins: Any, count_joins: Any, search: str
    ) -> Any:
        exact = exact_identity_clause(search)
        if exact is None:
            return super()._apply_search(query, count_query, joins, count_joins, search)
        if count_query is not None:
            count_query = count_query.filter(exact)
        return query.filter(exact), count_query, joins, count_joins

    # rule C10: remember who was shown whole; log once the response is built.
    def get_list(self, *args: Any, **kwargs: Any) -> Any:
        count, data = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True) and may_see_identity():
            g.juwei_people_shown = list(data)
        return count, data

    def _log_shown(self, where: str) -> None:
        shown = getattr(g, "juwei_people_shown", None)
        if shown:
            g.juwei_people_shown = None
            log_whole_view(shown, where)

    @expose("/")
    def index_view(self) -> Any:
        response = super().index_view()
        self._log_shown("list")
        return response

    def _export_tablib(self, export_type: str, return_url: str) -> Any:
        response = super()._export_tablib(export_type, return_url)
        self._log_shown("export")
        return response

    @expose("/details/")
    def details_view(self) -> Any:
        response = super().details_view()
        self._log_one(response, "details")
        return response

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self) -> Any:
        response = super().edit_view()
        self._log_one(response, "edit")
        return response

    def _log_one(self, response: Any, where: str) -> None:
        record_id = request.args.get("id")
        if isinstance(response, str) and record_id and may_see_identity():
            log_whole_view([self.get_one(record_id)], where)

    def edit_form(self, obj: Any = None) -> Form:
        form = super().edit_form(obj)
        if not may_see_identity():
            # The stored values stay as they are; the form neither shows nor saves them.
            for name in ("id_number", "phone"):
                if name in form:
                    del form[name]
        return form

    def identity_whole(self) -> bool:
        """Whether the current page shows ID and phone numbers whole (for the template)."""
        return may_see_identity()

    def age_explanation(self, person: Person) -> str:
        """The age today with the sentence explaining it (rule C3), for the details page."""
        day = today()
        if person.birth_date is None or person.birth_date > day:
            return ""
        return age_explained(person.birth_date, day).explanation


# --- positions (C2, C11, C12) ---------------------------------------------------------


def _kind_choices() -> list[tuple[str, str]]:
    # Kind labels are message ids: core's have English in the catalogue (test_i18n).
    return [(kind.code, gettext(kind.label)) for kind in registered("position")]


def _kind_label(_view: Any, _context: Any, model: Any, name: str) -> Any:
    code = getattr(model, name)
    kind = kind_of("position", code)
    return Markup.escape(gettext(kind.label) if kind is not None else code)


def _office(_view: Any, _context: Any, model: Position, _name: str) -> str:
    day = today()
    if model.start_date is not None and model.start_date > day:
        return gettext("未到任")
    return gettext("在任") if model.held_on(day) else gettext("已离任")


class InOfficeFilter(BaseSQLAFilter):
    """Positions held today (在任) or not (已离任/未到任)."""

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        day = today()
        held = (Position.start_date <= day) & or_(
            Position.end_date.is_(None), Position.end_date >= day
        )
        return query.filter(held if value == "1" else ~held)

    def operation(self) -> Any:
        return _l("为")


class PositionView(CommitteeRecordView):
    """Positions held in a committee's bodies, with history (C2); newest first."""

    column_list = [
        "person",
        "kind",
        "org_unit",
        "resident_group",
        "term",
        "start_date",
        "end_date",
        "in_office",
    ]
    column_labels = {
        "person": _l("姓名"),
        "kind": _l("职务"),
        "org_unit": _l("所属居委会"),
        "resident_group": _l("居民小组"),
        "term": _l("届期"),
        "start_date": _l("任职开始"),
        "end_date": _l("任职结束"),
        "in_office": _l("状态"),
        "note": _l("备注"),
    }
    column_searchable_list = ["person.name"]
    column_sortable_list = ["kind", "start_date", "end_date"]
    column_default_sort = ("start_date", True)
    column_formatters = {"kind": _kind_label, "in_office": _office}
    form_columns = [
        "org_unit",
        "person",
        "kind",
        "resident_group",
        "term",
        "start_date",
        "end_date",
        "note",
    ]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "kind": {"label": _l("职务"), "choices": _kind_choices, "validators": [DataRequired()]},
        "resident_group": {"label": _l("居民小组"), "get_label": with_committee},
        "term": {
            "label": _l("届期"),
            "query_factory": lambda: db.session.query(Term).order_by(Term.start_date.desc()),
            "get_label": with_committee,
        },
    }
    form_ajax_refs = {"person": {"fields": ["name"], "page_size": 10}}

    def __init__(self, **kwargs: Any) -> None:
        self.column_filters = [
            FilterEqual(Position.kind, _l("职务"), options=RequestOptions(_kind_choices)),
            InOfficeFilter(
                Position.id, _l("在任"), options=[("1", _l("在任")), ("0", _l("不在任"))]
            ),
            committee_filter(Position.org_unit_id),
            "start_date",
        ]
        super().__init__(
            Position, name=_l("职务"), category=_l("居民"), endpoint="position", **kwargs
        )

    def after_model_change(self, form: Form, model: Position, is_created: bool) -> None:
        # Errors were refused by Position.check(); warnings are facts to fix (C2, C12).
        day = today()
        if model.kind in COMMITTEE_KINDS:
            result = composition_on(db.session, model.org_unit_id, day)
            if result.warnings:
                flash(gettext("请注意（%(day)s）：", day=day) + result.explanation, "warning")
        elif model.kind.startswith("supervision."):
            check = supervision_on(db.session, model.org_unit_id, day)
            if check.warning:
                flash(gettext("请注意（%(day)s）：", day=day) + check.explanation, "warning")


class RepresentativeHouseholdView(ScopedModelView):
    """The households each resident representative keeps in touch with (rule C11)."""

    column_list = ["position", "household", "org_unit"]
    column_labels = {
        "position": _l("居民代表"),
        "household": _l("联系户"),
        "org_unit": _l("所属居委会"),
    }
    column_searchable_list = ["household.number", "household.address"]
    column_sortable_list: list[str] = []
    form_columns = ["position", "household"]
    form_args: dict[str, Any] = {
        "position": {
            "label": _l("居民代表"),
            "query_factory": lambda: db.session.query(Position).filter(
                Position.kind == REPRESENTATIVE
            ),
            "get_label": with_committee,
            "validators": [DataRequired()],
        },
        "household": {"label": _l("联系户"), "validators": [DataRequired()]},
    }
    form_ajax_refs = {"household": {"fields": ["number", "address"], "page_size": 10}}

    def __init__(self, **kwargs: Any) -> None:
        self.column_filters = [committee_filter(RepresentativeHousehold.org_unit_id)]
        super().__init__(
            RepresentativeHousehold,
            name=_l("居民代表联系户"),
            category=_l("居民"),
            endpoint="representativehousehold",
            **kwargs,
        )


def views() -> list[BaseView]:
    """The admin views of this module, in menu order."""
    return [HouseholdView(), PersonView(), PositionView(), RepresentativeHouseholdView()]
