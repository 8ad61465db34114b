"""Post pay of a social worker for a month (任期岗位工资制, rule B6). Pure.

The monthly amount of a post and grade is a policy parameter; the caller
resolves it on the month's first day and passes it in. A post held for part
of a month is paid pro rata by calendar days: amount × days held in the month
÷ days of the month, rounded half up to the fen (0.01 yuan). A month's pay is
decided once, at the rate in force on its first day; a rate changed in the
middle of a month applies from the next month.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class MonthPay:
    """One post's pay for one month, with the arithmetic."""

    amount: Decimal
    monthly: Decimal
    days: int
    month_days: int
    explanation: str


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of the month ``month`` falls in."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


def yuan(amount: Decimal) -> str:
    """``amount`` with two decimals, e.g. ``4500.00``."""
    return f"{amount.quantize(CENT, ROUND_HALF_UP)}"


def month_pay(
    post_label: str,
    grade: int,
    monthly: Decimal,
    month: dt.date,
    start: dt.date,
    end: dt.date | None,
) -> MonthPay:
    """The pay of a post held from ``start`` to ``end`` (None: open) in ``month`` (rule B6).

    ``monthly`` is the parameter's amount for the post and grade in force on
    the month's first day. A month the post does not touch pays 0.00.
    """
    if monthly < 0:
        raise ValueError(f"岗位工资不能为负数：{monthly} (B6)")
    if end is not None and end < start:
        raise ValueError("岗位结束日期不能早于开始日期 (B6)")
    first, last = month_bounds(month)
    month_days = last.day
    head = f"{post_label} {grade}档 {yuan(monthly)} 元/月"
    begin, finish = max(first, start), min(last, end or last)
    days = max(0, (finish - begin).days + 1)
    if days == month_days:
        amount = monthly.quantize(CENT, ROUND_HALF_UP)
        return MonthPay(amount, monthly, days, month_days, f"{head} (B6)")
    amount = (monthly * days / month_days).quantize(CENT, ROUND_HALF_UP)
    if days == 0:
        text = f"{head}，{first:%Y年%m月}未在岗，0.00 元 (B6)"
    else:
        text = (
            f"{head} × {days}/{month_days} 天（{begin:%m-%d} 至 {finish:%m-%d} 在岗，"
            f"按日历日折算）= {yuan(amount)} 元 (B6)"
        )
    return MonthPay(amount, monthly, days, month_days, text)
