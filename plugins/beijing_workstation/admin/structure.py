"""Admin views of 两会一站's assembly and committee (B1–B4, B9): overview, assembly, sub-committees.

Pages: 两会一站概况 (the overview of one committee on a day, B1, B9);
社区成员代表 and 代表名额 (B2); 代表大会会议 (the year's sessions with quorum
and the sessions-due flags, B2, B3 — the sessions themselves are core
meetings, created and edited on core's meeting pages); 专门委员会 and their
members (B4); 退休人员 (B4). The station views (posts, pay, reports,
appraisals) are in :mod:`.station`; the person select, the term field and
the committee chooser defined here are shared with them.
Every refusal of a record check is a "保存失败：…" flash and nothing is saved
(``ScopedModelView``); scoping narrows every list, form and select box.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, request
from flask_admin import BaseView, expose
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import Form, SelectField
from wtforms.validators import DataRequired

from core.admin.base import ProtectedBaseView, ScopedModelView, label_of
from core.admin.structure import (
    COMMITTEE_FIELD,
    CommitteeRecordView,
    committee_filter,
    committees_query,
    make_optional,
    today,
    with_committee,
)
from core.extensions import db
from core.models import OrgUnit, Person, Term
from plugins.beijing_workstation.admin import CATEGORY
from plugins.beijing_workstation.kinds import (
    POSTS,
    REPRESENTATIVE_KINDS,
    SUBCOMMITTEE_ROLES,
    SUBCOMMITTEES,
)
from plugins.beijing_workstation.models import (
    AssemblyMember,
    AssemblyQuota,
    Retirement,
    SubCommittee,
    SubCommitteeMember,
)

PERSON_AJAX = {"person": {"fields": ["name"], "page_size": 10}}
TERM_FIELD: dict[str, Any] = {
    "label": "届期",
    "query_factory": lambda: db.session.query(Term).order_by(Term.start_date.desc()),
    "get_label": with_committee,
}


def day_arg() -> dt.date:
    """The day in ``?on=``; today (with a flash when malformed)."""
    text = request.args.get("on", "").strip()
    if not text:
        return today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        flash(f"日期“{text}”格式不对，应为 YYYY-MM-DD；已改用今天", "warning")
        return today()


def committee_arg(units: list[OrgUnit]) -> OrgUnit | None:
    """The committee in ``?committee=`` (id or code) among ``units``; else the first."""
    text = request.args.get("committee", "").strip()
    if not text:
        return units[0] if units else None
    found = next((u for u in units if text in (str(u.id), u.code)), None)
    if found is None:
        flash("所选居委会不存在或不在您的管辖范围内", "warning")
        return units[0] if units else None
    return found


class StructureView(ProtectedBaseView):
    """两会一站概况: the assembly, committee, sub-committees and station of a committee (B1)."""

    def __init__(self) -> None:
        super().__init__(
            name="两会一站概况", category=CATEGORY, endpoint="bj_structure",
            url="/admin/beijing/structure",
        )  # fmt: skip

    @expose("/")
    def index(self) -> Any:
        """One committee's 两会一站 on a day, with the flags of B2, B4, B6 and B9."""
        from plugins.beijing_workstation.structure import overview

        units = list(committees_query())
        unit = committee_arg(units)
        day = day_arg()
        view = overview(db.session, unit, day) if unit is not None else None
        return self.render(
            "beijing_workstation/structure_overview.html",
            units=units, unit=unit, day=day, o=view, kinds=REPRESENTATIVE_KINDS, posts=POSTS,
        )  # fmt: skip


class AssemblySessionsView(ProtectedBaseView):
    """代表大会会议: the year's sessions of each committee, quorum and the sessions due (B2, B3)."""

    def __init__(self) -> None:
        super().__init__(
            name="代表大会会议", category=CATEGORY, endpoint="bj_sessions",
            url="/admin/beijing/sessions",
        )  # fmt: skip

    @expose("/")
    def index(self) -> Any:
        """Sessions of ``?year=`` (this year by default), per committee in scope."""
        from plugins.beijing_workstation.sessions import sessions_due

        day = today()
        year = request.args.get("year", type=int) or day.year
        if not 2000 <= year <= 2100:
            flash(f"年度 {year} 不对，已改为 {day.year}", "warning")
            year = day.year
        units = list(committees_query())
        chosen = request.args.get("committee", "").strip()
        shown = [u for u in units if chosen in ("", str(u.id), u.code)]
        return self.render(
            "beijing_workstation/assembly_sessions.html",
            year=year, rows=sessions_due(db.session, shown, year, day), units=units,
            chosen=chosen,
        )  # fmt: skip


class AssemblyMemberView(CommitteeRecordView):
    """社区成员代表: residents', local units' and migrants' representatives (B2)."""

    column_list = ["org_unit", "name", "kind", "unit_name", "birth_date", "voting_rights",
                   "start_date", "end_date"]  # fmt: skip
    column_labels = {
        "org_unit": "所属居委会", "person": "居民（可选）", "name": "姓名",
        "birth_date": "出生日期", "kind": "代表类别", "unit_name": "所代表的社区单位",
        "voting_rights": "享有选举权和被选举权", "term": "届期", "start_date": "任职开始",
        "end_date": "任职结束", "note": "备注",
    }  # fmt: skip
    column_descriptions = {
        "kind": "居民代表、社区单位代表、外来人口代表 (B2)",
        "birth_date": "社区成员代表须年满18周岁 (B2)；选择了居民的，可不填，取其出生日期",
        "unit_name": "社区单位代表须填写",
    }
    column_formatters = {"kind": label_of(REPRESENTATIVE_KINDS)}
    column_searchable_list = ["name", "unit_name"]
    column_default_sort = ("start_date", True)
    form_columns = ["org_unit", "person", "name", "birth_date", "kind", "unit_name",
                    "voting_rights", "term", "start_date", "end_date", "note"]  # fmt: skip
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "kind": {"label": "代表类别", "choices": list(REPRESENTATIVE_KINDS.items())},
        "term": TERM_FIELD,
    }
    form_ajax_refs = PERSON_AJAX

    def __init__(self) -> None:
        self.column_filters = [committee_filter(AssemblyMember.org_unit_id), "kind", "end_date"]
        super().__init__(
            AssemblyMember, name="社区成员代表", category=CATEGORY, endpoint="bj_assemblymember",
            url="/admin/beijing/assembly-members",
        )  # fmt: skip

    def scaffold_form(self) -> type[Form]:
        return make_optional(super().scaffold_form(), "name", "birth_date")

    def on_model_change(self, form: Form, model: AssemblyMember, is_created: bool) -> None:
        """Fill name and birth date from the resident; refuse a blank name (B2)."""
        if model.person is not None:
            model.name = model.name or model.person.name
            model.birth_date = model.birth_date or model.person.birth_date
        if not (model.name or "").strip():
            raise ValueError("请填写代表姓名，或选择一位居民 (B2)")
        model.unit_name, model.note = model.unit_name or "", model.note or ""
        super().on_model_change(form, model, is_created)


class AssemblyQuotaView(CommitteeRecordView):
    """代表名额: the number of representatives the election committee set (B2)."""

    column_list = ["org_unit", "term", "number", "decided_on", "note"]
    column_labels = {"org_unit": "所属居委会", "term": "届期", "number": "代表名额（人）",
                     "decided_on": "确定日期", "note": "备注"}  # fmt: skip
    column_descriptions = {"number": "代表人数由社区选举委员会决定 (B2)"}
    form_columns = ["org_unit", "term", "number", "decided_on", "note"]
    form_args: dict[str, Any] = {"org_unit": COMMITTEE_FIELD, "term": TERM_FIELD}

    def __init__(self) -> None:
        self.column_filters = [committee_filter(AssemblyQuota.org_unit_id)]
        super().__init__(
            AssemblyQuota, name="代表名额", category=CATEGORY, endpoint="bj_assemblyquota",
            url="/admin/beijing/assembly-quota",
        )  # fmt: skip

    def on_model_change(self, form: Form, model: AssemblyQuota, is_created: bool) -> None:
        """Refuse a quota that is not a positive number (B2)."""
        if model.number is None or model.number < 1:
            raise ValueError("代表名额须至少为 1 人 (B2)")
        model.note = model.note or ""
        super().on_model_change(form, model, is_created)


def _serving(_view: Any, _context: Any, model: SubCommittee, _name: str) -> Markup:
    """The members serving today, the chair first, and the B4 flags."""
    day = today()
    serving = [
        m
        for m in model.members
        if m.start_date <= day and (m.end_date is None or m.end_date >= day)
    ]
    serving.sort(key=lambda m: m.role != "chair")
    names = "、".join(
        f"{m.person.name}（主任）" if m.role == "chair" else m.person.name for m in serving
    )
    flags = []
    if len(serving) < 3:
        flags.append(f"仅 {len(serving)} 人，少于 3 人 (B4)")
    if not any(m.role == "chair" for m in serving):
        flags.append("未设委员会主任 (B4)")
    flag = f' <span class="text-warning bj-flag">{escape("；".join(flags))}</span>' if flags else ""
    return Markup(f"{escape(names) or '—'}{flag}")


class SubCommitteeView(CommitteeRecordView):
    """专门委员会: the committee's six sub-committees; fewer than three members flagged (B4)."""

    column_list = ["org_unit", "kind", "term", "serving"]
    column_labels = {"org_unit": "所属居委会", "kind": "专门委员会", "term": "届期",
                     "serving": "现有成员（3—5人）", "note": "备注"}  # fmt: skip
    column_formatters = {"kind": label_of(SUBCOMMITTEES), "serving": _serving}
    column_export_list = ["org_unit", "kind", "term", "note"]
    column_sortable_list = ["kind"]
    form_columns = ["org_unit", "kind", "term", "note"]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "kind": {"label": "专门委员会", "choices": list(SUBCOMMITTEES.items())},
        "term": TERM_FIELD,
    }

    def __init__(self) -> None:
        self.column_filters = [committee_filter(SubCommittee.org_unit_id)]
        super().__init__(
            SubCommittee, name="专门委员会", category=CATEGORY, endpoint="bj_subcommittee",
            url="/admin/beijing/subcommittees",
        )  # fmt: skip

    def get_query(self) -> Any:
        # The list shows each row's members: load them in two selects, not one per row.
        return (
            super()
            .get_query()
            .options(selectinload(SubCommittee.members).selectinload(SubCommitteeMember.person))
        )

    def on_model_change(self, form: Form, model: SubCommittee, is_created: bool) -> None:
        model.note = model.note or ""
        super().on_model_change(form, model, is_created)


def _subcommittees() -> Any:
    return db.session.query(SubCommittee).order_by(SubCommittee.org_unit_id, SubCommittee.kind)


class SubCommitteeMemberView(ScopedModelView):
    """专门委员会成员: 3–5 each; a sixth, a second chair or a chair from outside refused (B4)."""

    column_list = ["subcommittee", "person", "role", "source", "start_date", "end_date"]
    column_labels = {"subcommittee": "专门委员会", "person": "姓名", "role": "职务",
                     "source": "来源（楼门组长、积极分子…）", "start_date": "开始日期",
                     "end_date": "结束日期", "org_unit": "所属居委会"}  # fmt: skip
    column_descriptions = {
        "role": "委员会主任由居委会成员兼任 (B4)",
        "subcommittee": "每个委员会由楼门组长、居委会工作积极分子 3—5 人组成 (B4)",
    }
    column_formatters = {
        "role": label_of(SUBCOMMITTEE_ROLES),
        "subcommittee": lambda _v, _c, m, _n: with_committee(m.subcommittee),
    }
    form_columns = ["subcommittee", "person", "role", "source", "start_date", "end_date"]
    form_overrides = {"role": SelectField}
    form_args: dict[str, Any] = {
        "subcommittee": {"label": "专门委员会", "query_factory": _subcommittees,
                         "get_label": with_committee, "validators": [DataRequired()]},
        "role": {"label": "职务", "choices": list(SUBCOMMITTEE_ROLES.items())},
    }  # fmt: skip
    form_ajax_refs = PERSON_AJAX

    def __init__(self) -> None:
        self.column_filters = [committee_filter(SubCommitteeMember.org_unit_id)]
        super().__init__(
            SubCommitteeMember, name="专门委员会成员", category=CATEGORY,
            endpoint="bj_subcommitteemember", url="/admin/beijing/subcommittee-members",
        )  # fmt: skip

    def on_model_change(self, form: Form, model: SubCommitteeMember, is_created: bool) -> None:
        """Refuse a person of another committee; the B4 checks run in ``check()``."""
        sub, person = model.subcommittee, model.person
        if sub is not None and person is not None and person.org_unit_id != sub.org_unit_id:
            raise ValueError(f"{person.name}不是{with_committee(sub)}所在居委会的居民 (B4)")
        model.source = model.source or ""
        super().on_model_change(form, model, is_created)


class RetirementView(ScopedModelView):
    """退休人员: that a person is a retiree; the director is encouraged to be one (B4).

    The record has no unit of its own: it is reached through its person,
    so lists and forms show only the retirements of people in scope.
    """

    column_list = ["person", "retired_on"]
    column_labels = {"person": "姓名", "retired_on": "退休日期"}
    column_descriptions = {"person": "提倡由离退休人员担任居委会主任 (B4)"}
    form_columns = ["person", "retired_on"]
    form_ajax_refs = PERSON_AJAX
    can_export = False

    def __init__(self) -> None:
        super().__init__(
            Retirement, name="退休人员", category=CATEGORY, endpoint="bj_retirement",
            url="/admin/beijing/retirements",
        )  # fmt: skip

    def _in_scope(self, query: Any) -> Any:
        return query.filter(Retirement.person_id.in_(select(Person.id)))

    def get_query(self) -> Any:
        return self._in_scope(super().get_query())

    def get_count_query(self) -> Any:
        return self._in_scope(super().get_count_query())

    def get_one(self, id: Any) -> Any:
        found = self._in_scope(db.session.query(Retirement).filter(Retirement.id == id)).first()
        if found is None:
            abort(404)
        return found

    def on_model_change(self, form: Form, model: Retirement, is_created: bool) -> None:
        """Refuse a person outside the user's scope."""
        person_id = model.person.id if model.person is not None else model.person_id
        if (
            person_id is None
            or db.session.scalar(select(Person.id).where(Person.id == person_id)) is None
        ):
            raise ValueError("请选择管辖范围内的居民")
        super().on_model_change(form, model, is_created)


def views() -> list[BaseView]:
    """The assembly, committee and sub-committee views, in menu order."""
    return [
        StructureView(),
        AssemblyMemberView(),
        AssemblyQuotaView(),
        AssemblySessionsView(),
        SubCommitteeView(),
        SubCommitteeMemberView(),
        RetirementView(),
    ]
