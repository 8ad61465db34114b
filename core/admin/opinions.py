"""Residents' opinions in the UI: the register, the reply deadline, the overdue list (rule C14).

Who gave an opinion is never shown to the person it is about (C14, no
retaliation): for a user whose account is linked to that person
(``User.person_id``), the list, the details page, the export and the edit
form show "（对被反映人保密）" instead of the submitter, and an edit by that
user keeps the stored submitter and the person it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_admin import BaseView
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual, FilterLike
from flask_admin.model import filters
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import or_
from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView, label_of
from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.models.opinions import Opinion, Rectification
from core.opinions import may_see_submitter, overdue_clause

#: The channels' names in the UI: the texts of ``CHANNELS`` (core.models.opinions), translatable.
CHANNEL_NAMES = {
    "questionnaire": _l("问卷调查"),
    "card": _l("评议卡、意见箱"),
    "forum": _l("座谈会"),
    "visit": _l("走访"),
    "other": _l("其他"),
}
#: The statuses' names in the UI: the texts of ``STATUSES``, translatable.
STATUS_NAMES = {
    "open": _l("待答复"),
    "replied": _l("已答复"),
    "rectifying": _l("整改中"),
    "closed": _l("已办结"),
}
#: Shown instead of the submitter to the person an opinion is about (C14).
HIDDEN = _l("（对被反映人保密）")
SUBMITTER_FIELDS = ("submitter_name", "submitter_contact")

_MISSING_YEAR = re.compile(r"缺少 ?(\d{4}) ?年")


def hides_submitter(opinion: Opinion) -> bool:
    """Whether the current user is the person ``opinion`` is about (rule C14)."""
    return not may_see_submitter(opinion, getattr(current_user, "person_id", None))


def due_text(opinion: Opinion) -> str:
    """The due day, or why it could not be computed in short ("无法计算：缺少2027年节假日安排")."""
    if opinion.reply_due_on is not None:
        return opinion.reply_due_on.isoformat()
    match = _MISSING_YEAR.search(opinion.reply_due_explanation or "")
    if match:
        return gettext("无法计算：缺少%(year)s年节假日安排", year=match.group(1))
    return gettext("无法计算") if opinion.reply_due_explanation else "—"


def _submitter(html: bool) -> Any:
    def formatter(_view: Any, _context: Any, model: Opinion, name: str) -> Any:
        value = str(HIDDEN) if hides_submitter(model) else getattr(model, name) or ""
        return escape(value) if html else value

    return formatter


def _due(_view: Any, _context: Any, model: Opinion, _name: str) -> Markup:
    text = escape(due_text(model))
    explanation = escape(model.reply_due_explanation or "")
    if model.reply_due_on is None:
        return Markup(f'<span class="text-warning" title="{explanation}">{text}</span>')
    today = dt.date.today()
    if model.replied_on is None and model.reply_due_on < today:
        days = (today - model.reply_due_on).days
        late = escape(gettext("逾期 %(days)s 天", days=days))
        badge = f'<span class="badge badge-danger">{late}</span>'
        return Markup(f'<span title="{explanation}">{text}</span> {badge}')
    return Markup(f'<span title="{explanation}">{text}</span>')


def _short(_view: Any, _context: Any, model: Opinion, name: str) -> str:
    text = getattr(model, name) or ""
    return text if len(text) <= 40 else text[:40] + "…"


def _rectifications_html(_view: Any, _context: Any, model: Opinion, _name: str) -> Markup:
    rows = [
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            escape(r.measure),
            escape(r.responsible_person or r.responsible_name),
            escape(r.deadline.isoformat() if r.deadline else ""),
            escape(r.done_on.isoformat() if r.done_on else gettext("未完成")),
        )
        for r in model.rectifications
    ]
    if not rows:
        return Markup(escape(gettext("无")))
    head = "".join(
        f"<th>{escape(gettext(t))}</th>" for t in ("整改措施", "责任人", "完成期限", "完成日期")
    )
    return Markup(f'<table class="table table-sm mb-0"><tr>{head}</tr>{"".join(rows)}</table>')


def _rectifications_text(_view: Any, _context: Any, model: Opinion, _name: str) -> str:
    return "；".join(
        f"{r.measure}（{r.responsible_person or r.responsible_name}，"
        f"{r.deadline}，{r.done_on or gettext('未完成')}）"
        for r in model.rectifications
    )


class OverdueFilter(BaseSQLAFilter, filters.BaseBooleanFilter):
    """逾期: not replied to and past the stored deadline (C14, ``overdue_clause``)."""

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        today = dt.date.today()
        if value == "1":
            return query.filter(overdue_clause(today))
        return query.filter(
            or_(
                Opinion.replied_on.is_not(None),
                Opinion.reply_due_on.is_(None),
                Opinion.reply_due_on >= today,
            )
        )

    def operation(self) -> Any:
        return _l("是否")


_LABELS = {
    "received_on": _l("收到日期"),
    "channel": _l("意见来源"),
    "content": _l("意见内容"),
    "submitter_name": _l("反映人"),
    "submitter_contact": _l("反映人联系方式"),
    "about_person": _l("被反映人"),
    "about_text": _l("反映对象"),
    "reply_due_on": _l("答复期限"),
    "reply_due_explanation": _l("答复期限计算说明"),
    "reply": _l("答复内容"),
    "replied_on": _l("答复日期"),
    "status": _l("办理状态"),
    "rectifications": _l("整改"),
}
_COMMON_FORMATTERS = {
    "channel": label_of(CHANNEL_NAMES),
    "status": label_of(STATUS_NAMES),
    "submitter_name": _submitter(html=True),
    "submitter_contact": _submitter(html=True),
    "reply_due_on": _due,
}


class OpinionView(ScopedModelView):
    """The opinion register of a committee: reply, deadline, rectifications (rule C14)."""

    column_list = [
        "received_on",
        "org_unit",
        "channel",
        "content",
        "submitter_name",
        "about_person",
        "about_text",
        "status",
        "reply_due_on",
        "replied_on",
    ]
    column_details_list = [
        "org_unit",
        "received_on",
        "channel",
        "content",
        "submitter_name",
        "submitter_contact",
        "about_person",
        "about_text",
        "status",
        "reply_due_on",
        "reply_due_explanation",
        "reply",
        "replied_on",
        "rectifications",
        "created_at",
        "updated_at",
    ]
    column_export_list = [c for c in column_details_list if c not in ("created_at", "updated_at")]
    column_labels = _LABELS
    # No search, filter or sort on the submitter: each would reveal them (C14).
    column_searchable_list = ["content", "about_text", "reply"]
    column_sortable_list = ["received_on", "channel", "status", "reply_due_on", "replied_on"]
    column_default_sort = ("received_on", True)
    # The overdue filter comes first: the overdue page links to it as flt0_0.
    column_filters = [
        OverdueFilter(Opinion.reply_due_on, _l("逾期未答复")),
        FilterEqual(Opinion.status, _l("办理状态"), options=list(STATUS_NAMES.items())),
        FilterEqual(Opinion.channel, _l("意见来源"), options=list(CHANNEL_NAMES.items())),
        FilterLike("org_unit.name", _l("所属单位")),
        "received_on",
    ]
    column_formatters = {**_COMMON_FORMATTERS, "content": _short}
    column_formatters_detail = {**_COMMON_FORMATTERS, "rectifications": _rectifications_html}
    column_formatters_export = {
        "channel": lambda _v, _c, m, _n: str(CHANNEL_NAMES.get(m.channel, m.channel)),
        "status": lambda _v, _c, m, _n: str(STATUS_NAMES.get(m.status, m.status)),
        "submitter_name": _submitter(html=False),
        "submitter_contact": _submitter(html=False),
        "reply_due_on": lambda _v, _c, m, _n: due_text(m),
        "rectifications": _rectifications_text,
    }
    column_descriptions = {
        "reply_due_on": _l(
            "收到之日不计，次日起第 15 个工作日（政策参数）结束前答复；法定节假日和调休上班日按"
            "国务院安排计算；缺少某年节假日安排时不作推测 (C14)"
        ),
        "submitter_name": _l("对被反映人保密 (C14)"),
    }
    form_columns = [
        "org_unit",
        "received_on",
        "channel",
        "content",
        "submitter_name",
        "submitter_contact",
        "about_person",
        "about_text",
        "status",
        "reply",
        "replied_on",
    ]
    form_overrides = {"channel": SelectField, "status": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": {"label": _l("所属单位"), "validators": [DataRequired()]},
        "channel": {"choices": list(CHANNEL_NAMES.items()), "label": _l("意见来源")},
        "status": {"choices": list(STATUS_NAMES.items()), "label": _l("办理状态")},
        **{
            name: {"label": label}
            for name, label in _LABELS.items()
            if name not in ("channel", "status")
        },
    }
    form_ajax_refs = {"about_person": {"fields": ["name"], "page_size": 10}}
    inline_models = [
        (
            Rectification,
            {
                "form_columns": [
                    "id",
                    "measure",
                    "responsible_person",
                    "responsible_name",
                    "deadline",
                    "done_on",
                ],
                "column_labels": {
                    "measure": _l("整改措施"),
                    "responsible_person": _l("责任人"),
                    "responsible_name": _l("责任人姓名（不在册时填写）"),
                    "deadline": _l("完成期限"),
                    "done_on": _l("完成日期"),
                },
                "form_ajax_refs": {"responsible_person": {"fields": ["name"], "page_size": 10}},
            },
        )
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            Opinion, name=_l("群众意见"), category=_l("群众意见"), endpoint="opinion", **kwargs
        )

    def edit_form(self, obj: Any = None) -> Any:
        form = super().edit_form(obj)
        if obj is not None and hides_submitter(obj):
            for name in SUBMITTER_FIELDS:
                field = getattr(form, name, None)
                if field is not None:
                    field.data = str(HIDDEN)
                    field.render_kw = {"readonly": True}
            if "about_person" in form:
                del form["about_person"]
        return form

    def update_model(self, form: Any, model: Opinion) -> bool:
        if hides_submitter(model):
            # The person it is about keeps neither the power to see nor to change who
            # gave it, nor to re-point it at someone else and so see it (C14).
            for name in (*SUBMITTER_FIELDS, "about_person"):
                if name in form:
                    del form[name]
        return super().update_model(form, model)


def views() -> list[BaseView]:
    """The admin views of this module, in menu order."""
    from core.admin.holidays import HolidayDayView, HolidayYearView
    from core.admin.opinion_overdue import OverdueView

    return [OpinionView(), OverdueView(), HolidayYearView(), HolidayDayView()]
