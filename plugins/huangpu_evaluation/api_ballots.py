"""The ballot API: casting a ballot by code without an account, and paper batches (D1, D3).

Public (no token, the code is the credential):

- ``GET /api/v1/huangpu/ballot-form?code=…`` — the ballot of a valid unused
  code: round, committee, subjects, items and answers; 422 otherwise.
- ``POST /api/v1/huangpu/ballots`` — ``{"code": "…", "marks": [{"subject_id":
  null|int, "answers": [1, 2, null, …]}], "comment": ""}``; 201, or 422 with
  a Chinese ``error``; 429 after too many wrong codes (``vote.throttled``).

Both are marked ``core.api.public``: core's token check lets them through,
and they run as ``codes.voter_actor`` (narrowed to the code's committee)
like the ballot page. Neither ever answers with a code.

Token-authenticated:

- ``POST /api/v1/huangpu/round-committees/<id>/paper-ballots`` — a batch of
  paper ballots, ``{"note": "", "ballots": [{"marks": […], "comment": ""}]}``,
  for staff holding the ballot desk permission (D3); 201 or 422.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from core.api import public
from core.extensions import db
from core.permissions import require
from core.scoping import ScopeViolation, acting_as
from plugins.huangpu_evaluation.ballots import (
    Marks,
    PaperBallot,
    ballot_subjects,
    cast_ballot,
    enter_paper_batch,
)
from plugins.huangpu_evaluation.codes import BallotError, usable_code, voter_actor
from plugins.huangpu_evaluation.kinds import ROUND_KINDS
from plugins.huangpu_evaluation.models import RoundCommittee
from plugins.huangpu_evaluation.permissions import BALLOT_DESK


def _error(message: str, status: int = 422) -> Any:
    return jsonify(error=message), status


def parse_marks(value: Any) -> Marks:
    """``[{"subject_id": null|int, "answers": [...]}, …]`` as ``{subject id: answers}``."""
    if value is None:
        return {}
    if not isinstance(value, list):
        raise BallotError("marks 须为数组：[{subject_id, answers}]")
    marks: dict[int | None, list[int | None]] = {}
    for entry in value:
        if not isinstance(entry, dict):
            raise BallotError("marks 的每一项须为对象：{subject_id, answers}")
        subject = entry.get("subject_id")
        answers = entry.get("answers", [])
        if subject is not None and (isinstance(subject, bool) or not isinstance(subject, int)):
            raise BallotError("subject_id 须为整数或 null（居委会工作）")
        if not isinstance(answers, list) or any(
            a is not None and (isinstance(a, bool) or not isinstance(a, int)) for a in answers
        ):
            raise BallotError("answers 须为整数或 null 组成的数组（1 为第一个答案，null 为弃权）")
        if subject in marks:
            raise BallotError("同一评议对象在 marks 中出现了两次")
        marks[subject] = answers
    return marks


def ballot_form() -> Any:
    """GET /huangpu/ballot-form?code=: the ballot of a valid unused code (D1)."""
    from plugins.huangpu_evaluation.vote import find_code

    code = (request.args.get("code") or "").strip()[:40]
    scope, error, status = find_code(code)
    if error:
        return _error(error, status)
    with acting_as(voter_actor(scope)):
        try:
            row = usable_code(db.session, code)
        except BallotError as exc:
            db.session.rollback()
            return _error(str(exc))
        rc = row.round_committee
        return jsonify(
            round={"title": rc.round.title, "kind": rc.round.kind, "year": rc.round.year},
            kind_label=ROUND_KINDS.get(rc.round.kind, rc.round.kind),
            committee=rc.org_unit.name,
            blank="未作答的项目记为 null，按弃权计",
            subjects=[
                {
                    "subject_id": part.subject_id,
                    "label": part.label,
                    "form": part.form.code,
                    "rule": part.form.rule,
                    "items": list(part.form.items),
                    "answers": list(part.form.answers),
                }
                for part in ballot_subjects(rc)
            ],
        )


def cast() -> Any:
    """POST /huangpu/ballots: cast a ballot by code; 201 or 422 (D1)."""
    from plugins.huangpu_evaluation.vote import find_code

    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error("请求体须为 JSON 对象：{code, marks, comment}")
    code, comment = body.get("code"), body.get("comment") or ""
    if not isinstance(code, str) or not isinstance(comment, str):
        return _error("code 和 comment 须为字符串")
    scope, error, status = find_code(code[:40])
    if error:
        return _error(error, status)
    with acting_as(voter_actor(scope)):
        try:
            cast_ballot(db.session, code, parse_marks(body.get("marks")), comment)
            db.session.commit()
        except BallotError as exc:
            db.session.rollback()
            return _error(str(exc))
        except (SQLAlchemyError, ScopeViolation):
            db.session.rollback()
            return _error("提交失败，选票没有保存，请稍后再试", 503)
    return jsonify(status="ok", message="投票成功，感谢您的参与"), 201


def paper_ballots(rc_id: int) -> Any:
    """POST /huangpu/round-committees/<id>/paper-ballots: a batch of paper ballots (D3)."""
    require(BALLOT_DESK)
    rc = db.session.scalar(select(RoundCommittee).where(RoundCommittee.id == rc_id))
    if rc is None:
        return _error("评议的居委会不存在或不在您的管辖范围内", 404)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("ballots"), list):
        return _error("请求体须为 JSON 对象：{note, ballots: [{marks, comment}]}")
    try:
        papers = []
        for entry in body["ballots"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("comment") or "", str):
                raise BallotError("ballots 的每一项须为对象：{marks, comment}")
            papers.append(PaperBallot(parse_marks(entry.get("marks")), entry.get("comment") or ""))
        batch = enter_paper_batch(db.session, rc, papers, str(body.get("note") or ""))
        db.session.commit()
    except BallotError as exc:
        db.session.rollback()
        return _error(str(exc))
    except ScopeViolation as exc:
        db.session.rollback()
        return _error(str(exc), 403)
    return jsonify(id=batch.id, count=batch.count), 201


def _marks_schema() -> dict[str, Any]:
    answers = {"type": "array", "items": {"type": "integer", "minimum": 1, "nullable": True}}
    mark = {
        "type": "object",
        "properties": {"subject_id": {"type": "integer", "nullable": True}, "answers": answers},
    }
    return {"type": "array", "items": mark, "description": "subject_id 为 null：居委会工作"}


def _answer(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {}}}}


#: OpenAPI paths of this module, relative to /api/v1; ``bp.juwei_openapi_paths`` for core
#: to merge once it reads it (see the report: core's document lists ModelResources only).
OPENAPI_PATHS: dict[str, Any] = {
    "/huangpu/ballot-form": {
        "get": {
            "tags": ["huangpu/ballots"],
            "summary": "凭评议码取得选票（无需令牌，D1）",
            "operationId": "huangpu_ballot_form",
            "security": [],
            "parameters": [
                {"name": "code", "in": "query", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": _answer("评议对象、评议项目和可选答案"),
                "422": _answer("评议码不正确、已使用、已作废或评议不在进行中"),
                "429": _answer("错误评议码次数过多"),
            },
        }
    },
    "/huangpu/ballots": {
        "post": {
            "tags": ["huangpu/ballots"],
            "summary": "凭评议码投票（无需令牌，每个评议码一次，D1）",
            "operationId": "huangpu_ballot_cast",
            "security": [],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["code"],
                            "properties": {
                                "code": {"type": "string", "example": "XXXX-XXXX"},
                                "marks": _marks_schema(),
                                "comment": {"type": "string", "maxLength": 2000},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": _answer("已投票"),
                "422": _answer("中文说明：评议码已使用、评议已结束、答案无效等"),
                "429": _answer("错误评议码次数过多"),
            },
        }
    },
    "/huangpu/round-committees/{id}/paper-ballots": {
        "post": {
            "tags": ["huangpu/ballots"],
            "summary": "录入一批纸质选票（须评议组织权限，D3）",
            "operationId": "huangpu_paper_ballots",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {
                "201": _answer("批次编号和张数"),
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
                "422": _answer("中文说明：超过已参与人数整批未录入等"),
            },
        }
    },
}


def register(bp: Blueprint) -> None:
    """Register the ballot endpoints on the plugin's API blueprint (two of them public)."""
    paths = getattr(bp, "juwei_openapi_paths", {})
    paths.update(OPENAPI_PATHS)
    bp.juwei_openapi_paths = paths  # type: ignore[attr-defined]
    bp.add_url_rule("/ballot-form", "ballot_form", public(ballot_form), methods=["GET"])
    bp.add_url_rule("/ballots", "cast", public(cast), methods=["POST"])
    bp.add_url_rule(
        "/round-committees/<int:rc_id>/paper-ballots",
        "paper_ballots",
        paper_ballots,
        methods=["POST"],
    )
