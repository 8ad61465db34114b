"""The core domain under ``/api/v1/``: committees, households, people, meetings, opinions ...

Every resource reads through the ORM (scoped) and writes through it
(checked and audited), like the admin UI. Lists page with
``?page=&per_page=`` and answer ``total``; children are loaded with
``selectinload`` so a page costs the same few statements however long it is.

Deleting: households may be deleted (409 while people are registered in
them); a meeting only while it has no agenda items, resolutions or files
(409 otherwise, so minutes are never lost by accident); people, positions
and opinions are never deleted through the API — positions end with an
``end_date`` (history is kept, rule C2), opinions are tracked to closure
(C14), people are referred to by everything else. Committees are read only
here; ``/org-units`` maintains the org tree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, g, request
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from core.api.paging import Filter, parse_value, unit_filter
from core.api.resource import ModelResource, Unprocessable, sync_children
from core.extensions import db
from core.models import (
    AgendaItem,
    Household,
    Meeting,
    Opinion,
    OrgUnit,
    Person,
    Position,
    Rectification,
    Resolution,
    Term,
)
from core.models.base import utcnow
from core.personal import log_whole_view, may_see_identity, shown_id_number, shown_phone
from core.rules.committees import composition
from core.rules.policy import NoValueInForce
from core.schemas.committees import CommitteeSchema, PositionSchema
from core.schemas.meetings import MeetingSchema
from core.schemas.opinions import OpinionSchema
from core.schemas.people import HouseholdSchema, PersonSchema


def _prefix(column: Any, what: str) -> Filter:
    return Filter(
        what,
        "string",
        "前缀匹配",
        lambda stmt, v: stmt.where(column.startswith(v, autoescape=True)),
    )


def _equals(name: str, column: Any, kind: str, description: str) -> Filter:
    return Filter(name, kind, description, lambda stmt, v: stmt.where(column == v))


def _grouped_counts(column: Any, ids: list[int], *where: Any) -> dict[int, int]:
    """``{id: rows}`` of one GROUP BY over ``ids`` (batch figures of a page, never N+1)."""
    if not ids:
        return {}
    stmt = select(column, func.count()).where(column.in_(ids), *where).group_by(column)
    return {key: int(n) for key, n in db.session.execute(stmt).all()}


# --- committees -----------------------------------------------------------------


class CommitteeResource(ModelResource):
    """Committees with the term in force and their counts on ``?on=DATE`` (rules C1, C2)."""

    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Each committee with its term and counts, in four statements for the whole page."""
        from core.kinds import COMMITTEE_KINDS
        from core.positions import in_force

        day = parse_value("on", "date", request.args.get("on") or dt.date.today().isoformat())
        ids = [row.id for row in rows]
        terms: dict[int, Term] = {}  # the latest term in force per committee
        if ids:
            for found in db.session.scalars(
                select(Term)
                .where(Term.org_unit_id.in_(ids), Term.start_date <= day, Term.end_date >= day)
                .order_by(Term.number)
            ):
                terms[found.org_unit_id] = found  # the latest term wins where two overlap
        by_kind: dict[int, dict[str, int]] = {}
        if ids:
            stmt = (
                select(
                    Position.org_unit_id,
                    Position.kind,
                    func.count(func.distinct(Position.person_id)),
                )
                .where(Position.org_unit_id.in_(ids), *in_force(day))
                .where(Position.kind.in_(list(COMMITTEE_KINDS)))
                .group_by(Position.org_unit_id, Position.kind)
            )
            for unit_id, kind, n in db.session.execute(stmt).all():
                by_kind.setdefault(unit_id, {})[kind] = int(n)
        people = _grouped_counts(Person.org_unit_id, ids)
        households = _grouped_counts(Household.org_unit_id, ids)
        data = super().serialize(rows)
        for item, row in zip(data, rows, strict=True):
            kinds = by_kind.get(row.id, {})
            made_of = composition(
                kinds.get("committee.director", 0),
                kinds.get("committee.deputy", 0),
                kinds.get("committee.member", 0),
            )
            term = terms.get(row.id)
            item["street"] = row.parent.name if row.parent is not None else None
            item["on"] = day.isoformat()
            item["current_term"] = (
                None
                if term is None
                else {
                    "id": term.id,
                    "number": term.number,
                    "start_date": term.start_date.isoformat(),
                    "end_date": term.end_date.isoformat(),
                }
            )
            item["counts"] = {
                "directors": made_of.directors,
                "deputies": made_of.deputies,
                "members": made_of.members,
                "total": made_of.total,
                "composition": made_of.explanation,
                "people": people.get(row.id, 0),
                "households": households.get(row.id, 0),
            }
        return data


# --- households and people ------------------------------------------------------


class HouseholdResource(ModelResource):
    """Households with the number of people registered in each."""

    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Each household with ``member_count``, one GROUP BY for the page."""
        members = _grouped_counts(Person.household_id, [row.id for row in rows])
        data = super().serialize(rows)
        for item, row in zip(data, rows, strict=True):
            item["member_count"] = members.get(row.id, 0)
        return data

    def refuse_delete(self, obj: Any) -> str | None:
        """A household with people registered in it stays."""
        n = db.session.scalar(select(func.count()).where(Person.household_id == obj.id))
        return f"本户仍登记有 {n} 人，不能删除" if n else None


class PersonResource(ModelResource):
    """People: ID number and phone masked unless the role may see them whole (rule C10)."""

    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Mask, or show whole and log each whole view in the audit trail (C10)."""
        whole = may_see_identity()
        today = dt.date.today()
        data = super().serialize(rows)
        for item, row in zip(data, rows, strict=True):
            item["age"] = row.age_on(today)
            item["identity_masked"] = not whole
            item["id_number"] = shown_id_number(row, whole) or None
            item["phone"] = shown_phone(row, whole)
        if whole:
            log_whole_view(rows, "api")
        return data


# --- meetings and opinions, with nested children --------------------------------


class MeetingResource(ModelResource):
    """Meetings with agenda items and resolutions written all or nothing (rules C4–C9).

    ``agenda_items`` and ``resolutions`` replace the meeting's lists when
    sent (rows with ``id`` update, rows without add, missing rows go);
    ``check_meeting`` then judges the whole meeting, votes included, before
    anything is committed. The figures of ``meeting_figures`` are shown on
    every single meeting, and in lists only with ``?figures=true`` (they
    cost a few statements per meeting).
    """

    def build(self, data: dict[str, Any]) -> Any:
        """A new meeting with its agenda and resolutions."""
        items, resolutions = data.pop("agenda_items", None), data.pop("resolutions", None)
        meeting = Meeting(**data)
        self._children(meeting, items or [], resolutions or [])
        return meeting

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Change the meeting; replace its agenda or resolutions when they are sent."""
        items, resolutions = data.pop("agenda_items", None), data.pop("resolutions", None)
        super().apply(obj, data)
        if items is not None or resolutions is not None:
            self._children(obj, items, resolutions)
            obj.updated_at = utcnow()  # the meeting's version moves with its children

    def _children(
        self, meeting: Meeting, items: list[Any] | None, resolutions: list[Any] | None
    ) -> None:
        errors: dict[str, Any] = {}
        if items is not None:
            kept, problems = sync_children(meeting.agenda_items, items, AgendaItem, "议程")
            if problems:
                errors["agenda_items"] = problems
            else:
                meeting.agenda_items = kept
        if resolutions is not None and not errors:
            by_number = {item.number: item for item in meeting.agenda_items}
            rows = []
            problems = {}
            for index, row in enumerate(resolutions):
                row = dict(row)
                number = row.pop("agenda_item_number", None)
                if number is not None and number not in by_number:
                    problems[str(index)] = {
                        "agenda_item_number": [f"本会议没有序号为 {number} 的议程"]
                    }
                row["agenda_item"] = by_number.get(number) if number is not None else None
                rows.append(row)
            kept, more = sync_children(meeting.resolutions, rows, Resolution, "决议")
            problems.update(more)
            if problems:
                errors["resolutions"] = problems
            else:
                meeting.resolutions = kept
        if errors:
            raise Unprocessable(errors)

    def refuse_delete(self, obj: Any) -> str | None:
        """A meeting with agenda, resolutions or files is kept: its minutes are the ledger (C9)."""
        if obj.agenda_items or obj.resolutions or obj.files:
            return "会议已有议程、决议或附件，不能删除；请先逐项删除，或保留记录"
        return None

    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Each meeting with its agenda numbers on resolutions and, where asked, its figures."""
        from core.meetings import meeting_figures

        figures_wanted = not request.endpoint or not request.endpoint.endswith("_list")
        if not figures_wanted:
            figures_wanted = parse_value(
                "figures", "boolean", request.args.get("figures") or "false"
            )
        data = super().serialize(rows)
        for item, row in zip(data, rows, strict=True):
            numbers = {agenda.id: agenda.number for agenda in row.agenda_items}
            results: dict[int, Any] = {}
            item["figures"] = None
            if figures_wanted:
                try:
                    figures = meeting_figures(db.session, row)
                except NoValueInForce as exc:
                    figures = None
                    item["figures"] = {"problems": [str(exc)]}
                if figures is not None:
                    results = {res.id: outcome for res, outcome in figures.resolutions}
                    item["figures"] = {
                        "eligible": figures.eligible,
                        "eligible_explanation": figures.eligible_explanation,
                        "quorum_met": figures.quorum.met if figures.quorum else None,
                        "quorum_explanation": (
                            figures.quorum.explanation if figures.quorum else None
                        ),
                        "problems": figures.problems,
                    }
            for shown, res in zip(item["resolutions"], row.resolutions, strict=True):
                outcome = results.get(res.id)
                shown["agenda_item_number"] = numbers.get(res.agenda_item_id)
                shown["passed"] = outcome.passed if outcome is not None else None
                shown["explanation"] = (
                    outcome.explanation
                    if outcome is not None
                    else ("无法判断：出席人数或应到人数未定" if figures_wanted else "")
                )
        return data


class OpinionResource(ModelResource):
    """Opinions with their rectifications; the submitter hidden from whom it is about (C14)."""

    def _hidden(self, opinion: Any) -> bool:
        from core.opinions import may_see_submitter

        user = getattr(g, "juwei_api_user", None)
        return not may_see_submitter(opinion, user.person_id if user is not None else None)

    def serialize(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Hide the submitter where C14 says so; say whether the reply is overdue."""
        today = dt.date.today()
        data = super().serialize(rows)
        for item, row in zip(data, rows, strict=True):
            hidden = self._hidden(row)
            item["submitter_hidden"] = hidden
            if hidden:
                item["submitter_name"] = item["submitter_contact"] = None
            item["overdue"] = bool(
                row.replied_on is None and row.reply_due_on is not None and row.reply_due_on < today
            )
        return data

    def refuse_write(self, obj: Any | None, data: dict[str, Any]) -> None:
        """Whoever an opinion is about may not see, hence not change, who gave it (C14)."""
        for key in ("submitter_name", "submitter_contact"):
            if data.get(key, "") is None:
                data[key] = ""
        if obj is not None and self._hidden(obj):
            touched = [key for key in ("submitter_name", "submitter_contact") if key in data]
            if touched:
                raise Unprocessable(
                    {key: ["您不能查看或修改本意见的提出人 (C14)"] for key in touched}
                )

    def build(self, data: dict[str, Any]) -> Any:
        """A new opinion with its rectifications."""
        rows = data.pop("rectifications", None) or []
        opinion = Opinion(**data)
        self._rectifications(opinion, rows)
        return opinion

    def apply(self, obj: Any, data: dict[str, Any]) -> None:
        """Change the opinion; replace its rectifications when they are sent."""
        rows = data.pop("rectifications", None)
        super().apply(obj, data)
        if rows is not None:
            self._rectifications(obj, rows)
            obj.updated_at = utcnow()

    def _rectifications(self, opinion: Opinion, rows: list[dict[str, Any]]) -> None:
        errors: dict[str, Any] = {}
        for index, row in enumerate(rows):
            try:
                self.check_references(row, Rectification)
            except Unprocessable as exc:
                errors[str(index)] = exc.errors
        kept, problems = sync_children(opinion.rectifications, rows, Rectification, "整改")
        errors.update(problems)
        if errors:
            raise Unprocessable({"rectifications": errors})
        opinion.rectifications = kept

    def check(self, obj: Any) -> None:
        """The opinion's own check (which stores the reply deadline) and each rectification's."""
        super().check(obj)
        for rectification in obj.rectifications:
            rectification.check()


def register(blueprint: Blueprint) -> None:
    """Add the core domain resources and ``/openapi.json`` to ``blueprint``."""
    from core.api import openapi

    CommitteeResource(
        blueprint,
        "committees",
        OrgUnit,
        CommitteeSchema,
        read_only=True,
        where=(OrgUnit.kind == "committee",),
        options=(selectinload(OrgUnit.parent),),
        order_by=OrgUnit.code,
        filters=(
            Filter(
                "street",
                "string",
                "所属街道的区划代码",
                lambda stmt, v: stmt.where(OrgUnit.code.startswith(v[:9], autoescape=True)),
            ),
            _prefix(OrgUnit.name, "name"),
            Filter("on", "date", "届期和人数统计的日期，默认今天", lambda stmt, v: stmt),
        ),
        summary="居委会（只读）：当前届期、成员和人数",
    )
    HouseholdResource(
        blueprint,
        "households",
        Household,
        HouseholdSchema,
        order_by=(Household.org_unit_id, Household.number),
        filters=(
            unit_filter(Household),
            _prefix(Household.number, "number"),
            _equals("building", Household.building_id, "integer", "楼栋编号"),
        ),
        error_fields=(("楼栋", "building_id"), ("(C1)", "org_unit_id")),
        summary="户",
    )
    PersonResource(
        blueprint,
        "people",
        Person,
        PersonSchema,
        allow_delete=False,
        order_by=(Person.org_unit_id, Person.name, Person.id),
        filters=(
            unit_filter(Person),
            _prefix(Person.name, "name"),
            _equals("household", Person.household_id, "integer", "户编号"),
            _equals("party_member", Person.party_member, "boolean", "是否党员"),
        ),
        error_fields=(
            ("身份证", "id_number"),
            ("(C10)", "id_number"),
            ("出生日期", "birth_date"),
            ("性别", "sex"),
            ("户", "household_id"),
        ),
        summary="居民和人员（身份证号、电话按权限遮蔽）",
    )
    from core.positions import in_force

    ModelResource(
        blueprint,
        "positions",
        Position,
        PositionSchema,
        allow_delete=False,
        order_by=(Position.org_unit_id, Position.start_date, Position.id),
        filters=(
            unit_filter(Position),
            _equals("kind", Position.kind, "string", "职务类型代码"),
            _equals("person", Position.person_id, "integer", "人员编号"),
            _equals("term", Position.term_id, "integer", "届期编号"),
            Filter(
                "in_office_on",
                "date",
                "该日在任（含首尾两天）",
                lambda stmt, v: stmt.where(*in_force(v)),
            ),
        ),
        error_fields=(
            ("结束日期", "end_date"),
            ("开始日期", "start_date"),
            ("居民小组", "resident_group_id"),
            ("职务类型", "kind"),
            ("(C2)", "kind"),
            ("(C1)", "org_unit_id"),
        ),
        summary="职务（任职历史保留；离任请填写结束日期）",
    )
    MeetingResource(
        blueprint,
        "meetings",
        Meeting,
        MeetingSchema,
        order_by=(Meeting.held_on.desc(), Meeting.id.desc()),
        options=(selectinload(Meeting.agenda_items), selectinload(Meeting.resolutions)),
        filters=(
            unit_filter(Meeting),
            _equals("kind", Meeting.kind, "string", "会议类型代码"),
            Filter(
                "held_from", "date", "会议日期不早于", lambda s, v: s.where(Meeting.held_on >= v)
            ),
            Filter("held_to", "date", "会议日期不晚于", lambda s, v: s.where(Meeting.held_on <= v)),
            _equals("resident_group", Meeting.resident_group_id, "integer", "居民小组编号"),
            Filter("figures", "boolean", "列表中也计算法定人数和表决结果（较慢）", lambda s, v: s),
        ),
        error_fields=(
            ("(C6)", "resolutions"),
            ("出席人数", "present_count"),
            ("应到人数", "eligible_count"),
            ("组成方式", "body_form"),
            ("当然代表", "ex_officio_count"),
            ("会议类型", "kind"),
            ("会议日期", "held_on"),
        ),
        summary="会议，含议程、决议和法定人数、表决结果（只读计算）",
    )
    OpinionResource(
        blueprint,
        "opinions",
        Opinion,
        OpinionSchema,
        allow_delete=False,
        order_by=(Opinion.received_on.desc(), Opinion.id.desc()),
        options=(selectinload(Opinion.rectifications),),
        filters=(
            unit_filter(Opinion),
            _equals("status", Opinion.status, "string", "办理状态"),
            _equals("channel", Opinion.channel, "string", "来源"),
            Filter(
                "received_from",
                "date",
                "收到日期不早于",
                lambda s, v: s.where(Opinion.received_on >= v),
            ),
            Filter(
                "received_to",
                "date",
                "收到日期不晚于",
                lambda s, v: s.where(Opinion.received_on <= v),
            ),
            _equals("about_person", Opinion.about_person_id, "integer", "所涉及人员编号"),
            Filter("overdue", "boolean", "逾期未答复", _overdue),
        ),
        error_fields=(
            ("整改", "rectifications"),
            ("收到日期", "received_on"),
            ("答复日期", "replied_on"),
            ("答复内容", "reply"),
            ("来源", "channel"),
            ("状态", "status"),
            ("意见内容", "content"),
        ),
        summary="群众意见：答复期限（只读计算）、整改；提出人对被反映人隐藏",
    )
    openapi.register(blueprint)


def _overdue(stmt: Any, value: bool) -> Any:
    from core.opinions import overdue_clause

    today = dt.date.today()
    if value:
        return stmt.where(overdue_clause(today))
    # Spelled out rather than negated: a NULL deadline is "not overdue", not unknown.
    return stmt.where(
        or_(
            Opinion.replied_on.is_not(None),
            Opinion.reply_due_on.is_(None),
            Opinion.reply_due_on >= today,
        )
    )
