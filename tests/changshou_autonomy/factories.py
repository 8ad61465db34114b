"""Test records for changshou_autonomy: fund years, applications, assessments, meetings.

Call inside an app context as the system actor; each helper flushes, the
test commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from core.extensions import db
from core.models import Meeting
from plugins.changshou_autonomy.models import Application, Assessment, BudgetLine, FundYear
from tests.factories import unit_by_code

STREET_A = "310101002000"


def fund_year(
    year: int = 2026,
    budget: str = "100000.00",
    deadline: dt.date = dt.date(2026, 5, 15),
    street: str = STREET_A,
) -> FundYear:
    """The street's fund for ``year``."""
    fund = FundYear(
        org_unit=unit_by_code(street), year=year, budget=Decimal(budget), deadline=deadline
    )
    db.session.add(fund)
    db.session.flush()
    return fund


def application(
    committee: str,
    fund: FundYear,
    title: str = "楼道微更新",
    lines: Sequence[tuple[str, str]] = (("材料费", "10000.00"),),
    submitted_on: dt.date | None = dt.date(2026, 5, 1),
    kind: str = "project",
) -> Application:
    """An application of ``committee`` with budget ``lines``; submitted on ``submitted_on``."""
    app = Application(
        org_unit=unit_by_code(committee),
        fund_year=fund,
        title=title,
        kind=kind,
        problem="楼道堆物、照明不足，居民反映强烈",
        plan="发动楼组长和志愿者清理堆物、更换照明，制定楼道公约",
        timeline="6月启动，9月完成",
        contact_name="王主任",
        contact_phone="021-62000000",
        status="draft",
    )
    for item, amount in lines:
        app.budget_lines.append(BudgetLine(item=item, amount=Decimal(amount)))
    db.session.add(app)
    db.session.flush()
    if submitted_on is not None:
        app.status = "submitted"
        app.submitted_on = submitted_on
        db.session.flush()
    return app


def assess(app: Application, assessor: str, scores: Sequence[str]) -> Assessment:
    """``assessor``'s scores of ``app`` (need, participation, feasibility, sustainability)."""
    need, participation, feasibility, sustainability = (Decimal(s) for s in scores)
    record = Assessment(
        application=app,
        assessor=assessor,
        need=need,
        participation=participation,
        feasibility=feasibility,
        sustainability=sustainability,
    )
    db.session.add(record)
    db.session.flush()
    return record


def meeting(committee: str, kind: str, held_on: dt.date, title: str = "") -> Meeting:
    """A core meeting of ``kind`` held by ``committee`` (a hearing, a joint meeting…)."""
    record = Meeting(
        org_unit=unit_by_code(committee),
        kind=kind,
        title=title or f"{kind} {held_on.isoformat()}",
        held_on=held_on,
    )
    db.session.add(record)
    db.session.flush()
    return record
