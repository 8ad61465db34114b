"""Rule C3: age in full years (周岁) on a date (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.rules.age import (
    AgeError,
    AgeResult,
    adult_born_by,
    age_explained,
    age_on,
    birthday_in,
    is_adult,
)

BORN = dt.date(1990, 3, 5)
LEAP_BORN = dt.date(2004, 2, 29)


def test_c3_the_18th_birthday_counts() -> None:
    assert age_on(BORN, dt.date(2008, 3, 5)) == 18
    assert is_adult(BORN, dt.date(2008, 3, 5))


def test_c3_the_day_before_the_18th_birthday_does_not() -> None:
    assert age_on(BORN, dt.date(2008, 3, 4)) == 17
    assert not is_adult(BORN, dt.date(2008, 3, 4))


def test_c3_age_counts_full_years() -> None:
    assert age_on(BORN, BORN) == 0
    assert age_on(BORN, dt.date(1991, 3, 4)) == 0
    assert age_on(BORN, dt.date(2008, 12, 31)) == 18
    assert age_on(BORN, dt.date(2009, 3, 4)) == 18
    assert age_on(BORN, dt.date(2009, 3, 5)) == 19


def test_c3_adult_age_is_a_parameter() -> None:
    assert is_adult(BORN, dt.date(2006, 3, 5), adult_age=16)
    assert not is_adult(BORN, dt.date(2006, 3, 4), adult_age=16)


def test_c3_29_february_reaches_the_next_year_on_1_march_in_a_common_year() -> None:
    assert age_on(LEAP_BORN, dt.date(2022, 2, 28)) == 17
    assert age_on(LEAP_BORN, dt.date(2022, 3, 1)) == 18
    assert not is_adult(LEAP_BORN, dt.date(2022, 2, 28))
    assert is_adult(LEAP_BORN, dt.date(2022, 3, 1))
    assert birthday_in(LEAP_BORN, 2022) == dt.date(2022, 3, 1)


def test_c3_29_february_reaches_the_next_year_on_29_february_in_a_leap_year() -> None:
    assert age_on(LEAP_BORN, dt.date(2024, 2, 28)) == 19
    assert age_on(LEAP_BORN, dt.date(2024, 2, 29)) == 20
    assert birthday_in(LEAP_BORN, 2024) == dt.date(2024, 2, 29)


def test_c3_date_before_birth_is_refused() -> None:
    with pytest.raises(AgeError, match=r"早于出生日期 1990-03-05 \(C3\)"):
        age_on(BORN, dt.date(1990, 3, 4))


def test_c3_explanation_on_the_birthday() -> None:
    assert age_explained(BORN, dt.date(2008, 3, 5)) == AgeResult(
        age=18,
        birth_date=BORN,
        on=dt.date(2008, 3, 5),
        explanation="1990-03-05 出生，至 2008-03-05 满 18 周岁 (C3)",
    )


def test_c3_explanation_names_the_next_birthday() -> None:
    result = age_explained(BORN, dt.date(2008, 3, 4))
    assert result.age == 17
    assert (
        result.explanation
        == "1990-03-05 出生，至 2008-03-04 满 17 周岁，2008-03-05 满 18 周岁 (C3)"
    )
    later = age_explained(BORN, dt.date(2008, 6, 1))
    assert (
        later.explanation == "1990-03-05 出生，至 2008-06-01 满 18 周岁，2009-03-05 满 19 周岁 (C3)"
    )


def test_c3_explanation_mentions_the_29_february_practice() -> None:
    before = age_explained(LEAP_BORN, dt.date(2022, 2, 28))
    assert before.age == 17
    assert "2022-03-01 满 18 周岁" in before.explanation
    assert "平年以3月1日" in before.explanation
    on_day = age_explained(LEAP_BORN, dt.date(2022, 3, 1))
    assert on_day.age == 18
    assert "平年以3月1日" in on_day.explanation
    leap = age_explained(LEAP_BORN, dt.date(2024, 2, 29))
    assert leap.explanation == "2004-02-29 出生，至 2024-02-29 满 20 周岁 (C3)"


_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@given(_dates, _dates, _dates)
def test_c3_age_is_monotone_in_the_date(birth: dt.date, a: dt.date, b: dt.date) -> None:
    first, second = sorted((a, b))
    assume(first >= birth)
    assert age_on(birth, first) <= age_on(birth, second)


@given(_dates, st.integers(min_value=0, max_value=120))
def test_c3_adult_exactly_from_the_birthday_of_that_age(birth: dt.date, years: int) -> None:
    day = birthday_in(birth, birth.year + years)
    assert age_on(birth, day) == years
    assert is_adult(birth, day, adult_age=years)
    if day - dt.timedelta(days=1) >= birth:
        assert age_on(birth, day - dt.timedelta(days=1)) == years - 1
        assert not is_adult(birth, day - dt.timedelta(days=1), adult_age=years)


@given(_dates, _dates)
def test_c3_explanation_states_the_age(birth: dt.date, on: dt.date) -> None:
    assume(on >= birth)
    result = age_explained(birth, on)
    assert result.age == age_on(birth, on)
    assert f"满 {result.age} 周岁" in result.explanation
    assert result.explanation.endswith("(C3)")


@given(
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    on=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2100, 12, 31)),
)
def test_c3_adult_cutoff_agrees_with_is_adult(born: dt.date, on: dt.date) -> None:
    # The set-based cut-off used to count adults in SQL (C4, C7) gives the
    # same answer as the per-person rule, 29 February included.
    assume(born <= on)
    assert (born <= adult_born_by(on)) == is_adult(born, on)


def test_c3_adult_cutoff_on_29_february() -> None:
    assert adult_born_by(dt.date(2024, 2, 29)) == dt.date(2006, 2, 28)
    assert is_adult(dt.date(2006, 2, 28), dt.date(2024, 2, 29))
    assert not is_adult(dt.date(2006, 3, 1), dt.date(2024, 2, 29))
