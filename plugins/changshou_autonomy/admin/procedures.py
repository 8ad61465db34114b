"""三会标准流程: the S1 checklist of the hearing, coordination and evaluation meetings (S1).

``/admin/changshou/procedures/`` lists the year's three-meetings in scope
with their checklist status; ``edit/?meeting=ID`` shows and saves the five
stages of one meeting's procedure. A refusal (a notice dated after the
meeting, a concurrent change) is a Chinese flash, the input is kept and
nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.extensions import db
from core.models import Meeting
from core.scoping import ScopeViolation
from plugins.changshou_autonomy.admin.ledger_base import Page, may_write, year_arg
from plugins.changshou_autonomy.completeness import committee_ids, ledger
from plugins.changshou_autonomy.kinds import PROCEDURE_STAGES, THREE_MEETINGS
from plugins.changshou_autonomy.ledger_sections import stages_missing
from plugins.changshou_autonomy.models import MeetingProcedure

DATE_FIELDS = {"notice_on": "会前通知日期", "followed_up_on": "跟进落实日期"}
TEXT_FIELDS = tuple(PROCEDURE_STAGES)


class ProcedureView(Page):
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
