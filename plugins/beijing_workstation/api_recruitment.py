"""API of the social-worker recruitment under /api/v1/beijing/ (rule B7).

- ``/beijing/postings`` — the postings in scope; POST creates one through
  ``pipeline.create_posting`` (its stages snapshotted from the policy
  parameter); PATCH changes it until the 公示. ``GET /beijing/postings/<id>/ranking``
  gives the applicants with composite score, rank and explanation;
  ``PUT /beijing/postings/<id>/scores`` enters scores,
  ``{"<applicant id>": {"written": "82.0", "interview": "88.5"}}``, all or
  nothing; ``POST /beijing/postings/<id>/notice`` publishes the 公示.
- ``/beijing/applications`` — applicants (filter ``posting``), with stage,
  status, scores, composite, rank; POST registers an application (C10 on the
  ID number, which is never read back whole); PATCH only the contact data.
  ``POST /beijing/applications/<id>/advance`` ``{"note"}``, ``/reject``
  ``{"reason"}`` and ``/check`` ``{"passed", "note"}`` move it on.
- ``/beijing/agreements`` — hiring agreements; POST signs one through
  ``hiring.sign_agreement`` (201), refused with 422 and the Chinese message
  before the 公示 ends or beyond the places.

Writes need ``RECRUIT``; every read goes through the ORM, so it is scoped.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, jsonify, request
from marshmallow import Schema, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.admin.structure import today
from core.api.paging import Filter
from core.api.resource import ModelResource, Unprocessable, unprocessable
from core.extensions import db
from core.models import OrgUnit
from core.permissions import require
from core.rules.policy import NoValueInForce
from core.rules.workdays import WorkdayUnknown
from core.scoping import ScopeViolation, current_actor
from plugins.beijing_workstation import hiring, pipeline
from plugins.beijing_workstation.export import ranked_dict
from plugins.beijing_workstation.models import Agreement, Applicant, Posting
from plugins.beijing_workstation.permissions import RECRUIT
from plugins.beijing_workstation.schemas_recruitment import (
    OPENAPI_PATHS,
    AdvanceSchema,
    AgreementSchema,
    ApplicationSchema,
    CheckSchema,
    PostingSchema,
    ReasonSchema,
    ScoreSchema,
)

PREFIX = "beijing/"
REFUSED = (ValueError, NoValueInForce, WorkdayUnknown)
CONTACT_FIELDS = frozenset({"phone", "education", "address"})


def answer(
    step: Callable[[], Any],
    status: int,
    dump: Callable[[Any], Any],
    field_of: Callable[[str], str] = lambda _message: "_schema",
) -> Any:
    """Run ``step``, commit, answer ``dump(result)``; a refusal is 403/409/422, rolled back."""
    try:
        result = step()
        db.session.commit()
    except Unprocessable as exc:
        db.session.rollback()
        return unprocessable(exc.errors, exc.message)
    except ScopeViolation as exc:
        db.session.rollback()
        return jsonify(error=str(exc)), 403
    except REFUSED as exc:
        db.session.rollback()
        return unprocessable({field_of(str(exc)): [str(exc)]}, str(exc))
    except IntegrityError:
        db.session.rollback()
        return jsonify(error="与已有记录冲突，或仍被其他记录引用"), 409
    return jsonify(dump(result)), status


def load(schema: type[Schema]) -> dict[str, Any]:
    """The JSON body validated by ``schema``; ``Unprocessable`` naming each field."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise Unprocessable({"_schema": ["请求体必须是 JSON 对象"]})
    try:
        return dict(schema().load(payload))
    except ValidationError as exc:
        raise Unprocessable({str(k): v for k, v in exc.messages_dict.items()}) from exc


def _writer() -> None:
    """403 unless the actor may run recruitments (``RECRUIT``, never read-only)."""
    actor = current_actor()
    if actor is None or actor.read_only:
        abort(403)
    require(RECRUIT)


def _scoped(model: type, key: Any, field: str, what: str) -> Any:
    """The ``model`` record ``key`` in scope, else ``Unprocessable`` under ``field``."""
    found = db.session.scalar(select(model).where(model.id == key))  # type: ignore[attr-defined]
    if found is None:
        raise Unprocessable({field: [f"编号 {key} 的{what}不存在或不在您的管辖范围内"]})
    return found


# --- postings -------------------------------------------------------------------------------


class PostingResource(ModelResource):
    """Postings: created through the pipeline, changed only before the 公示 (B7)."""

    def create(self) -> Any:
        """POST /beijing/postings: a new posting, its stages from the policy parameter (B7)."""
        self._check_write()

        def step() -> Posting:
            data = load(PostingSchema)
            committee = _scoped(OrgUnit, data.pop("org_unit_id"), "org_unit_id", "居委会")
            return pipeline.create_posting(db.session, committee, today=today(), **data)

        return answer(step, 201, lambda p: self.serialize([p])[0], self.field_of)

    def refuse_write(self, obj: Any | None, data: dict[str, Any]) -> None:
        """A posting in its 公示 or finished does not change; nor does its committee (B7)."""
        if obj is not None and obj.status not in ("draft", "open", "closed"):
            message = "招聘已进入公示或已结束，不能再修改招聘公告 (B7)"
            raise Unprocessable({"_schema": [message]}, message)
        if obj is not None and "org_unit_id" in data and data["org_unit_id"] != obj.org_unit_id:
            raise Unprocessable({"org_unit_id": ["招聘的居委会不能更改"]})
        wanted = data.get("status")
        if obj is None or wanted in (None, obj.status):
            return
        if (obj.status, wanted) != ("draft", "open"):
            raise Unprocessable({"status": ["状态由招聘环节改变；这里只能把草稿改为 open（发布）"]})

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Copy the fields; ``status: open`` publishes a draft (``pipeline.open_posting``)."""
        status = data.pop("status", None)
        super().apply(obj, data)
        if status == "open" and obj.status == "draft":
            pipeline.open_posting(db.session, obj, today())


def posting_scores(id: int) -> Any:
    """PUT /beijing/postings/<id>/scores: every score entered, or none (B7)."""
    _writer()
    posting = _posting(id)

    def step() -> list[dict[str, Any]]:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict) or not payload:
            raise Unprocessable({"_schema": ["请求体应为 {报名编号: {written, interview}}"]})
        errors: dict[str, Any] = {}
        scores: dict[int, tuple[Any, Any]] = {}
        for key, value in payload.items():
            if not str(key).isdigit():
                errors[str(key)] = ["应为报名人员的编号"]
                continue
            if not isinstance(value, dict):
                errors[str(key)] = ['应为 {"written": …, "interview": …}']
                continue
            try:
                row = ScoreSchema().load(value)
            except ValidationError as exc:
                errors[str(key)] = exc.messages
                continue
            scores[int(key)] = (row.get("written"), row.get("interview"))
        if errors:
            raise Unprocessable(errors, "成绩未保存：有成绩不符合要求 (B7)")
        pipeline.record_scores(db.session, posting, scores)
        return [ranked_dict(r) for r in hiring.ranking(db.session, posting)]

    return answer(step, 200, lambda rows: {"items": rows})


def posting_ranking(id: int) -> Any:
    """GET /beijing/postings/<id>/ranking: composite scores, ranks and explanations (B7)."""
    posting = _posting(id)
    try:
        rows = hiring.ranking(db.session, posting)
    except REFUSED as exc:
        return unprocessable({"_schema": [str(exc)]}, str(exc))
    return jsonify(items=[ranked_dict(r) for r in rows])


def posting_notice(id: int) -> Any:
    """POST /beijing/postings/<id>/notice: publish the 公示 of the proposed hires today (B7)."""
    _writer()
    posting = _posting(id)

    def dump(notice: hiring.Notice) -> dict[str, Any]:
        return {
            "notice_from": notice.period.start.isoformat(),
            "notice_until": notice.period.end.isoformat(),
            "explanation": notice.period.explanation,
            "proposed": [ranked_dict(r) for r in notice.proposed],
            "shortfall": notice.shortfall,
        }

    return answer(lambda: hiring.publish_notice(db.session, posting, today()), 200, dump)


def _posting(id: int) -> Posting:
    found = db.session.scalar(select(Posting).where(Posting.id == id))
    if found is None:
        abort(404)
    return found


# --- applications ---------------------------------------------------------------------------


class ApplicationResource(ModelResource):
    """Applicants with their stage, status, scores, composite and rank (B7, C10)."""

    def serialize(self, rows: builtins.list[Any]) -> builtins.list[dict[str, Any]]:
        """Each applicant with ``composite``, ``rank``, ``proposed`` and ``explanation``."""
        placed: dict[int, hiring.Ranked] = {}
        for posting in {row.posting for row in rows}:
            try:
                placed.update({r.applicant.id: r for r in hiring.ranking(db.session, posting)})
            except REFUSED:
                continue
        items = []
        for row, data in zip(rows, ApplicationSchema(many=True).dump(rows), strict=True):
            r = placed.get(row.id)
            data["composite"] = (
                str(r.composite.value) if r and r.composite.value is not None else None
            )
            data["rank"] = r.rank if r else None
            data["proposed"] = r.proposed if r else False
            data["explanation"] = r.explanation if r else ""
            items.append(data)
        return items

    def create(self) -> Any:
        """POST /beijing/applications: register an application to an open posting (B7, C10)."""
        self._check_write()

        def step() -> Applicant:
            data = load(ApplicationSchema)
            posting = _scoped(Posting, data.pop("posting_id"), "posting_id", "招聘")
            applied = data.pop("applied_on", None) or today()
            if applied > today():
                raise Unprocessable({"applied_on": ["报名日期不能晚于今天"]})
            return pipeline.apply(db.session, posting, today=applied, **data)

        return answer(step, 201, lambda a: self.serialize([a])[0], self.field_of)

    def refuse_write(self, obj: Any | None, data: dict[str, Any]) -> None:
        """Only the contact data change after the application (B7)."""
        fixed = sorted(set(data) - CONTACT_FIELDS)
        if obj is not None and fixed:
            message = "报名后只能修改联系电话、学历和住址"
            raise Unprocessable({name: [message] for name in fixed}, message)


def _applicant(id: int) -> Applicant:
    found = db.session.scalar(select(Applicant).where(Applicant.id == id))
    if found is None:
        abort(404)
    return found


def _by() -> str:
    actor = current_actor()
    return actor.name if actor is not None else ""


def _applicant_action(
    id: int, schema: type[Schema], act: Callable[[Applicant, dict[str, Any]], Any]
) -> Any:
    _writer()
    applicant = _applicant(id)

    def step() -> Applicant:
        act(applicant, load(schema))
        return applicant

    return answer(step, 200, lambda a: ApplicationSchema().dump(a))


def advance(id: int) -> Any:
    """POST /beijing/applications/<id>/advance: on to the next stage (B7)."""
    return _applicant_action(
        id,
        AdvanceSchema,
        lambda a, d: pipeline.advance(db.session, a, today(), _by(), d.get("note", "")),
    )


def reject(id: int) -> Any:
    """POST /beijing/applications/<id>/reject ``{"reason"}``: turned down at this stage (B7)."""
    return _applicant_action(
        id, ReasonSchema, lambda a, d: pipeline.reject(db.session, a, today(), _by(), d["reason"])
    )


def check(id: int) -> Any:
    """POST /beijing/applications/<id>/check ``{"passed", "note"}``: the check's result (B7)."""
    return _applicant_action(
        id,
        CheckSchema,
        lambda a, d: pipeline.record_check(db.session, a, d["passed"], d.get("note", "")),
    )


# --- agreements ------------------------------------------------------------------------------


class AgreementResource(ModelResource):
    """Hiring agreements: signed through the pipeline after the 公示, within the places (B7)."""

    def create(self) -> Any:
        """POST /beijing/agreements: 201, or 422 with the Chinese reason (B7)."""
        self._check_write()

        def step() -> Agreement:
            data = load(AgreementSchema)
            applicant = _scoped(Applicant, data["applicant_id"], "applicant_id", "报名人员")
            return hiring.sign_agreement(
                db.session,
                applicant,
                data["signed_on"],
                data["start_date"],
                _by(),
                data.get("note", ""),
            )

        return answer(step, 201, lambda a: self.serialize([a])[0], self.field_of)

    def refuse_write(self, obj: Any | None, data: dict[str, Any]) -> None:
        """A signed agreement changes only in its note (B7)."""
        fixed = sorted(set(data) - {"note"})
        if obj is not None and fixed:
            message = "聘用协议签订后只能修改备注；续聘请签订新的协议"
            raise Unprocessable({name: [message] for name in fixed}, message)


def register(bp: Blueprint) -> None:
    """Register the posting, application and agreement endpoints and their actions (B7)."""
    resources = [
        PostingResource(
            bp,
            "postings",
            Posting,
            PostingSchema,
            write_permission=RECRUIT,
            allow_delete=False,
            order_by=(Posting.id.desc(),),
            filters=(
                Filter("status", "string", "状态", lambda s, v: s.where(Posting.status == v)),
            ),
            error_fields=(("报名", "apply_until"), ("名额", "places"), ("日期", "apply_from")),
            summary="社工招聘公告 (B7)：岗位、档次、名额、条件和日期",
        ),
        ApplicationResource(
            bp,
            "applications",
            Applicant,
            ApplicationSchema,
            write_permission=RECRUIT,
            allow_delete=False,
            order_by=(Applicant.posting_id.desc(), Applicant.id),
            filters=(
                Filter(
                    "posting",
                    "integer",
                    "招聘（编号）",
                    lambda s, v: s.where(Applicant.posting_id == v),
                ),
                Filter("status", "string", "状态", lambda s, v: s.where(Applicant.status == v)),
                Filter("stage", "string", "环节", lambda s, v: s.where(Applicant.stage == v)),
            ),
            error_fields=(("身份证", "id_number"), ("C10", "id_number"), ("周岁", "id_number")),
            summary="社工招聘报名人员 (B7)：环节、状态、成绩、综合成绩、名次；身份证号只写 (C10)",
        ),
        AgreementResource(
            bp,
            "agreements",
            Agreement,
            AgreementSchema,
            write_permission=RECRUIT,
            allow_delete=False,
            order_by=(Agreement.id.desc(),),
            error_fields=(
                ("公示", "signed_on"),
                ("名额", "applicant_id"),
                ("聘用", "applicant_id"),
            ),
            summary="聘用协议 (B7)：公示期满后签订，不超过招聘名额",
        ),
    ]
    for resource in resources:
        # Routes sit under the blueprint's /beijing; the document needs the full path.
        resource.name = PREFIX + resource.name
    for rule, view, methods in (
        ("/postings/<int:id>/scores", posting_scores, ["PUT"]),
        ("/postings/<int:id>/ranking", posting_ranking, ["GET"]),
        ("/postings/<int:id>/notice", posting_notice, ["POST"]),
        ("/applications/<int:id>/advance", advance, ["POST"]),
        ("/applications/<int:id>/reject", reject, ["POST"]),
        ("/applications/<int:id>/check", check, ["POST"]),
    ):
        bp.add_url_rule(rule, f"recruit_{view.__name__}", view, methods=methods)
    paths = getattr(bp, "juwei_openapi_paths", {})
    paths.update(OPENAPI_PATHS)
    bp.juwei_openapi_paths = paths  # type: ignore[attr-defined]
