"""Key tasks, phases and the mid-term view: services and pages (S5, S6)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.admin.structure import today
from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.models import KeyTask, Phase, TaskCompletion
from plugins.changshou_autonomy.progress import current_phase, midterm, task_board
from tests.changshou_autonomy.conftest import A1, A2, B1, STREET_A
from tests.changshou_autonomy.factories import application, fund_year
from tests.changshou_autonomy.test_completeness import full_ledger
from tests.factories import login, unit_by_code

P = "/admin/changshou"


def _tasks(year: int, dues: list[dt.date]) -> list[KeyTask]:
    street = unit_by_code(STREET_A)
    kinds = ["key_issues", "project", "other"]
    tasks = [
        KeyTask(org_unit=street, year=year, kind=kind, title=f"任务{i}", due_on=due)
        for i, (kind, due) in enumerate(zip(kinds, dues, strict=False), start=1)
    ]
    db.session.add_all(tasks)
    db.session.flush()
    return tasks


def test_s5_s6_task_states_overdue_and_current_phase(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        street = unit_by_code(STREET_A)
        t1, t2, t3 = _tasks(
            2026, [dt.date(2026, 4, 30), dt.date(2026, 5, 15), dt.date(2026, 12, 31)]
        )
        a1 = unit_by_code(A1)
        db.session.add(TaskCompletion(key_task=t1, org_unit=a1, done_on=dt.date(2026, 4, 28)))
        db.session.add(TaskCompletion(key_task=t2, org_unit=a1, done_on=dt.date(2026, 5, 20)))
        db.session.add(
            Phase(
                org_unit=street,
                year=2026,
                phase="midterm",
                start_on=dt.date(2026, 7, 1),
                end_on=dt.date(2026, 8, 31),
            )
        )
        db.session.commit()
        board = task_board(db.session, [street.id], 2026, dt.date(2026, 6, 1))
        assert [u.name for u in board.committees] == ["福州路居委会", "金陵东路居委会"]
        a1_cells = [board.cell(t.id, a1.id) for t in (t1, t2, t3)]
        assert [c.status for c in a1_cells if c] == ["done", "late", "pending"]
        assert a1_cells[1] is not None and a1_cells[1].label == "逾期完成（2026-05-20）"
        a2 = unit_by_code(A2)
        assert board.counts(a2.id) == {"done": 0, "late": 0, "overdue": 2, "pending": 1}
        assert [(t.title, u.name) for t, u in board.overdue] == [
            ("任务1", "金陵东路居委会"),
            ("任务2", "金陵东路居委会"),
        ]
        now = current_phase(db.session, street.id, 2026, dt.date(2026, 7, 15))
        assert now.explanation == "现在是中期评估阶段（2026-07-01 至 2026-08-31）(S6)"
        before = current_phase(db.session, street.id, 2026, dt.date(2026, 6, 1))
        assert before.current is None and "下一阶段：中期评估阶段" in before.explanation
        assert "尚未设置" in current_phase(db.session, street.id, 2025, today()).explanation


def test_s6_midterm_view_combines_ledger_tasks_and_applications(
    cs_app: Flask, cs_client: FlaskClient
) -> None:
    day = today()
    year = day.year
    with cs_app.app_context(), acting_as(SYSTEM):
        street = unit_by_code(STREET_A)
        full_ledger(A1, year)
        (task,) = _tasks(year, [day - dt.timedelta(days=10)])
        db.session.add(
            TaskCompletion(key_task=task, org_unit=unit_by_code(A1), done_on=day - dt.timedelta(11))
        )
        db.session.add(
            Phase(
                org_unit=street,
                year=year,
                phase="midterm",
                start_on=day - dt.timedelta(days=5),
                end_on=day + dt.timedelta(days=5),
            )
        )
        fund = fund_year(year=year, deadline=day + dt.timedelta(days=30))
        application(A1, fund, submitted_on=day)
        application(A2, fund, title="草稿项目", submitted_on=None)
        db.session.commit()
        _board, rows = midterm(db.session, [street.id], year, day)
        a1, a2 = rows
        assert a1.ledger.summary == "5/5 部分齐全" and a1.submitted == 1 and a1.flags == []
        assert a2.applications == {"draft": 1, "submitted": 0, "withdrawn": 0}
        assert a2.flags == ["台账0/5 部分齐全", "1 项重点任务已逾期", "尚未提交自治项目申报"]
        a2_id = unit_by_code(A2).id

        # The committee panel: area type, the year's ledger, projects, overdue tasks (S2–S5).
        from plugins.changshou_autonomy.models import AreaProfile
        from plugins.changshou_autonomy.panel import committee_panel

        db.session.add(AreaProfile(org_unit=unit_by_code(A2), area_type="current"))
        db.session.commit()
        html = str(committee_panel(unit_by_code(A2)).html)
        assert "现实型" in html and "楼组长" in html
        assert f"{year}年度台账：<strong>0/5 部分齐全</strong>" in html
        assert "已申报 0 项，草稿 1 项，获资助 0 项" in html and "尚未申报" in html
        assert "任务1" in html
        html = str(committee_panel(unit_by_code(A1)).html)
        assert "尚未登记居民区类型" in html and "5/5 部分齐全" in html
        assert "已申报 1 项" in html and "没有逾期的重点任务" in html

    login(cs_client, "street_a")
    page = cs_client.get(f"{P}/midterm/?year={year}").get_data(as_text=True)
    assert "1 项重点任务已逾期" in page and "已申报 1 项" in page and "草稿 1 项" in page
    progress = cs_client.get(f"{P}/progress/?year={year}").get_data(as_text=True)
    assert "现在是中期评估阶段" in progress
    assert 'class="cs-task overdue table-danger"' in progress and "已逾期 1 项" in progress
    assert cs_client.get(f"{P}/phases/").status_code == 200
    assert cs_client.get(f"{P}/key-tasks/new/").status_code == 200

    cs_client.post("/logout")
    login(cs_client, "committee_a1")
    page = cs_client.get(f"{P}/midterm/?year={year}").get_data(as_text=True)
    assert "福州路居委会" in page and "金陵东路居委会" not in page
    assert f'data-committee-id="{a2_id}"' not in page
    assert "已申报 1 项" in page  # the street's fund year is not needed to count
    progress = cs_client.get(f"{P}/progress/?year={year}").get_data(as_text=True)
    assert "现在是中期评估阶段" in progress and "cs-overdue" not in progress
    # Committees read the street's tasks but cannot set them (FUND_MANAGE).
    assert cs_client.get(f"{P}/key-tasks/").status_code == 200
    with cs_app.app_context(), acting_as(SYSTEM):
        street_id = unit_by_code(STREET_A).id
    cs_client.post(
        f"{P}/key-tasks/new/",
        data={"org_unit": str(street_id), "year": str(year), "kind": "other", "title": "x"},
    )
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(KeyTask.id))) == 1


def test_s5_completion_of_another_streets_task_is_refused_in_the_form(
    cs_app: Flask, cs_client: FlaskClient
) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        (task,) = _tasks(2026, [dt.date(2026, 4, 30)])
        db.session.commit()
        task_id, b1_id = task.id, unit_by_code(B1).id
    login(cs_client, "admin")
    response = cs_client.post(
        f"{P}/task-completions/new/",
        data={"org_unit": str(b1_id), "key_task": str(task_id), "done_on": "2026-04-20"},
    )
    assert "不是贵州路居委会所属街道布置的重点任务 (S5)" in response.get_data(as_text=True)
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(TaskCompletion.id))) == 0
