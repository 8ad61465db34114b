"""Schemas of the rounds, street-score and results API (H3, H4, H6, H9, D1).

Rounds and results are read only (results are computed by ``results.py``);
street scores are written through the API. Scores travel as strings with
one decimal ("86.4"): a score is a Decimal, never a JSON float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields

from core.schemas.base import ApiSchema, version
from plugins.huangpu_evaluation.kinds import (
    METHODS,
    ROUND_KINDS,
    STATUSES,
    STREET_SOURCES,
    SUPERVISION,
)
from plugins.huangpu_evaluation.results import Result


def _out(field: fields.Field) -> fields.Field:
    """``field`` marked read only (it is computed, never written)."""
    field.dump_only = True
    return field


def _one_decimal(value: Decimal) -> None:
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError("最多保留一位小数")


def score(**kwargs: Any) -> fields.Decimal:
    """A score 0–100 with at most one decimal, as a string ("86.4"); the range is H4's check."""
    return fields.Decimal(
        as_string=True, allow_none=True, validate=_one_decimal, load_default=None, **kwargs
    )


class Sources(fields.List):
    """The sources of a street evaluation: stored comma-separated, sent as a list (H4)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(fields.String(metadata={"enum": list(STREET_SOURCES)}), **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            return [part for part in value.split(",") if part]
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        items = [str(item) for item in super()._deserialize(value, attr, data, **kwargs)]
        unknown = [item for item in items if item not in STREET_SOURCES]
        if unknown:
            raise ValidationError(
                f"未知的评价来源：{'、'.join(unknown)}；可选：" + "、".join(STREET_SOURCES)
            )
        return ",".join(dict.fromkeys(items))


class StreetScoreSchema(ApiSchema):
    """The street's half-yearly evaluation of a committee's work or a staff member (H4)."""

    id = fields.Integer(dump_only=True)
    round_committee_id = fields.Integer(
        strict=True, required=True, metadata={"description": "测评轮次中的居委会（编号）"}
    )
    subject_id = fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        metadata={"description": "被评价的工作人员（本轮被测评人员编号）；为空：评价居委会工作"},
    )
    score_1 = score(metadata={"description": "组织建设 / 从业道德"})
    score_2 = score(metadata={"description": "居民自治 / 工作能力"})
    score_3 = score(metadata={"description": "协助行政事务 / 工作作风"})
    score_4 = score(metadata={"description": "制度建设 / 工作实绩"})
    score_5 = score(metadata={"description": "（居委会工作不用）/ 廉洁自律"})
    sources = Sources(
        load_default="",
        metadata={
            "description": "评价来源：" + "、".join(f"{k} {v}" for k, v in STREET_SOURCES.items())
        },
    )
    note = fields.String(load_default="", metadata={"description": "备注"})
    org_unit_id = _out(fields.Integer(metadata={"description": "所属居委会的编号"}))
    version_id = version()


class RoundSchema(ApiSchema):
    """An evaluation round with its committees, staff, participants and D1 turnout (H4, H9)."""

    id = fields.Integer(dump_only=True)
    title = _out(fields.String(metadata={"description": "名称"}))
    kind = _out(fields.String(metadata={"enum": list(ROUND_KINDS), "description": "测评类型"}))
    kind_label = _out(fields.String(metadata={"description": "测评类型的中文名称"}))
    year = _out(fields.Integer(metadata={"description": "年度"}))
    half = _out(fields.Integer(allow_none=True, metadata={"description": "1 上半年，2 下半年"}))
    period_start = _out(fields.Date(metadata={"description": "测评期间开始"}))
    period_end = _out(fields.Date(metadata={"description": "测评期间结束"}))
    status = _out(fields.String(metadata={"enum": list(STATUSES), "description": "状态"}))
    status_label = _out(fields.String(metadata={"description": "状态的中文名称"}))
    method = _out(fields.String(metadata={"enum": list(METHODS), "description": "评议方式 (D3)"}))
    organiser = _out(fields.String(metadata={"description": "组织测评的街道或区"}))
    committees = _out(
        fields.List(
            fields.Dict(),
            metadata={
                "description": "各居委会：被测评人员、应参与和已参与人数、选票数、"
                "参与率是否达到 (D1)、居务监督小组成员 (H9)"
            },
        )
    )


def round_dict(round_: Any, counts: dict[int, Any]) -> dict[str, Any]:
    """The JSON form of a round (``RoundSchema``) with the turnouts ``counts`` of its committees."""
    committees = []
    for rc in round_.committees:
        t = counts.get(rc.id)
        committees.append(
            {
                "id": rc.id,
                "committee_id": rc.org_unit_id,
                "committee_code": rc.org_unit.code,
                "committee_name": rc.org_unit.name,
                "subjects": [
                    {
                        "id": s.id,
                        "person_id": s.person_id,
                        "name": s.person.name,
                        "title": s.title,
                        "role": s.role,
                    }
                    for s in rc.subjects
                ],
                "body": t.body if t else len(rc.participants),
                "took_part": t.took_part if t else 0,
                "ballots": t.ballots if t else 0,
                "turnout_valid": t.verdict.valid if t else False,
                "turnout": t.verdict.explanation if t else "",
                "supervision": [p.name for p in rc.participants if p.category == SUPERVISION],
            }
        )
    return {
        "id": round_.id,
        "title": round_.title,
        "kind": round_.kind,
        "kind_label": ROUND_KINDS.get(round_.kind, round_.kind),
        "year": round_.year,
        "half": round_.half,
        "period_start": round_.period_start.isoformat(),
        "period_end": round_.period_end.isoformat(),
        "status": round_.status,
        "status_label": STATUSES.get(round_.status, round_.status),
        "method": round_.method,
        "organiser": round_.org_unit.name if round_.org_unit else "",
        "committees": committees,
    }


class ResultSchema(ApiSchema):
    """A committee's or staff member's result: mass, street, score, grade, why (H3, H6)."""

    kind = _out(fields.String(metadata={"description": "annual：年度综合评价；其他为单轮测评"}))
    year = _out(fields.Integer())
    committee_id = _out(fields.Integer())
    committee_name = _out(fields.String())
    street_name = _out(fields.String())
    person_id = _out(fields.Integer(allow_none=True, metadata={"description": "为空：居委会工作"}))
    person_name = _out(fields.String())
    title = _out(fields.String(metadata={"description": "职务"}))
    mass_score = _out(fields.String(allow_none=True, metadata={"description": "群众评价得分"}))
    turnout = _out(fields.String(allow_none=True, metadata={"description": "参与率判定 (D1)"}))
    street_score = _out(fields.String(allow_none=True, metadata={"description": "街道评价得分"}))
    score = _out(fields.String(allow_none=True, metadata={"description": "综合得分 (H3)"}))
    grade = _out(fields.String(allow_none=True, metadata={"description": "等次 (H6)"}))
    rank = _out(fields.Integer(allow_none=True, metadata={"description": "街道内名次"}))
    explanation = _out(fields.String(metadata={"description": "计算说明"}))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def result_dict(result: Result) -> dict[str, Any]:
    """The JSON form of a result (``ResultSchema``)."""
    return {
        "kind": result.kind,
        "year": result.year,
        "committee_id": result.committee_id,
        "committee_name": result.committee_name,
        "street_name": result.street_name,
        "person_id": result.person_id,
        "person_name": result.person_name,
        "title": result.title,
        "mass_score": _text(result.mass.score) if result.mass else None,
        "turnout": result.mass.turnout.explanation if result.mass else None,
        "street_score": _text(result.street.score) if result.street else None,
        "score": _text(result.score),
        "grade": result.grade,
        "rank": result.rank,
        "explanation": result.explanation,
    }
