"""测评提醒: evaluations due and not held, per committee (H4, H5, D4)."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_admin import BaseView, expose
from sqlalchemy import select

from core.admin.base import ProtectedBaseView
from core.admin.structure import today
from core.extensions import db
from core.models import OrgUnit
from core.rules.divisions import OrgKind
from plugins.huangpu_evaluation.admin import CATEGORY
from plugins.huangpu_evaluation.schedule import TERM_NOTICE_DAYS, reminders


class ReminderView(ProtectedBaseView):
    """测评提醒: the year's mass and street evaluations, term evaluations, D1 months."""

    def __init__(self) -> None:
        super().__init__(
            name="测评提醒",
            category=CATEGORY,
            endpoint="hp_reminders",
            url="/admin/huangpu/reminders",
        )

    @expose("/")
    def index(self) -> Any:
        day = today()
        year = request.args.get("year", type=int) or day.year
        if not 2000 <= year <= day.year + 1:
            year = day.year
        committees = list(
            db.session.scalars(
                select(OrgUnit)
                .where(OrgUnit.kind == OrgKind.COMMITTEE.value)
                .order_by(OrgUnit.code)
            )
        )
        rows = reminders(db.session, year, day, committees)
        return self.render(
            "huangpu_evaluation/reminders.html",
            year=year,
            day=day,
            years=range(day.year, day.year - 6, -1),
            rows=[r for r in rows if r.reminders],
            clear=sum(1 for r in rows if not r.reminders),
            overdue=sum(r.overdue for r in rows),
            notice_months=round(TERM_NOTICE_DAYS / 30.5),
        )


def views() -> list[BaseView]:
    """The reminders view."""
    return [ReminderView()]
