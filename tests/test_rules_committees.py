"""Rules C2 (committee composition, terms, position dates) and C12 (supervision group)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.rules.committees import (
    MAX_MEMBERS,
    MIN_MEMBERS,
    check_position_dates,
    check_term_dates,
    composition,
    supervision_group,
    term_end,
)

# --- C2: composition ------------------------------------------------------------


def test_c2_two_directors_at_once_are_refused() -> None:
    result = composition(2, 1, 3)
    assert any("只能有1名主任" in error for error in result.errors)
    assert "(C2)" in result.explanation


def test_c2_ten_members_are_refused() -> None:
    result = composition(1, 2, 7)
    assert result.total == 10
    assert any("不得超过 9 人" in error for error in result.errors)


def test_c2_four_members_are_a_warning_not_a_refusal() -> None:
    result = composition(1, 1, 2)
    assert result.errors == ()
    assert any("不足 5 人" in warning for warning in result.warnings)
    assert "不足 5 人" in result.explanation


def test_c2_no_director_is_a_warning_not_a_refusal() -> None:
    result = composition(0, 2, 4)
    assert result.errors == ()
    assert "缺主任" in result.warnings


@pytest.mark.parametrize("deputies, members", [(1, 3), (2, 6)])
def test_c2_five_and_nine_with_one_director_are_lawful(deputies: int, members: int) -> None:
    result = composition(1, deputies, members)
    assert result.total in (5, 9)
    assert result.errors == () and result.warnings == ()
    assert "符合" in result.explanation


def test_c2_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="不能为负数"):
        composition(1, -1, 3)


@given(
    directors=st.integers(0, 3),
    deputies=st.integers(0, 5),
    members=st.integers(0, 10),
)
def test_c2_composition_property(directors: int, deputies: int, members: int) -> None:
    result = composition(directors, deputies, members)
    total = directors + deputies + members
    assert result.total == total
    assert bool(result.errors) == (directors > 1 or total > MAX_MEMBERS)
    assert ("缺主任" in result.warnings) == (directors == 0)
    assert any("不足" in w for w in result.warnings) == (total < MIN_MEMBERS)
    assert result.explanation.endswith("(C2)")


# --- C2: terms -------------------------------------------------------------------


def test_c2_term_ends_the_day_before_the_fifth_anniversary() -> None:
    assert term_end(dt.date(2021, 6, 15)) == dt.date(2026, 6, 14)
    assert term_end(dt.date(2021, 1, 1)) == dt.date(2025, 12, 31)


def test_c2_term_starting_on_29_february_ends_on_28_february() -> None:
    assert term_end(dt.date(2024, 2, 29)) == dt.date(2029, 2, 28)
    # Into a leap year the anniversary exists: the day before it.
    assert term_end(dt.date(2016, 2, 29), years=4) == dt.date(2020, 2, 28)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_c2_term_end_property(start: dt.date) -> None:
    end = term_end(start)
    assert end > start
    assert 5 * 365 <= (end - start).days + 1 <= 5 * 366
    check_term_dates(start, end)  # a default term is always a valid term


def test_c2_term_dates_refused() -> None:
    with pytest.raises(ValueError, match="开始和结束"):
        check_term_dates(dt.date(2021, 1, 1), None)
    with pytest.raises(ValueError, match="必须晚于"):
        check_term_dates(dt.date(2021, 1, 1), dt.date(2021, 1, 1))
    with pytest.raises(ValueError, match="不能超过"):
        check_term_dates(dt.date(2021, 1, 1), dt.date(2028, 1, 1))


# --- C2: position dates ------------------------------------------------------------


def test_c2_position_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="早于开始日期"):
        check_position_dates(dt.date(2022, 5, 1), dt.date(2022, 4, 30))


def test_c2_position_dates_accepted() -> None:
    check_position_dates(dt.date(2022, 5, 1), None)
    check_position_dates(dt.date(2022, 5, 1), dt.date(2022, 5, 1))  # one day held
    with pytest.raises(ValueError, match="开始日期"):
        check_position_dates(None, None)


@given(st.dates(), st.dates())
def test_c2_position_dates_property(start: dt.date, end: dt.date) -> None:
    if end < start:
        with pytest.raises(ValueError):
            check_position_dates(start, end)
    else:
        check_position_dates(start, end)


# --- C12: supervision group -----------------------------------------------------


def test_c12_no_supervision_group_is_flagged() -> None:
    check = supervision_group(0)
    assert check.warning == "尚未组成居务监督小组"
    assert "(C12)" in check.explanation


@pytest.mark.parametrize("size", [2, 4])
def test_c12_unusual_sizes_are_flagged_not_refused(size: int) -> None:
    check = supervision_group(size)
    assert check.warning is not None and "3 人" in check.warning
    assert f"{size} 人" in check.explanation


def test_c12_three_members_is_the_usual_group() -> None:
    check = supervision_group(3)
    assert check.warning is None
    assert check.explanation == "居务监督小组 3 人 (C12)"


def test_c12_negative_size_is_refused() -> None:
    with pytest.raises(ValueError):
        supervision_group(-1)
