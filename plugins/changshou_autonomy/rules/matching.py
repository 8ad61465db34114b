"""Matching awards to assessed applications: 以奖代补 (rule S4).

Pure functions: applications with their combined score in, explained awards
out. No database, no Flask; amounts are ``Decimal`` with two places.

The rule:

- **Order.** Score descending; equal scores by earlier ``submitted_on``, then
  by lower application id (the order of submission). Tied lines say so:
  "同分，按申报先后". Each scored application gets its place in this order as
  its rank (1, 2, 3 … — ties are broken, so no two share a rank); an
  application nobody has scored gets no rank and nothing.
- **Band.** The policy parameter ``award.bands`` (``parameters.parse_bands``)
  gives, per lowest score, a share of the amount requested. A score below the
  lowest band gets 0 ("评分 55.0 未达最低档 60 分，不予资助").
- **Amount due.** requested × share, rounded to 0.01 yuan half up (2000.005
  → 2000.01); the amount is money, kept in fen like the fund's books.
- **Balance.** Going down the order, each line gets its amount due while the
  balance covers it. The first line it does not cover is where the money runs
  out; the policy parameter ``award.shortfall`` says what it gets:
  ``partial`` — what is left of the balance; ``stop`` — nothing. Every line
  after it gets nothing, even a smaller one that would fit: the order of the
  assessment is never overtaken.
- Hence the sum of the awards never exceeds the balance, and no award exceeds
  its amount due.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from plugins.changshou_autonomy.rules.scoring import percent, plain

CENTS = Decimal("0.01")
ZERO = Decimal("0.00")
#: What the first line the balance does not cover gets (policy parameter ``award.shortfall``).
SHORTFALL_PARTIAL, SHORTFALL_STOP = "partial", "stop"


@dataclasses.dataclass(frozen=True)
class Candidate:
    """An application to match: its combined score (None if unscored) and amount requested."""

    id: int
    score: Decimal | None
    requested: Decimal
    submitted_on: dt.date | None
    committee: str = ""
    title: str = ""


@dataclasses.dataclass(frozen=True)
class Line:
    """One application's place, band, amount due, award and the sentence explaining them."""

    candidate: Candidate
    rank: int | None
    #: The lowest score of the band reached; None below the lowest band or unscored.
    band: Decimal | None
    share: Decimal | None
    due: Decimal
    amount: Decimal
    tied: bool
    explanation: str


@dataclasses.dataclass(frozen=True)
class Matching:
    """The lines in order, the balance before and after, and where the money ran out."""

    lines: tuple[Line, ...]
    available: Decimal
    total: Decimal
    left: Decimal
    #: The rank of the line where the balance ran out, if it did.
    ran_out_at: int | None
    explanation: str


def money(value: Decimal | int) -> Decimal:
    """``value`` in yuan rounded to the fen, half up."""
    return Decimal(value).quantize(CENTS, rounding=ROUND_HALF_UP)


def order_key(candidate: Candidate) -> tuple[bool, Decimal, dt.date, int]:
    """Score descending, then earlier submission, then lower id; unscored last (S4)."""
    score = candidate.score if candidate.score is not None else Decimal(0)
    return (
        candidate.score is None,
        -score,
        candidate.submitted_on or dt.date.max,
        candidate.id,
    )


def band_for(
    score: Decimal, bands: Sequence[tuple[Decimal, Decimal]]
) -> tuple[Decimal, Decimal] | None:
    """The highest band whose lowest score ``score`` reaches, or None below them all (S4)."""
    for lowest, share in sorted(bands, reverse=True):
        if score >= lowest:
            return lowest, share
    return None


def match(
    candidates: Sequence[Candidate],
    bands: Sequence[tuple[Decimal, Decimal]],
    balance: Decimal,
    shortfall: str = SHORTFALL_PARTIAL,
) -> Matching:
    """Award each candidate its band's share of the request while the balance lasts (S4).

    Raises ``ValueError`` for an unknown ``shortfall`` or no bands.
    """
    if shortfall not in (SHORTFALL_PARTIAL, SHORTFALL_STOP):
        raise ValueError(f"未知的余额不足处理方式：{shortfall} (S4)")
    if not bands:
        raise ValueError("未设置资金匹配档次 (S4)")
    lowest_band = min(b for b, _ in bands)
    available = max(money(balance), ZERO)
    left = available
    ordered = sorted(candidates, key=order_key)
    scores = Counter(c.score for c in ordered if c.score is not None)
    dates = Counter((c.score, c.submitted_on) for c in ordered if c.score is not None)
    lines: list[Line] = []
    ran_out_at: int | None = None
    rank = 0
    for candidate in ordered:
        if candidate.score is None:
            lines.append(
                Line(candidate, None, None, None, ZERO, ZERO, False, "尚未评分，不参与资助 (S4)")
            )
            continue
        rank += 1
        score = candidate.score
        tied = scores[score] > 1
        prefix = ""
        if tied:
            how = "同分且同日申报，按申报序号" if dates[(score, candidate.submitted_on)] > 1 else ""
            when = candidate.submitted_on.isoformat() if candidate.submitted_on else "—"
            prefix = f"{how or '同分，按申报先后'}（{when} 申报）排第 {rank} 位；"
        band = band_for(score, bands)
        if band is None:
            text = f"评分 {score} 未达最低档 {plain(lowest_band)} 分，不予资助 (S4)"
            lines.append(Line(candidate, rank, None, None, ZERO, ZERO, tied, prefix + text))
            continue
        lowest, share = band
        requested = money(candidate.requested)
        due = money(requested * share)
        head = (
            f"{prefix}评分 {score} → {percent(share)} 档，"
            f"申请 {requested} × {percent(share)} = {due}"
        )
        if ran_out_at is not None:
            rest = "资金已用完" if shortfall == SHORTFALL_PARTIAL or left == 0 else "余额不足"
            text = f"{head}；{rest}，不予资助 (S4)"
            lines.append(Line(candidate, rank, lowest, share, due, ZERO, tied, text))
            continue
        if due <= left:
            left -= due
            tail = "，资金恰好用完" if left == 0 and due > 0 else ""
            text = f"{head}，资助 {due}，余额 {left}{tail} (S4)"
            lines.append(Line(candidate, rank, lowest, share, due, due, tied, text))
            continue
        ran_out_at = rank
        if left == 0:
            text = f"{head}；余额已为 0.00，资金已用完，不予资助，其后项目不再资助 (S4)"
            amount = ZERO
        elif shortfall == SHORTFALL_PARTIAL:
            amount = left
            text = f"{head}；余额仅 {left}，按余额资助 {left}；资金已用完，其后项目不再资助 (S4)"
        else:
            amount = ZERO
            text = f"{head}；余额仅 {left}，不足以按档资助，不予资助；其后项目不再资助 (S4)"
        left -= amount
        lines.append(Line(candidate, rank, lowest, share, due, amount, tied, text))
    total = sum((line.amount for line in lines), ZERO)
    return Matching(
        tuple(lines),
        available,
        total,
        left,
        ran_out_at,
        _summary(lines, available, left, ran_out_at),
    )


def _summary(
    lines: Sequence[Line], available: Decimal, left: Decimal, ran_out_at: int | None
) -> str:
    funded = [line for line in lines if line.amount > 0]
    total = sum((line.amount for line in funded), ZERO)
    text = f"可用余额 {available}，资助 {len(funded)} 个项目共 {total}，余额 {left}"
    if ran_out_at is not None:
        at = next(line for line in lines if line.rank == ran_out_at)
        after = sum(1 for line in lines if line.rank is not None and line.rank > ran_out_at)
        title = f"“{at.candidate.title}”" if at.candidate.title else ""
        name = f"{at.candidate.committee}{title}" or f"申报 #{at.candidate.id}"
        text += f"；资金在第 {ran_out_at} 名（{name}）处不足"
        if after:
            text += f"，其后 {after} 个项目不再资助"
    return text + " (S4)"
