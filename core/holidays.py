"""The holiday table administrators keep for years chinese-calendar lacks (rule C14, decision 9).

chinese-calendar carries the State Council's arrangements of the years it was
released with; for a later year the administrators enter the official notice
(关于××××年部分节假日安排的通知) into ``HolidayYear``/``HolidayDay``, and only
once the year is marked complete do deadlines reaching into it get computed
(``core.opinions.calendar``). Nothing is guessed: an entry that would be
meaningless (a weekday "made" a workday, a weekend "made" a holiday, a day
chinese-calendar already knows) is refused, and when the table changes the
stored reply deadlines of the open opinions it affects are recomputed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

import chinese_calendar
from sqlalchemy import func, or_, select

from core import policy
from core.extensions import SessionLike
from core.rules.policy import NoValueInForce
from core.rules.workdays import reply_due

#: Years outside this range are typing mistakes, not holiday arrangements.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def known_to_chinese_calendar(year: int) -> bool:
    """Whether the installed chinese-calendar already carries ``year``'s arrangement."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def check_year(year: int | None) -> None:
    """Raise ``ValueError`` in Chinese unless ``year`` may be entered in the table (C14)."""
    if year is None:
        raise ValueError("请填写年份 (C14)")
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"年份 {year} 不在 {EARLIEST_YEAR}–{LATEST_YEAR} 之间 (C14)")
    if known_to_chinese_calendar(year):
        raise ValueError(
            f"{year} 年的节假日安排已内置于系统（chinese-calendar "
            f"{chinese_calendar.__version__}），以内置数据为准，无需也不能在此录入 (C14)"
        )


def check_day(day: dt.date | None, workday: bool | None) -> None:
    """Raise ``ValueError`` in Chinese unless the entry means something (rule C14).

    A holiday entry is a Monday–Friday off; a workday entry is a Saturday or
    Sunday worked (调休上班). Anything else changes nothing and is refused,
    as is a day in a year chinese-calendar already carries.
    """
    if day is None:
        raise ValueError("请填写日期 (C14)")
    check_year(day.year)
    weekday = WEEKDAYS[day.weekday()]
    if workday and day.weekday() < 5:
        raise ValueError(
            f"{day.isoformat()} 是{weekday}，本来就是工作日，无需登记为调休上班日；"
            "调休上班日只能是星期六或星期日 (C14)"
        )
    if not workday and day.weekday() >= 5:
        raise ValueError(
            f"{day.isoformat()} 是{weekday}，本来就休息，无需登记为节假日；"
            "只需登记放假的星期一至星期五和调休上班的周末 (C14)"
        )


def days_in_year(session: SessionLike, year: int) -> int:
    """How many entries ``year`` has in the holiday table."""
    from core.models.holidays import HolidayDay

    count = session.scalar(
        select(func.count())
        .select_from(HolidayDay)
        .where(HolidayDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    )
    return int(count or 0)


def check_complete(session: SessionLike, year: int) -> None:
    """Refuse marking ``year`` complete while not one of its days is entered (C14).

    Every year has at least New Year's Day off, so an empty year marked
    complete is a mistake that would silently count every holiday as a
    working day.
    """
    if not days_in_year(session, year):
        raise ValueError(
            f"{year} 年还没有录入任何放假日或调休上班日，不能标记为已录全；"
            "请先按国务院办公厅通知录入全年安排 (C14)"
        )


@dataclasses.dataclass(frozen=True)
class Recomputed:
    """How many open opinions were looked at and how many deadlines changed."""

    examined: int
    changed: int


def recompute_reply_due(session: SessionLike, years: Iterable[int]) -> Recomputed:
    """Recompute the stored reply deadlines of open opinions reaching into ``years`` (C14).

    Call as the system actor (``core.scoping.acting_as(SYSTEM)``): the table
    is deployment-wide, so every district's opinions are affected. An open
    opinion (not replied to) reaches into year Y when it was received by the
    end of Y and its stored deadline is missing or falls in Y or later — a
    deadline before Y never counted a day of it. Those are selected in one
    statement; the calendar is read once; only changed rows are written, so
    the audit trail records exactly what moved. The caller commits.
    """
    from core.models.opinions import Opinion
    from core.opinions import calendar

    wanted = sorted(set(years))
    if not wanted:
        return Recomputed(0, 0)
    reach = or_(
        *(
            (Opinion.received_on <= dt.date(year, 12, 31))
            & (Opinion.reply_due_on.is_(None) | (Opinion.reply_due_on >= dt.date(year, 1, 1)))
            for year in wanted
        )
    )
    opinions = session.scalars(
        select(Opinion).where(Opinion.replied_on.is_(None), reach).order_by(Opinion.id)
    ).all()
    cal = calendar(session)
    period: dict[tuple[int, dt.date], int] = {}
    changed = 0
    for opinion in opinions:
        key = (opinion.org_unit_id, opinion.received_on)
        if key not in period:
            try:
                period[key] = int(
                    policy.resolve(
                        session,
                        "core.opinion.reply_working_days",
                        opinion.received_on,
                        opinion.org_unit,
                    ).value
                )
            except NoValueInForce:
                continue  # it could not be computed when saved either; leave it as it is
        due = reply_due(opinion.received_on, period[key], cal)
        if (opinion.reply_due_on, opinion.reply_due_explanation) != (due.due, due.explanation):
            opinion.reply_due_on = due.due
            opinion.reply_due_explanation = due.explanation
            changed += 1
    return Recomputed(examined=len(opinions), changed=changed)
