"""The committee overview panel of 自治家园: area type, ledger, projects, overdue tasks (S2–S5).

Cheap by design: the area profile, the year's ledger (``completeness.ledger``,
a fixed number of statements), one grouped count of applications, one count
of awards and one query for the overdue key tasks.
"""

from __future__ import annotations

import logging
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import func, select

from core.admin.structure import today
from core.extensions import db
from core.panels import Panel
from plugins.changshou_autonomy.completeness import ledger
from plugins.changshou_autonomy.kinds import AREA_TYPES
from plugins.changshou_autonomy.models import (
    Application,
    AreaProfile,
    Award,
    KeyTask,
    TaskCompletion,
)
from plugins.changshou_autonomy.progress import fund_year_ids

log = logging.getLogger(__name__)


def overdue_tasks(committee: Any, on: Any) -> list[KeyTask]:
    """The street's key tasks of the year past their deadline and not done by ``committee`` (S5)."""
    done = select(TaskCompletion.key_task_id).where(TaskCompletion.org_unit_id == committee.id)
    return list(
        db.session.scalars(
            select(KeyTask)
            .where(
                KeyTask.org_unit_id == committee.parent_id,
                KeyTask.year == on.year,
                KeyTask.due_on < on,
                KeyTask.id.not_in(done),
            )
            .order_by(KeyTask.due_on)
        )
    )


def _area(committee: Any) -> str:
    profile = db.session.scalar(select(AreaProfile).where(AreaProfile.org_unit_id == committee.id))
    if profile is None:
        return '<p class="mb-1 text-muted" id="cs-panel-area">尚未登记居民区类型 (S3)。</p>'
    kind = AREA_TYPES[profile.area_type]
    return (
        f'<p class="mb-1" id="cs-panel-area">居民区类型：<strong>{escape(kind.label)}</strong>'
        f'<br><span class="juwei-explain">治理重点：{escape(kind.focus)}；'
        f"主要内容：{escape(kind.content)} (S3)</span></p>"
    )


def _ledger(committee: Any, year: int) -> str:
    rows = ledger(db.session, [committee.id], year)
    if not rows:
        return ""
    row = rows[0]
    missing = "；".join(row.missing)
    tail = f'<br><span class="small text-danger">缺少：{escape(missing)}</span>' if missing else ""
    return (
        f'<p class="mb-1" id="cs-panel-ledger">{year}年度台账：'
        f"<strong>{escape(row.summary)}</strong>{tail}</p>"
    )


def _projects(committee: Any, year: int) -> str:
    funds = fund_year_ids(year)
    counts = dict(
        db.session.execute(
            select(Application.status, func.count())
            .where(Application.org_unit_id == committee.id, Application.fund_year_id.in_(funds))
            .group_by(Application.status)
        ).all()
    )
    awards = db.session.scalar(
        select(func.count(Award.id))
        .join(Application, Application.id == Award.application_id)
        .where(Application.org_unit_id == committee.id, Application.fund_year_id.in_(funds))
    )
    submitted, drafts = counts.get("submitted", 0), counts.get("draft", 0)
    text = f"{year}年度自治项目：已申报 {submitted} 项"
    if drafts:
        text += f"，草稿 {drafts} 项"
    text += f"，获资助 {awards or 0} 项"
    css = "" if submitted else " text-danger"
    flag = "（尚未申报，每个居民区至少申报1个项目，S4）" if not submitted else ""
    return f'<p class="mb-1{css}" id="cs-panel-projects">{escape(text + flag)}</p>'


def _overdue(committee: Any, on: Any) -> str:
    tasks = overdue_tasks(committee, on)
    if not tasks:
        return '<p class="mb-0 text-muted" id="cs-panel-tasks">没有逾期的重点任务。</p>'
    items = "".join(f"<li>{escape(t.title)}（{t.due_on.isoformat()}前）</li>" for t in tasks)
    return (
        f'<p class="mb-0 text-danger">逾期未完成的重点任务 (S5)：</p>'
        f'<ul class="mb-0" id="cs-panel-tasks">{items}</ul>'
    )


def committee_panel(committee: Any) -> Panel:
    """The panel of ``committee``: area type and focus, the year's ledger, projects, tasks."""
    day = today()
    parts = ['<div class="cs-panel">']
    try:
        parts += [
            _area(committee),
            _ledger(committee, day.year),
            _projects(committee, day.year),
            _overdue(committee, day),
        ]
    except Exception:
        log.exception("the changshou_autonomy committee panel failed")
        parts.append('<p class="text-muted mb-1">自治家园情况暂时无法显示，请联系系统管理员。</p>')
    parts.append("</div>")
    return Panel(title="自治家园", html=Markup("".join(parts)), order=70)
