"""The public notice period (公示期) of the proposed hires (rule B7).

The 公示 lasts ``notice_days`` working days (policy parameter
``recruitment.notice_working_days``, 7 by default) and, unlike a C14 reply
deadline, the day it starts counts as its first day: a notice starting on
Monday 2026-04-13 for 7 working days runs to Tuesday 2026-04-21, and the
agreement may be signed from the day after. A notice posted on a rest day
starts counting on the next working day. Statutory holidays and make-up
working days (调休上班) come from core's working-day calendar — the same
``ChineseCalendar`` object C14 uses (``core.opinions.calendar``), passed in;
a year whose arrangement is unknown raises ``WorkdayUnknown`` (nothing is
guessed). Pure: no Flask, no database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.rules.workdays import Calendar

ONE_DAY = dt.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class NoticePeriod:
    """The first and last day of the 公示 and how they were counted (B7)."""

    start: dt.date
    end: dt.date
    explanation: str


def notice_period(start: dt.date, notice_days: int, calendar: Calendar) -> NoticePeriod:
    """The 公示 posted on ``start``: ``notice_days`` working days, the first one included (B7).

    Raises ``ValueError`` for fewer than one day and ``WorkdayUnknown`` when
    a day on the way lies in a year whose holiday arrangement is unknown.
    """
    if notice_days < 1:
        raise ValueError(f"公示期至少为 1 个工作日，而不是 {notice_days} (B7)")
    first = start
    while not calendar.is_workday(first):
        first += ONE_DAY
    day, counted = first, 1
    weekday_rest: list[dt.date] = []  # Monday–Friday off for a holiday: not counted
    makeup: list[dt.date] = [first] if first.weekday() >= 5 else []  # 调休上班: counted
    while counted < notice_days:
        day += ONE_DAY
        if calendar.is_workday(day):
            counted += 1
            if day.weekday() >= 5:
                makeup.append(day)
        elif day.weekday() < 5:
            weekday_rest.append(day)
    notes = []
    if weekday_rest:
        notes.append(f"其间周一至周五因节假日放假 {len(weekday_rest)} 天，不计")
    if makeup:
        notes.append(f"调休上班日 {'、'.join(d.isoformat() for d in makeup)} 计为工作日")
    detail = f"（{'；'.join(notes)}）" if notes else ""
    moved = (
        f"{start.isoformat()} 为休息日，自下一个工作日 {first.isoformat()} 起算；"
        if first != start
        else ""
    )
    explanation = (
        f"{moved}公示 {notice_days} 个工作日：{first.isoformat()} 至 {day.isoformat()}"
        f"{detail}，期满后方可签订聘用协议 (B7)"
    )
    return NoticePeriod(first, day, explanation)


def notice_end(start: dt.date, notice_days: int, calendar: Calendar) -> tuple[dt.date, str]:
    """The last day of the 公示 posted on ``start`` and its explanation (B7)."""
    period = notice_period(start, notice_days, calendar)
    return period.end, period.explanation
