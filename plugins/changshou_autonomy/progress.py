"""Key tasks, phases and the mid-term assessment view of a street's year (S5, S6).

- :func:`task_board`: the street's key tasks of the year (附件2), per
  committee done (with its date, late if after the deadline), overdue or
  pending as of a day (S5);
- :func:`current_phase`: which of the year's phases a day falls in (S6);
- :func:`midterm`: the mid-term assessment (中期评估, S6) per committee — its
  ledger completeness (``completeness.ledger``), its key tasks, and its
  applications of the year (draft, submitted, withdrawn).

Every function is set-based (a fixed number of statements) and reads
through the ORM session, so scoping narrows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from core.extensions import SessionLike
from core.models import OrgUnit
from plugins.changshou_autonomy.completeness import ledger
from plugins.changshou_autonomy.kinds import APPLICATION_STATUSES, PHASES
from plugins.changshou_autonomy.ledger_sections import CommitteeLedger
from plugins.changshou_autonomy.models import (
    Application,
    FundYear,
    KeyTask,
    Phase,
    TaskCompletion,
)

DONE, LATE, OVERDUE, PENDING = "done", "late", "overdue", "pending"
#: How each status reads (S5).
STATUS_LABELS = {DONE: "已完成", LATE: "逾期完成", OVERDUE: "已逾期", PENDING: "未到期"}


@dataclasses.dataclass(frozen=True)
class TaskCell:
    """One committee's state on one key task (S5)."""

    status: str
    done_on: dt.date | None
    completion_id: int | None

    @property
    def label(self) -> str:
        """ "已完成（2026-04-28）", "已逾期"…"""
        text = STATUS_LABELS[self.status]
        return f"{text}（{self.done_on.isoformat()}）" if self.done_on else text


def task_state(task: KeyTask, done_on: dt.date | None, today: dt.date) -> str:
    """Done (on time or late), overdue (not done after the deadline) or pending (S5)."""
    if done_on is not None:
        return DONE if done_on <= task.due_on else LATE
    return OVERDUE if today > task.due_on else PENDING


@dataclasses.dataclass(frozen=True)
class TaskBoard:
    """The key tasks of a street's year and each committee's state (S5)."""

    year: int
    today: dt.date
    tasks: tuple[KeyTask, ...]
    committees: tuple[OrgUnit, ...]
    cells: dict[tuple[int, int], TaskCell]

    def cell(self, task_id: int, committee_id: int) -> TaskCell | None:
        """The state of ``committee_id`` on ``task_id``; None: another street's task."""
        return self.cells.get((task_id, committee_id))

    def counts(self, committee_id: int) -> dict[str, int]:
        """``{status: how many tasks}`` of one committee."""
        found = {status: 0 for status in STATUS_LABELS}
        for (_task_id, unit_id), cell in self.cells.items():
            if unit_id == committee_id:
                found[cell.status] += 1
        return found

    @property
    def overdue(self) -> list[tuple[KeyTask, OrgUnit]]:
        """Every (task, committee) overdue as of ``today``."""
        return [
            (task, unit)
            for task in self.tasks
            for unit in self.committees
            if (cell := self.cell(task.id, unit.id)) is not None and cell.status == OVERDUE
        ]


def _committees(session: SessionLike, street_ids: Sequence[int]) -> list[OrgUnit]:
    return list(
        session.scalars(
            select(OrgUnit)
            .where(OrgUnit.kind == "committee", OrgUnit.parent_id.in_(street_ids))
            .order_by(OrgUnit.code)
        )
    )


def task_board(
    session: SessionLike, street_ids: Sequence[int], year: int, today: dt.date
) -> TaskBoard:
    """The key tasks the streets set for ``year`` and each committee's state on ``today`` (S5).

    A committee sees only its own row: the committees come through scoping.
    """
    tasks = tuple(
        session.scalars(
            select(KeyTask)
            .where(KeyTask.org_unit_id.in_(street_ids), KeyTask.year == year)
            .order_by(KeyTask.due_on, KeyTask.id)
        )
    )
    units = tuple(_committees(session, street_ids))
    completions = {
        (c.key_task_id, c.org_unit_id): c
        for c in session.scalars(
            select(TaskCompletion).where(
                TaskCompletion.key_task_id.in_([t.id for t in tasks]),
                TaskCompletion.org_unit_id.in_([u.id for u in units]),
            )
        )
    }
    cells: dict[tuple[int, int], TaskCell] = {}
    for task in tasks:
        for unit in units:
            if task.org_unit_id != unit.parent_id:
                continue
            done = completions.get((task.id, unit.id))
            done_on = done.done_on if done is not None else None
            cells[(task.id, unit.id)] = TaskCell(
                task_state(task, done_on, today), done_on, done.id if done is not None else None
            )
    return TaskBoard(year, today, tasks, units, cells)


@dataclasses.dataclass(frozen=True)
class PhaseNow:
    """The year's phases and the one ``today`` falls in (S6)."""

    phases: tuple[Phase, ...]
    current: Phase | None
    next: Phase | None

    @property
    def explanation(self) -> str:
        """ "现在是中期评估阶段（2026-07-01 至 2026-08-31）" or what comes next (S6)."""
        if self.current is not None:
            p = self.current
            return (
                f"现在是{PHASES.get(p.phase, p.phase)}"
                f"（{p.start_on.isoformat()} 至 {p.end_on.isoformat()}）(S6)"
            )
        if self.next is not None:
            p = self.next
            label = PHASES.get(p.phase, p.phase)
            return f"目前不在任何阶段；下一阶段：{label}，{p.start_on.isoformat()} 开始 (S6)"
        if not self.phases:
            return "街道尚未设置本年度的工作阶段 (S6)"
        return "本年度各工作阶段均已结束 (S6)"


def current_phase(session: SessionLike, street_id: int, year: int, today: dt.date) -> PhaseNow:
    """The phases of a street's ``year`` and where ``today`` stands (S6)."""
    phases = tuple(
        session.scalars(
            select(Phase)
            .where(Phase.org_unit_id == street_id, Phase.year == year)
            .order_by(Phase.start_on, Phase.id)
        )
    )
    current = next((p for p in phases if p.start_on <= today <= p.end_on), None)
    upcoming = next((p for p in phases if p.start_on > today), None)
    return PhaseNow(phases, current, upcoming)


@dataclasses.dataclass(frozen=True)
class MidtermRow:
    """One committee in the mid-term assessment (S6)."""

    ledger: CommitteeLedger
    tasks: dict[str, int]
    applications: dict[str, int]

    @property
    def submitted(self) -> int:
        """How many applications are submitted (S4)."""
        return self.applications.get("submitted", 0)

    @property
    def flags(self) -> list[str]:
        """What needs the street's guidance: missing sections, overdue tasks, no application."""
        notes = []
        if self.ledger.complete_count < 5:
            notes.append(f"台账{self.ledger.summary}")
        if self.tasks.get(OVERDUE):
            notes.append(f"{self.tasks[OVERDUE]} 项重点任务已逾期")
        if not self.submitted:
            notes.append("尚未提交自治项目申报")
        return notes


def fund_year_ids(year: int) -> Any:
    """SELECT of the ids of ``year``'s fund years, on the Core table.

    A fund year belongs to the street, which committee staff do not see
    through the ORM; the applications themselves stay scoped, so a committee
    counts only its own.
    """
    table = FundYear.__table__
    return select(table.c.id).where(table.c.year == year)


def application_counts(
    session: SessionLike, committee_ids: Sequence[int], year: int
) -> dict[int, dict[str, int]]:
    """``{committee id: {status: count}}`` of the applications to ``year``'s fund (S4)."""
    found: dict[int, dict[str, int]] = {}
    stmt = (
        select(Application.org_unit_id, Application.status, func.count())
        .where(
            Application.org_unit_id.in_(committee_ids),
            Application.fund_year_id.in_(fund_year_ids(year)),
        )
        .group_by(Application.org_unit_id, Application.status)
    )
    for unit_id, status, n in session.execute(stmt).all():
        found.setdefault(int(unit_id), {})[str(status)] = int(n)
    return found


def midterm(
    session: SessionLike, street_ids: Sequence[int], year: int, today: dt.date
) -> tuple[TaskBoard, list[MidtermRow]]:
    """The mid-term view of the streets' committees: ledger, key tasks, applications (S6)."""
    board = task_board(session, street_ids, year, today)
    ids = [u.id for u in board.committees]
    ledgers = ledger(session, ids, year)
    apps = application_counts(session, ids, year)
    rows = [
        MidtermRow(
            ledger=row,
            tasks=board.counts(row.committee_id),
            applications={
                s: apps.get(row.committee_id, {}).get(s, 0) for s in APPLICATION_STATUSES
            },
        )
        for row in ledgers
    ]
    return board, rows


def check_street_record(record: Phase | KeyTask, what: str) -> None:
    """Raise ``ValueError`` unless a phase or key task belongs to a street (S5, S6)."""
    from core.models.base import unit_of

    unit = unit_of(record)
    if unit is not None and unit.kind != "street":
        raise ValueError(f"{what}由街道设置，只能属于街道，不能属于“{unit.name}” (S5)")
    if isinstance(record, Phase) and record.start_on and record.end_on:
        if record.start_on > record.end_on:
            raise ValueError("阶段的开始日期不能晚于结束日期 (S6)")
        if (
            record.year
            and record.start_on.year != record.year
            and record.end_on.year != record.year
        ):
            raise ValueError(f"阶段的日期不在 {record.year} 年内 (S6)")


def check_completion(completion: TaskCompletion) -> None:
    """Raise ``ValueError`` unless the key task is one of the committee's street (S5)."""
    from core.models.base import unit_of

    unit = unit_of(completion)
    task = completion.key_task
    if unit is None or task is None:
        return
    if unit.kind != "committee":
        raise ValueError(f"任务完成情况由居委会登记，不能属于“{unit.name}” (S5)")
    if task.org_unit_id != unit.parent_id:
        raise ValueError(f"“{task.title}”不是{unit.name}所属街道布置的重点任务 (S5)")
