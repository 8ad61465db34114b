"""API of fund years, applications, assessments and awards under /api/v1/changshou/ (S4).

- ``/changshou/fund-years`` — the streets' funds with budget, deadline and the
  balance with its formula; read by everyone in scope (committee staff see
  their street's), written by holders of ``FUND_MANAGE``.
- ``/changshou/applications`` — committees' 申报表 with nested
  ``budget_lines``; committee staff create and change their drafts; PATCH
  ``"status": "submitted"`` submits (today; refused after the deadline unless
  the street reopened it), ``"status": "draft"`` withdraws. Refusals are 422
  with the Chinese message.
- ``/changshou/assessments`` — assessors' scores (``ASSESS``); a score out of
  0 … ``score.max`` is 422 and nothing is saved.
- ``GET /changshou/awards?year=YYYY[&street=CODE]`` — per fund year the
  ranking with scores, bands, amounts and explanations, the decided awards
  with payments, and the fund summary (``awards.ranking``,
  ``awards.fund_summary``); described through ``bp.juwei_openapi_paths``.
"""

from __future__ import annotations

import builtins
from typing import Any

from flask import Blueprint, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from core.admin.structure import today
from core.api.paging import BadQuery, Filter, apply_filters, page_args
from core.api.resource import ModelResource, Unprocessable, sync_children, unprocessable
from core.extensions import SessionLike, db
from core.models import OrgUnit, Role
from core.scoping import current_actor
from plugins.changshou_autonomy.models import Application, Assessment, BudgetLine, FundYear
from plugins.changshou_autonomy.permissions import ASSESS, FUND_MANAGE
from plugins.changshou_autonomy.schemas_projects import (
    ApplicationSchema,
    AssessmentSchema,
    FundYearSchema,
    application_dict,
    fund_year_dict,
)

PREFIX = "changshou/"
SUBMITTED_FROZEN = "申报表已提交，不能再修改；如需修改请先撤回 (S4)"


def visible_fund_years(session: SessionLike) -> Any:
    """SELECT of the fund years the actor may read: their subtree's and their street's (S4).

    ``FundYear.scope_clause`` lets committee staff read their street's fund
    (to apply to it); the scoping listener still refuses their writes to it.
    """
    return select(FundYear).order_by(FundYear.year.desc(), FundYear.id)


def fund_year_by_id(session: SessionLike, fund_year_id: int | None) -> FundYear | None:
    """The fund year ``fund_year_id`` if the actor may read it (now in the session), else None."""
    if fund_year_id is None:
        return None
    found: FundYear | None = session.scalars(
        visible_fund_years(session).where(FundYear.id == fund_year_id)
    ).one_or_none()
    return found


def attach_fund(application: Application, fund: FundYear) -> None:
    """Put ``application`` under ``fund`` without touching the fund's own record.

    Assigning the relationship would append to ``fund.applications`` and so
    mark the street's fund as changed: the scoping listener would then refuse
    a committee's write as one outside its scope. The key is set, and the
    loaded fund is attached as already committed so S4's checks see it.
    """
    application.fund_year_id = fund.id
    set_committed_value(application, "fund_year", fund)


def fund_figures(session: SessionLike, fund_year: FundYear) -> dict[str, Any]:
    """Adjusted, awarded and balance of ``fund_year`` (``fund``, S4)."""
    from plugins.changshou_autonomy.fund import adjusted, awarded, balance

    return {
        "adjusted": adjusted(session, fund_year.id),
        "awarded": awarded(session, fund_year.id),
        "balance": balance(session, fund_year),
    }


class FundYearResource(ModelResource):
    """Fund years: the committee's street's too; each with the balance and its formula."""

    def select(self) -> Any:
        """Fund years visible to the actor (their street's included)."""
        return visible_fund_years(db.session)

    def list(self) -> Any:
        """GET /fund-years: a page of them (a street has one a year: counted in Python).

        Core's paging counts with a subquery that would lose the unscoped
        option of :func:`visible_fund_years`.
        """
        try:
            page, per_page = page_args(request.args)
            stmt = apply_filters(self.select(), self.filters, request.args)
        except BadQuery as exc:
            return unprocessable(exc.errors, "查询参数有误")
        rows = list(db.session.scalars(stmt))
        start = (page - 1) * per_page
        items = self.serialize(rows[start : start + per_page])
        return jsonify(items=items, page=page, per_page=per_page, total=len(rows))

    # ``list`` is a method of this class: the builtin is named in full.
    def serialize(self, rows: builtins.list[Any]) -> builtins.list[dict[str, Any]]:
        """Each fund year with ``adjusted``, ``awarded``, ``balance`` and the formula (S4)."""
        return [fund_year_dict(row, fund_figures(db.session, row)) for row in rows]


class ApplicationResource(ModelResource):
    """Applications with nested budget lines; status changes submit or withdraw (S4)."""

    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Each application with its labels and the amount requested."""
        return [application_dict(row) for row in rows]

    def check_references(self, data: dict[str, Any], model: type | None = None) -> None:
        """The fund year is checked against the street's funds, the rest as usual."""
        rest = {k: v for k, v in data.items() if k != "fund_year_id"}
        super().check_references(rest, model)
        if "fund_year_id" in data and fund_year_by_id(db.session, data["fund_year_id"]) is None:
            message = f"编号 {data['fund_year_id']} 的专项资金不存在或不在您的管辖范围内"
            raise Unprocessable({"fund_year_id": [message]})

    def build(self, data: dict[str, Any]) -> Any:
        """A new draft (or, with ``status: submitted``, submitted today) application."""
        if data.get("org_unit_id") is None:
            actor = current_actor()
            if actor is None or actor.role is not Role.COMMITTEE_STAFF:
                raise Unprocessable({"org_unit_id": ["请填写申报居委会的编号"]})
            data["org_unit_id"] = actor.org_unit_id
        application = Application(status="draft")
        self.apply(application, data)
        return application

    def refuse_write(self, obj: Any | None, data: dict[str, Any]) -> None:
        """A submitted application changes only by withdrawing it (S4)."""
        frozen = obj is not None and obj.status == "submitted"
        if frozen and (set(data) - {"status"} or data.get("status", "submitted") != "draft"):
            raise Unprocessable({"_schema": [SUBMITTED_FROZEN]}, SUBMITTED_FROZEN)

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Copy the form, replace the budget lines, then submit or withdraw as asked (S4)."""
        lines = data.pop("budget_lines", None)
        status = data.pop("status", None)
        fund = fund_year_by_id(db.session, data.pop("fund_year_id", None) or obj.fund_year_id)
        if fund is not None:
            attach_fund(obj, fund)
        if "org_unit_id" in data:
            obj.org_unit = db.session.get(OrgUnit, data["org_unit_id"])
        super().apply(obj, data)
        if lines is not None:
            kept, problems = sync_children(obj.budget_lines, lines, BudgetLine, "预算明细")
            if problems:
                raise Unprocessable({"budget_lines": problems})
            obj.budget_lines = kept
        if status == "submitted" and obj.status != "submitted":
            obj.status, obj.submitted_on = "submitted", today()
        elif status == "draft" and obj.status == "submitted":
            if obj.assessments:
                message = "评估小组已开始评分，不能撤回 (S4)"
                raise Unprocessable({"status": [message]}, message)
            obj.status, obj.submitted_on = "draft", None

    def refuse_delete(self, obj: Any) -> str | None:
        """Only a draft may be deleted; a submitted one is withdrawn first (S4)."""
        return None if obj.status == "draft" else "只有草稿可以删除；已申报的请先撤回 (S4)"


class AssessmentResource(ModelResource):
    """Assessors' scores: the application is attached so S4's check runs at once."""

    def build(self, data: dict[str, Any]) -> Any:
        """A new assessment by the current user (named, unless ``assessor`` is sent)."""
        actor = current_actor()
        if not (data.get("assessor") or "").strip():
            data["assessor"] = actor.name if actor is not None else ""
        record = Assessment(assessor_user_id=actor.user_id if actor is not None else None)
        self.apply(record, data)
        return record

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Copy the scores; a new application id attaches that application."""
        super().apply(obj, data)
        if "application_id" in data:
            obj.application = db.session.scalars(
                select(Application).where(Application.id == data["application_id"])
            ).one()


def register(bp: Blueprint) -> None:
    """Register the fund-year, application, assessment and awards endpoints (S4)."""
    resources = [
        FundYearResource(
            bp,
            "fund-years",
            FundYear,
            FundYearSchema,
            write_permission=FUND_MANAGE,
            allow_delete=False,
            filters=(Filter("year", "integer", "年度", lambda s, v: s.where(FundYear.year == v)),),
            error_fields=(("预算", "budget"), ("街道设立", "org_unit_id")),
            summary="自治家园专项资金（年度）：预算、申报截止日期、余额及其计算 (S4)",
        ),
        ApplicationResource(
            bp,
            "applications",
            Application,
            ApplicationSchema,
            write_roles=frozenset({Role.COMMITTEE_STAFF, Role.SYSTEM_ADMIN}),
            order_by=(Application.fund_year_id.desc(), Application.id),
            filters=(
                Filter(
                    "fund_year",
                    "integer",
                    "专项资金（编号）",
                    lambda s, v: s.where(Application.fund_year_id == v),
                ),
                Filter("status", "string", "状态", lambda s, v: s.where(Application.status == v)),
            ),
            error_fields=(
                ("逾期", "status"),
                ("申报日期", "status"),
                ("预算", "budget_lines"),
                ("不属于", "org_unit_id"),
                ("由居委会申报", "org_unit_id"),
            ),
            summary=(
                "自治项目申报表 (S4)：预算明细嵌套；status 改为 submitted 即提交，改回 draft 即撤回"
            ),
        ),
        AssessmentResource(
            bp,
            "assessments",
            Assessment,
            AssessmentSchema,
            write_permission=ASSESS,
            filters=(
                Filter(
                    "application",
                    "integer",
                    "申报（编号）",
                    lambda s, v: s.where(Assessment.application_id == v),
                ),
            ),
            error_fields=(
                *((f"“{label.split('（')[0]}”", code) for code, label in _criteria()),
                ("评估人", "assessor"),
                ("尚未申报", "application_id"),
                ("已决定资助", "application_id"),
            ),
            summary="项目评估 (S4)：评估人对已申报项目按四项标准评分，每项 0 至满分",
        ),
    ]
    for resource in resources:
        # Routes sit under the blueprint's /changshou; the document needs the full path.
        resource.name = PREFIX + resource.name
    paths = getattr(bp, "juwei_openapi_paths", {})
    paths.update(OPENAPI_PATHS)
    bp.juwei_openapi_paths = paths  # type: ignore[attr-defined]
    bp.add_url_rule("/awards", "awards", awards, methods=["GET"])


def _criteria() -> list[tuple[str, str]]:
    from plugins.changshou_autonomy.kinds import CRITERIA

    return list(CRITERIA.items())


# --- GET /changshou/awards ------------------------------------------------------------


def _street(code: str) -> OrgUnit | None:
    """The street ``code`` in scope; raises ``Unprocessable`` when malformed or not visible."""
    if not (len(code) == 12 and code.isdigit()):
        raise Unprocessable({"street": [f"区划代码“{code}”格式不对：应为12位数字"]}, "查询参数有误")
    unit = db.session.scalars(
        select(OrgUnit).where(OrgUnit.code == code, OrgUnit.kind == "street")
    ).one_or_none()
    if unit is None:
        raise Unprocessable({"street": [f"街道“{code}”不存在或不在您的管辖范围内"]}, "查询参数有误")
    return unit


def awards() -> Any:
    """GET /changshou/awards?year=YYYY[&street=CODE]: rankings, awards and fund summaries (S4)."""
    from plugins.changshou_autonomy.awards import fund_report, fund_years
    from plugins.changshou_autonomy.export import report_dict

    try:
        text = (request.args.get("year") or "").strip()
        if not text.isdigit():
            raise Unprocessable({"year": ["必须填写年度（如 2026）"]}, "查询参数有误")
        code = (request.args.get("street") or "").strip()
        street = _street(code) if code else None
    except Unprocessable as exc:
        return unprocessable(exc.errors, exc.message)
    funds = fund_years(db.session, int(text), street)
    reports = [report_dict(fund_report(db.session, fund)) for fund in funds]
    return jsonify(year=int(text), items=reports)


def _answer(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {}}}}


#: OpenAPI paths of the awards endpoint, relative to /api/v1 (merged by core).
OPENAPI_PATHS: dict[str, Any] = {
    "/changshou/awards": {
        "get": {
            "tags": ["changshou/awards"],
            "summary": "以奖代补资助 (S4)：各街道专项资金的项目排名、评分及说明、资助和余额",
            "operationId": "changshou_awards",
            "parameters": [
                {"name": "year", "in": "query", "required": True, "schema": {"type": "integer"}},
                {
                    "name": "street",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": "街道的区划代码（12位）；默认管辖范围内全部",
                },
            ],
            "responses": {
                "200": _answer(
                    "items：每个专项资金的 summary（余额及计算）、matching（资金在何处不足）、"
                    "committees、missing_applications、applications（得分、档次、资助及说明）"
                ),
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "422": _answer("中文说明：年度未填、街道代码不对等"),
            },
        }
    }
}
