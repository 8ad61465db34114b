"""Opinions: the reply deadline, the overdue list, the submitter's protection (rule C14)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core import policy
from core.extensions import SessionLike
from core.rules.workdays import ChineseCalendar, DueResult, reply_due

if TYPE_CHECKING:
    from core.models.opinions import Opinion, Rectification


def calendar(session: SessionLike) -> ChineseCalendar:
    """chinese-calendar plus the holiday years administrators completed (decision 9)."""
    from core.models.holidays import HolidayDay, HolidayYear

    years = set(
        session.execute(select(HolidayYear.year).where(HolidayYear.complete.is_(True))).scalars()
    )
    days = {
        row.day: row.workday
        for row in session.execute(select(HolidayDay.day, HolidayDay.workday)).all()
        if row.day.year in years
    }
    return ChineseCalendar(days, years)


def due_for(session: SessionLike, opinion: Opinion) -> DueResult:
    """The reply deadline of ``opinion`` (rule C14), or why it cannot be computed."""
    days = policy.resolve(
        session, "core.opinion.reply_working_days", opinion.received_on, opinion.org_unit
    ).value
    return reply_due(opinion.received_on, int(days), calendar(session))


def check_opinion(opinion: Opinion, today: dt.date | None = None) -> None:
    """Raise ``ValueError`` in Chinese for impossible dates; store the reply deadline (C14)."""
    from sqlalchemy.orm import object_session

    from core.models.opinions import CHANNELS, STATUSES

    today = today or dt.date.today()
    if opinion.status is None:  # the column default applies only at INSERT, after this check
        opinion.status = "open"
    if opinion.received_on is None:
        raise ValueError("请填写收到日期 (C14)")
    if opinion.received_on > today:
        raise ValueError(f"收到日期 {opinion.received_on} 是将来的日期 (C14)")
    if opinion.channel not in CHANNELS:
        raise ValueError(f"未知的意见来源“{opinion.channel}” (C14)")
    if opinion.status not in STATUSES:
        raise ValueError(f"未知的办理状态“{opinion.status}” (C14)")
    if not (opinion.content or "").strip():
        raise ValueError("请填写意见内容 (C14)")
    if opinion.replied_on is not None:
        if opinion.replied_on < opinion.received_on:
            raise ValueError(
                f"答复日期 {opinion.replied_on} 早于收到日期 {opinion.received_on} (C14)"
            )
        if opinion.replied_on > today:
            raise ValueError(f"答复日期 {opinion.replied_on} 是将来的日期 (C14)")
        if not (opinion.reply or "").strip():
            raise ValueError("填写了答复日期，请同时填写答复内容 (C14)")
    elif opinion.status != "open":
        raise ValueError("已答复、整改中或已办结的意见须填写答复日期和答复内容 (C14)")
    _check_about_person(opinion)
    for rectification in opinion.rectifications:
        check_rectification(rectification, opinion, today)
    session = object_session(opinion)
    if session is None:
        return
    with session.no_autoflush:
        due = due_for(session, opinion)
    opinion.reply_due_on = due.due
    opinion.reply_due_explanation = due.explanation


def _check_about_person(opinion: Opinion) -> None:
    """Raise ``ValueError`` unless the person it is about belongs to the opinion's unit (C14)."""
    person, unit = opinion.about_person, opinion.org_unit
    if person is None or unit is None:
        return
    if person.org_unit_id != unit.id and not person.org_unit.code.startswith(unit.scope_prefix):
        raise ValueError(f"被反映人“{person.name}”不属于{unit.name} (C14)")


def check_rectification(
    rectification: Rectification, opinion: Opinion, today: dt.date | None = None
) -> None:
    """Raise ``ValueError`` for a rectification without owner or with impossible dates (C14)."""
    today = today or dt.date.today()
    rectification.check()
    if opinion.received_on and rectification.deadline < opinion.received_on:
        raise ValueError(
            f"整改期限 {rectification.deadline} 早于意见收到日期 {opinion.received_on} (C14)"
        )
    if rectification.done_on is not None and rectification.done_on > today:
        raise ValueError(f"整改完成日期 {rectification.done_on} 是将来的日期 (C14)")


def overdue_clause(today: dt.date) -> Any:
    """WHERE clause of opinions not replied to whose deadline has passed (C14)."""
    from core.models.opinions import Opinion

    return (Opinion.replied_on.is_(None)) & (Opinion.reply_due_on < today)


def may_see_submitter(opinion: Opinion, person_id: int | None) -> bool:
    """Whether a user linked to ``person_id`` may see who gave ``opinion`` (rule C14).

    Never the person it is about: no retaliation.
    """
    return person_id is None or opinion.about_person_id != person_id
