"""Age in full years (周岁) on a given date (rule C3).

Age comes from the birth date (or from the ID number, see C10) at the date
that matters to the record: "18 or over" (18周岁以上) includes the 18th
birthday itself. Pure: no Flask, no database.

A person born on 29 February has a birthday only in leap years. In other
years this module lets them reach the next full year on 1 March, not on
28 February: they reach it on the first day that is no longer before their
birthday. This is the common practice of Chinese administration, chosen
here deliberately: it never makes someone adult (or any age) a day early.
"""

from __future__ import annotations

import dataclasses
import datetime as dt


class AgeError(ValueError):
    """An age that cannot be computed (the date is before the birth); the message is Chinese."""


@dataclasses.dataclass(frozen=True)
class AgeResult:
    """An age in full years and the Chinese sentence that explains it (C3)."""

    age: int
    birth_date: dt.date
    on: dt.date
    explanation: str


def birthday_in(birth_date: dt.date, year: int) -> dt.date:
    """The day in ``year`` on which a person born on ``birth_date`` completes a year (C3).

    That is the birthday itself, except 29 February in a non-leap year, which
    becomes 1 March (see the module docstring).
    """
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a non-leap year
        return dt.date(year, 3, 1)


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Full years (周岁) of a person born on ``birth_date`` at the date ``on`` (C3).

    The birthday counts: on the 18th birthday the age is 18. Raise
    ``AgeError`` when ``on`` is before ``birth_date``.
    """
    if on < birth_date:
        raise AgeError(
            f"计算年龄的日期 {on.isoformat()} 早于出生日期 {birth_date.isoformat()} (C3)"
        )
    years = on.year - birth_date.year
    if on < birthday_in(birth_date, on.year):
        years -= 1
    return years


def is_adult(birth_date: dt.date, on: dt.date, adult_age: int = 18) -> bool:
    """Whether the person is ``adult_age`` full years or over on ``on`` (C3: 18周岁以上, ≥)."""
    return age_on(birth_date, on) >= adult_age


def adult_born_by(on: dt.date, adult_age: int = 18) -> dt.date:
    """The latest birth date of someone aged ``adult_age`` or over on ``on`` (rule C3).

    For set-based counting (``birth_date <= adult_born_by(day)``): the same
    answer as :func:`is_adult` for every birth date. The birthday itself counts
    (18周岁以上); on 29 February the cut-off is 28 February ``adult_age`` years
    before, as that year has no 29th (someone born on 1 March is not yet 18).
    """
    try:
        return on.replace(year=on.year - adult_age)
    except ValueError:
        return dt.date(on.year - adult_age, 2, 28)


def age_explained(birth_date: dt.date, on: dt.date) -> AgeResult:
    """The age on ``on`` with a sentence for the UI (C3).

    On a birthday: ``1990-03-05 出生，至 2008-03-05 满 18 周岁 (C3)``. On any
    other day the sentence also says when the next year is completed:
    ``1990-03-05 出生，至 2008-03-04 满 17 周岁，2008-03-05 满 18 周岁 (C3)``.
    """
    age = age_on(birth_date, on)
    text = f"{birth_date.isoformat()} 出生，至 {on.isoformat()} 满 {age} 周岁"
    this_year = birthday_in(birth_date, on.year)
    mentioned = this_year
    if on != this_year:
        if on > this_year:
            mentioned = birthday_in(birth_date, on.year + 1)
        text += f"，{mentioned.isoformat()} 满 {age + 1} 周岁"
    if (birth_date.month, birth_date.day) == (2, 29) and mentioned.month == 3:
        text += "（2月29日出生，平年以3月1日为满周岁之日）"
    return AgeResult(age=age, birth_date=birth_date, on=on, explanation=text + " (C3)")
