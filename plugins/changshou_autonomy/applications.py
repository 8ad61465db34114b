"""Project applications: checks and submission (S4).

A committee drafts its 申报表 and submits it on or before the street's
deadline (``FundYear.deadline``), or before the day the street reopened
submission for it until (``DeadlineExtension``). A submitted application is
frozen; it may be withdrawn until it has been scored.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import object_session

from core.extensions import SessionLike

if TYPE_CHECKING:
    from plugins.changshou_autonomy.models import Application, FundYear

#: Fields of the form that cannot change once submitted.
FORM_FIELDS = ("title", "kind", "problem", "plan", "timeline", "fund_year_id")


class ApplicationError(ValueError):
    """An application step the rules refuse; the message is Chinese and names the rule."""


def deadline_for(session: SessionLike, fund_year: FundYear, committee_id: int) -> dt.date:
    """The last day ``committee_id`` may submit to ``fund_year``: the deadline or its extension."""
    from plugins.changshou_autonomy.models import DeadlineExtension

    extension = session.scalar(
        select(DeadlineExtension.until).where(
            DeadlineExtension.fund_year_id == fund_year.id,
            DeadlineExtension.org_unit_id == committee_id,
        )
    )
    return max(fund_year.deadline, extension) if extension else fund_year.deadline


def check_application(application: Application) -> None:
    """Raise ``ValueError`` for a wrong unit, a late submission or an edit after submission (S4)."""
    unit = application.org_unit
    fund_year = application.fund_year
    if unit is not None and unit.kind != "committee":
        raise ApplicationError(f"自治项目由居委会申报，不能属于“{unit.name}” (S4)")
    street = fund_year.org_unit if fund_year is not None else None
    if unit is not None and street is not None and unit.parent_id != street.id:
        raise ApplicationError(f"{unit.name}不属于{street.name}，不能申报其专项资金 (S4)")
    state: Any = inspect(application)
    if not state.pending:
        history = state.attrs.status.history
        was = history.deleted[0] if history.deleted else application.status
        if was == "submitted":
            changed = [f for f in FORM_FIELDS if state.attrs[f].history.has_changes()]
            if changed:
                raise ApplicationError("申报表已提交，不能再修改；如需修改请先撤回 (S4)")
    if application.status == "submitted":
        _check_on_time(application)


def _check_on_time(application: Application) -> None:
    session = object_session(application)
    fund_year = application.fund_year
    if session is None or fund_year is None or application.submitted_on is None:
        if application.submitted_on is None:
            raise ApplicationError("已申报的项目须有申报日期 (S4)")
        return
    unit_id = application.org_unit_id or (application.org_unit.id if application.org_unit else None)
    with session.no_autoflush:
        last = (
            deadline_for(session, fund_year, unit_id) if unit_id is not None else fund_year.deadline
        )
    state: Any = inspect(application)
    newly = state.pending or state.attrs.status.history.has_changes()
    if newly and application.submitted_on > last:
        raise ApplicationError(
            f"申报截止日期是 {last.isoformat()}，{application.submitted_on.isoformat()} 已逾期，"
            "不能申报；如有特殊情况请街道重新开放申报 (S4)"
        )
    if newly and not application.budget_lines:
        raise ApplicationError("请至少填写一项预算后再提交 (S4)")


def submit(session: SessionLike, application: Application, today: dt.date) -> None:
    """Submit ``application`` today, or raise ``ApplicationError`` saying why not (S4)."""
    if application.status != "draft":
        raise ApplicationError("只有草稿可以提交 (S4)")
    application.status = "submitted"
    application.submitted_on = today
    session.flush()


def withdraw(session: SessionLike, application: Application) -> None:
    """Withdraw a submitted application that nobody has scored yet (S4)."""
    if application.status != "submitted":
        raise ApplicationError("只有已申报的项目可以撤回 (S4)")
    if application.assessments:
        raise ApplicationError("评估小组已开始评分，不能撤回 (S4)")
    application.status = "draft"
    application.submitted_on = None
    session.flush()
