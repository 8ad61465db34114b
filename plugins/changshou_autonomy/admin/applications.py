"""项目申报: committees' 申报表 of the 专项资金 with their budget lines (rule S4).

``/admin/changshou/applications``: committee staff write their 申报表 with its
budget lines, submit it by the deadline (or the street's reopening) and
withdraw it until it is scored; street officers read their street's. A
printable 申报表 per application (:func:`application_form`). Refusals are
flashed in Chinese and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, g, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.fields import QuerySelectField
from markupsafe import Markup, escape
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView, label_of
from core.admin.structure import today
from core.disclosure import Notice, NoticeSection, chinese_date, render_notice, seal_line
from core.extensions import db
from core.models import OrgUnit, Role
from core.scoping import current_actor
from plugins.changshou_autonomy.admin import CATEGORY
from plugins.changshou_autonomy.admin.project_base import (
    commit,
    fund_label,
    fund_years,
    money,
    one,
)
from plugins.changshou_autonomy.api_projects import (
    SUBMITTED_FROZEN,
    attach_fund,
    fund_year_by_id,
)
from plugins.changshou_autonomy.applications import ApplicationError, submit, withdraw
from plugins.changshou_autonomy.kinds import APPLICATION_STATUSES, FEATURED_KINDS
from plugins.changshou_autonomy.models import Application, BudgetLine, FundYear


def _fund_of(application: Application) -> str:
    """The label of an application's fund, read as the street's (committees cannot load it)."""
    cache = g.setdefault("cs_funds", {})
    if application.fund_year_id not in cache:
        fund = fund_year_by_id(db.session, application.fund_year_id)
        cache[application.fund_year_id] = fund_label(fund) if fund is not None else "—"
    return str(cache[application.fund_year_id])


class ApplicationView(ScopedModelView):
    """项目申报: a committee's 申报表 with budget lines; submit, withdraw, print (S4)."""

    write_roles = frozenset({Role.COMMITTEE_STAFF})
    column_list = [
        "fund_year",
        "org_unit",
        "title",
        "kind",
        "requested",
        "status",
        "submitted_on",
    ]
    column_details_list = [
        "fund_year",
        "org_unit",
        "title",
        "kind",
        "problem",
        "plan",
        "timeline",
        "contact_name",
        "contact_phone",
        "budget_lines",
        "requested",
        "status",
        "submitted_on",
    ]
    column_labels = {
        "fund_year": "专项资金",
        "org_unit": "申报居委会",
        "title": "项目名称",
        "kind": "类型",
        "problem": "针对的问题或居民需求",
        "plan": "实施方案",
        "timeline": "时间安排",
        "contact_name": "联系人",
        "contact_phone": "联系电话",
        "budget_lines": "预算明细",
        "requested": "申请金额（元）",
        "status": "状态",
        "submitted_on": "申报日期",
    }
    column_descriptions = {
        "fund_year": "申报截止日期之后不能提交，除非街道为本居委会重新开放申报 (S4)",
        "budget_lines": "申请金额 = 各项预算之和",
    }
    column_formatters = {
        "fund_year": lambda _v, _c, m, _n: _fund_of(m),
        "kind": label_of(FEATURED_KINDS),
        "status": label_of(APPLICATION_STATUSES),
        "requested": lambda _v, _c, m, _n: money(m.requested),
        "budget_lines": lambda _v, _c, m, _n: Markup("<br>").join(
            escape(f"{line.item}：{money(line.amount)} 元") for line in m.budget_lines
        ),
    }
    column_filters = ["status", "submitted_on"]
    column_searchable_list = ["title"]
    column_default_sort = ("id", True)
    form_columns = [
        "fund",
        "title",
        "kind",
        "problem",
        "plan",
        "timeline",
        "contact_name",
        "contact_phone",
    ]
    form_choices = {"kind": [(code, label) for code, label in FEATURED_KINDS.items()]}
    form_args: dict[str, Any] = {"title": {"validators": [DataRequired()]}}
    form_extra_fields = {
        # Not the relationship itself: see ``api_projects.attach_fund``.
        "fund": QuerySelectField(
            "专项资金",
            query_factory=fund_years,
            get_label=fund_label,
            validators=[DataRequired()],
            description="申报截止日期之后不能提交，除非街道为本居委会重新开放申报 (S4)",
        )
    }
    inline_models = [
        (
            BudgetLine,
            {
                "form_columns": ["id", "item", "amount", "note"],
                "form_label": "预算明细",
                "column_labels": {"item": "预算项目", "amount": "金额（元）", "note": "说明"},
            },
        )
    ]
    details_template = "changshou_autonomy/project_details.html"

    def __init__(self) -> None:
        super().__init__(
            Application,
            name="项目申报",
            category=CATEGORY,
            endpoint="cs_application",
            url="/admin/changshou/applications",
        )

    def create_form(self, obj: Any = None) -> Any:
        """The form, with the newest fund year chosen already."""
        form = super().create_form(obj)
        if request.method == "GET" and form.fund.data is None:
            funds = fund_years()
            form.fund.data = funds[0] if funds else None
        return form

    def edit_form(self, obj: Any = None) -> Any:
        """The form, with the application's fund year chosen."""
        form = super().edit_form(obj)
        if request.method == "GET" and obj is not None:
            form.fund.data = fund_year_by_id(db.session, obj.fund_year_id)
        return form

    def on_model_change(self, form: Any, model: Application, is_created: bool) -> None:
        """The committee is the writer's own; a submitted form is frozen (S4)."""
        if is_created:
            actor = current_actor()
            unit_id = actor.org_unit_id if actor is not None else None
            model.org_unit = db.session.get(OrgUnit, unit_id) if unit_id else None
            model.status = "draft"
        elif model.status != "draft":
            raise ApplicationError(SUBMITTED_FROZEN)
        if form.fund.data is not None:
            attach_fund(model, form.fund.data)
        for line in model.budget_lines:
            line.note = line.note or ""
        for name in ("problem", "plan", "timeline", "contact_name", "contact_phone"):
            setattr(model, name, getattr(model, name) or "")
        super().on_model_change(form, model, is_created)

    def _action(self, what: str, step: Any) -> Any:
        if not self.can_edit:
            abort(403)
        application = one(self, request.form.get("id"))
        fund = fund_year_by_id(db.session, application.fund_year_id)
        if fund is not None:
            attach_fund(application, fund)  # S4's deadline check needs the street's fund
        if commit(what, lambda: step(application)):
            flash(f"已{what}：“{application.title}”", "success")
        return redirect(url_for(".details_view", id=application.id))

    @expose("/submit/", methods=["POST"])
    def submit(self) -> Any:
        """提交申报: today, on or before the deadline (or its reopening), else refused (S4)."""
        return self._action("提交申报", lambda a: submit(db.session, a, today()))

    @expose("/withdraw/", methods=["POST"])
    def withdraw(self) -> Any:
        """撤回: back to a draft, until the assessment group has scored it (S4)."""
        return self._action("撤回", lambda a: withdraw(db.session, a))

    @expose("/print/")
    def print_form(self) -> Any:
        """The printable 申报表 (A4) of one application."""
        application = one(self, request.args.get("id"))
        fund = fund_year_by_id(db.session, application.fund_year_id)
        return render_notice(
            application_form(application, fund, today()),
            back_url=url_for(".details_view", id=application.id),
        )


def application_form(application: Application, fund: FundYear | None, day: dt.date) -> Notice:
    """The 特色项目（活动）申报表 of ``application`` as a printable notice (S4)."""
    unit = application.org_unit.name if application.org_unit is not None else ""
    submitted = application.submitted_on
    facts = [
        ("项目名称", application.title),
        ("申报居委会", unit),
        ("类型", FEATURED_KINDS.get(application.kind, application.kind)),
        ("联系人", f"{application.contact_name} {application.contact_phone}".strip()),
        ("申报日期", chinese_date(submitted) if submitted else "（尚未提交）"),
        ("申报截止日期", chinese_date(fund.deadline) if fund is not None else "—"),
    ]
    lines = [(line.item, money(line.amount), line.note) for line in application.budget_lines]
    lines.append(("合计（申请金额）", money(application.requested), ""))
    return Notice(
        title="“自治家园”特色项目（活动）申报表",
        subtitle=f"{fund.org_unit.name} {fund.year}年度" if fund is not None else "",
        unit_name=unit,
        date=submitted or day,
        sections=[
            NoticeSection(heading="一、基本情况", columns=("项目", "内容"), rows=facts),
            NoticeSection(heading="二、针对的问题或居民需求", paragraphs=[application.problem]),
            NoticeSection(heading="三、实施方案", paragraphs=[application.plan]),
            NoticeSection(heading="四、时间安排", paragraphs=[application.timeline]),
            NoticeSection(
                heading="五、预算明细", columns=("预算项目", "金额（元）", "说明"), rows=lines
            ),
        ],
        footer=[seal_line(unit)],
        rule_ids=("S4",),
    )
