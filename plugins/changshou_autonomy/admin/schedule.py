"""Phases and key tasks of 自治家园: the street sets them, committees record completions (S5, S6).

工作阶段设置 and 重点任务设置 are street records (they need ``FUND_MANAGE``;
the street's committees read them); 任务完成登记 is a committee's record of
a completed key task (S5). 工作阶段与节点 (``/admin/changshou/progress/``)
shows the current phase and each committee's key tasks, overdue ones
flagged (S5, S6); 中期评估 (``/admin/changshou/midterm/``) the ledger, tasks
and applications of the year per committee (S6).
"""

from __future__ import annotations

from typing import Any

from flask_admin import expose
from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView, label_of
from core.admin.structure import COMMITTEE_FIELD, today
from core.extensions import db
from core.models import OrgUnit
from plugins.changshou_autonomy.admin import CATEGORY
from plugins.changshou_autonomy.admin.ledger_base import (
    LedgerRecordView,
    P,
    Page,
    chosen_streets,
    may_write,
    text_defaults,
    year_arg,
)
from plugins.changshou_autonomy.kinds import KEY_TASKS, PHASES
from plugins.changshou_autonomy.models import KeyTask, Phase, TaskCompletion
from plugins.changshou_autonomy.permissions import FUND_MANAGE
from plugins.changshou_autonomy.progress import (
    STATUS_LABELS,
    check_completion,
    check_street_record,
    current_phase,
    midterm,
    task_board,
)


def _streets_query() -> Any:
    return db.session.query(OrgUnit).filter(OrgUnit.kind == "street").order_by(OrgUnit.code)


STREET_FIELD: dict[str, Any] = {
    "label": "街道",
    "query_factory": _streets_query,
    "validators": [DataRequired()],
}


class _StreetRecordView(ScopedModelView):
    """A record the street sets (needs ``FUND_MANAGE``); its committees read it (S5, S6)."""

    write_permission = FUND_MANAGE
    what = ""

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        if model.org_unit is not None:
            model.org_unit_id = model.org_unit.id
        text_defaults(model, "note")
        check_street_record(model, self.what)
        super().on_model_change(form, model, is_created)


class PhaseView(_StreetRecordView):
    """工作阶段设置: the street's phases of the year (S6)."""

    what = "工作阶段"
    column_list = ["org_unit", "year", "phase", "start_on", "end_on", "note"]
    column_labels = {
        "org_unit": "街道",
        "year": "年度",
        "phase": "阶段",
        "start_on": "开始日期",
        "end_on": "结束日期",
        "note": "工作要求",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "phase": label_of(PHASES),
    }
    column_default_sort = ("start_on", False)
    column_filters = ["year"]
    form_columns = ["org_unit", "year", "phase", "start_on", "end_on", "note"]
    form_overrides = {"phase": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": STREET_FIELD,
        "phase": {"label": "阶段", "choices": list(PHASES.items())},
        "year": {"validators": [DataRequired()]},
        "start_on": {"validators": [DataRequired()]},
        "end_on": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(
            Phase, name="工作阶段设置", category=CATEGORY, endpoint="cs_phase", url=f"{P}/phases"
        )


class KeyTaskView(_StreetRecordView):
    """重点任务设置: the street's key tasks with deadlines (S5, 附件2)."""

    what = "重点任务"
    column_list = ["org_unit", "year", "kind", "title", "due_on"]
    column_labels = {
        "org_unit": "街道",
        "year": "年度",
        "kind": "类别",
        "title": "任务",
        "due_on": "完成期限",
        "note": "要求",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "kind": label_of(KEY_TASKS),
    }
    column_default_sort = ("due_on", False)
    column_filters = ["year", "due_on"]
    form_columns = ["org_unit", "year", "kind", "title", "due_on", "note"]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": STREET_FIELD,
        "kind": {
            "label": "类别",
            "choices": list(KEY_TASKS.items()),
        },
        "year": {"validators": [DataRequired()]},
        "title": {"validators": [DataRequired()]},
        "due_on": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(
            KeyTask,
            name="重点任务设置",
            category=CATEGORY,
            endpoint="cs_keytask",
            url=f"{P}/key-tasks",
        )


def _key_tasks() -> Any:
    return db.session.query(KeyTask).order_by(KeyTask.year.desc(), KeyTask.due_on)


class CompletionView(LedgerRecordView):
    """任务完成登记: a committee records when it completed a key task (S5)."""

    texts = ("note",)
    column_list = ["org_unit", "key_task", "done_on", "note"]
    column_labels = {
        "org_unit": "居委会",
        "key_task": "重点任务",
        "done_on": "完成日期",
        "note": "上报材料",
    }
    column_formatters = {"org_unit": lambda _v, _c, m, _n: m.org_unit.name}
    form_columns = ["org_unit", "key_task", "done_on", "note"]
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "key_task": {
            "label": "重点任务",
            "query_factory": _key_tasks,
            "get_label": lambda t: f"{t.year}年 {t}",
            "validators": [DataRequired()],
        },
        "done_on": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(TaskCompletion, "任务完成登记", "cs_completion", "task-completions")

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        if model.org_unit is not None:
            model.org_unit_id = model.org_unit.id
        check_completion(model)
        super().on_model_change(form, model, is_created)


class ProgressView(Page):
    """工作阶段与节点: the current phase and the key tasks per committee (S5, S6)."""

    def __init__(self) -> None:
        super().__init__("工作阶段与节点", "cs_progress", "progress")

    @expose("/")
    def index(self) -> Any:
        """Per street: its phases, where today stands, and each committee's key tasks."""
        year, day = year_arg(), today()
        choices, street, chosen = chosen_streets()
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


class MidtermView(Page):
    """中期评估: per committee its ledger, key tasks and applications of the year (S6)."""

    def __init__(self) -> None:
        super().__init__("中期评估", "cs_midterm", "midterm")

    @expose("/")
    def index(self) -> Any:
        """The mid-term assessment of the streets in scope (S6)."""
        year, day = year_arg(), today()
        choices, street, chosen = chosen_streets()
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
