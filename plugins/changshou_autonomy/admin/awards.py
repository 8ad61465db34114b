"""以奖代补资助: ranking, 决定资助, payments, the award notice, files and the chart (S4, C13).

``/admin/changshou/awards``: a fund year's ranking with its explanations,
决定资助 (the matching written as awards, the balance follows), 拨付 (payments
never exceed the award), the printable 以奖代补资助公示 (C13), the 申报、评分
and 资助 xlsx files and the chart. Refusals are flashed in Chinese and
nothing changes.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from flask import abort, flash, redirect, request, send_file, url_for
from flask_admin import expose
from sqlalchemy import select

from core.admin.base import ProtectedBaseView
from core.admin.structure import today
from core.disclosure import render_notice
from core.extensions import db
from core.permissions import require
from plugins.changshou_autonomy.admin import CATEGORY
from plugins.changshou_autonomy.admin.project_base import (
    commit,
    fund_label,
    may,
    money,
    parse_day,
    parse_money,
    save,
)
from plugins.changshou_autonomy.models import Award, FundYear, Payment
from plugins.changshou_autonomy.permissions import ASSESS, AWARD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
            may_award=may(AWARD),
            may_assess=may(ASSESS),
            money=money,
            fund_label=fund_label,
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
        if commit("决定资助", lambda: decided.extend(decide(db.session, fund, today()))):
            funded = [a for a in decided if a.amount > 0]
            total = sum((Decimal(a.amount) for a in funded), Decimal(0))
            flash(
                f"已决定资助 {len(funded)} 个项目共 {money(total)} 元，"
                f"余额 {money(balance(db.session, fund))} 元 (S4)",
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
            amount = parse_money(request.form.get("amount"))
            paid_on = parse_day(request.form.get("paid_on") or today().isoformat())
        except ValueError as exc:
            flash(f"拨付失败：{exc}", "danger")
            return redirect(url_for(".index", fund=fund_id))
        payment = Payment(
            award=award, amount=amount, paid_on=paid_on, voucher=request.form.get("voucher", "")
        )
        if commit("拨付", lambda: save(payment)):
            flash(f"已拨付“{award.application.title}” {money(amount)} 元", "success")
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
