"""API of rounds, street scores and results under /api/v1/huangpu/ (H3, H4, H6, H7, H9, D1).

- ``GET /huangpu/rounds[/<id>]`` — read only: each round with its
  committees, the staff evaluated, participants, ballots, the D1 turnout
  verdict and the supervision group's members (H9).
- ``/huangpu/street-scores`` — the street's half-yearly scores, list, create,
  update (with ``version_id``), delete; ``check_street_evaluation`` refusals
  answer 422 with the Chinese message under the score it is about (H4).
- ``GET /huangpu/results?year=YYYY[&street=CODE][&format=json|xlsx]`` — the
  year's 70/30 results (H3, H6); ``/huangpu/results/<round id>`` one round's.

All are ``ModelResource`` subclasses, so the OpenAPI document lists them.
Reads go through the ORM session: a token of one street sees nothing of
another; committee staff see published results only (H7).
"""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, jsonify, request, send_file
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.api.paging import BadQuery, Filter, page_args, parse_value
from core.api.resource import NOT_VISIBLE, ModelResource, Unprocessable, unprocessable
from core.extensions import db
from core.models import OrgUnit, Role
from core.scoping import current_actor
from plugins.huangpu_evaluation.kinds import COMMITTEE_WORK, STAFF_WORK
from plugins.huangpu_evaluation.models import (
    Round,
    RoundCommittee,
    RoundSubject,
    StreetEvaluation,
)
from plugins.huangpu_evaluation.permissions import STREET_SCORE
from plugins.huangpu_evaluation.schemas import (
    ResultSchema,
    RoundSchema,
    StreetScoreSchema,
    result_dict,
    round_dict,
)

#: The OpenAPI document names paths by the resource's name; the blueprint adds /huangpu.
PREFIX = "huangpu/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(bp: Blueprint) -> None:
    """Register the rounds, street-score and results resources on the plugin's blueprint."""
    resources = [
        RoundResource(
            bp,
            "rounds",
            Round,
            RoundSchema,
            read_only=True,
            order_by=(Round.year.desc(), Round.id.desc()),
            options=(selectinload(Round.committees),),
            filters=(
                Filter("year", "integer", "年度", lambda s, v: s.where(Round.year == v)),
                Filter("kind", "string", "测评类型", lambda s, v: s.where(Round.kind == v)),
                Filter("status", "string", "状态", lambda s, v: s.where(Round.status == v)),
            ),
            summary="测评轮次（只读）：居委会、被测评人员、参与率 (D1) 和居务监督小组 (H9)",
        ),
        StreetScoreResource(
            bp,
            "street-scores",
            StreetEvaluation,
            StreetScoreSchema,
            write_permission=STREET_SCORE,
            order_by=(StreetEvaluation.round_committee_id, StreetEvaluation.id),
            filters=(
                Filter(
                    "round_committee",
                    "integer",
                    "测评轮次中的居委会（编号）",
                    lambda s, v: s.where(StreetEvaluation.round_committee_id == v),
                ),
                Filter(
                    "round",
                    "integer",
                    "测评轮次（编号）",
                    lambda s, v: s.where(
                        StreetEvaluation.round_committee_id.in_(
                            select(RoundCommittee.id).where(RoundCommittee.round_id == v)
                        )
                    ),
                ),
            ),
            error_fields=(
                *_item_fields(),
                ("评价来源", "sources"),
                ("不属于该居委会", "subject_id"),
                ("已有街道评分", "subject_id"),
                ("不在进行中", "round_committee_id"),
                ("不是街道半年评价", "round_committee_id"),
                ("项评分", "score_5"),
            ),
            summary="街道半年评价 (H4)：居委会工作四项、工作人员五项，0–100 分",
        ),
        ResultResource(
            bp,
            "results",
            Round,
            ResultSchema,
            read_only=True,
            filters=(
                Filter("year", "integer", "年度（必填）", lambda s, v: s),
                Filter(
                    "street", "string", "街道的区划代码（12位）；默认管辖范围内全部", lambda s, v: s
                ),
                Filter("format", "string", "json（默认）或 xlsx", lambda s, v: s),
            ),
            summary=(
                "测评结果（只读，H3、H6）：列表为该年度居委会和工作人员的综合评价，"
                "另有 committees 和 staff 两部分；单条的编号是测评轮次编号，给出该轮的结果"
            ),
        ),
    ]
    for resource in resources:
        # Routes are registered under the blueprint's /huangpu; the document needs the full path.
        resource.name = PREFIX + resource.name


def _item_fields() -> list[tuple[str, str]]:
    """``(“item”, score_i)`` for every item of the H1 and H2 forms (the message names the item)."""
    pairs: list[tuple[str, str]] = []
    for form in (COMMITTEE_WORK, STAFF_WORK):
        pairs.extend((f"“{label}”", f"score_{i}") for i, label in enumerate(form.items, start=1))
    return pairs


def _published_only() -> bool:
    actor = current_actor()
    return actor is None or actor.role is Role.COMMITTEE_STAFF


class RoundResource(ModelResource):
    """Rounds with their committees and the turnout of each (D1, H9)."""

    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Each round with ``rounds.turnouts`` of its committees (two queries per round)."""
        from plugins.huangpu_evaluation.rounds import turnouts

        return [round_dict(r, turnouts(db.session, r)) for r in rows]


class StreetScoreResource(ModelResource):
    """Street scores: the round committee and subject are loaded before H4's check."""

    def build(self, data: dict[str, Any]) -> Any:
        """A new evaluation with its round committee and subject attached, checked at once."""
        evaluation = StreetEvaluation(**data)
        self._attach(evaluation, data)
        return evaluation

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Change the evaluation; a new round committee or subject replaces the loaded one."""
        super().apply(obj, data)
        self._attach(obj, data)

    def _attach(self, evaluation: StreetEvaluation, data: dict[str, Any]) -> None:
        # check_references has already refused ids missing or out of scope.
        if "round_committee_id" in data:
            evaluation.round_committee = db.session.scalars(
                select(RoundCommittee).where(RoundCommittee.id == data["round_committee_id"])
            ).one()
        if data.get("subject_id") is not None:
            evaluation.subject = db.session.scalars(
                select(RoundSubject).where(RoundSubject.id == data["subject_id"])
            ).one()
        elif "subject_id" in data:
            evaluation.subject = None


class ResultResource(ModelResource):
    """The year's results (``results.year_results``) or one round's (``round_results``)."""

    def list(self) -> Any:
        """GET ?year=YYYY[&street=][&format=]: a page of the committees' and staff's results."""
        from plugins.huangpu_evaluation.results import year_results

        try:
            page, per_page = page_args(request.args)
            text = (request.args.get("year") or "").strip()
            if not text:
                raise Unprocessable({"year": ["必须填写年度"]}, "查询参数有误")
            year = parse_value("year", "integer", text)
            street = _street((request.args.get("street") or "").strip())
            fmt = (request.args.get("format") or "json").strip().lower()
            if fmt not in ("json", "xlsx"):
                raise Unprocessable({"format": ["应为 json 或 xlsx"]}, "查询参数有误")
        except BadQuery as exc:
            return unprocessable(exc.errors, "查询参数有误")
        except Unprocessable as exc:
            return unprocessable(exc.errors, exc.message)
        results = year_results(db.session, year, street=street, published_only=_published_only())
        if fmt == "xlsx":
            from plugins.huangpu_evaluation.export import results_xlsx

            name = f"{year}年度民主测评结果.xlsx"
            return send_file(
                io.BytesIO(results_xlsx(results)), XLSX, as_attachment=True, download_name=name
            )
        rows = [*results.committees, *results.staff]
        start = (page - 1) * per_page
        return jsonify(
            year=year,
            items=[result_dict(r) for r in rows[start : start + per_page]],
            page=page,
            per_page=per_page,
            total=len(rows),
            committees=[result_dict(r) for r in results.committees],
            staff=[result_dict(r) for r in results.staff],
        )

    def get(self, id: int) -> Any:
        """GET /<round id>: the results of one round (its mass part, term, D1 or D2)."""
        from plugins.huangpu_evaluation.results import round_results

        round_ = self._one(id)
        if _published_only() and round_.status != "published":
            abort(404)
        results = round_results(db.session, round_)
        return jsonify(
            round_id=round_.id,
            title=round_.title,
            items=[result_dict(r) for r in results],
        )


def _street(code: str) -> OrgUnit | None:
    """The street ``code`` in scope; 422 when malformed, 404 when not visible; None if blank."""
    if not code:
        return None
    if not (len(code) == 12 and code.isdigit()):
        raise Unprocessable({"street": [f"区划代码“{code}”格式不对：应为12位数字"]}, "查询参数有误")
    unit = db.session.scalars(
        select(OrgUnit).where(OrgUnit.code == code, OrgUnit.kind == "street")
    ).one_or_none()
    if unit is None:
        abort(404, NOT_VISIBLE)
    return unit
