"""Convening the residents' meeting in the admin (rule C7).

``ConveningProposalView`` records proposals to convene a meeting, with the
proposers chosen from the committee's residents, households or groups, and
shows whether they are enough; ``ConveningStatusView`` lists every committee
in scope and flags those late with their half-yearly meeting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import request
from flask_admin import expose
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.model.fields import AjaxSelectMultipleField
from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import ProtectedBaseView, ScopedModelView
from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.admin.meetings import committees
from core.convening import check_proposal, convening_overview, judge_proposal
from core.extensions import db
from core.models.committees import ResidentGroup
from core.models.meetings import ConveningProposal, ConveningProposer
from core.models.people import Household, Person
from core.rules.meetings import ProposerKind

#: Who proposes (C7), as the UI names them; the same texts as PROPOSER_LABELS.
PROPOSER_NAMES = {
    ProposerKind.RESIDENTS.value: _l("18周岁以上居民"),
    ProposerKind.HOUSEHOLDS.value: _l("户"),
    ProposerKind.RESIDENT_GROUPS.value: _l("居民小组"),
}

#: The form field and the proposer's attribute for each kind.
_FIELDS = {
    ProposerKind.RESIDENTS: ("persons", "person"),
    ProposerKind.HOUSEHOLDS: ("households", "household"),
    ProposerKind.RESIDENT_GROUPS: ("resident_groups", "resident_group"),
}


class _UnitLoader(QueryAjaxModelLoader):
    """An ajax look-up (scoped by the ORM) that names each record's committee."""

    def format(self, model: Any) -> tuple[Any, str] | None:
        if not model:
            return None
        extra = model.org_unit.name
        if isinstance(model, Person):
            extra = f"{extra}，{model.birth_date.year}年生"
        return model.id, f"{model}（{extra}）"


class ProposerField(AjaxSelectMultipleField):
    """A multi-select of proposers; the view turns the choice into ConveningProposer rows."""

    def populate_obj(self, obj: Any, name: str) -> None:
        return None


def _kind(_view: Any, _context: Any, model: ConveningProposal, _name: str) -> str:
    return str(PROPOSER_NAMES.get(model.proposer_kind, model.proposer_kind))


def _proposer_count(_view: Any, _context: Any, model: ConveningProposal, _name: str) -> str:
    return str(len(model.proposers))


def _proposer_names(_view: Any, _context: Any, model: ConveningProposal, _name: str) -> str:
    targets = (p.person or p.household or p.resident_group for p in model.proposers)
    return "、".join(str(target) for target in targets if target is not None)


def _judgement(_view: Any, _context: Any, model: ConveningProposal, _name: str) -> Markup:
    judged = judge_proposal(db.session, model)
    if judged.result is None:
        css, verdict = "badge-warning", gettext("无法判定")
    elif judged.result.met:
        css, verdict = "badge-success", gettext("应召开")
    else:
        css, verdict = "badge-secondary", gettext("人数不足")
    return Markup(
        f'<span class="badge {css}">{escape(verdict)}</span>'
        f' <span class="juwei-explain">{escape(judged.explanation)}</span>'
        f'<br><small class="juwei-explain">{escape(judged.total_explanation)}</small>'
    )


def _judgement_text(_view: Any, _context: Any, model: ConveningProposal, _name: str) -> str:
    judged = judge_proposal(db.session, model)
    return f"{judged.explanation}；{judged.total_explanation}"


class ConveningProposalView(ScopedModelView):
    """提议召开居民会议: who proposed, and whether they are enough to oblige it (C7)."""

    column_list = ["received_on", "org_unit", "proposer_kind", "proposer_count", "judgement"]
    column_details_list = [
        "received_on",
        "org_unit",
        "proposer_kind",
        "proposer_names",
        "subject",
        "total_count",
        "total_reason",
        "meeting",
        "judgement",
    ]
    column_labels = {
        "received_on": _l("收到日期"),
        "org_unit": _l("居委会"),
        "proposer_kind": _l("提议人类型"),
        "proposer_count": _l("提议人数"),
        "proposer_names": _l("提议人"),
        "persons": _l("提议居民"),
        "households": _l("提议户"),
        "resident_groups": _l("提议居民小组"),
        "subject": _l("提议事项"),
        "total_count": _l("总数（手工填写）"),
        "total_reason": _l("手工填写总数的原因"),
        "meeting": _l("据此召开的会议"),
        "judgement": _l("判定"),
    }
    column_descriptions = {
        "total_count": _l("只在人员信息不完整时填写；留空则按收到日期的登记信息自动计算 (C7)"),
        "persons": _l("提议人类型为18周岁以上居民时选择"),
        "households": _l("提议人类型为户时选择"),
        "resident_groups": _l("提议人类型为居民小组时选择"),
    }
    column_formatters = {
        "proposer_kind": _kind,
        "proposer_count": _proposer_count,
        "proposer_names": _proposer_names,
        "judgement": _judgement,
    }
    column_formatters_export = {
        "proposer_kind": _kind,
        "proposer_count": _proposer_count,
        "judgement": _judgement_text,
        "org_unit": lambda _v, _c, model, _n: model.org_unit.name,
    }
    column_default_sort = ("received_on", True)
    column_filters = ["received_on", "proposer_kind"]
    form_columns = [
        "org_unit",
        "received_on",
        "proposer_kind",
        "persons",
        "households",
        "resident_groups",
        "subject",
        "total_count",
        "total_reason",
        "meeting",
    ]
    form_overrides = {"proposer_kind": SelectField}
    form_args: dict[str, Any] = {
        "proposer_kind": {
            "choices": lambda: [(k, str(v)) for k, v in PROPOSER_NAMES.items()],
            "validators": [DataRequired()],
        },
        "org_unit": {"query_factory": committees, "validators": [DataRequired()]},
        "received_on": {"validators": [DataRequired()]},
    }

    def __init__(self, **kwargs: Any) -> None:
        loaders = {
            "persons": _UnitLoader("persons", db, Person, fields=["name"], order_by=Person.name),
            "households": _UnitLoader(
                "households", db, Household, fields=["number", "address"], order_by=Household.number
            ),
            "resident_groups": _UnitLoader(
                "resident_groups", db, ResidentGroup, fields=["name"], order_by=ResidentGroup.name
            ),
        }
        self.form_ajax_refs = dict(loaders)
        self.form_extra_fields = {
            name: ProposerField(loader, label=self.column_labels[name])
            for name, loader in loaders.items()
        }
        super().__init__(
            ConveningProposal,
            name=_l("提议召开居民会议"),
            category=_l("会议"),
            endpoint="conveningproposal",
            **kwargs,
        )

    def edit_form(self, obj: Any = None) -> Any:
        form = super().edit_form(obj)
        if obj is not None and request.method == "GET":
            for name, attribute in _FIELDS.values():
                getattr(form, name).data = [
                    getattr(p, attribute) for p in obj.proposers if getattr(p, attribute)
                ]
        return form

    def on_model_change(self, form: Any, model: ConveningProposal, is_created: bool) -> None:
        """Turn the chosen proposers into rows, then refuse what C7 cannot judge."""
        if model.org_unit is not None:
            model.org_unit_id = model.org_unit.id
        model.subject = model.subject or ""
        model.total_reason = model.total_reason or ""
        kind = ProposerKind(model.proposer_kind)
        for other, (name, _attribute) in _FIELDS.items():
            if other is not kind and getattr(form, name).data:
                raise ValueError(
                    gettext(
                        "提议人类型为“%(kind)s”，请只选择%(kind)s，不要选择%(other)s",
                        kind=PROPOSER_NAMES[kind.value],
                        other=PROPOSER_NAMES[other.value],
                    )
                )
        name, attribute = _FIELDS[kind]
        chosen = list(getattr(form, name).data or [])
        kept = [p for p in model.proposers if getattr(p, attribute) in chosen]
        have = [getattr(p, attribute) for p in kept]
        model.proposers[:] = kept + [
            ConveningProposer(**{attribute: target}) for target in chosen if target not in have
        ]
        with db.session.no_autoflush:
            check_proposal(model)


class ConveningStatusView(ProtectedBaseView):
    """居民会议召开情况: every committee in scope, late ones in red (C7)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            name=_l("居民会议召开情况"),
            category=_l("会议"),
            endpoint="conveningstatus",
            **kwargs,
        )

    @expose("/")
    def index(self) -> Any:
        today = dt.date.today()
        rows = convening_overview(db.session, list(committees()), today)
        only_overdue = request.args.get("overdue") == "1"
        if only_overdue:
            rows = [(unit, due) for unit, due in rows if due.overdue]
        return self.render(
            "juwei/convening_status.html",
            rows=rows,
            today=today,
            only_overdue=only_overdue,
            overdue_count=sum(1 for _unit, due in rows if due.overdue),
        )
