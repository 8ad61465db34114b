"""Meetings in the admin (rules C4–C9, C13): the record, its agenda and votes, files, notice.

Quorum and results are never typed in: the details page and the list show
what ``core.meetings.meeting_figures`` computes from the records, with the
arithmetic. Attached files go through ``core.storage``
(routes in ``core.admin.meeting_files``); the printable notice
through ``core.disclosure``. Convening (C7) has its own pages in
``core.admin.convening``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import g
from flask_admin import BaseView, expose
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_admin.model.form import InlineFormAdmin
from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.validators import DataRequired

from core import storage
from core.admin.base import ScopedModelView
from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.admin.meeting_files import MeetingFilesMixin
from core.disclosure import meeting_notice, render_notice
from core.extensions import db
from core.kinds import kind_of, registered
from core.meetings import MeetingFigures, meeting_figures
from core.models.base import require_committee
from core.models.meetings import AgendaItem, Meeting, Resolution
from core.models.org import OrgUnit
from core.rules.meetings import BodyForm
from core.rules.policy import NoValueInForce

#: The three forms of a residents' meeting (C4), as the UI names them.
#: The same texts as ``BODY_FORM_LABELS`` of core.rules.meetings (which stay Chinese in
#: domain messages), marked here for translation.
BODY_FORM_NAMES = {
    BodyForm.ALL_RESIDENTS.value: _l("全体18周岁以上居民"),
    BodyForm.HOUSEHOLDS.value: _l("每户派代表1人"),
    BodyForm.GROUP_REPRESENTATIVES.value: _l("每个居民小组推选代表2至3人"),
}


def kind_choices(which: str) -> list[tuple[str, str]]:
    """``(code, label)`` of the app's registered kinds (C8, C9 and plugins'), labels translated."""
    return [(kind.code, gettext(kind.label)) for kind in registered(which)]


def kind_label(which: str, code: str) -> str:
    """The translated label of a stored kind code; the code itself when none is registered."""
    kind = kind_of(which, code)
    return gettext(kind.label) if kind is not None else code


def committees() -> Any:
    """The committees in the current user's scope (the ORM narrows the query)."""
    return db.session.query(OrgUnit).filter(OrgUnit.kind == "committee").order_by(OrgUnit.code)


def figures_of(meeting: Meeting) -> MeetingFigures:
    """``meeting_figures`` of ``meeting``, once per request; a missing parameter is a problem."""
    cache: dict[int, MeetingFigures] = g.setdefault("juwei_meeting_figures", {})
    if meeting.id in cache:
        return cache[meeting.id]
    try:
        figures = meeting_figures(db.session, meeting)
    except NoValueInForce as exc:
        figures = MeetingFigures(
            None,
            meeting.eligible_count,
            "",
            None,
            [(item, None) for item in meeting.resolutions],
            [str(exc)],
        )
    cache[meeting.id] = figures
    return figures


def _kind(_view: Any, _context: Any, model: Meeting, _name: str) -> str:
    return kind_label("meeting", model.kind)


def _body_form(_view: Any, _context: Any, model: Meeting, _name: str) -> str:
    return str(BODY_FORM_NAMES.get(model.body_form or "", "—"))


def _attendance(_view: Any, _context: Any, model: Meeting, _name: str) -> str:
    figures = figures_of(model)
    present = "—" if model.present_count is None else str(model.present_count)
    eligible = "—" if figures.eligible is None else str(figures.eligible)
    return f"{present}/{eligible}"


def _quorum(_view: Any, _context: Any, model: Meeting, _name: str) -> Markup:
    result = figures_of(model).quorum
    if result is None:
        return Markup("—")
    css, text = (
        ("text-success", gettext("达到")) if result.met else ("text-danger", gettext("未达到"))
    )
    return Markup(f'<span class="{css}" title="{escape(result.explanation)}">{escape(text)}</span>')


def _quorum_text(_view: Any, _context: Any, model: Meeting, _name: str) -> str:
    result = figures_of(model).quorum
    if result is None:
        return ""
    return f"{gettext('达到') if result.met else gettext('未达到')}：{result.explanation}"


class AgendaItemInline(InlineFormAdmin):
    """Agenda items on the meeting form, of a C8 kind (or a plugin's)."""

    form_columns = ["id", "number", "kind", "title"]
    form_overrides = {"kind": SelectField}
    column_labels = {"number": _l("序号"), "kind": _l("议题类型"), "title": _l("议题")}
    form_args: dict[str, Any] = {
        "kind": {
            "choices": lambda: kind_choices("agenda_item"),
            "validators": [DataRequired()],
        },
    }
    form_label = _l("议程")


class ResolutionInline(InlineFormAdmin):
    """Resolutions with their votes (C6): abstentions and non-votes count against."""

    form_columns = ["id", "text", "votes_for", "votes_against", "votes_abstain"]
    column_labels = {
        "text": _l("决议内容"),
        "votes_for": _l("赞成"),
        "votes_against": _l("反对"),
        "votes_abstain": _l("弃权"),
    }
    form_label = _l("决议")


class MeetingView(MeetingFilesMixin, ScopedModelView):
    """会议记录: any meeting of a committee (C9) with body, attendance, agenda and votes."""

    details_template = "juwei/meeting_details.html"
    column_list = ["kind", "held_on", "title", "org_unit", "attendance", "quorum"]
    column_details_list = [
        "kind",
        "title",
        "held_on",
        "location",
        "org_unit",
        "resident_group",
        "body_form",
        "ex_officio_count",
        "eligible_count",
        "eligible_reason",
        "present_count",
        "minutes",
    ]
    column_labels = {
        "kind": _l("会议类型"),
        "title": _l("会议名称"),
        "held_on": _l("日期"),
        "location": _l("地点"),
        "org_unit": _l("居委会"),
        "resident_group": _l("居民小组"),
        "body_form": _l("组成方式"),
        "ex_officio_count": _l("另计当然代表人数"),
        "eligible_count": _l("应到人数（手工填写）"),
        "eligible_reason": _l("手工填写应到人数的原因"),
        "present_count": _l("实到人数"),
        "minutes": _l("会议记录"),
        "attendance": _l("实到/应到"),
        "quorum": _l("法定人数"),
        "agenda_items": _l("议程"),
        "resolutions": _l("决议"),
    }
    column_descriptions = {
        "body_form": _l("居民会议的三种组成方式之一 (C4)；其他会议可不选"),
        "ex_officio_count": _l(
            "已登记的当然代表（居委会成员、居住在本区域的人大代表和政协委员）由系统自动计入；"
            "此处只填写未登记在册的当然代表，例如党组织成员 (C4)"
        ),
        "eligible_count": _l("只在人员信息不完整时填写；留空则按登记信息自动计算 (C4)"),
        "present_count": _l("出席人数须超过应到人数的一半，会议方为有效 (C5)"),
        "resident_group": _l("居民小组会议时选择本居委会的居民小组"),
    }
    column_formatters = {
        "kind": _kind,
        "body_form": _body_form,
        "attendance": _attendance,
        "quorum": _quorum,
    }
    column_formatters_export = {
        "kind": _kind,
        "attendance": _attendance,
        "quorum": _quorum_text,
        "org_unit": lambda _v, _c, model, _n: model.org_unit.name,
    }
    column_searchable_list = ["title", "location"]
    column_filters = [
        "held_on",
        FilterEqual(Meeting.kind, _l("会议类型"), options=lambda: kind_choices("meeting")),
        "title",
    ]
    column_default_sort = ("held_on", True)
    form_columns = [
        "kind",
        "title",
        "held_on",
        "location",
        "org_unit",
        "resident_group",
        "body_form",
        "ex_officio_count",
        "eligible_count",
        "eligible_reason",
        "present_count",
        "minutes",
    ]
    form_overrides = {"kind": SelectField, "body_form": SelectField}
    form_args: dict[str, Any] = {
        "kind": {"choices": lambda: kind_choices("meeting"), "validators": [DataRequired()]},
        "body_form": {
            "choices": lambda: [("", "—"), *((k, str(v)) for k, v in BODY_FORM_NAMES.items())],
            "coerce": lambda value: value or None,
        },
        "org_unit": {"query_factory": committees, "validators": [DataRequired()]},
        "held_on": {"validators": [DataRequired()]},
        "title": {"validators": [DataRequired()]},
    }
    inline_models = [AgendaItemInline(AgendaItem), ResolutionInline(Resolution)]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            Meeting, name=_l("会议记录"), category=_l("会议"), endpoint="meeting", **kwargs
        )

    def on_model_change(self, form: Any, model: Meeting, is_created: bool) -> None:
        """Refuse impossible figures (C4–C6, C9) before anything is written."""
        if model.org_unit is not None:
            # check_meeting needs the id, which a new meeting only gets at flush.
            model.org_unit_id = model.org_unit.id
        model.ex_officio_count = model.ex_officio_count or 0
        model.location = model.location or ""
        model.minutes = model.minutes or ""
        model.eligible_reason = model.eligible_reason or ""
        # Inline rows deleted on the form are still in the collections until flush.
        deleted = db.session.deleted
        model.resolutions[:] = [item for item in model.resolutions if item not in deleted]
        model.agenda_items[:] = [item for item in model.agenda_items if item not in deleted]
        require_committee(model, "会议")
        group = model.resident_group
        if group is not None and group.org_unit_id != model.org_unit_id:
            raise ValueError(gettext("居民小组必须属于本居委会 (C1)"))
        try:
            super().on_model_change(form, model, is_created)
            with db.session.no_autoflush:
                problems = meeting_figures(db.session, model).problems
        except NoValueInForce as exc:
            raise ValueError(str(exc)) from exc
        if problems:
            raise ValueError(
                gettext(
                    "%(problem)s。如登记信息不完整，请手工填写应到人数并说明原因",
                    problem=problems[0],
                )
            )

    def on_model_delete(self, model: Meeting) -> None:
        # The files' bytes go once the meeting is deleted (after the commit).
        g.juwei_deleted_files = [item.stored_name for item in model.files]

    def after_model_delete(self, model: Meeting) -> None:
        for stored_name in g.pop("juwei_deleted_files", []):
            storage.remove(stored_name)

    def render(self, template: str, **kwargs: Any) -> Any:
        if template == self.details_template and kwargs.get("model") is not None:
            meeting: Meeting = kwargs["model"]
            kwargs["figures"] = figures_of(meeting)
            kwargs["kind_label"] = kind_label("meeting", meeting.kind)
            kwargs["agenda_label"] = lambda code: kind_label("agenda_item", code)
            kwargs["max_upload_mb"] = storage.max_bytes() // (1024 * 1024)
        return super().render(template, **kwargs)

    @expose("/notice/")
    def notice_view(self) -> Any:
        """The printable 居务公开 notice of the meeting's resolutions (C13)."""
        meeting = self._meeting_from_args()
        notice = meeting_notice(meeting, figures_of(meeting), dt.date.today())
        return render_notice(notice, back_url=self._details_url(meeting.id))


def views() -> list[BaseView]:
    """The admin views of this module, in menu order."""
    from core.admin.convening import ConveningProposalView, ConveningStatusView

    return [MeetingView(), ConveningProposalView(), ConveningStatusView()]
