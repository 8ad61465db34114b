"""API of 两会一站 under /api/v1/beijing/ (B1, B2, B4, B5, B8, B9).

- ``/beijing/assembly-members`` — representatives (B2); under 18 or without
  voting rights is 422 with the Chinese message, nothing saved.
- ``/beijing/subcommittees`` — the six sub-committees with their members
  nested, read only (members are written in the admin, B4).
- ``/beijing/appraisals`` — appraisals of social workers (B8), written by
  holders of ``APPRAISE``; refusals 422 in Chinese.
- ``/beijing/station-reports`` — the station's reports and their evaluation (B5).
- ``GET /beijing/structure?committee=CODE[&on=YYYY-MM-DD]`` — the committee's
  两会一站 overview (``structure.overview``), described through
  ``bp.juwei_openapi_paths``.

Committee staff may leave ``org_unit_id`` out: their own committee is used.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.admin.structure import today
from core.api.paging import Filter
from core.api.resource import ModelResource, Unprocessable, unprocessable
from core.extensions import db
from core.models import OrgUnit, Person, Role
from core.scoping import current_actor
from plugins.beijing_workstation.models import (
    Appraisal,
    AssemblyMember,
    StationReport,
    SubCommittee,
    SubCommitteeMember,
)
from plugins.beijing_workstation.permissions import APPRAISE
from plugins.beijing_workstation.schemas_station import (
    AppraisalSchema,
    AssemblyMemberSchema,
    StationReportSchema,
    SubCommitteeSchema,
    structure_dict,
)

PREFIX = "beijing/"


def _committee_filter(model: Any) -> Filter:
    return Filter(
        "committee", "integer", "所属居委会编号", lambda s, v: s.where(model.org_unit_id == v)
    )


class CommitteeResource(ModelResource):
    """Records of a committee; committee staff default to their own."""

    def build(self, data: dict[str, Any]) -> Any:
        """A new record; a missing ``org_unit_id`` is the committee staff's own committee."""
        if data.get("org_unit_id") is None:
            actor = current_actor()
            if actor is None or actor.role is not Role.COMMITTEE_STAFF:
                raise Unprocessable({"org_unit_id": ["请填写所属居委会的编号"]})
            data["org_unit_id"] = actor.org_unit_id
        record = self.model()
        self.apply(record, data)
        return record

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Copy the data; units and people are attached so the checks see them at once."""
        super().apply(obj, data)
        if "org_unit_id" in data:
            obj.org_unit = db.session.get(OrgUnit, data["org_unit_id"])
        if data.get("person_id") is not None:
            obj.person = db.session.scalar(select(Person).where(Person.id == data["person_id"]))

    def check(self, obj: Any) -> None:
        """The record's own checks, and its person must belong to its committee."""
        person = getattr(obj, "person", None)
        if (
            person is not None
            and obj.org_unit is not None
            and person.org_unit_id != obj.org_unit.id
        ):
            raise ValueError(f"{person.name}不是{obj.org_unit.name}的居民")
        super().check(obj)


class StationReportResource(CommitteeResource):
    """The station's reports; only holders of ``APPRAISE`` evaluate them (B5)."""

    def check(self, obj: Any) -> None:
        """B5's checks, and the evaluation by someone who may appraise."""
        from plugins.beijing_workstation.station import refuse_evaluation

        actor = current_actor()
        refuse_evaluation(obj, actor.role if actor is not None else None)
        super().check(obj)


def structure() -> Any:
    """GET /beijing/structure?committee=CODE[&on=]: the committee's 两会一站 (B1, B9)."""
    from plugins.beijing_workstation.structure import overview

    code = (request.args.get("committee") or "").strip()
    actor = current_actor()
    try:
        if not code:
            if actor is None or actor.role is not Role.COMMITTEE_STAFF:
                raise Unprocessable(
                    {"committee": ["请填写居委会的区划代码（12位）"]}, "查询参数有误"
                )
            unit = db.session.get(OrgUnit, actor.org_unit_id)
        else:
            unit = db.session.scalar(
                select(OrgUnit).where(OrgUnit.code == code, OrgUnit.kind == "committee")
            )
            if unit is None:
                message = f"居委会“{code}”不存在或不在您的管辖范围内"
                raise Unprocessable({"committee": [message]}, "查询参数有误")
        text = (request.args.get("on") or "").strip()
        try:
            day = dt.date.fromisoformat(text) if text else today()
        except ValueError:
            raise Unprocessable({"on": ["应为日期（YYYY-MM-DD）"]}, "查询参数有误") from None
    except Unprocessable as exc:
        return unprocessable(exc.errors, exc.message)
    return jsonify(structure_dict(overview(db.session, unit, day)))


def _answer(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {}}}}


#: OpenAPI paths of the structure endpoint, relative to /api/v1 (merged by core).
OPENAPI_PATHS: dict[str, Any] = {
    "/beijing/structure": {
        "get": {
            "tags": ["beijing/structure"],
            "summary": "两会一站概况 (B1, B2, B4, B6, B9)：代表大会、居委会、工作站、交叉任职",
            "operationId": "beijing_structure",
            "parameters": [
                {
                    "name": "committee",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": "居委会的区划代码（12位）；居委会工作人员可不填",
                },
                {
                    "name": "on",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "format": "date"},
                    "description": "日期，默认今天",
                },
            ],
            "responses": {
                "200": _answer(
                    "assembly（代表及名额）、committee_body（主任、副主任、委员）、"
                    "subcommittees（成员、主任、提示）、station（社工主任、社工专干）、"
                    "cross_appointments（交叉任职）、flags（需注意的项数）"
                ),
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "422": _answer("中文说明：居委会代码不对或不在管辖范围内、日期格式不对"),
            },
        }
    }
}


def register(bp: Blueprint) -> None:
    """Register the representatives, sub-committees, appraisals, reports and structure."""
    resources = [
        CommitteeResource(
            bp, "assembly-members", AssemblyMember, AssemblyMemberSchema,
            order_by=(AssemblyMember.org_unit_id, AssemblyMember.id),
            filters=(_committee_filter(AssemblyMember),
                     Filter("kind", "string", "代表类别",
                            lambda s, v: s.where(AssemblyMember.kind == v))),
            error_fields=(("周岁", "birth_date"), ("出生日期", "birth_date"),
                          ("选举权", "voting_rights"), ("单位", "unit_name"),
                          ("结束日期", "end_date")),
            summary="社区成员代表 (B2)：居民、社区单位、外来人口代表，年满18周岁、享有选举权",
        ),
        CommitteeResource(
            bp, "subcommittees", SubCommittee, SubCommitteeSchema,
            order_by=(SubCommittee.org_unit_id, SubCommittee.kind),
            options=(selectinload(SubCommittee.members).selectinload(SubCommitteeMember.person),),
            filters=(_committee_filter(SubCommittee),),
            error_fields=(("专门委员会", "kind"),),
            summary="专门委员会 (B4)：六个委员会，成员嵌套只读（3—5人，主任由居委会成员兼任）",
        ),
        CommitteeResource(
            bp, "appraisals", Appraisal, AppraisalSchema, write_permission=APPRAISE,
            order_by=(Appraisal.appraised_on.desc(), Appraisal.id),
            filters=(_committee_filter(Appraisal),
                     Filter("person", "integer", "社工专干（人员编号）",
                            lambda s, v: s.where(Appraisal.person_id == v)),
                     Filter("year", "integer", "年度", lambda s, v: s.where(Appraisal.year == v))),
            error_fields=(("等次", "grade"), ("得分", "score"), ("半年", "half"),
                          ("居民", "person_id")),
            summary="社工考核 (B5, B8)：等次、得分、奖惩；聘期内的考核决定续聘建议",
        ),
        StationReportResource(
            bp, "station-reports", StationReport, StationReportSchema,
            order_by=(StationReport.reported_on.desc(), StationReport.id),
            filters=(_committee_filter(StationReport),),
            error_fields=(("评议", "rating"),),
            summary="工作站工作汇报 (B5)：工作站向居委会汇报，居委会评议",
        ),
    ]  # fmt: skip
    for resource in resources:
        # Routes sit under the blueprint's /beijing; the document needs the full path.
        resource.name = PREFIX + resource.name
    paths = getattr(bp, "juwei_openapi_paths", {})
    paths.update(OPENAPI_PATHS)
    bp.juwei_openapi_paths = paths  # type: ignore[attr-defined]
    bp.add_url_rule("/structure", "structure", structure, methods=["GET"])
