"""The computed pages of the ledger: S1 checklists, completeness, progress, mid-term, ability.

- ``/admin/changshou/procedures/`` 三会标准流程: the year's three-meetings
  with their checklist status; ``edit/?meeting=ID`` the five stages of one
  meeting's procedure (S1). A refusal (a notice dated after the meeting) is
  a Chinese flash, the input is kept and nothing is saved.
- ``/admin/changshou/ledger/`` 台账完整性: per street a table of its committees
  with the five sections ticked and totals; ``committee/?id=`` what one
  committee has and lacks, with links to where to add it (S2).
- ``/admin/changshou/progress/`` 工作阶段与节点: the current phase and the key
  tasks per committee, overdue ones flagged (S5, S6).
- ``/admin/changshou/midterm/`` 中期评估: ledger, tasks and applications (S6).
- ``/admin/changshou/ability/`` 服务能力评估: survey figures per committee (S7).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.admin.base import ProtectedBaseView
from core.admin.structure import today
from core.extensions import db
from core.models import Meeting, OrgUnit
from core.policy import resolve
from core.rules.policy import NoValueInForce
from core.scoping import ScopeViolation
from plugins.changshou_autonomy.admin import CATEGORY
from plugins.changshou_autonomy.admin.ledger import (
    ADD_ENDPOINTS,
    may_write,
    street_arg,
    streets,
    year_arg,
)
from plugins.changshou_autonomy.completeness import (
    REQUIREMENTS,
    committee_ids,
    ledger,
    stages_missing,
    street_tables,
)
from plugins.changshou_autonomy.kinds import (
    LEDGER_SECTIONS,
    PHASES,
    PROCEDURE_STAGES,
    SURVEY_KINDS,
    THREE_MEETINGS,
)
from plugins.changshou_autonomy.models import MeetingProcedure, Survey
from plugins.changshou_autonomy.progress import STATUS_LABELS, current_phase, midterm, task_board
from plugins.changshou_autonomy.rules.ability import Ability, SurveyCounts, service_ability

P = "/admin/changshou"
DATE_FIELDS = {"notice_on": "会前通知日期", "followed_up_on": "跟进落实日期"}
TEXT_FIELDS = tuple(PROCEDURE_STAGES)


class _Page(ProtectedBaseView):
    def __init__(self, name: str, endpoint: str, path: str) -> None:
        super().__init__(name=name, category=CATEGORY, endpoint=endpoint, url=f"{P}/{path}")


class ProcedureView(_Page):
    """三会标准流程: the S1 checklist of hearing, coordination and evaluation meetings."""

    def __init__(self) -> None:
        super().__init__("三会标准流程", "cs_procedures", "procedures")

    @expose("/")
    def index(self) -> Any:
        """The year's three-meetings in scope with the status of their checklists (S1)."""
        year = year_arg()
        rows = [
            (row, ref)
            for row in ledger(db.session, committee_ids(db.session), year)
            for ref in row.meetings
            if ref.three_meeting
        ]
        return self.render(
            "changshou_autonomy/ledger_procedures.html",
            year=year,
            rows=rows,
            kinds=THREE_MEETINGS,
            stages=PROCEDURE_STAGES,
        )

    @expose("/edit/", methods=["GET", "POST"])
    def edit(self) -> Any:
        """One meeting's procedure: GET shows the checklist, POST saves it or nothing (S1)."""
        meeting = db.session.scalar(
            select(Meeting).where(Meeting.id == request.args.get("meeting", type=int))
        )
        if meeting is None:
            abort(404)
        if meeting.kind not in THREE_MEETINGS:
            flash(
                f"“{meeting.title}”不是听证会、协调会或评议会，不按“三会”标准流程登记 (S1)",
                "warning",
            )
            return redirect(url_for(".index"))
        procedure = db.session.scalar(
            select(MeetingProcedure).where(MeetingProcedure.meeting_id == meeting.id)
        )
        values = _values(procedure)
        if request.method == "POST":
            if not may_write():
                abort(403)
            values = {k: request.form.get(k, "").strip() for k in (*DATE_FIELDS, *TEXT_FIELDS)}
            error = self._save(meeting, procedure, values)
            if error is None:
                return redirect(url_for(".edit", meeting=meeting.id))
            flash(f"保存失败：{error}", "error")
            meeting_id = meeting.id
            meeting = db.session.scalars(select(Meeting).where(Meeting.id == meeting_id)).one()
            procedure = db.session.scalar(
                select(MeetingProcedure).where(MeetingProcedure.meeting_id == meeting_id)
            )
        return self.render(
            "changshou_autonomy/ledger_procedure_edit.html",
            meeting=meeting,
            kind=THREE_MEETINGS[meeting.kind],
            procedure=procedure,
            missing=stages_missing(procedure),
            values=values,
            stages=PROCEDURE_STAGES,
            writable=may_write(),
        )

    def _save(
        self, meeting: Meeting, procedure: MeetingProcedure | None, values: dict[str, str]
    ) -> str | None:
        """Write the checklist; the Chinese reason and nothing saved when refused."""
        dates: dict[str, dt.date | None] = {}
        for name, label in DATE_FIELDS.items():
            text = values.get(name, "")
            try:
                dates[name] = dt.date.fromisoformat(text) if text else None
            except ValueError:
                return f"{label}“{text}”格式不对，应为 YYYY-MM-DD"
        opened = request.form.get("version_id", "")
        if procedure is not None and opened and opened != str(procedure.version_id):
            return "此流程在您打开之后已被他人修改，请重新打开后再改"
        if procedure is None:
            procedure = MeetingProcedure(meeting=meeting, meeting_id=meeting.id)
            db.session.add(procedure)
        for name, value in dates.items():
            setattr(procedure, name, value)
        for name in TEXT_FIELDS:
            setattr(procedure, name, values.get(name, ""))
        try:
            db.session.commit()
        except (ValueError, ScopeViolation) as exc:
            db.session.rollback()
            return str(exc)
        except (IntegrityError, StaleDataError):
            db.session.rollback()
            return "此流程刚被他人修改，请重新打开后再改"
        missing = stages_missing(procedure)
        done = len(PROCEDURE_STAGES) - len(missing)
        flash(
            f"已保存“{meeting.title}”的标准流程：{done}/{len(PROCEDURE_STAGES)} 个环节齐全"
            + (f"，尚缺{'、'.join(missing)}" if missing else ""),
            "success",
        )
        return None


def _values(procedure: MeetingProcedure | None) -> dict[str, str]:
    if procedure is None:
        return {}
    values = {name: getattr(procedure, name) or "" for name in TEXT_FIELDS}
    for name in DATE_FIELDS:
        day = getattr(procedure, name)
        values[name] = day.isoformat() if day else ""
    return values


def _add_links() -> dict[str, str]:
    return {key: url_for(endpoint) for key, endpoint in ADD_ENDPOINTS.items()}


class LedgerView(_Page):
    """台账完整性: the five sections per committee and per street, what is missing (S2)."""

    def __init__(self) -> None:
        super().__init__("台账完整性", "cs_ledger", "ledger")

    @expose("/")
    def index(self) -> Any:
        """Per street, its committees with the five sections ticked and totals (S2)."""
        year = year_arg()
        choices = streets()
        street = street_arg(choices)
        tables = street_tables(db.session, year, street.id if street else None)
        return self.render(
            "changshou_autonomy/ledger_index.html",
            year=year,
            streets=choices,
            street=street,
            tables=tables,
            sections=LEDGER_SECTIONS,
            requirements=REQUIREMENTS,
        )

    @expose("/committee/")
    def committee(self) -> Any:
        """One committee's ledger: each item present or missing, where to add it (S2)."""
        year = year_arg()
        rows = ledger(db.session, [request.args.get("id", type=int) or 0], year)
        if not rows:
            abort(404)
        return self.render(
            "changshou_autonomy/ledger_committee.html",
            year=year,
            row=rows[0],
            links=_add_links(),
            writable=may_write(),
        )


def _chosen_streets() -> tuple[list[OrgUnit], OrgUnit | None, list[OrgUnit]]:
    choices = streets()
    street = street_arg(choices)
    return choices, street, [street] if street else choices


class ProgressView(_Page):
    """工作阶段与节点: the current phase and the key tasks per committee (S5, S6)."""

    def __init__(self) -> None:
        super().__init__("工作阶段与节点", "cs_progress", "progress")

    @expose("/")
    def index(self) -> Any:
        """Per street: its phases, where today stands, and each committee's key tasks."""
        year, day = year_arg(), today()
        choices, street, chosen = _chosen_streets()
        boards = [
            (
                s,
                current_phase(db.session, s.id, year, day),
                task_board(db.session, [s.id], year, day),
            )
            for s in chosen
        ]
        return self.render(
            "changshou_autonomy/progress_index.html",
            year=year,
            today=day,
            streets=choices,
            street=street,
            boards=boards,
            labels=STATUS_LABELS,
            phase_labels=PHASES,
            writable=may_write(),
        )


class MidtermView(_Page):
    """中期评估: per committee its ledger, key tasks and applications of the year (S6)."""

    def __init__(self) -> None:
        super().__init__("中期评估", "cs_midterm", "midterm")

    @expose("/")
    def index(self) -> Any:
        """The mid-term assessment of the streets in scope (S6)."""
        year, day = year_arg(), today()
        choices, street, chosen = _chosen_streets()
        views = [(s, *midterm(db.session, [s.id], year, day)) for s in chosen]
        return self.render(
            "changshou_autonomy/progress_midterm.html",
            year=year,
            today=day,
            streets=choices,
            street=street,
            views=views,
            labels=STATUS_LABELS,
        )


class AbilityView(_Page):
    """服务能力评估: satisfaction and awareness rates and the service-ability figure (S7)."""

    def __init__(self) -> None:
        super().__init__("服务能力评估", "cs_ability", "ability")

    @expose("/")
    def index(self) -> Any:
        """Per street and committee: the year's survey counts, rates and figure (S7)."""
        year = year_arg()
        choices, street, chosen = _chosen_streets()
        return self.render(
            "changshou_autonomy/ledger_ability.html",
            year=year,
            streets=choices,
            street=street,
            tables=[ability_table(s, year) for s in chosen],
            kinds=SURVEY_KINDS,
        )


@dataclasses.dataclass(frozen=True)
class AbilityRow:
    """A committee's survey totals of the year and its S7 figures."""

    committee: OrgUnit
    counts: dict[str, SurveyCounts]
    ability: Ability | None
    error: str = ""


def ability_table(street: OrgUnit, year: int) -> tuple[OrgUnit, str, list[AbilityRow]]:
    """The street, its S7 weights explained, and a row per committee in scope (S7)."""
    from plugins.changshou_autonomy.parameters import SURVEY_AWARENESS, SURVEY_SATISFACTION

    day = min(today(), dt.date(year, 12, 31))
    units = list(
        db.session.scalars(
            select(OrgUnit)
            .where(OrgUnit.kind == "committee", OrgUnit.parent_id == street.id)
            .order_by(OrgUnit.code)
        )
    )
    totals = survey_totals([u.id for u in units], year)
    try:
        w_s = resolve(db.session, SURVEY_SATISFACTION, day, street).value
        w_a = resolve(db.session, SURVEY_AWARENESS, day, street).value
        weights = f"权重：满意度 {w_s}，知晓度 {w_a}（政策参数，{day.isoformat()} 有效值）"
    except NoValueInForce as exc:
        w_s = w_a = None
        weights = str(exc)
    rows = []
    for unit in units:
        # SurveyCounts is read-only; rules.ability's Counts protocol declares plain attributes.
        counts: dict[str, Any] = {k: SurveyCounts(*v) for k, v in totals.get(unit.id, {}).items()}
        if w_s is None or w_a is None:
            rows.append(AbilityRow(unit, counts, None, weights))
            continue
        try:
            figure = service_ability(counts.get("satisfaction"), counts.get("awareness"), w_s, w_a)
        except ValueError as exc:
            rows.append(AbilityRow(unit, counts, None, str(exc)))
            continue
        rows.append(AbilityRow(unit, counts, figure))
    return street, weights, rows


def survey_totals(ids: list[int], year: int) -> dict[int, dict[str, tuple[int, int, int]]]:
    """``{committee id: {kind: (respondents, first, second)}}`` of the year's surveys (S7)."""
    found: dict[int, dict[str, tuple[int, int, int]]] = {}
    if not ids:
        return found
    stmt = (
        select(
            Survey.org_unit_id,
            Survey.kind,
            func.sum(Survey.respondents),
            func.sum(Survey.first),
            func.sum(Survey.second),
        )
        .where(Survey.org_unit_id.in_(ids), Survey.year == year)
        .group_by(Survey.org_unit_id, Survey.kind)
    )
    for unit_id, kind, respondents, first, second in db.session.execute(stmt).all():
        found.setdefault(int(unit_id), {})[str(kind)] = (
            int(respondents or 0),
            int(first or 0),
            int(second or 0),
        )
    return found
