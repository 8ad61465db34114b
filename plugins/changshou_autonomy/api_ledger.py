"""API of the ledger under /api/v1/changshou/ (S1, S2, S7).

- ``/changshou/organisations`` — social organisations with their nested
  ``activities`` (S2 section 2);
- ``/changshou/rules-documents`` (section 3), ``/changshou/register-entries``
  (section 4, ``?register=public_issue|resident_need``),
  ``/changshou/featured-works`` (section 5);
- ``/changshou/surveys`` — satisfaction and awareness surveys, each with its
  rate (``rules.ability``, S7);
- ``GET /changshou/ledgers?year=YYYY[&committee=CODE]`` — each committee's
  completeness of the year (``completeness.ledger``), described in the
  OpenAPI document through ``bp.juwei_openapi_paths``.

The five record resources are ``ModelResource`` s: list, detail, create,
update (with ``version_id``), delete; reads and writes are scoped, a
refused check is 422 with the Chinese message under its field.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.api.paging import Filter, unit_filter
from core.api.resource import NOT_VISIBLE, ModelResource, Unprocessable, sync_children
from core.api.resource import unprocessable as unprocessable_answer
from core.extensions import db
from core.models import OrgUnit
from core.scoping import units_under
from plugins.changshou_autonomy.completeness import ledger
from plugins.changshou_autonomy.ledger_sections import REQUIREMENTS
from plugins.changshou_autonomy.models import (
    FeaturedWork,
    OrganisationActivity,
    RegisterEntry,
    RulesDocument,
    SocialOrganisation,
    Survey,
)
from plugins.changshou_autonomy.schemas_ledger import (
    LEDGER_JSON_SCHEMA,
    FeaturedWorkSchema,
    OrganisationSchema,
    RegisterEntrySchema,
    RulesDocumentSchema,
    SurveySchema,
    ledger_dict,
)

#: The OpenAPI document names paths by the resource's name; the blueprint adds /changshou.
PREFIX = "changshou/"
COMMON_ERRORS = (("只能属于居委会", "org_unit_id"), ("类别", "kind"))


def _eq(name: str, column: Any, kind: str, description: str) -> Filter:
    return Filter(name, kind, description, lambda stmt, v: stmt.where(column == v))


class OrganisationResource(ModelResource):
    """Organisations with their activity records written in the same request (S2)."""

    def build(self, data: dict[str, Any]) -> Any:
        """A new organisation with its activities (none may carry an id)."""
        rows = data.pop("activities", None) or []
        organisation = SocialOrganisation(**data)
        kept, errors = sync_children([], rows, OrganisationActivity, "活动记录")
        if errors:
            raise Unprocessable({"activities": errors})
        organisation.activities = kept
        return organisation

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Change the organisation; a listed ``activities`` replaces the records."""
        rows = data.pop("activities", None)
        super().apply(obj, data)
        if rows is not None:
            kept, errors = sync_children(obj.activities, rows, OrganisationActivity, "活动记录")
            if errors:
                raise Unprocessable({"activities": errors})
            obj.activities = kept


class SurveyResource(ModelResource):
    """Surveys with the rate of each (S7)."""

    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Each survey with its satisfaction or awareness rate explained (``rules.ability``)."""
        from plugins.changshou_autonomy.rules.ability import awareness_rate, satisfaction_rate

        data = super().serialize(rows)
        for item, row in zip(data, rows, strict=True):
            rate_of = satisfaction_rate if row.kind == "satisfaction" else awareness_rate
            try:
                rate = rate_of(row)
                item["rate"] = None if rate.value is None else str(rate.value)
                item["rate_explanation"] = rate.explanation
            except ValueError as exc:
                item["rate"], item["rate_explanation"] = None, str(exc)
        return data


def ledgers() -> Any:
    """GET /changshou/ledgers?year=YYYY[&committee=CODE]: completeness per committee (S2)."""
    text = (request.args.get("year") or "").strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        return unprocessable_answer({"year": ["必须填写年度（2000–2100 的整数）"]}, "查询参数有误")
    code = (request.args.get("committee") or "").strip()
    stmt = select(OrgUnit.id).where(OrgUnit.kind == "committee").order_by(OrgUnit.code)
    if code:
        if not (len(code) == 12 and code.isdigit()):
            return unprocessable_answer(
                {"committee": [f"区划代码“{code}”格式不对：应为12位数字"]}, "查询参数有误"
            )
        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))
        if unit is None:
            abort(404, NOT_VISIBLE)
        stmt = stmt.where(OrgUnit.id.in_(units_under(unit.scope_prefix)))
    rows = ledger(db.session, list(db.session.scalars(stmt)), int(text))
    return jsonify(
        year=int(text),
        requirements={str(n): t for n, t in REQUIREMENTS.items()},
        items=[ledger_dict(row) for row in rows],
        total=len(rows),
    )


def _answer(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema or {}}}}


#: OpenAPI paths of this module, relative to /api/v1 (core merges ``bp.juwei_openapi_paths``).
OPENAPI_PATHS: dict[str, Any] = {
    "/changshou/ledgers": {
        "get": {
            "tags": ["changshou/ledgers"],
            "summary": "台账完整性：每个居委会本年度台账五个部分是否齐全、缺少什么 (S1、S2)",
            "operationId": "changshou_ledgers",
            "parameters": [
                {
                    "name": "year",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "integer"},
                    "description": "年度",
                },
                {
                    "name": "committee",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": (
                        "居委会的区划代码（12位），或街道代码（其下各居委会）；默认管辖范围内全部"
                    ),
                },
            ],
            "responses": {
                "200": _answer(
                    "各居委会的台账完整性",
                    {
                        "type": "object",
                        "properties": {
                            "year": {"type": "integer"},
                            "requirements": {"type": "object", "description": "五个部分的要求"},
                            "items": {"type": "array", "items": LEDGER_JSON_SCHEMA},
                            "total": {"type": "integer"},
                        },
                    },
                ),
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "404": _answer("单位不存在或不在您的管辖范围内"),
                "422": _answer("中文说明：年度缺失或代码格式不对"),
            },
        }
    }
}


def register(bp: Blueprint) -> None:
    """Register the ledger resources and the completeness endpoint on the plugin's blueprint."""
    paths = getattr(bp, "juwei_openapi_paths", {})
    paths.update(OPENAPI_PATHS)
    bp.juwei_openapi_paths = paths  # type: ignore[attr-defined]
    bp.add_url_rule("/ledgers", "ledgers", ledgers, methods=["GET"])
    resources = [
        OrganisationResource(
            bp,
            "organisations",
            SocialOrganisation,
            OrganisationSchema,
            order_by=(SocialOrganisation.org_unit_id, SocialOrganisation.name),
            options=(selectinload(SocialOrganisation.activities),),
            filters=(unit_filter(SocialOrganisation),),
            error_fields=(("人数", "headcount"), *COMMON_ERRORS),
            summary="社会组织（群团组织）：名称、人数和自治活动记录 (S2)",
        ),
        ModelResource(
            bp,
            "rules-documents",
            RulesDocument,
            RulesDocumentSchema,
            order_by=(RulesDocument.org_unit_id, RulesDocument.kind, RulesDocument.id),
            filters=(
                unit_filter(RulesDocument),
                _eq("kind", RulesDocument.kind, "string", "规章制度类别"),
            ),
            error_fields=COMMON_ERRORS,
            summary="规章制度：会议制度、居务公开、民主评议、岗位责任、居民公约等 (S2)",
        ),
        ModelResource(
            bp,
            "register-entries",
            RegisterEntry,
            RegisterEntrySchema,
            order_by=(RegisterEntry.recorded_on.desc(), RegisterEntry.id.desc()),
            filters=(
                unit_filter(RegisterEntry),
                _eq("register", RegisterEntry.register, "string", "记录本"),
                _eq("status", RegisterEntry.status, "string", "办理状态"),
            ),
            error_fields=(("办结日期", "done_on"), *COMMON_ERRORS),
            summary="社情民意记录：社区公共议题记录和居民需求记录 (S2)",
        ),
        ModelResource(
            bp,
            "featured-works",
            FeaturedWork,
            FeaturedWorkSchema,
            order_by=(FeaturedWork.year.desc(), FeaturedWork.id),
            filters=(
                unit_filter(FeaturedWork),
                _eq("year", FeaturedWork.year, "integer", "年度"),
                _eq("kind", FeaturedWork.kind, "string", "类别"),
            ),
            error_fields=COMMON_ERRORS,
            summary="特色工作：特色自治项目、活动或机制 (S2)",
        ),
        SurveyResource(
            bp,
            "surveys",
            Survey,
            SurveySchema,
            order_by=(Survey.year.desc(), Survey.org_unit_id, Survey.id),
            filters=(
                unit_filter(Survey),
                _eq("year", Survey.year, "integer", "年度"),
                _eq("kind", Survey.kind, "string", "调查类别"),
            ),
            error_fields=(
                ("受访人数须大于", "respondents"),
                ("多于受访人数", "first"),
                ("负数", "first"),
                *COMMON_ERRORS,
            ),
            summary="居民满意度和社情民意知晓度调查，附满意度或知晓度 (S7)",
        ),
    ]
    for resource in resources:
        # Routes are registered under the blueprint's /changshou; the document needs the full path.
        resource.name = PREFIX + resource.name
