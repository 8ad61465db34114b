"""Rule C14: working days and the reply deadline of residents' opinions (decision 9).

The 2026 facts below are chinese-calendar 1.11's data (the State Council's
arrangement for 2026): National Day 2026-10-01..07 off, make-up working days
Sunday 2026-09-20 and Saturday 2026-10-10; Spring Festival 2026-02-15..23 off,
make-up working days Saturday 2026-02-14 and Saturday 2026-02-28.
The 2027 days used with custom data are fictional test data, not the
official arrangement.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.rules.workdays import Calendar, ChineseCalendar, WorkdayUnknown, reply_due

D = dt.date
CAL = ChineseCalendar()


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _workdays_between(calendar: Calendar, received: dt.date, due: dt.date) -> int:
    """Working days in (received, due]."""
    return sum(calendar.is_workday(d) for d in _days(received + dt.timedelta(days=1), due))


# --- the calendar ----------------------------------------------------------------


def test_c14_2026_national_day_facts() -> None:
    for day in _days(D(2026, 10, 1), D(2026, 10, 7)):
        assert chinese_calendar.get_holiday_detail(day) == (True, "National Day")
        assert not CAL.is_workday(day)
    for makeup in (D(2026, 9, 20), D(2026, 10, 10)):  # a Sunday and a Saturday
        assert makeup.weekday() >= 5
        assert CAL.is_workday(makeup)
    assert not CAL.is_workday(D(2026, 10, 11))  # an ordinary Sunday


def test_c14_2026_spring_festival_facts() -> None:
    for day in _days(D(2026, 2, 15), D(2026, 2, 23)):
        assert chinese_calendar.get_holiday_detail(day) == (True, "Spring Festival")
        assert not CAL.is_workday(day)
    assert CAL.is_workday(D(2026, 2, 14))  # Saturday
    assert CAL.is_workday(D(2026, 2, 28))  # Saturday


def test_c14_year_without_data_is_unknown_never_guessed() -> None:
    with pytest.raises(WorkdayUnknown, match="缺少 2027 年的节假日安排数据") as info:
        CAL.is_workday(D(2027, 3, 3))
    assert info.value.year == 2027
    with pytest.raises(WorkdayUnknown):
        CAL.is_workday(D(2003, 12, 31))  # before chinese-calendar's first year


def test_c14_covered_year_uses_weekends_and_the_marked_days() -> None:
    cal = ChineseCalendar({D(2027, 3, 3): False, D(2027, 3, 6): True}, {2027})
    assert not cal.is_workday(D(2027, 3, 3))  # Wednesday marked a holiday
    assert cal.is_workday(D(2027, 3, 6))  # Saturday marked a make-up day
    assert cal.is_workday(D(2027, 3, 4))  # ordinary Thursday
    assert not cal.is_workday(D(2027, 3, 7))  # ordinary Sunday


def test_c14_partly_entered_year_is_still_unknown() -> None:
    cal = ChineseCalendar({D(2027, 1, 1): False})
    with pytest.raises(WorkdayUnknown):
        cal.is_workday(D(2027, 1, 1))


def test_c14_chinese_calendar_wins_in_its_own_years() -> None:
    cal = ChineseCalendar({D(2026, 10, 1): True}, {2026})
    assert not cal.is_workday(D(2026, 10, 1))


def test_c14_calendar_without_table_data_guesses_nothing() -> None:
    # The holiday table (core.models.holidays) is the only source beyond chinese-calendar.
    with pytest.raises(WorkdayUnknown):
        ChineseCalendar({}, set()).is_workday(D(2027, 1, 4))


def test_c14_chinese_calendar_is_a_calendar() -> None:
    assert isinstance(CAL, Calendar)


# --- the deadline ----------------------------------------------------------------


def test_c14_deadline_across_2026_national_day() -> None:
    result = reply_due(D(2026, 9, 30), 15, CAL)
    assert result.due == D(2026, 10, 27)
    assert result.explanation == (
        "2026-09-30 收到（当日不计），次日起算第 15 个工作日为 2026-10-27，应在当日结束前答复"
        "（其间周一至周五因节假日放假 5 天，不计；调休上班日 2026-10-10 计为工作日） (C14)"
    )


def test_c14_deadline_across_2026_spring_festival() -> None:
    result = reply_due(D(2026, 2, 12), 15, CAL)
    assert result.due == D(2026, 3, 11)
    assert "放假 6 天" in result.explanation
    assert "调休上班日 2026-02-14、2026-02-28 计为工作日" in result.explanation


def test_c14_makeup_saturday_counts_as_a_working_day() -> None:
    assert reply_due(D(2026, 10, 9), 1, CAL).due == D(2026, 10, 10)
    assert reply_due(D(2026, 2, 13), 1, CAL).due == D(2026, 2, 14)
    # Friday 10-09 + 2: Saturday 10-10, then Monday 10-12 (without the make-up day, 10-13)
    assert reply_due(D(2026, 10, 9), 2, CAL).due == D(2026, 10, 12)


def test_c14_receipt_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert reply_due(D(2026, 10, 1), 1, CAL).due == D(2026, 10, 8)
    assert reply_due(D(2026, 10, 3), 15, CAL).due == D(2026, 10, 27)
    assert reply_due(D(2026, 2, 15), 1, CAL).due == D(2026, 2, 24)


def test_c14_ordinary_weeks() -> None:
    result = reply_due(D(2026, 12, 10), 15, CAL)
    assert result.due == D(2026, 12, 31)
    assert result.explanation == (
        "2026-12-10 收到（当日不计），次日起算第 15 个工作日为 2026-12-31，应在当日结束前答复 (C14)"
    )


def test_c14_deadline_into_2027_cannot_be_computed() -> None:
    result = reply_due(D(2026, 12, 20), 15, CAL)
    assert result.due is None
    assert result.missing_year == 2027
    assert result.explanation.startswith(
        "2026-12-20 收到，答复期限无法计算：缺少 2027 年的节假日安排数据"
    )
    assert result.explanation.endswith("(C14)")
    assert reply_due(D(2027, 5, 1), 15, CAL).due is None


def test_c14_deadline_into_a_covered_2027_is_computed() -> None:
    # Fictional arrangement: Friday 2027-01-01 off, Saturday 2027-01-09 worked.
    cal = ChineseCalendar({D(2027, 1, 1): False, D(2027, 1, 9): True}, covered_years={2027})
    result = reply_due(D(2026, 12, 20), 15, cal)
    # Dec 21-25 (5), Dec 28-31 (9), Jan 4-8 (14), Sat Jan 9 (15)
    assert result.due == D(2027, 1, 9)
    assert result.missing_year is None
    assert "放假 1 天" in result.explanation
    assert "调休上班日 2027-01-09" in result.explanation


def test_c14_unknown_day_from_any_calendar_is_reported_not_raised() -> None:
    class Unknown:
        def is_workday(self, d: dt.date) -> bool:
            raise WorkdayUnknown(d)

    result = reply_due(D(2026, 5, 1), 15, Unknown())
    assert result.due is None
    assert result.missing_year == 2026


def test_c14_reply_period_must_be_positive() -> None:
    with pytest.raises(ValueError, match="C14"):
        reply_due(D(2026, 5, 1), 0, CAL)


@given(st.dates(D(2004, 1, 1), D(2026, 11, 1)), st.integers(1, 30))
def test_c14_due_is_the_nth_working_day_after_receipt(received: dt.date, n: int) -> None:
    result = reply_due(received, n, CAL)
    assert result.due is not None
    assert result.due > received
    assert CAL.is_workday(result.due)
    assert _workdays_between(CAL, received, result.due) == n


@given(st.dates(D(2000, 1, 1), D(2040, 12, 31)), st.integers(1, 30))
def test_c14_reply_due_never_raises(received: dt.date, n: int) -> None:
    result = reply_due(received, n, CAL)
    assert (result.due is None) == (result.missing_year is not None)
    assert result.explanation.endswith("(C14)")


@given(
    st.dictionaries(st.dates(D(2027, 1, 1), D(2027, 12, 31)), st.booleans(), max_size=40),
    st.dates(D(2026, 12, 1), D(2027, 10, 31)),
    st.integers(1, 15),
)
def test_c14_covered_custom_year_computes(
    extra: dict[dt.date, bool], received: dt.date, n: int
) -> None:
    cal = ChineseCalendar(extra, {2027})
    result = reply_due(received, n, cal)
    assert result.due is not None
    assert cal.is_workday(result.due)
    assert _workdays_between(cal, received, result.due) == n
