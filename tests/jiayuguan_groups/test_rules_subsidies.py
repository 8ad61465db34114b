"""The pure subsidy rule (J4): full years, highest only, employment, part months."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from core.kinds import DEPUTY, GROUP_LEADER, GROUP_MEMBER, MEMBER, SUPERVISION_LEADER
from plugins.jiayuguan_groups.kinds import PAID_KINDS
from plugins.jiayuguan_groups.rules.subsidies import (
    Period,
    Rates,
    Service,
    full_years,
    full_years_by_birthday,
    subsidy,
)

MARCH = dt.date(2026, 3, 1)
RATES = Rates(
    by_kind={
        DEPUTY: Decimal("500.00"),
        SUPERVISION_LEADER: Decimal("500.00"),
        GROUP_LEADER: Decimal("300.00"),
        MEMBER: Decimal("200.00"),
        GROUP_MEMBER: Decimal("200.00"),
    },
    yearly_raise=Decimal("50.00"),
    order=tuple(PAID_KINDS),
)


def held(kind: str, start: dt.date, end: dt.date | None = None) -> Service:
    """A service of ``kind`` from ``start`` (its service start too)."""
    return Service(kind, PAID_KINDS[kind][1], start, end, start)


def test_j4_full_years_counts_anniversaries_like_birthdays() -> None:
    assert full_years(dt.date(2024, 3, 15), dt.date(2025, 3, 15)) == 1
    assert full_years(dt.date(2024, 3, 15), dt.date(2025, 3, 14)) == 0
    assert full_years(dt.date(2024, 3, 15), dt.date(2024, 3, 1)) == 0
    # 29 February: the anniversary of a non-leap year is 1 March.
    assert full_years(dt.date(2024, 2, 29), dt.date(2025, 2, 28)) == 0
    assert full_years(dt.date(2024, 2, 29), dt.date(2025, 3, 1)) == 1
    assert full_years(dt.date(2024, 2, 29), dt.date(2028, 2, 29)) == 4


def test_j4_exactly_one_full_year_on_the_anniversary_month() -> None:
    # Started 31 March 2025: the anniversary 31 March 2026 is the month's last day.
    result = subsidy(MARCH, [held(GROUP_LEADER, dt.date(2025, 3, 31))], [], RATES)
    assert result.years == 1
    assert result.amount == Decimal("350.00")
    assert result.explanation == "居民小组组长 300 + 满1年 × 50 = 350 (J4)"


def test_j4_one_day_short_of_a_full_year_is_not_raised() -> None:
    # Started 1 April 2025: on 31 March 2026 one day is missing.
    result = subsidy(MARCH, [held(GROUP_LEADER, dt.date(2025, 4, 1))], [], RATES)
    assert result.years == 0
    assert result.amount == Decimal("300.00")
    assert result.explanation == "居民小组组长 300 (J4)"


def test_j4_years_are_counted_on_the_last_day_held() -> None:
    # Leaves on 15 March, before the anniversary of 20 March: not raised.
    service = held(GROUP_LEADER, dt.date(2025, 3, 20), dt.date(2026, 3, 15))
    result = subsidy(MARCH, [service], [], RATES)
    assert result.years == 0
    assert result.amount == Decimal("145.16")  # 300 × 15/31


def test_j4_highest_only_names_the_positions_not_paid() -> None:
    services = [held(GROUP_LEADER, dt.date(2024, 3, 1)), held(MEMBER, dt.date(2026, 1, 1))]
    result = subsidy(MARCH, services, [], RATES)
    assert result.amount == Decimal("400.00")
    assert result.paid_kind == GROUP_LEADER
    assert (
        result.explanation
        == "居民小组组长 300 + 满2年 × 50 = 400；另任居委会委员 200，高位取酬 (J4)"
    )


def test_j4_highest_only_with_different_years() -> None:
    # Committee member for 6 years (200 + 300 = 500) beats a new group leader (300).
    services = [held(GROUP_LEADER, dt.date(2026, 1, 1)), held(MEMBER, dt.date(2020, 1, 1))]
    result = subsidy(MARCH, services, [], RATES)
    assert result.paid_kind == MEMBER
    assert result.years == 6
    assert result.amount == Decimal("500.00")
    assert (
        result.explanation
        == "居委会委员 200 + 满6年 × 50 = 500；另任居民小组组长 300，高位取酬 (J4)"
    )


def test_j4_two_positions_of_equal_rate_pay_one_the_first_kind() -> None:
    services = [held(GROUP_MEMBER, dt.date(2026, 1, 1)), held(MEMBER, dt.date(2026, 1, 1))]
    result = subsidy(MARCH, services, [], RATES)
    assert result.amount == Decimal("200.00")
    assert result.paid_kind == MEMBER  # earlier in PAID_KINDS
    assert result.explanation == "居委会委员 200；另任居民小组成员 200，高位取酬 (J4)"


def test_j4_employed_to_not_employed_mid_month() -> None:
    job = [Period(dt.date(2020, 1, 1), dt.date(2026, 3, 15))]
    result = subsidy(MARCH, [held(GROUP_LEADER, dt.date(2024, 3, 1))], job, RATES)
    assert result.days_paid == 16
    assert result.amount == Decimal("206.45")  # 400 × 16/31
    assert result.explanation == (
        "1—15日 在职，不发放；16—31日 居民小组组长 300 + 满2年 × 50 = 400 × 16/31天；"
        "合计 206.45 (J4)"
    )


def test_j4_not_employed_to_employed_mid_month() -> None:
    job = [Period(dt.date(2026, 3, 16), None)]
    result = subsidy(MARCH, [held(GROUP_LEADER, dt.date(2024, 3, 1))], job, RATES)
    assert result.amount == Decimal("193.55")
    assert result.explanation == (
        "1—15日 居民小组组长 300 + 满2年 × 50 = 400 × 15/31天；16—31日 在职，不发放；"
        "合计 193.55 (J4)"
    )


def test_j4_leaving_mid_month_is_paid_pro_rata() -> None:
    service = held(GROUP_MEMBER, dt.date(2026, 1, 1), dt.date(2026, 3, 10))
    result = subsidy(MARCH, [service], [], RATES)
    assert result.days_paid == 10
    assert result.amount == Decimal("64.52")  # 200 × 10/31
    assert result.explanation.endswith("11—31日 未任职；合计 64.52 (J4)")


def test_j4_employed_all_month_pays_nothing_and_says_why() -> None:
    job = [Period(dt.date(2020, 1, 1), None)]
    result = subsidy(MARCH, [held(GROUP_LEADER, dt.date(2024, 3, 1))], job, RATES)
    assert result.amount == Decimal("0.00")
    assert result.paid_kind is None
    assert result.explanation == "居民小组组长：全月在职，未发放 (J4)"


def test_j4_employed_flag_without_periods_is_employed_all_month() -> None:
    result = subsidy(MARCH, [held(GROUP_LEADER, dt.date(2024, 3, 1))], [], RATES, True)
    assert result.amount == Decimal("0.00")
    assert result.explanation == "居民小组组长：人员信息标记为在职，未发放 (J4)"


def test_j4_a_higher_position_from_mid_month_pays_each_part() -> None:
    services = [held(GROUP_MEMBER, dt.date(2026, 1, 1)), held(DEPUTY, dt.date(2026, 3, 11))]
    result = subsidy(MARCH, services, [], RATES)
    # 200 × 10 days + 500 × 21 days, over 31 days.
    assert result.amount == Decimal("403.23")
    assert result.paid_kind == DEPUTY
    assert (
        "11—31日 居委会副主任 500 × 21/31天（另任居民小组成员 200，高位取酬）" in result.explanation
    )


_kinds = st.sampled_from(list(PAID_KINDS))
_days = st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31))


@st.composite
def _services(draw: st.DrawFn) -> list[Service]:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        start = draw(_days)
        end = draw(st.none() | st.dates(start, dt.date(2028, 12, 31)))
        out.append(held(draw(_kinds), start, end))
    return out


def _single_amounts(month: dt.date, services: list[Service]) -> list[Decimal]:
    return [subsidy(month, [s], [], RATES).amount for s in services]


@given(_services(), st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 1)))
def test_j4_never_more_than_the_highest_single_position(
    services: list[Service], month: dt.date
) -> None:
    whole = [Service(s.kind, s.label, dt.date(2000, 1, 1), None, s.service_start) for s in services]
    result = subsidy(month, services, [], RATES)
    first = month.replace(day=1)
    top = max(subsidy(first, [s], [], RATES).amount for s in whole)
    assert result.amount <= top
    # Held all month and never employed: exactly the highest single amount.
    everything = subsidy(month, whole, [], RATES)
    assert everything.amount == top
    assert everything.days_paid in (28, 29, 30, 31)


@given(_services(), st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 1)))
def test_j4_employed_all_month_is_always_zero(services: list[Service], month: dt.date) -> None:
    job = [Period(dt.date(2000, 1, 1), None)]
    result = subsidy(month, services, job, RATES)
    assert result.amount == Decimal("0.00")
    assert result.days_paid == 0


@given(st.dates(dt.date(1996, 1, 1), dt.date(2030, 12, 31)), _days)
def test_j4_full_years_equal_the_birthday_rule(start: dt.date, day: dt.date) -> None:
    assert full_years(start, day) == full_years_by_birthday(start, day)
