"""专项资金: the street's fund per year and its balance (rule S4).

``/admin/changshou/fund`` lists the fund years; a year's page shows budget,
adjustments, awards, payments and the balance with its formula, records an
adjustment (追加/调减), reopens submission for one committee, and flags the
committees without an application. Refusals are flashed in Chinese and
nothing changes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import expose
from markupsafe import Markup
from sqlalchemy import select
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView
from core.admin.structure import today
from core.extensions import db
from core.models import OrgUnit
from core.permissions import require
from plugins.changshou_autonomy.admin import CATEGORY
from plugins.changshou_autonomy.admin.project_base import (
    commit,
    may,
    money,
    one,
    parse_day,
    parse_money,
    save,
)
from plugins.changshou_autonomy.models import DeadlineExtension, FundAdjustment, FundYear
from plugins.changshou_autonomy.permissions import AWARD, FUND_MANAGE


def _streets() -> Any:
    return db.session.query(OrgUnit).filter(OrgUnit.kind == "street").order_by(OrgUnit.code)


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
        "budget": lambda _v, _c, m, _n: money(m.budget),
        "balance": lambda _v, _c, m, _n: money(_balance(m)),
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

        fund = one(self, request.args.get("id"))
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
            may_adjust=may(AWARD),
            may_reopen=may(FUND_MANAGE),
            money=money,
            today=today(),
        )

    @expose("/adjust/", methods=["POST"])
    def adjust(self) -> Any:
        """追加 or 调减 the budget with a reason; a cut below a zero balance is refused (S4)."""
        require(AWARD)
        fund = one(self, request.form.get("id"))
        try:
            amount = parse_money(request.form.get("amount"))
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
        if commit("调整", lambda: save(adjustment)):
            flash(f"已{'调减' if cut else '追加'} {money(amount)} 元", "success")
        return redirect(url_for(".fund", id=fund.id))

    @expose("/reopen/", methods=["POST"])
    def reopen(self) -> Any:
        """Reopen submission for one committee until a day, with a reason (S4)."""
        require(FUND_MANAGE)
        fund = one(self, request.form.get("id"))
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
            until = parse_day(request.form.get("until"))
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
        if commit("重新开放申报", lambda: save(extension)):
            flash(f"已为{committee.name}重新开放申报至 {until.isoformat()}", "success")
        return back


def _balance(fund: FundYear) -> Decimal:
    from plugins.changshou_autonomy.fund import balance

    return balance(db.session, fund)
