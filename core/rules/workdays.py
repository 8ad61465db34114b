"""Working days and the reply deadline of residents' opinions (rule C14, decision 9).

A resident's opinion gets a reply within N working days of receipt (policy
parameter ``core.opinion.reply_working_days``, 15 by default). The day of
receipt is not counted (Civil Code art. 201): counting starts the next day and
the reply is due by the end of the Nth working day. Statutory holidays and
their make-up working days (调休上班) count as the State Council arranged them.

``chinese-calendar`` knows those arrangements for the years it was released
with; later years come from data the administrators maintain (the holiday
table ``core.models.holidays``, read by ``core.opinions.calendar``). A day in
a year neither source covers raises ``WorkdayUnknown``: a deadline is never guessed.
Pure: no Flask, no database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Protocol, runtime_checkable

import chinese_calendar


class WorkdayUnknown(LookupError):
    """The holiday arrangement of the day's year is not known; the message is Chinese."""

    def __init__(self, day: dt.date) -> None:
        self.day = day
        self.year = day.year
        super().__init__(
            f"缺少 {day.year} 年的节假日安排数据（放假和调休上班日），"
            f"无法判断 {day.isoformat()} 是否为工作日；"
            f"请管理员录入 {day.year} 年的全部节假日安排，系统不作推测 (C14)"
        )


@runtime_checkable
class Calendar(Protocol):
    """Anything that tells working days from rest days (rule C14)."""

    def is_workday(self, d: dt.date) -> bool:
        """Whether ``d`` is a working day; ``WorkdayUnknown`` when that is not known."""
        ...


_NO_DAYS: Mapping[dt.date, bool] = MappingProxyType({})


class ChineseCalendar:
    """Working days of mainland China: chinese-calendar first, then the project's own data.

    For a year chinese-calendar knows, its answer is used (entries of
    ``extra_holidays`` in such a year are ignored: the package's official data
    wins). For any other year the year must be in ``covered_years`` — the
    administrators have entered its whole arrangement — and then a weekday is
    a working day unless ``extra_holidays`` marks it False (a holiday), and a
    Saturday or Sunday is a rest day unless it is marked True (调休上班). A
    year that is in neither raises ``WorkdayUnknown``, even if some of its
    days are in ``extra_holidays``: a partly entered year is not known.
    """

    def __init__(
        self,
        extra_holidays: Mapping[dt.date, bool] = _NO_DAYS,
        covered_years: Collection[int] = frozenset(),
    ) -> None:
        self.extra_holidays: Mapping[dt.date, bool] = MappingProxyType(dict(extra_holidays))
        self.covered_years: frozenset[int] = frozenset(covered_years)

    def is_workday(self, d: dt.date) -> bool:
        """Whether ``d`` is a working day (rule C14); ``WorkdayUnknown`` if its year is unknown."""
        if isinstance(d, dt.datetime):
            d = d.date()
        try:
            return bool(chinese_calendar.is_workday(d))
        except NotImplementedError:
            pass  # a year the package has no data for: use the project's own
        if d.year not in self.covered_years:
            raise WorkdayUnknown(d)
        marked = self.extra_holidays.get(d)
        if marked is not None:
            return marked
        return d.weekday() < 5


@dataclasses.dataclass(frozen=True)
class DueResult:
    """The last day to reply, or None with the reason it cannot be computed.

    ``missing_year`` names the year whose holiday data is missing, if that is
    the reason.
    """

    due: dt.date | None
    explanation: str
    missing_year: int | None = None


def reply_due(received: dt.date, working_days: int, calendar: Calendar) -> DueResult:
    """The day by whose end an opinion received on ``received`` must be answered (rule C14).

    The day of receipt is not counted, whatever kind of day it is; the due
    day is the ``working_days``-th working day after it. When a day on the way
    falls in a year whose holiday arrangement is unknown, ``due`` is None and
    the explanation says which year's data is missing; that is never raised.
    A ``working_days`` below 1 is a wrong parameter and raises ``ValueError``.
    """
    if working_days < 1:
        raise ValueError(f"答复期限必须至少为 1 个工作日，而不是 {working_days} (C14)")
    start = received.isoformat()
    day = received
    counted = 0
    weekday_rest: list[dt.date] = []  # Monday–Friday off for a holiday: not counted
    makeup: list[dt.date] = []  # Saturday or Sunday worked (调休上班): counted
    try:
        while counted < working_days:
            day += dt.timedelta(days=1)
            if calendar.is_workday(day):
                counted += 1
                if day.weekday() >= 5:
                    makeup.append(day)
            elif day.weekday() < 5:
                weekday_rest.append(day)
    except WorkdayUnknown as exc:
        return DueResult(
            due=None,
            explanation=f"{start} 收到，答复期限无法计算：{exc}",
            missing_year=exc.year,
        )
    except OverflowError:
        return DueResult(
            due=None, explanation=f"{start} 收到，答复期限超出日期范围，无法计算 (C14)"
        )

    notes = []
    if weekday_rest:
        notes.append(f"其间周一至周五因节假日放假 {len(weekday_rest)} 天，不计")
    if makeup:
        days = "、".join(d.isoformat() for d in makeup)
        notes.append(f"调休上班日 {days} 计为工作日")
    detail = f"（{'；'.join(notes)}）" if notes else ""
    explanation = (
        f"{start} 收到（当日不计），次日起算第 {working_days} 个工作日为 "
        f"{day.isoformat()}，应在当日结束前答复{detail} (C14)"
    )
    return DueResult(due=day, explanation=explanation)
