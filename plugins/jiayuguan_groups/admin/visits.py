"""走访记录 and 走访覆盖率: group members' visits to households and the share visited (J7)."""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_admin import BaseView, expose
from flask_admin.contrib.sqla.filters import FilterEqual, FilterLike
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import ProtectedBaseView, ScopedModelView, label_of
from core.admin.structure import committee_filter, today
from core.extensions import db
from core.models import Person, Position
from plugins.jiayuguan_groups.admin import CATEGORY
from plugins.jiayuguan_groups.admin.common import committee_arg, committees, day_arg
from plugins.jiayuguan_groups.kinds import GROUP_KINDS
from plugins.jiayuguan_groups.models import Visit
from plugins.jiayuguan_groups.models.visits import VISIT_KINDS
from plugins.jiayuguan_groups.rules.coverage import coverage_share
from plugins.jiayuguan_groups.rules.schedule import half_year_of
from plugins.jiayuguan_groups.visits import GroupCoverage, coverage

FINDINGS = {
    "people": "人（人员情况）",
    "places": "地（楼院、公共场所）",
    "things": "物（设施、隐患）",
    "events": "事（纠纷、诉求、意见）",
    "organisations": "组织（物业、商户、社会组织）",
}


def _group_members() -> Any:
    """People who hold or held a position in a resident group (J7: members visit)."""
    held = select(Position.person_id).where(Position.kind.in_(GROUP_KINDS))
    return db.session.query(Person).filter(Person.id.in_(held)).order_by(Person.name)


def _member_label(person: Person) -> str:
    return f"{person.org_unit.name} · {person.name}"


class VisitView(ScopedModelView):
    """走访记录: who visited which household, what they found (人地物事组织), the follow-up (J7)."""

    column_list = [
        "visited_on",
        "org_unit",
        "member",
        "household",
        "kind",
        "follow_up",
        "followed_up_on",
    ]
    column_details_list = [
        "org_unit",
        "visited_on",
        "member",
        "household",
        "kind",
        *FINDINGS,
        "follow_up",
        "followed_up_on",
    ]
    column_labels = {
        "org_unit": "所属居委会",
        "visited_on": "走访日期",
        "member": "走访人（居民小组成员）",
        "household": "走访户",
        "kind": "走访类型",
        **FINDINGS,
        "follow_up": "跟进事项",
        "followed_up_on": "跟进完成日期",
    }
    column_descriptions = {
        "member": "须在走访当日担任本居委会居民小组组长或成员 (J7)",
        "kind": "全覆盖走访与重点走访相结合 (J7)",
        "follow_up": "需办理的事项及责任人；涉及小组职责的请注明，如调解纠纷、上报安全隐患、"
        "监督物业、反映居民意见 (J5)",
        "followed_up_on": "未完成的留空",
    }
    column_formatters = {"kind": label_of(VISIT_KINDS)}
    column_formatters_export = {"kind": lambda _v, _c, m, _n: VISIT_KINDS.get(m.kind, m.kind)}
    column_searchable_list = ["household.number", "member.name", *FINDINGS, "follow_up"]
    column_sortable_list = ["visited_on", "kind", "followed_up_on"]
    column_default_sort = ("visited_on", True)
    form_columns = [
        "member",
        "household",
        "visited_on",
        "kind",
        *FINDINGS,
        "follow_up",
        "followed_up_on",
    ]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "member": {
            "label": "走访人（居民小组成员）",
            "query_factory": _group_members,
            "get_label": _member_label,
            "validators": [DataRequired()],
        },
        "household": {"label": "走访户", "validators": [DataRequired()]},
        "visited_on": {"label": "走访日期", "default": today, "validators": [DataRequired()]},
        "kind": {"label": "走访类型", "choices": list(VISIT_KINDS.items())},
    }
    form_ajax_refs = {"household": {"fields": ["number", "address"], "page_size": 10}}

    def __init__(self) -> None:
        self.column_filters = [
            committee_filter(Visit.org_unit_id),
            FilterEqual(Visit.kind, "走访类型", options=list(VISIT_KINDS.items())),
            FilterLike("member.name", "走访人"),
            "visited_on",
            "followed_up_on",
        ]
        super().__init__(
            Visit,
            name="走访记录",
            category=CATEGORY,
            endpoint="jy_visit",
            url="/admin/jiayuguan/visit",
        )

    def on_model_change(self, form: Any, model: Visit, is_created: bool) -> None:
        """Run the J7 check with ids set (the visitor held a group position that day)."""
        for name in (*FINDINGS, "follow_up"):
            if getattr(model, name) is None:
                setattr(model, name, "")
        if model.member is not None:
            model.member_id = model.member.id
        if model.household is not None:
            model.household_id = model.household.id
        super().on_model_change(form, model, is_created)


class CoverageView(ProtectedBaseView):
    """走访覆盖率: per group, the households visited at least once in a period (J7)."""

    def __init__(self) -> None:
        super().__init__(
            name="走访覆盖率",
            category=CATEGORY,
            endpoint="jy_coverage",
            url="/admin/jiayuguan/coverage",
        )

    @expose("/")
    def index(self) -> Any:
        half = half_year_of(today())
        first = day_arg("first", half.first)
        last = day_arg("last", half.last)
        if last < first:
            flash("结束日期早于开始日期，已对调", "warning")
            first, last = last, first
        chosen = committee_arg()
        rows = coverage(db.session, first, last, None if chosen is None else [chosen])
        by_committee: dict[int, list[GroupCoverage]] = {}
        for row in rows:
            by_committee.setdefault(row.committee_id, []).append(row)
        totals = {
            committee_id: coverage_share(
                sum(r.coverage.visited for r in group_rows),
                sum(r.coverage.households for r in group_rows),
            )
            for committee_id, group_rows in by_committee.items()
        }
        return self.render(
            "jiayuguan_groups/coverage.html",
            first=first,
            last=last,
            chosen=chosen,
            units=committees(),
            by_committee=by_committee,
            totals=totals,
        )


def views() -> list[BaseView]:
    """The visit views, in menu order."""
    return [VisitView(), CoverageView()]
