"""Admin views of the social-work station (B5, B6, B8).

Pages: 岗位与工资 (each social worker's post and grade, 任期岗位工资制, B6) and
岗位工资表 (a committee's station pay for a month, B6); 工作站工作汇报 (the
station's reports and the committee's evaluation of them, B5); 社工考核 with
each worker's history and renewal recommendation (B5, B8). The assembly,
committee and sub-committee views are in :mod:`.structure`. Every refusal of
a record check is a "保存失败：…" flash and nothing is saved
(``ScopedModelView``); scoping narrows every list, form and select box.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, request
from flask_admin import BaseView, expose
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import Form, SelectField

from core.admin.base import ProtectedBaseView, label_of
from core.admin.structure import (
    COMMITTEE_FIELD,
    CommitteeRecordView,
    committee_filter,
    committees_query,
    today,
)
from core.extensions import db
from core.models import Person
from core.scoping import current_actor
from plugins.beijing_workstation.admin import CATEGORY
from plugins.beijing_workstation.admin.structure import PERSON_AJAX, TERM_FIELD, committee_arg
from plugins.beijing_workstation.kinds import APPRAISAL_GRADES, GRADES, POSTS, REPORT_RATINGS
from plugins.beijing_workstation.models import Appraisal, PostAssignment, StationReport
from plugins.beijing_workstation.permissions import APPRAISE
from plugins.beijing_workstation.rules.pay import yuan


def _worker_link(_view: Any, _context: Any, model: Any, _name: str) -> Markup:
    """The person's name linking to their appraisal history and renewal recommendation."""
    from flask import url_for

    url = url_for("bj_appraisal.history", person=model.person_id)
    return Markup(f'<a href="{escape(url)}">{escape(model.person.name)}</a>')


class PostAssignmentView(CommitteeRecordView):
    """岗位与工资: each social worker's post and grade for the term (任期岗位工资制, B6)."""

    column_list = ["org_unit", "person", "post", "grade", "term", "start_date", "end_date"]
    column_labels = {"org_unit": "所属居委会", "person": "姓名", "post": "岗位", "grade": "档次",
                     "term": "届期", "start_date": "开始日期", "end_date": "结束日期"}  # fmt: skip
    column_descriptions = {"grade": "每月岗位工资为政策参数“任期岗位工资”中该岗位、档次的金额 (B6)"}
    column_formatters = {"post": label_of(POSTS), "person": _worker_link}
    form_columns = ["org_unit", "person", "post", "grade", "term", "start_date", "end_date"]
    form_overrides = {"post": SelectField, "grade": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "post": {"label": "岗位", "choices": list(POSTS.items())},
        "grade": {"label": "档次", "choices": [(g, f"{g}档") for g in GRADES], "coerce": int},
        "term": TERM_FIELD,
    }
    form_ajax_refs = PERSON_AJAX

    def __init__(self) -> None:
        self.column_filters = [committee_filter(PostAssignment.org_unit_id), "post", "grade"]
        super().__init__(
            PostAssignment, name="岗位与工资", category=CATEGORY, endpoint="bj_post",
            url="/admin/beijing/posts",
        )  # fmt: skip

    def on_model_change(self, form: Form, model: PostAssignment, is_created: bool) -> None:
        """Refuse a person of another committee and dates out of order (B6)."""
        unit, person = model.org_unit, model.person
        if unit is not None and person is not None and person.org_unit_id != unit.id:
            raise ValueError(f"{person.name}不是{unit.name}的居民 (B6)")
        if model.end_date is not None and model.start_date and model.end_date < model.start_date:
            raise ValueError("结束日期不能早于开始日期 (B6)")
        super().on_model_change(form, model, is_created)


class StationPayView(ProtectedBaseView):
    """岗位工资表: a committee's station pay for a month, with the total (B6)."""

    def __init__(self) -> None:
        super().__init__(
            name="岗位工资表", category=CATEGORY, endpoint="bj_pay", url="/admin/beijing/pay"
        )

    @expose("/")
    def index(self) -> Any:
        """The month in ``?month=YYYY-MM`` (this month by default) of the chosen committee."""
        from plugins.beijing_workstation.station import pay_table

        text = request.args.get("month", "").strip()
        month = today().replace(day=1)
        if text:
            try:
                month = dt.date.fromisoformat(f"{text}-01")
            except ValueError:
                flash(f"月份“{text}”格式不对，应为 YYYY-MM；已改为本月", "warning")
        units = list(committees_query())
        unit = committee_arg(units)
        table = pay_table(db.session, unit, month) if unit is not None else None
        return self.render(
            "beijing_workstation/station_pay.html", units=units, unit=unit, month=month,
            table=table, yuan=yuan,
        )  # fmt: skip


class StationReportView(CommitteeRecordView):
    """工作站工作汇报: the station's reports and the committee's evaluation of them (B5)."""

    column_list = ["org_unit", "reported_on", "period", "title", "rating", "evaluated_on"]
    column_labels = {"org_unit": "所属居委会", "reported_on": "汇报日期", "period": "汇报期间",
                     "title": "汇报题目", "content": "汇报内容", "evaluated_on": "评议日期",
                     "rating": "居委会评议", "opinion": "评议意见"}  # fmt: skip
    column_descriptions = {"rating": "居委会定期听取工作站的工作汇报，进行评议 (B5)"}
    column_formatters = {"rating": lambda _v, _c, m, _n: m.rating or "未评议"}
    column_default_sort = ("reported_on", True)
    form_columns = ["org_unit", "reported_on", "period", "title", "content", "evaluated_on",
                    "rating", "opinion"]  # fmt: skip
    form_overrides = {"rating": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "rating": {
            "label": "居委会评议",
            "choices": [("", "未评议")] + [(r, r) for r in REPORT_RATINGS],
        },
    }

    def __init__(self) -> None:
        self.column_filters = [committee_filter(StationReport.org_unit_id), "rating"]
        super().__init__(
            StationReport, name="工作站工作汇报", category=CATEGORY, endpoint="bj_report",
            url="/admin/beijing/station-reports",
        )  # fmt: skip

    def on_model_change(self, form: Form, model: StationReport, is_created: bool) -> None:
        """Only holders of ``APPRAISE`` evaluate; the B5 checks run in ``check()``."""
        from plugins.beijing_workstation.station import refuse_evaluation

        model.rating = model.rating or None
        model.content, model.opinion = model.content or "", model.opinion or ""
        actor = current_actor()
        refuse_evaluation(model, actor.role if actor is not None else None)
        super().on_model_change(form, model, is_created)


class AppraisalView(CommitteeRecordView):
    """社工考核: the committee's periodic appraisal of each social worker (B5, B8)."""

    write_permission = APPRAISE
    column_list = ["org_unit", "person", "year", "half", "appraised_on", "score", "grade",
                   "rewards", "penalties"]  # fmt: skip
    column_labels = {"org_unit": "所属居委会", "person": "社工专干", "year": "年度", "half": "期间",
                     "appraised_on": "考核日期", "score": "得分", "grade": "等次",
                     "rewards": "奖励", "penalties": "处罚", "note": "备注"}  # fmt: skip
    column_descriptions = {"grade": "优秀、称职、基本称职、不称职；聘期内的考核决定是否续聘 (B8)"}
    column_formatters = {
        "person": _worker_link,
        "half": lambda _v, _c, m, _n: {1: "上半年", 2: "下半年"}.get(m.half, "全年"),
    }
    column_default_sort = ("appraised_on", True)
    form_columns = ["org_unit", "person", "year", "half", "appraised_on", "score", "grade",
                    "rewards", "penalties", "note"]  # fmt: skip
    form_overrides = {"grade": SelectField, "half": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "grade": {"label": "等次", "choices": [(g, g) for g in APPRAISAL_GRADES]},
        "half": {"label": "期间", "choices": [("", "全年"), ("1", "上半年"), ("2", "下半年")],
                 "coerce": lambda v: int(v) if v not in (None, "", "None") else None},
    }  # fmt: skip
    form_ajax_refs = PERSON_AJAX

    def __init__(self) -> None:
        self.column_filters = [committee_filter(Appraisal.org_unit_id), "year", "grade"]
        super().__init__(
            Appraisal, name="社工考核", category=CATEGORY, endpoint="bj_appraisal",
            url="/admin/beijing/appraisals",
        )  # fmt: skip

    def on_model_change(self, form: Form, model: Appraisal, is_created: bool) -> None:
        """Refuse a person of another committee; the B8 checks run in ``check()``."""
        unit, person = model.org_unit, model.person
        if unit is not None and person is not None and person.org_unit_id != unit.id:
            raise ValueError(f"{person.name}不是{unit.name}的社工 (B8)")
        for name in ("rewards", "penalties", "note"):
            setattr(model, name, getattr(model, name) or "")
        super().on_model_change(form, model, is_created)

    @expose("/history/")
    def history(self) -> Any:
        """A worker's appraisals and the renewal recommendation for their agreement (B8)."""
        from plugins.beijing_workstation.station import appraisal_history, renewal_for

        person_id = request.args.get("person", type=int)
        person = None
        if person_id is not None:
            person = db.session.scalar(select(Person).where(Person.id == person_id))
        if person is None:
            abort(404)
        return self.render(
            "beijing_workstation/station_appraisals.html", person=person,
            history=appraisal_history(db.session, person.id),
            renewal=renewal_for(db.session, person.id, today()),
        )  # fmt: skip


def views() -> list[BaseView]:
    """The station views, in menu order."""
    return [
        PostAssignmentView(),
        StationPayView(),
        StationReportView(),
        AppraisalView(),
    ]
