"""Rule J4: one person's monthly subsidy (工作补贴), explained. Pure: no database, no Flask.

Decisions (DOMAIN.md J4 leaves them open; each is named by a ``test_j4_…``):

- **Rates.** A month is paid at the rates in force on its first day (the
  caller resolves them for the person's street): a new rate effective in the
  middle of a month applies from the next month.
- **Full years served** (每满1年增加50元) count from the start of the person's
  unbroken service in the position kind paid — positions of the same kind
  where the next starts on or before the day after the previous ends are one
  service, so re-election into the next term does not reset it. The number of
  anniversaries of that start reached on or before the reference day is the
  number of full years; an anniversary is computed like a birthday
  (``core.rules.age.birthday_in``: 29 February → 1 March in other years). The
  reference day is the last day of the month the position is held (the month's
  end, or the position's end if earlier): the month containing the
  anniversary is paid at the raised rate, a month ending one day short is not.
- **Amount of a position** = rate + full years × yearly raise.
- **Highest only** (高位取酬，不重复享受): on each day the largest single
  amount among the positions held that day is paid; on equal amounts the kind
  listed first in ``kinds.PAID_KINDS``. The explanation names the others.
- **Only people not in employment** (非在职): days inside an employment period
  are not paid. A person marked employed in core's person record but without
  any employment period on record is employed all month (never pay on a guess).
- **Part months** are paid pro rata by calendar days: Σ(day's amount) / days
  in the month, rounded once to 0.01 yuan, half up.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from core.rules.age import birthday_in

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_DAY = dt.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Service:
    """A paid position kind held by the person during (part of) the month (J4).

    ``start``/``end`` are the days held (``end`` None: still held);
    ``service_start`` is the first day of the unbroken service years count from.
    """

    kind: str
    label: str
    start: dt.date
    end: dt.date | None
    service_start: dt.date


@dataclasses.dataclass(frozen=True)
class Period:
    """A period in employment (在职), ``end`` None while employed (J4)."""

    start: dt.date
    end: dt.date | None


@dataclasses.dataclass(frozen=True)
class Rates:
    """The monthly rate per paid kind, the yearly raise, and where they come from (J4)."""

    by_kind: Mapping[str, Decimal]
    yearly_raise: Decimal
    #: Kind order for ties (``kinds.PAID_KINDS`` order).
    order: Sequence[str] = ()
    explanation: str = ""


@dataclasses.dataclass(frozen=True)
class Segment:
    """Consecutive days of the month paid alike: one kind (or none) and the day's amount."""

    first: dt.date
    last: dt.date
    kind: str | None
    label: str
    years: int
    #: The amount a whole month would pay (0 when nothing is paid these days).
    amount: Decimal
    #: Why nothing is paid ("在职" / "未任职"), or "" when paid.
    reason: str
    #: Text of the amount, e.g. "居民小组组长 300 + 满2年 × 50 = 400", or the reason.
    text: str
    #: The positions not paid, e.g. "另任居委会委员 200，高位取酬" ("" when none).
    others: str = ""

    @property
    def days(self) -> int:
        """Calendar days in the segment."""
        return (self.last - self.first).days + 1


@dataclasses.dataclass(frozen=True)
class Subsidy:
    """The month's subsidy of one person (J4)."""

    amount: Decimal
    paid_kind: str | None
    paid_label: str
    years: int
    days_paid: int
    explanation: str
    segments: tuple[Segment, ...] = ()


def full_years(start: dt.date, day: dt.date) -> int:
    """Anniversaries of ``start`` reached on or before ``day`` (J4).

    The anniversary is computed like a birthday (``core.rules.age.birthday_in``):
    29 February → 1 March in other years. Comparing (month, day) pairs gives
    the same answer without building dates (the payroll calls this per person):
    in a common year a day before 1 March is exactly a pair before (2, 29).
    """
    if day <= start:
        return 0
    years = day.year - start.year
    if (day.month, day.day) < (start.month, start.day):
        years -= 1
    return years


def full_years_by_birthday(start: dt.date, day: dt.date) -> int:
    """:func:`full_years` spelled with ``birthday_in``, the definition it must equal (J4)."""
    if day <= start:
        return 0
    return day.year - start.year - (day < birthday_in(start, day.year))


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month of ``month``."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def money(value: Decimal) -> Decimal:
    """``value`` rounded to the fen (0.01 yuan), half up (J4)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal) -> str:
    """A figure for an explanation: ``300`` for 300.00, ``193.55`` otherwise."""
    value = money(value)
    integral = value.to_integral_value()
    return str(int(integral)) if value == integral else str(value)


def position_text(label: str, rate: Decimal, years: int, yearly_raise: Decimal) -> str:
    """E.g. ``居民小组组长 300 + 满2年 × 50 = 400`` (just ``居民小组组长 300`` under a year)."""
    if years <= 0:
        return f"{label} {yuan(rate)}"
    total = rate + years * yearly_raise
    return f"{label} {yuan(rate)} + 满{years}年 × {yuan(yearly_raise)} = {yuan(total)}"


def _day_label(first: dt.date, last: dt.date) -> str:
    return f"{first.day}日" if first == last else f"{first.day}—{last.day}日"


def subsidy(
    month: dt.date,
    services: Sequence[Service],
    employment: Sequence[Period],
    rates: Rates,
    employed_flag_only: bool = False,
) -> Subsidy:
    """The subsidy of ``month`` for one person holding ``services`` (rule J4).

    ``employment`` are the person's periods in employment;
    ``employed_flag_only`` is set by the caller when core's person record says
    employed and no period is on record: nothing is paid that month.
    """
    first, last = month_bounds(month)
    order = {kind: i for i, kind in enumerate(rates.order)}
    held = [s for s in services if s.start <= last and (s.end is None or s.end >= first)]
    held.sort(key=lambda s: order.get(s.kind, len(order)))
    if employed_flag_only:
        names = "、".join(dict.fromkeys(s.label for s in held))
        text = (
            f"{names}：人员信息标记为在职，未发放 (J4)"
            if names
            else "人员信息标记为在职，未发放 (J4)"
        )
        segment = Segment(first, last, None, "", 0, ZERO, "在职", "人员信息标记为在职")
        return Subsidy(ZERO, None, "", 0, 0, text, (segment,))
    amounts = []
    for s in held:
        years = full_years(s.service_start, last if s.end is None or s.end > last else s.end)
        amount = rates.by_kind[s.kind] + years * rates.yearly_raise
        amounts.append((s, years, amount))
    # Highest amount first; on equal amounts the earlier kind (PAID_KINDS order).
    amounts.sort(key=lambda t: (-t[2], order.get(t[0].kind, len(order))))
    periods = [p for p in employment if p.start <= last and (p.end is None or p.end >= first)]
    cuts = {first, last + _DAY}
    for s, _, _ in amounts:
        cuts.update(d for d in (s.start, (s.end or last) + _DAY) if first < d <= last)
    for p in periods:
        cuts.update(d for d in (p.start, (p.end or last) + _DAY) if first < d <= last)
    bounds = sorted(cuts)
    segments = [
        _segment(day, nxt - _DAY, amounts, periods, rates)
        for day, nxt in itertools.pairwise(bounds)
    ]
    result = _result(first, last, _merged(segments))
    if result.segments[0].reason == "在职" and len(result.segments) == 1:
        names = "、".join(dict.fromkeys(s.label for s in held))
        result = dataclasses.replace(result, explanation=f"{names}：{result.explanation}")
    return result


def _segment(
    first: dt.date,
    last: dt.date,
    amounts: list[tuple[Service, int, Decimal]],
    periods: list[Period],
    rates: Rates,
) -> Segment:
    on = [t for t in amounts if t[0].start <= first and (t[0].end is None or t[0].end >= first)]
    if not on:
        return Segment(first, last, None, "", 0, ZERO, "未任职", "未任职")
    if any(p.start <= first and (p.end is None or p.end >= first) for p in periods):
        return Segment(first, last, None, "", 0, ZERO, "在职", "在职，不发放")
    paid, years, amount = on[0]
    text = position_text(paid.label, rates.by_kind[paid.kind], years, rates.yearly_raise)
    others = []
    for s, y, _ in on[1:]:
        other = position_text(s.label, rates.by_kind[s.kind], y, rates.yearly_raise)
        if s.kind != paid.kind and other not in others:
            others.append(other)
    note = f"另任{'、'.join(others)}，高位取酬" if others else ""
    return Segment(first, last, paid.kind, paid.label, years, amount, "", text, note)


def _merged(segments: list[Segment]) -> list[Segment]:
    """Adjacent segments that pay alike become one (e.g. a re-election on the 1st)."""
    out: list[Segment] = []
    for seg in segments:
        prev = out[-1] if out else None
        if prev is not None and (prev.kind, prev.amount, prev.text, prev.others) == (
            seg.kind,
            seg.amount,
            seg.text,
            seg.others,
        ):
            out[-1] = dataclasses.replace(prev, last=seg.last)
        else:
            out.append(seg)
    return out


def _result(first: dt.date, last: dt.date, segments: list[Segment]) -> Subsidy:
    month_days = (last - first).days + 1
    paid = [s for s in segments if s.kind is not None]
    total = money(sum((s.amount * s.days for s in paid), ZERO) / month_days)
    days_paid = sum(s.days for s in paid)
    main = max(paid, key=lambda s: s.amount * s.days, default=None)
    if len(segments) == 1:
        only = segments[0]
        if only.kind is not None:
            explanation = f"{only.text}；{only.others} (J4)" if only.others else f"{only.text} (J4)"
        elif only.reason == "在职":
            explanation = "全月在职，未发放 (J4)"
        else:
            explanation = "本月未任职 (J4)"
    else:
        parts = []
        for s in segments:
            if s.kind is None:
                parts.append(f"{_day_label(s.first, s.last)} {s.text}")
            else:
                note = f"（{s.others}）" if s.others else ""
                parts.append(
                    f"{_day_label(s.first, s.last)} {s.text} × {s.days}/{month_days}天{note}"
                )
        explanation = "；".join(parts) + f"；合计 {total} (J4)"
    return Subsidy(
        amount=total,
        paid_kind=main.kind if main else None,
        paid_label=main.label if main else "",
        years=main.years if main else 0,
        days_paid=days_paid,
        explanation=explanation,
        segments=tuple(segments),
    )
