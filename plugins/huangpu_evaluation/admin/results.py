"""测评结果: the year's results, charts, files, the public notice, histories (H3, H6–H8, C13, C14).

``/admin/huangpu/results/?year=YYYY&street=CODE`` ranks the committees per street
with the mass part (and its D1 turnout verdict), the street part, the final
score, the grade and the whole explanation; then the staff; the grade
distribution per street (SVG); downloads (xlsx, json). From each row: the
printable notice of the committee (H7, C13), the committee's score history,
a staff member's history across years with its xlsx (H8), and — for a
result graded 基本合格 or 不合格 — 转为群众意见, a core opinion with the C14
follow-up. Committee staff see only published results.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Response, abort, flash, redirect, request, send_file, url_for
from flask_admin import BaseView, expose
from sqlalchemy import select

from core.admin.base import ProtectedBaseView
from core.admin.structure import today
from core.disclosure import render_notice
from core.extensions import db
from core.models import Opinion, OrgUnit, Person, Role
from core.permissions import require
from core.scoping import current_actor
from plugins.huangpu_evaluation.admin import CATEGORY
from plugins.huangpu_evaluation.admin.rounds import REFUSALS, may
from plugins.huangpu_evaluation.kinds import ANNUAL, ROUND_KINDS, STREET
from plugins.huangpu_evaluation.models import Round
from plugins.huangpu_evaluation.permissions import ROUND_MANAGE
from plugins.huangpu_evaluation.results import (
    Result,
    YearResults,
    committee_history,
    person_history,
    year_results,
)

#: Grades whose result may become an opinion for follow-up (C14).
LOW_GRADES = frozenset({"基本合格", "不合格"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def views() -> list[BaseView]:
    """The result views, in menu order."""
    return [ResultsView()]


def published_only() -> bool:
    """Committee staff see only published results (H7)."""
    actor = current_actor()
    return actor is None or actor.role is Role.COMMITTEE_STAFF


def _own_committee() -> OrgUnit | None:
    """The committee of a committee-staff user, else None."""
    actor = current_actor()
    if actor is None or actor.role is not Role.COMMITTEE_STAFF or actor.org_unit_id is None:
        return None
    return db.session.scalar(select(OrgUnit).where(OrgUnit.id == actor.org_unit_id))


class ResultsView(ProtectedBaseView):
    """测评结果: the 70/30 results of a year, per street (H3, H6)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            name="测评结果",
            category=CATEGORY,
            endpoint="hp_results",
            url="/admin/huangpu/results",
            **kwargs,
        )

    def _query(self, args: Any) -> tuple[int, list[OrgUnit], OrgUnit | None]:
        """The year, the streets in scope and the street chosen in ``args``."""
        streets = list(
            db.session.scalars(
                select(OrgUnit).where(OrgUnit.kind == "street").order_by(OrgUnit.code)
            )
        )
        code = (args.get("street") or "").strip()
        street = next((s for s in streets if s.code == code), None)
        if code and street is None:
            flash(f"街道“{code}”不存在或不在您的管辖范围内，已显示全部街道", "warning")
        year = args.get("year", type=int) or _default_year()
        return year, streets, street

    def _results(self, year: int, street: OrgUnit | None) -> YearResults:
        return year_results(
            db.session,
            year,
            street=street,
            committee=_own_committee(),
            published_only=published_only(),
        )

    @expose("/")
    def index(self) -> Any:
        """The year's results: committees ranked per street, staff, chart, downloads."""
        from plugins.huangpu_evaluation.chart import grade_counts, grade_svg

        year, streets, street = self._query(request.args)
        results = self._results(year, street)
        return self.render(
            "huangpu_evaluation/results_index.html",
            year=year,
            years=_years(year),
            streets=streets,
            street=street,
            results=results,
            chart=grade_svg(grade_counts(results.committees)),
            staff_chart=grade_svg(grade_counts(results.staff), title="各街道工作人员测评等次分布"),
            low=LOW_GRADES,
            may_manage=may(ROUND_MANAGE),
            published_only=published_only(),
            query={"year": year, "street": street.code if street else ""},
        )

    @expose("/download/")
    def download(self) -> Any:
        """The year's results as xlsx or json (``export.results_xlsx`` / ``results_json``)."""
        from plugins.huangpu_evaluation.export import results_json, results_xlsx

        fmt = request.args.get("fmt", "xlsx")
        year, _streets, street = self._query(request.args)
        if fmt not in ("xlsx", "json"):
            flash(f"不支持的文件格式“{fmt}”：请选择 xlsx 或 json", "danger")
            return redirect(url_for(".index", year=year))
        results = self._results(year, street)
        name = f"{year}年度民主测评结果{('-' + street.name) if street else ''}"
        if fmt == "json":
            return Response(
                results_json(results),
                mimetype="application/json",
                headers={"Content-Disposition": _attachment(f"{name}.json")},
            )
        return send_file(
            io.BytesIO(results_xlsx(results)),
            XLSX,
            as_attachment=True,
            download_name=f"{name}.xlsx",
        )

    @expose("/notice/")
    def notice(self) -> Any:
        """The printable public notice of one committee's year results (H7, C13)."""
        from plugins.huangpu_evaluation.notice import results_notice

        year = request.args.get("year", type=int) or _default_year()
        committee = _committee(request.args.get("committee", type=int))
        results = year_results(
            db.session, year, committee=committee, published_only=published_only()
        )
        notice = results_notice(results, committee.id, today())
        if notice is None:
            flash(f"{committee.name}没有{year}年度的测评结果可以公示", "warning")
            return redirect(url_for(".index", year=year))
        return render_notice(notice, back_url=url_for(".index", year=year))

    @expose("/committee/")
    def committee(self) -> Any:
        """A committee's yearly results and its score-history chart."""
        from plugins.huangpu_evaluation.chart import history_svg

        unit = _committee(request.args.get("id", type=int))
        history = committee_history(db.session, unit.id, published_only=published_only())
        return self.render(
            "huangpu_evaluation/history_committee.html",
            unit=unit,
            history=history,
            chart=history_svg(history, title=f"{unit.name}历年综合得分"),
            kinds=ROUND_KINDS,
        )

    @expose("/person/")
    def person(self) -> Any:
        """Every result of a staff member across years and rounds (H8)."""
        from plugins.huangpu_evaluation.chart import history_svg

        who = _person(request.args.get("id", type=int))
        history = person_history(db.session, who.id, published_only=published_only())
        return self.render(
            "huangpu_evaluation/history_person.html",
            who=who,
            history=history,
            chart=history_svg(
                [r for r in history if r.kind == ANNUAL], title=f"{who.name}历年综合得分"
            ),
            kinds=ROUND_KINDS,
        )

    @expose("/person/download/")
    def person_download(self) -> Any:
        """A staff member's result history as xlsx, for pay, appointment and training (H8)."""
        from plugins.huangpu_evaluation.export import history_xlsx

        who = _person(request.args.get("id", type=int))
        history = person_history(db.session, who.id, published_only=published_only())
        title = f"{who.name}历年测评结果"
        return send_file(
            io.BytesIO(history_xlsx(history, title)),
            XLSX,
            as_attachment=True,
            download_name=f"{title}.xlsx",
        )

    @expose("/opinion/", methods=["POST"])
    def opinion(self) -> Any:
        """转为群众意见: a low result becomes a core opinion with the C14 follow-up."""
        require(ROUND_MANAGE)
        year = request.form.get("year", type=int) or _default_year()
        committee = _committee(request.form.get("committee", type=int))
        person_id = request.form.get("person", type=int)
        back = redirect(url_for(".index", year=year))
        results = year_results(db.session, year, committee=committee)
        pool = results.staff if person_id else results.committees
        result = next(
            (r for r in pool if r.committee_id == committee.id and r.person_id == person_id), None
        )
        if result is None or result.grade not in LOW_GRADES:
            flash("只有等次为基本合格或不合格的测评结果可以转为群众意见 (C14)", "warning")
            return back
        content = opinion_text(result)
        found = db.session.scalar(
            select(Opinion.id).where(
                Opinion.org_unit_id == committee.id, Opinion.content == content
            )
        )
        if found is not None:
            flash(f"该测评结果已转为群众意见（编号 {found}），不再重复登记", "info")
            return back
        record = Opinion(
            org_unit=committee,
            received_on=today(),
            channel="other",
            content=content,
            about_person_id=person_id,
            about_text="" if person_id else f"{committee.name}居委会工作",
        )
        db.session.add(record)
        try:
            db.session.commit()
        except REFUSALS as exc:
            db.session.rollback()
            flash(f"转为群众意见失败：{exc}", "danger")
            return back
        flash(
            f"已转为群众意见（编号 {record.id}），答复期限 {record.reply_due_on or '—'} (C14)",
            "success",
        )
        return back


def opinion_text(result: Result) -> str:
    """The content of the opinion made from a low result: what, the grade and why (C14)."""
    who = (
        f"{result.committee_name}{result.person_name}"
        if result.person_id
        else (f"{result.committee_name}居委会工作")
    )
    return (
        f"{result.year}年度民主测评：{who}的测评结果为“{result.grade}”"
        f"（综合得分 {result.score if result.score is not None else '—'}）。"
        f"计算说明：{result.explanation}。请分析原因、答复并落实整改 (C14)。"
    )


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(filename)}"


def _default_year() -> int:
    """The latest year with an annual or street round in scope; this year if none."""
    year = db.session.scalar(
        select(Round.year).where(Round.kind.in_((ANNUAL, STREET))).order_by(Round.year.desc())
    )
    return int(year) if year is not None else today().year


def _years(chosen: int) -> list[int]:
    """The years with rounds in scope, newest first, including ``chosen``."""
    years = set(db.session.scalars(select(Round.year).distinct()))
    years.add(chosen)
    return sorted(years, reverse=True)


def _committee(committee_id: int | None) -> OrgUnit:
    """The committee ``committee_id`` in scope, or 404."""
    unit = db.session.scalar(
        select(OrgUnit).where(OrgUnit.id == committee_id, OrgUnit.kind == "committee")
    )
    if unit is None:
        abort(404)
    return unit


def _person(person_id: int | None) -> Person:
    """The person ``person_id`` in scope, or 404."""
    who = db.session.scalar(select(Person).where(Person.id == person_id))
    if who is None:
        abort(404)
    return who
