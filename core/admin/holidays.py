"""The holiday table in the UI: years and days chinese-calendar lacks (rule C14, decision 9).

Deployment-wide reference data: every role reads it, only holders of
``core.holidays.edit`` write it. After every change the stored reply
deadlines of the open opinions reaching into the changed year are recomputed
(``core.holidays.recompute_reply_due``), as the system actor, so the audit
trail shows the admin's change and then the system's consequences.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, g
from sqlalchemy import inspect
from wtforms import SelectField

from core.admin.base import ScopedModelView
from core.admin.i18n import gettext
from core.admin.i18n import lazy_gettext as _l
from core.extensions import db
from core.holidays import WEEKDAYS, check_complete, check_day, check_year, recompute_reply_due
from core.models.holidays import HolidayDay, HolidayYear
from core.permissions import has_permission
from core.scoping import SYSTEM, ScopeViolation, acting_as, current_actor

PERMISSION = "core.holidays.edit"

#: The two kinds of entry; stored as ``HolidayDay.workday``.
DAY_KINDS = [("0", _l("节假日（周一至周五放假）")), ("1", _l("调休上班（周六、周日上班）"))]


def _as_bool(value: Any) -> bool:
    return value in (True, "1", "True", "true", 1)


def _require_edit() -> None:
    actor = current_actor()
    if actor is None or actor.read_only or not has_permission(actor.role, PERMISSION):
        raise ScopeViolation(gettext("无权维护节假日安排"))


def _changed_years(model: Any, attr: str, year_of: Any) -> set[int]:
    """The years a change of ``model.<attr>`` touches: its value now and before."""
    history = inspect(model).attrs[attr].history
    values = [*history.added, *history.deleted, *history.unchanged, getattr(model, attr)]
    return {year_of(v) for v in values if v is not None}


def _recompute_after_change() -> None:
    years = g.pop("juwei_holiday_years", None)
    if not years:
        return
    try:
        with acting_as(SYSTEM):
            result = recompute_reply_due(db.session, years)
            db.session.commit()
    except Exception:  # the holiday change is committed; say so rather than fail the page
        db.session.rollback()
        current_app.logger.exception("recomputing reply deadlines for %s failed", sorted(years))
        flash(gettext("节假日已保存，但重新计算意见答复期限失败，请联系系统管理员"), "error")
        return
    if result.changed:
        flash(
            gettext("已重新计算 %(count)s 条未答复意见的答复期限 (C14)", count=result.changed),
            "info",
        )


class _HolidayView(ScopedModelView):
    write_permission = PERMISSION

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        _require_edit()
        super().on_model_change(form, model, is_created)

    def after_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        _recompute_after_change()

    def after_model_delete(self, model: Any) -> None:
        _recompute_after_change()


class HolidayYearView(_HolidayView):
    """A year whose arrangement is entered from the State Council's notice."""

    column_list = ["year", "source", "complete", "updated_at"]
    column_labels = {
        "year": _l("年份"),
        "source": _l("依据（国务院办公厅通知文号）"),
        "complete": _l("已录全"),
    }
    column_default_sort = ("year", True)
    column_descriptions = {
        "complete": _l(
            "录入该年全部放假日和调休上班日后再勾选；未勾选的年份不用于计算，"
            "跨入该年的答复期限显示“无法计算” (C14)"
        ),
    }
    form_columns = ["year", "source", "complete"]
    form_args: dict[str, Any] = {
        "year": {"label": _l("年份")},
        "source": {"label": _l("依据（国务院办公厅通知文号）")},
        "complete": {"label": _l("已录全")},
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            HolidayYear,
            name=_l("节假日年份"),
            category=_l("系统管理"),
            endpoint="holidayyear",
            **kwargs,
        )

    def on_model_change(self, form: Any, model: HolidayYear, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        if not is_created and inspect(model).attrs.year.history.deleted:
            raise ValueError(gettext("年份不能修改；如登记错了，请删除后重新登记"))
        check_year(model.year)
        if model.complete:
            check_complete(db.session, model.year)
        g.juwei_holiday_years = {model.year}

    def on_model_delete(self, model: HolidayYear) -> None:
        _require_edit()
        from core.holidays import days_in_year

        if days_in_year(db.session, model.year):
            raise ValueError(
                gettext("%(year)s 年仍有节假日记录，请先删除这些日期再删除年份", year=model.year)
            )
        g.juwei_holiday_years = {model.year}


class HolidayDayView(_HolidayView):
    """A weekday holiday or a weekend make-up working day of a year in the table."""

    column_list = ["day", "workday", "name"]
    column_labels = {"day": _l("日期"), "workday": _l("类别"), "name": _l("名称")}
    column_default_sort = ("day", False)
    column_filters = ["day", "workday", "name"]
    column_searchable_list = ["name"]
    column_formatters = {
        "day": lambda _v, _c, m, _n: f"{m.day.isoformat()}（{WEEKDAYS[m.day.weekday()]}）",
        "workday": lambda _v, _c, m, _n: str(DAY_KINDS[1 if m.workday else 0][1]),
    }
    column_formatters_export = column_formatters
    form_columns = ["day", "workday", "name"]
    form_overrides = {"workday": SelectField}
    form_args: dict[str, Any] = {
        "day": {"label": _l("日期")},
        "workday": {"label": _l("类别"), "choices": DAY_KINDS, "coerce": _as_bool},
        "name": {"label": _l("名称（如 元旦、春节、国庆节调休上班）")},
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            HolidayDay,
            name=_l("节假日安排"),
            category=_l("系统管理"),
            endpoint="holidayday",
            **kwargs,
        )

    def on_model_change(self, form: Any, model: HolidayDay, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        model.workday = _as_bool(model.workday)
        check_day(model.day, model.workday)
        with db.session.no_autoflush:
            year = db.session.get(HolidayYear, model.day.year)
        if year is None:
            raise ValueError(
                gettext(
                    "请先在“节假日年份”中登记 %(year)s 年，并注明依据的通知 (C14)",
                    year=model.day.year,
                )
            )
        g.juwei_holiday_years = _changed_years(model, "day", lambda d: d.year)

    def on_model_delete(self, model: HolidayDay) -> None:
        _require_edit()
        g.juwei_holiday_years = {model.day.year}
