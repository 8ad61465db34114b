"""工作补贴发放: the month's payroll page, its files, closing and reopening (rule J4).

``/admin/jiayuguan_payroll/?month=YYYY-MM&street=CODE&committee=ID&page=N``
shows the streets' totals (closed or open, by whom and when), the
committees' totals, the lines with their explanation, the rates in force and
a chart of the last twelve months. A city-size month (1,000+ lines) is shown
a page of lines at a time, or one committee's lines; the totals always cover
the whole month. Closing and reopening are POST forms with the CSRF token,
for holders of ``PAYROLL_CLOSE``; a refusal of the service is a Chinese
flash and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from flask import flash, redirect, request, send_file, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.admin.base import ProtectedBaseView
from core.admin.structure import today
from core.extensions import db
from core.models import OrgUnit
from core.permissions import has_permission, require
from core.rules.policy import NoValueInForce
from core.scoping import ScopeViolation
from plugins.jiayuguan_groups.admin import CATEGORY
from plugins.jiayuguan_groups.permissions import PAYROLL_CLOSE
from plugins.jiayuguan_groups.schemas import parse_month

#: Lines per page of the table; the totals above it always cover the whole month.
PAGE_LINES = 200
#: Months shown in the chart, the chosen one last.
CHART_MONTHS = 12


def views() -> list[BaseView]:
    """The payroll views, in menu order."""
    return [PayrollView()]


class PayrollView(ProtectedBaseView):
    """工作补贴发放: one month's subsidy payroll in the user's scope (J4)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            name="工作补贴发放", category=CATEGORY, endpoint="jiayuguan_payroll", **kwargs
        )

    @expose("/")
    def index(self) -> Any:
        """The month's payroll: totals, lines, rates, chart and the buttons."""
        from plugins.jiayuguan_groups.chart import svg
        from plugins.jiayuguan_groups.payroll import payroll
        from plugins.jiayuguan_groups.payroll_series import monthly_totals

        month = _month_arg()
        streets = _streets()
        street = _street_arg(streets)
        code = street.code if street is not None else None
        result = payroll(db.session, month, code)
        committee_id = request.args.get("committee", type=int)
        lines = result.lines
        if committee_id is not None:
            if not any(c.unit_id == committee_id for c in result.committees):
                flash("所选居委会不在本月发放表中，已显示全部居委会", "warning")
                committee_id = None
            else:
                lines = [line for line in lines if line.committee_id == committee_id]
        pages = max(1, -(-len(lines) // PAGE_LINES))
        page = min(max(1, request.args.get("page", 1, type=int)), pages)
        first = _add_months(month, 1 - CHART_MONTHS)
        return self.render(
            "jiayuguan_groups/payroll.html",
            month=month,
            month_text=f"{month:%Y-%m}",
            streets=streets,
            street=street,
            payroll=result,
            months=_months_by_street(month),
            committee_id=committee_id,
            lines=lines[(page - 1) * PAGE_LINES : page * PAGE_LINES],
            line_count=len(lines),
            page=page,
            pages=pages,
            may_close=has_permission(current_user.role, PAYROLL_CLOSE),
            chart=svg(monthly_totals(db.session, first, month, code)),
            chart_first=first,
        )

    @expose("/download")
    def download(self) -> Any:
        """The month's payroll as xlsx or csv for finance (``payroll_file``)."""
        from plugins.jiayuguan_groups.export import payroll_file
        from plugins.jiayuguan_groups.payroll import payroll

        fmt = request.args.get("fmt", "xlsx")
        if fmt not in ("xlsx", "csv"):
            flash(f"不支持的文件格式“{fmt}”：请选择 xlsx 或 csv", "danger")
            return redirect(url_for(".index", **_keep()))
        try:
            month = parse_month(request.args.get("month"))
        except ValueError as exc:
            flash(str(exc), "danger")
            return redirect(url_for(".index"))
        street = _street_arg(_streets())
        result = payroll(db.session, month, street.code if street is not None else None)
        content, mimetype, filename = payroll_file(result, fmt)
        # send_file writes a non-ASCII name as filename*=UTF-8'' (a raw header would fail).
        return send_file(io.BytesIO(content), mimetype, as_attachment=True, download_name=filename)

    @expose("/close", methods=["POST"])
    def close(self) -> Any:
        """关闭本月: freeze the street's month (J4); refusals are flashed, nothing changes."""
        from plugins.jiayuguan_groups.payroll_close import close_month

        return self._change("关闭", lambda month, street: close_month(db.session, month, street))

    @expose("/reopen", methods=["POST"])
    def reopen(self) -> Any:
        """重新打开: reopen a closed month with a reason (audited, J4)."""
        from plugins.jiayuguan_groups.payroll_close import reopen_month

        reason = request.form.get("reason", "").strip()
        if not reason:
            require(PAYROLL_CLOSE)
            flash("重新打开失败：须填写重新打开的原因", "danger")
            return redirect(url_for(".index", **_keep(request.form)))
        return self._change(
            "重新打开", lambda month, street: reopen_month(db.session, month, street, reason)
        )

    def _change(self, what: str, action: Any) -> Any:
        require(PAYROLL_CLOSE)
        back = _keep(request.form)
        try:
            month = parse_month(request.form.get("month"))
        except ValueError as exc:
            flash(f"{what}失败：{exc}", "danger")
            return redirect(url_for(".index", **back))
        code = request.form.get("street", "")
        street = db.session.scalar(
            select(OrgUnit).where(OrgUnit.code == code, OrgUnit.kind == "street")
        )
        if street is None or not _writable(street):
            flash(f"{what}失败：街道“{code}”不存在或不在您的管辖范围内", "danger")
            return redirect(url_for(".index", **back))
        try:
            action(month, street)
            db.session.commit()
        except (ValueError, NoValueInForce, ScopeViolation) as exc:
            db.session.rollback()
            flash(f"{what}失败：{exc}", "danger")
            return redirect(url_for(".index", **back))
        flash(f"已{what} {street.name} {month:%Y年%m月}的工作补贴发放表", "success")
        return redirect(url_for(".index", **back))


def _month_arg() -> dt.date:
    """The month in ``?month=``; this month (with a flash) when absent or malformed."""
    text = request.args.get("month", "").strip()
    this_month = today().replace(day=1)
    if not text:
        return this_month
    try:
        return parse_month(text)
    except ValueError as exc:
        flash(f"{exc}；已改为显示本月（{this_month:%Y-%m}）", "warning")
        return this_month


def _streets() -> list[OrgUnit]:
    """The streets whose payroll the user may see, by code (scoping narrows the select)."""
    return list(
        db.session.scalars(select(OrgUnit).where(OrgUnit.kind == "street").order_by(OrgUnit.code))
    )


def _street_arg(streets: list[OrgUnit]) -> OrgUnit | None:
    """The street in ``?street=``; the only one in scope by default; None for all."""
    code = request.args.get("street", "").strip()
    if not code:
        return streets[0] if len(streets) == 1 else None
    found = next((street for street in streets if street.code == code), None)
    if found is None:
        flash(f"街道“{code}”不存在或不在您的管辖范围内，已显示全部街道", "warning")
    return found


def _writable(street: OrgUnit) -> bool:
    """Whether the actor's scope includes the street itself (not merely sees it as an ancestor)."""
    from core.scoping import current_actor

    actor = current_actor()
    return actor is not None and actor.sees_code(street.code)


def _months_by_street(month: dt.date) -> dict[int, Any]:
    """The stored ``PayrollMonth`` of each street for ``month`` (who closed it, when, why)."""
    from plugins.jiayuguan_groups.models import PayrollMonth

    rows = db.session.scalars(
        select(PayrollMonth)
        .where(PayrollMonth.month == month)
        .options(selectinload(PayrollMonth.closed_by), selectinload(PayrollMonth.reopened_by))
    )
    return {row.org_unit_id: row for row in rows}


def _keep(values: Any = None) -> dict[str, Any]:
    """The page's query (month, street, committee) to return to after an action."""
    source = values if values is not None else request.args
    return {key: source[key] for key in ("month", "street", "committee") if source.get(key)}


def _add_months(month: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months after ``month`` (negative: before)."""
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)
