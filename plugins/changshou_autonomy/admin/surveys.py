"""居民调查 and 服务能力评估: survey records and the service-ability figure (S7).

居民调查 (``/admin/changshou/surveys``) records a committee's satisfaction and
awareness surveys per year; 服务能力评估 (``/admin/changshou/ability/``)
shows per street and committee the year's survey totals, the rates and the
S7 figure weighted by the policy values in force (:func:`ability_table`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from sqlalchemy import func, select
from wtforms import SelectField
from wtforms.validators import DataRequired

from core.admin.base import label_of
from core.admin.structure import COMMITTEE_FIELD, today
from core.extensions import db
from core.models import OrgUnit
from core.policy import resolve
from core.rules.policy import NoValueInForce
from plugins.changshou_autonomy.admin.ledger_base import (
    LedgerRecordView,
    Page,
    chosen_streets,
    year_arg,
)
from plugins.changshou_autonomy.kinds import SURVEY_KINDS
from plugins.changshou_autonomy.models import Survey
from plugins.changshou_autonomy.rules.ability import Ability, SurveyCounts, service_ability


class SurveyView(LedgerRecordView):
    """居民调查: satisfaction and awareness surveys per committee and year (S7)."""

    texts = ("method", "note")
    column_list = [
        "org_unit",
        "year",
        "kind",
        "held_on",
        "respondents",
        "first",
        "second",
        "method",
    ]
    column_labels = {
        "org_unit": "居委会",
        "year": "年度",
        "kind": "调查类别",
        "held_on": "调查日期",
        "respondents": "受访人数",
        "first": "满意 / 知晓",
        "second": "基本满意 / 部分知晓",
        "method": "调查方式",
        "note": "备注",
    }
    column_descriptions = {
        "first": "满意度调查填“满意”人数，知晓度调查填“知晓”人数 (S7)",
        "second": "满意度调查填“基本满意”人数，知晓度调查填“部分知晓”人数；两项之和不超过受访人数",
    }
    column_formatters = {
        "org_unit": lambda _v, _c, m, _n: m.org_unit.name,
        "kind": label_of(SURVEY_KINDS),
    }
    form_columns = [
        "org_unit",
        "year",
        "kind",
        "held_on",
        "respondents",
        "first",
        "second",
        "method",
        "note",
    ]
    form_overrides = {"kind": SelectField}
    form_args: dict[str, Any] = {
        "org_unit": COMMITTEE_FIELD,
        "kind": {"label": "调查类别", "choices": list(SURVEY_KINDS.items())},
        "year": {"validators": [DataRequired()]},
        "held_on": {"validators": [DataRequired()]},
        "respondents": {"validators": [DataRequired()]},
    }

    def __init__(self) -> None:
        super().__init__(Survey, "居民调查", "cs_survey", "surveys")

    def extra_filters(self) -> list[Any]:
        return ["year", FilterEqual(Survey.kind, "调查类别", options=list(SURVEY_KINDS.items()))]

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        model.first = model.first or 0
        model.second = model.second or 0
        super().on_model_change(form, model, is_created)


class AbilityView(Page):
    """服务能力评估: satisfaction and awareness rates and the service-ability figure (S7)."""

    def __init__(self) -> None:
        super().__init__("服务能力评估", "cs_ability", "ability")

    @expose("/")
    def index(self) -> Any:
        """Per street and committee: the year's survey counts, rates and figure (S7)."""
        year = year_arg()
        choices, street, chosen = chosen_streets()
        return self.render(
            "changshou_autonomy/ledger_ability.html",
            year=year,
            streets=choices,
            street=street,
            tables=[ability_table(s, year) for s in chosen],
            kinds=SURVEY_KINDS,
        )


@dataclasses.dataclass(frozen=True)
class AbilityRow:
    """A committee's survey totals of the year and its S7 figures."""

    committee: OrgUnit
    counts: dict[str, SurveyCounts]
    ability: Ability | None
    error: str = ""


def ability_table(street: OrgUnit, year: int) -> tuple[OrgUnit, str, list[AbilityRow]]:
    """The street, its S7 weights explained, and a row per committee in scope (S7)."""
    from plugins.changshou_autonomy.parameters import SURVEY_AWARENESS, SURVEY_SATISFACTION

    day = min(today(), dt.date(year, 12, 31))
    units = list(
        db.session.scalars(
            select(OrgUnit)
            .where(OrgUnit.kind == "committee", OrgUnit.parent_id == street.id)
            .order_by(OrgUnit.code)
        )
    )
    totals = survey_totals([u.id for u in units], year)
    try:
        w_s = resolve(db.session, SURVEY_SATISFACTION, day, street).value
        w_a = resolve(db.session, SURVEY_AWARENESS, day, street).value
        weights = f"权重：满意度 {w_s}，知晓度 {w_a}（政策参数，{day.isoformat()} 有效值）"
    except NoValueInForce as exc:
        w_s = w_a = None
        weights = str(exc)
    rows = []
    for unit in units:
        # SurveyCounts is read-only; rules.ability's Counts protocol declares plain attributes.
        counts: dict[str, Any] = {k: SurveyCounts(*v) for k, v in totals.get(unit.id, {}).items()}
        if w_s is None or w_a is None:
            rows.append(AbilityRow(unit, counts, None, weights))
            continue
        try:
            figure = service_ability(counts.get("satisfaction"), counts.get("awareness"), w_s, w_a)
        except ValueError as exc:
            rows.append(AbilityRow(unit, counts, None, str(exc)))
            continue
        rows.append(AbilityRow(unit, counts, figure))
    return street, weights, rows


def survey_totals(ids: list[int], year: int) -> dict[int, dict[str, tuple[int, int, int]]]:
    """``{committee id: {kind: (respondents, first, second)}}`` of the year's surveys (S7)."""
    found: dict[int, dict[str, tuple[int, int, int]]] = {}
    if not ids:
        return found
    stmt = (
        select(
            Survey.org_unit_id,
            Survey.kind,
            func.sum(Survey.respondents),
            func.sum(Survey.first),
            func.sum(Survey.second),
        )
        .where(Survey.org_unit_id.in_(ids), Survey.year == year)
        .group_by(Survey.org_unit_id, Survey.kind)
    )
    for unit_id, kind, respondents, first, second in db.session.execute(stmt).all():
        found.setdefault(int(unit_id), {})[str(kind)] = (
            int(respondents or 0),
            int(first or 0),
            int(second or 0),
        )
    return found
