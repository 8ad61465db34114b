"""Schemas of the 两会一站 API: representatives, sub-committees, reports, appraisals (B2–B8).

Scores travel as strings ("92.5"): never a JSON float. Sub-committee members
are read only here (nested); they are written in the admin, where B4's
refusals are shown. ``structure_dict`` is the JSON of the overview.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from core.schemas.base import ApiSchema, one_of, text, version
from plugins.beijing_workstation.kinds import (
    APPRAISAL_GRADES,
    REPORT_RATINGS,
    REPRESENTATIVE_KINDS,
    SUBCOMMITTEE_ROLES,
    SUBCOMMITTEES,
)

UNIT = "所属居委会编号；居委会工作人员可不填（本居委会）"


def _out(field: fields.Field) -> fields.Field:
    """``field`` marked read only (it is computed, never written)."""
    field.dump_only = True
    return field


def _name_of(attribute: str) -> fields.Field:
    return _out(
        fields.Function(
            lambda obj: getattr(getattr(obj, attribute), "name", None),
            metadata={"type": "string", "description": "姓名"},
        )
    )


class AssemblyMemberSchema(ApiSchema):
    """A representative in the 社区成员代表大会: 18+, with voting rights (B2)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, metadata={"description": UNIT})
    person_id = fields.Integer(
        strict=True, allow_none=True, metadata={"description": "居民编号（可选）"}
    )
    name = text(50, load_default="", metadata={"description": "姓名；选了居民的可不填"})
    birth_date = fields.Date(
        allow_none=True, metadata={"description": "出生日期；须年满18周岁 (B2)"}
    )
    kind = one_of(REPRESENTATIVE_KINDS, required=True, metadata={"description": "代表类别 (B2)"})
    kind_label = _out(
        fields.Function(lambda m: REPRESENTATIVE_KINDS.get(m.kind), metadata={"type": "string"})
    )
    unit_name = text(100, load_default="", metadata={"description": "所代表的社区单位"})
    voting_rights = fields.Boolean(
        load_default=True, metadata={"description": "享有选举权和被选举权 (B2)"}
    )
    term_id = fields.Integer(strict=True, allow_none=True, metadata={"description": "届期编号"})
    start_date = fields.Date(required=True, metadata={"description": "任职开始日期"})
    end_date = fields.Date(allow_none=True, metadata={"description": "任职结束日期"})
    note = fields.String(load_default="", metadata={"description": "备注"})
    version_id = version()


class SubCommitteeMemberSchema(ApiSchema):
    """A member or the chair of a sub-committee (B4), read only."""

    id = fields.Integer(dump_only=True)
    person_id = fields.Integer(dump_only=True)
    name = _name_of("person")
    role = _out(one_of(SUBCOMMITTEE_ROLES, metadata={"description": "chair 主任，member 委员"}))
    source = _out(fields.String(metadata={"description": "来源：楼门组长、积极分子等"}))
    start_date = fields.Date(dump_only=True)
    end_date = fields.Date(dump_only=True, allow_none=True)


class SubCommitteeSchema(ApiSchema):
    """One of the committee's six sub-committees; members nested, read only (B4)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, metadata={"description": UNIT})
    kind = one_of(SUBCOMMITTEES, required=True, metadata={"description": "专门委员会 (B4)"})
    kind_label = _out(
        fields.Function(lambda s: SUBCOMMITTEES.get(s.kind), metadata={"type": "string"})
    )
    term_id = fields.Integer(strict=True, allow_none=True, metadata={"description": "届期编号"})
    note = fields.String(load_default="", metadata={"description": "备注"})
    members = fields.List(
        fields.Nested(SubCommitteeMemberSchema),
        dump_only=True,
        metadata={"description": "成员（含历任）；在管理后台增减，3—5 人 (B4)"},
    )
    version_id = version()


class StationReportSchema(ApiSchema):
    """The station's report to the committee and the committee's evaluation (B5)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, metadata={"description": UNIT})
    reported_on = fields.Date(required=True, metadata={"description": "汇报日期"})
    period = text(50, required=True, metadata={"description": "汇报期间，如 2026年上半年"})
    title = text(200, required=True, metadata={"description": "汇报题目"})
    content = fields.String(load_default="", metadata={"description": "汇报内容"})
    evaluated_on = fields.Date(allow_none=True, metadata={"description": "评议日期"})
    rating = one_of(
        list(REPORT_RATINGS), allow_none=True, metadata={"description": "居委会评议 (B5)"}
    )
    opinion = fields.String(load_default="", metadata={"description": "评议意见"})
    version_id = version()


class AppraisalSchema(ApiSchema):
    """The committee's appraisal of a social worker, with rewards and penalties (B5, B8)."""

    id = fields.Integer(dump_only=True)
    org_unit_id = fields.Integer(strict=True, metadata={"description": UNIT})
    person_id = fields.Integer(
        strict=True, required=True, metadata={"description": "社工专干（人员编号）"}
    )
    person_name = _name_of("person")
    year = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=2000, max=2100, error="年度应在 2000–2100 之间"),
    )
    half = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.OneOf([1, 2], error="期间应为 1（上半年）、2（下半年）或 null（全年）"),
        metadata={"description": "1 上半年，2 下半年，null 全年"},
    )
    appraised_on = fields.Date(required=True, metadata={"description": "考核日期"})
    score = fields.Decimal(
        as_string=True, allow_none=True, places=1, metadata={"description": "得分 0–100"}
    )
    grade = one_of(list(APPRAISAL_GRADES), required=True, metadata={"description": "等次 (B8)"})
    rewards = fields.String(load_default="", metadata={"description": "奖励"})
    penalties = fields.String(load_default="", metadata={"description": "处罚"})
    note = fields.String(load_default="", metadata={"description": "备注"})
    version_id = version()


def structure_dict(o: Any) -> dict[str, Any]:
    """The JSON of ``structure.overview`` (B1, B2, B4, B6, B9)."""
    return {
        "committee": {"id": o.committee.id, "code": o.committee.code, "name": o.committee.name},
        "on": o.day.isoformat(),
        "bodies": {code: {"name": n, "role": r} for code, (n, r) in o.bodies.items()},
        "assembly": {
            "members": {
                kind: {"label": REPRESENTATIVE_KINDS.get(kind, kind), "names": names}
                for kind, names in o.assembly.items()
            },
            "total": o.assembly_total,
            "quota": o.quota,
            "quota_note": o.quota_note,
        },
        "committee_body": {
            "director": o.director,
            "director_retired": o.director_retired,
            "deputies": o.deputies,
            "members": o.members,
            "notes": o.committee_notes,
        },
        "subcommittees": [
            {
                "id": row.id,
                "kind": row.kind,
                "label": row.label,
                "chair": row.chair,
                "members": [{"name": n, "role": r, "source": s} for n, r, s in row.members],
                "notes": row.notes,
            }
            for row in o.subcommittees
        ],
        "station": {
            "staff": [
                {
                    "person_id": r.person_id,
                    "name": r.name,
                    "roles": r.roles,
                    "post": r.post,
                    "grade": r.grade,
                    "notes": r.notes,
                }
                for r in o.staff
            ],
            "notes": o.station_notes,
        },
        "cross_appointments": [{"name": n, "offices": offices} for n, offices in o.cross],
        "cross_note": o.cross_note,
        "flags": o.flags,
    }
