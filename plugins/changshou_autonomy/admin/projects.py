"""专项资金, 项目申报, 项目评估 and 以奖代补资助: the project pages of 自治家园 (rule S4).

- 专项资金 (``/admin/changshou/fund``): the street's fund per year; its page
  shows budget, adjustments, awards, payments and the balance with its
  formula, records an adjustment (追加/调减), reopens submission for one
  committee, and flags the committees without an application.
- 项目申报 (``/admin/changshou/applications``): committee staff write their
  申报表 with its budget lines, submit it by the deadline and withdraw it;
  street officers read their street's. A printable 申报表 per application.
- 项目评估 (``/admin/changshou/assessments``): each assessor's four scores.
- 以奖代补资助 (``/admin/changshou/awards``): the ranking with explanations,
  决定资助, payments, the award notice (C13), xlsx files and the chart.

Refusals of the rules are flashed in Chinese and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_admin import BaseView, expose
from flask_admin.contrib.sqla.fields import QuerySelectField
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms.validators import DataRequired

from core.admin.base import ProtectedBaseView, ScopedModelView, label_of
from core.admin.structure import today
from core.disclosure import Notice, NoticeSection, chinese_date, render_notice, seal_line
from core.extensions import db
from core.models import OrgUnit, Role
from core.permissions import has_permission, require
from core.policy import resolve
from core.rules.policy import NoValueInForce
from core.scoping import ScopeViolation, current_actor
from plugins.changshou_autonomy.admin import CATEGORY
from plugins.changshou_autonomy.api_projects import (
    SUBMITTED_FROZEN,
    attach_fund,
    fund_year_by_id,
    visible_fund_years,
)
from plugins.changshou_autonomy.applications import ApplicationError, submit, withdraw
from plugins.changshou_autonomy.kinds import APPLICATION_STATUSES, CRITERIA, FEATURED_KINDS
from plugins.changshou_autonomy.models import (
    Application,
    Assessment,
    Award,
    BudgetLine,
    DeadlineExtension,
    FundAdjustment,
    FundYear,
    Payment,
)
from plugins.changshou_autonomy.parameters import SCORE_MAX
from plugins.changshou_autonomy.permissions import ASSESS, AWARD, FUND_MANAGE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSED = (ValueError, ScopeViolation, NoValueInForce)


def views() -> list[BaseView]:
    """The project views, in menu order."""
    return [FundYearView(), ApplicationView(), AssessmentView(), AwardsView()]


def _may(code: str) -> bool:
    actor = current_actor()
    return actor is not None and not actor.read_only and has_permission(actor.role, code)


def _money(value: Any) -> str:
    return f"{Decimal(value):,.2f}"


def _parse_money(text: str | None) -> Decimal:
    """An amount in yuan from a form; ``ValueError`` (Chinese) unless positive with ≤ 2 places."""
    try:
        value = Decimal((text or "").replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValueError(f"金额“{text}”不是数字") from exc
    if value <= 0 or value != value.quantize(Decimal("0.01")):
        raise ValueError("金额须大于 0，最多两位小数")
    return value


def _parse_day(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError as exc:
        raise ValueError(f"日期“{text}”格式不对，应为 YYYY-MM-DD") from exc


def _streets() -> Any:
    return db.session.query(OrgUnit).filter(OrgUnit.kind == "street").order_by(OrgUnit.code)


def _fund_years() -> Any:
    """The fund years a select box offers (committee staff: their street's)."""
    return db.session.scalars(visible_fund_years(db.session)).all()


def _fund_label(fund: FundYear) -> str:
    street = fund.org_unit.name if fund.org_unit is not None else ""
    return f"{street} {fund.year}年（截止 {fund.deadline.isoformat()}）"


def _fund_of(application: Application) -> str:
    """The label of an application's fund, read as the street's (committees cannot load it)."""
    cache = g.setdefault("cs_funds", {})
    if application.fund_year_id not in cache:
        fund = fund_year_by_id(db.session, application.fund_year_id)
        cache[application.fund_year_id] = _fund_label(fund) if fund is not None else "—"
    return str(cache[application.fund_year_id])


def _app_label(application: Application) -> str:
    unit = application.org_unit
    return f"{unit.name} · {application.title}" if unit is not None else application.title


def _one(view: ScopedModelView, value: str | None) -> Any:
    """The record ``value`` (an id from a form or the query) in scope, else 404."""
    if not (value or "").strip().isdigit():
        abort(404)
    return view.get_one(str(value).strip())


def _save(record: Any) -> None:
    db.session.add(record)
    db.session.flush()


def _commit(what: str, action: Any) -> bool:
    """Run ``action`` and commit; flash the refusal and roll back on a rule's error."""
    try:
        action()
        db.session.commit()
    except REFUSED as exc:
        db.session.rollback()
        flash(f"{what}失败：{exc}", "danger")
        return False
    return True


# --- 专项资金 -------------------------------------------------------------------------


class FundYearView(ScopedModelView):
    """专项资金: the street's fund per year; its page shows the balance and its formula (S4)."""

    write_permission = FUND_MANAGE
    allow_delete = False
    column_list = ["year", "org_unit", "budget", "deadline", "balance"]
    column_labels = {
        "year": "年度",
        "org_unit": "街道",
        "budget": "预算（元）",
        "deadline": "申报截止日期",
        "balance": "余额（元）",
        "note": "备注",
    }
    column_descriptions = {
        "deadline": "居委会须在此日或之前提交申报表；逾期的由街道为其重新开放申报 (S4)",
        "balance": "余额 = 预算 + 调整 − 已资助 (S4)",
    }
    column_default_sort = ("year", True)
    column_formatters = {
        "year": lambda _v, _c, m, _n: Markup(
            f'<a href="{url_for("cs_fund.fund", id=m.id)}">{m.year}年</a>'
        ),
        "budget": lambda _v, _c, m, _n: _money(m.budget),
        "balance": lambda _v, _c, m, _n: _money(_balance(m)),
    }
    form_columns = ["org_unit", "year", "budget", "deadline", "note"]
    form_args: dict[str, Any] = {
        "org_unit": {"label": "街道", "query_factory": _streets, "validators": [DataRequired()]}
    }

    def __init__(self) -> None:
        super().__init__(
            FundYear,
            name="专项资金",
            category=CATEGORY,
            endpoint="cs_fund",
            url="/admin/changshou/fund",
        )

    def on_model_change(self, form: Any, model: FundYear, is_created: bool) -> None:
        """Keep the unit's id in step with the form before the S4 check."""
        model.note = model.note or ""
        if model.org_unit is not None and model.org_unit.id is not None:
            model.org_unit_id = model.org_unit.id
        super().on_model_change(form, model, is_created)

    @expose("/year/")
    def fund(self) -> Any:
        """A fund year: the formula, adjustments, reopenings, committees without application."""
        from plugins.changshou_autonomy.awards import fund_summary, missing_applications

        fund = _one(self, request.args.get("id"))
        extensions = db.session.scalars(
            select(DeadlineExtension)
            .where(DeadlineExtension.fund_year_id == fund.id)
            .order_by(DeadlineExtension.until)
        ).all()
        committees = db.session.scalars(
            select(OrgUnit)
            .where(OrgUnit.parent_id == fund.org_unit_id, OrgUnit.kind == "committee")
            .order_by(OrgUnit.code)
        ).all()
        return self.render(
            "changshou_autonomy/fund_year.html",
            fund=fund,
            summary=fund_summary(db.session, fund),
            adjustments=sorted(fund.adjustments, key=lambda a: (a.made_on, a.id)),
            extensions=extensions,
            committees=committees,
            missing=missing_applications(db.session, fund),
            may_adjust=_may(AWARD),
            may_reopen=_may(FUND_MANAGE),
            money=_money,
            today=today(),
        )

    @expose("/adjust/", methods=["POST"])
    def adjust(self) -> Any:
        """追加 or 调减 the budget with a reason; a cut below a zero balance is refused (S4)."""
        require(AWARD)
        fund = _one(self, request.form.get("id"))
        try:
            amount = _parse_money(request.form.get("amount"))
        except ValueError as exc:
            flash(f"调整失败：{exc}", "danger")
            return redirect(url_for(".fund", id=fund.id))
        cut = request.form.get("direction") == "cut"
        signed = -amount if cut else amount
        adjustment = FundAdjustment(
            fund_year=fund,
            made_on=today(),
            amount=signed,
            reason=request.form.get("reason", "").strip(),
        )
        if _commit("调整", lambda: _save(adjustment)):
            flash(f"已{'调减' if cut else '追加'} {_money(amount)} 元", "success")
        return redirect(url_for(".fund", id=fund.id))

    @expose("/reopen/", methods=["POST"])
    def reopen(self) -> Any:
        """Reopen submission for one committee until a day, with a reason (S4)."""
        require(FUND_MANAGE)
        fund = _one(self, request.form.get("id"))
        back = redirect(url_for(".fund", id=fund.id))
        committee = db.session.scalar(
            select(OrgUnit).where(
                OrgUnit.id == request.form.get("committee", type=int),
                OrgUnit.parent_id == fund.org_unit_id,
                OrgUnit.kind == "committee",
            )
        )
        reason = request.form.get("reason", "").strip()
        try:
            until = _parse_day(request.form.get("until"))
            if committee is None:
                raise ValueError("请选择本街道的居委会")
            if not reason:
                raise ValueError("请写明重新开放申报的原因 (S4)")
            if until <= fund.deadline:
                raise ValueError(f"重新开放的截止日期须晚于原截止日期 {fund.deadline.isoformat()}")
        except ValueError as exc:
            flash(f"重新开放申报失败：{exc}", "danger")
            return back
        extension = db.session.scalar(
            select(DeadlineExtension).where(
                DeadlineExtension.fund_year_id == fund.id,
                DeadlineExtension.org_unit_id == committee.id,
            )
        ) or DeadlineExtension(fund_year=fund, org_unit=committee)
        extension.until, extension.reason = until, reason
        if _commit("重新开放申报", lambda: _save(extension)):
            flash(f"已为{committee.name}重新开放申报至 {until.isoformat()}", "success")
        return back


def _balance(fund: FundYear) -> Decimal:
    from plugins.changshou_autonomy.fund import balance

    return balance(db.session, fund)


# --- 项目申报 -------------------------------------------------------------------------


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
        "requested": lambda _v, _c, m, _n: _money(m.requested),
        "budget_lines": lambda _v, _c, m, _n: Markup("<br>").join(
            escape(f"{line.item}：{_money(line.amount)} 元") for line in m.budget_lines
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
            query_factory=_fund_years,
            get_label=_fund_label,
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
            funds = _fund_years()
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
        application = _one(self, request.form.get("id"))
        fund = fund_year_by_id(db.session, application.fund_year_id)
        if fund is not None:
            attach_fund(application, fund)  # S4's deadline check needs the street's fund
        if _commit(what, lambda: step(application)):
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
        application = _one(self, request.args.get("id"))
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
    lines = [(line.item, _money(line.amount), line.note) for line in application.budget_lines]
    lines.append(("合计（申请金额）", _money(application.requested), ""))
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


# --- 项目评估 -------------------------------------------------------------------------


def _submitted_applications() -> Any:
    return (
        db.session.query(Application)
        .filter(Application.status == "submitted")
        .order_by(Application.fund_year_id.desc(), Application.org_unit_id, Application.id)
    )


class AssessmentView(ScopedModelView):
    """项目评估: an assessor's score per criterion, 0 … ``score.max`` (S4)."""

    write_permission = ASSESS
    column_list = ["application", "org_unit", "assessor", *CRITERIA, "comment"]
    column_labels = {
        "application": "申报项目",
        "org_unit": "申报居委会",
        "assessor": "评估人",
        **{code: label.split("（")[0] for code, label in CRITERIA.items()},
        "comment": "评语",
    }
    column_formatters = {"application": lambda _v, _c, m, _n: m.application.title}
    column_sortable_list = ["assessor"]
    form_columns = ["application", "assessor", *CRITERIA, "comment"]
    form_args: dict[str, Any] = {
        "application": {
            "label": "申报项目",
            "query_factory": _submitted_applications,
            "get_label": _app_label,
            "validators": [DataRequired()],
        },
        "assessor": {"validators": [DataRequired()]},
        **{code: {"label": label} for code, label in CRITERIA.items()},
    }

    def __init__(self) -> None:
        super().__init__(
            Assessment,
            name="项目评估",
            category=CATEGORY,
            endpoint="cs_assessment",
            url="/admin/changshou/assessments",
        )

    def _describe(self, form: Any) -> Any:
        top = Decimal(10)
        application = form.application.data
        fund = application.fund_year if application is not None else None
        if fund is not None:
            top = resolve(db.session, SCORE_MAX, fund.deadline, fund.org_unit).value
        for code in CRITERIA:
            getattr(form, code).description = f"评分范围 0–{top} (S4)"
        return form

    def create_form(self, obj: Any = None) -> Any:
        """The form with the assessor's name and the application of ``?application=`` filled in."""
        form = super().create_form(obj)
        if request.method == "GET":
            actor = current_actor()
            form.assessor.data = form.assessor.data or (actor.name if actor else "")
            chosen = request.args.get("application", type=int)
            if chosen is not None:
                form.application.data = db.session.scalar(
                    select(Application).where(Application.id == chosen)
                )
        return self._describe(form)

    def edit_form(self, obj: Any = None) -> Any:
        """The form with the range of the scores shown."""
        return self._describe(super().edit_form(obj))

    def on_model_change(self, form: Any, model: Assessment, is_created: bool) -> None:
        """Record who scored; then S4's range check."""
        if is_created:
            actor = current_actor()
            model.assessor_user_id = actor.user_id if actor is not None else None
        model.comment = model.comment or ""
        super().on_model_change(form, model, is_created)


# --- 以奖代补资助 -----------------------------------------------------------------------


class AwardsView(ProtectedBaseView):
    """以奖代补资助: ranking, 决定资助, payments, the notice, files and the chart (S4, C13)."""

    def __init__(self) -> None:
        super().__init__(
            name="以奖代补资助",
            category=CATEGORY,
            endpoint="cs_awards",
            url="/admin/changshou/awards",
        )

    def _fund(self, fund_id: int | None) -> FundYear | None:
        """The fund year ``fund_id`` in scope, or the newest one; None when there is none."""
        funds = db.session.scalars(
            select(FundYear).order_by(FundYear.year.desc(), FundYear.org_unit_id)
        ).all()
        if fund_id is None:
            return funds[0] if funds else None
        found = next((f for f in funds if f.id == fund_id), None)
        if found is None:
            abort(404)
        return found

    @expose("/")
    def index(self) -> Any:
        """The fund year's ranking with explanations, awards and payments, balance and chart."""
        from plugins.changshou_autonomy.awards import fund_report
        from plugins.changshou_autonomy.chart import svg

        fund = self._fund(request.args.get("fund", type=int))
        report = fund_report(db.session, fund) if fund is not None else None
        return self.render(
            "changshou_autonomy/award_index.html",
            fund=fund,
            funds=db.session.scalars(select(FundYear).order_by(FundYear.year.desc())).all(),
            report=report,
            chart=svg(report.summary.committees, report.summary.balance) if report else "",
            may_award=_may(AWARD),
            may_assess=_may(ASSESS),
            money=_money,
            fund_label=_fund_label,
            today=today(),
        )

    @expose("/decide/", methods=["POST"])
    def decide(self) -> Any:
        """决定资助: the matching written as awards; the balance follows (S4)."""
        from plugins.changshou_autonomy.awards import decide
        from plugins.changshou_autonomy.fund import balance

        require(AWARD)
        fund = self._fund(request.form.get("fund", type=int))
        if fund is None:
            abort(404)
        decided: list[Award] = []
        if _commit("决定资助", lambda: decided.extend(decide(db.session, fund, today()))):
            funded = [a for a in decided if a.amount > 0]
            total = sum((Decimal(a.amount) for a in funded), Decimal(0))
            flash(
                f"已决定资助 {len(funded)} 个项目共 {_money(total)} 元，"
                f"余额 {_money(balance(db.session, fund))} 元 (S4)",
                "success",
            )
        return redirect(url_for(".index", fund=fund.id))

    @expose("/pay/", methods=["POST"])
    def pay(self) -> Any:
        """拨付: a payment of an award; payments never exceed the award (S4)."""
        require(AWARD)
        award = db.session.scalar(
            select(Award).where(Award.id == request.form.get("award", type=int))
        )
        if award is None:
            abort(404)
        fund_id = award.application.fund_year_id
        try:
            amount = _parse_money(request.form.get("amount"))
            paid_on = _parse_day(request.form.get("paid_on") or today().isoformat())
        except ValueError as exc:
            flash(f"拨付失败：{exc}", "danger")
            return redirect(url_for(".index", fund=fund_id))
        payment = Payment(
            award=award, amount=amount, paid_on=paid_on, voucher=request.form.get("voucher", "")
        )
        if _commit("拨付", lambda: _save(payment)):
            flash(f"已拨付“{award.application.title}” {_money(amount)} 元", "success")
        return redirect(url_for(".index", fund=fund_id))

    @expose("/notice/")
    def notice(self) -> Any:
        """The printable 以奖代补资助公示 of the fund year (S4, C13)."""
        from plugins.changshou_autonomy.notice import awards_notice

        fund = self._fund(request.args.get("fund", type=int))
        notice = awards_notice(db.session, fund, today()) if fund is not None else None
        if fund is None or notice is None:
            flash("还没有决定资助，暂无可公示的内容", "warning")
            return redirect(url_for(".index"))
        return render_notice(notice, back_url=url_for(".index", fund=fund.id))

    @expose("/download/")
    def download(self) -> Any:
        """申报表, 评分 or 资助 of the fund year as xlsx (``export``)."""
        from plugins.changshou_autonomy import export
        from plugins.changshou_autonomy.awards import fund_report

        fund = self._fund(request.args.get("fund", type=int))
        what = request.args.get("what", "awards")
        if fund is None or what not in ("applications", "assessments", "awards"):
            flash("请选择专项资金和要下载的内容（申报、评分或资助）", "warning")
            return redirect(url_for(".index"))
        report = fund_report(db.session, fund)
        street = fund.org_unit.name
        if what == "applications":
            content = export.applications_xlsx([r.application for r in report.ranked])
            name = f"{street}{fund.year}年自治项目申报"
        elif what == "assessments":
            content = export.assessments_xlsx(report.ranked)
            name = f"{street}{fund.year}年自治项目评分"
        else:
            content = export.awards_xlsx([report])
            name = f"{street}{fund.year}年以奖代补资助"
        return send_file(
            io.BytesIO(content), XLSX, as_attachment=True, download_name=f"{name}.xlsx"
        )
