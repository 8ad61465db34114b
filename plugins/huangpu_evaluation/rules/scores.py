"""Scores, grades, satisfaction and ranking of an evaluation, each with its explanation.

Pure functions: numbers in, an explained verdict out (rules H1–H4, H6, D1, D2).
No database, no Flask; every score is a ``Decimal``.

Rounding (so that anyone can redo the arithmetic from the printed figures):

- every figure shown has one decimal, rounded half up (85.25 → 85.3);
- an item score is rounded; a subject's score is the mean of its *rounded*
  item scores, rounded again; a street half-year score likewise;
- the year's street score is combined from the rounded half-year scores;
- the final score is computed from the rounded mass and street parts and
  rounded; the grade is read from the rounded final score. A D2
  satisfaction rate is rounded to 0.1 % and graded from that figure.

Ranking (``ranks``): by score descending; equal scores share a rank and the
next rank skips (90.0, 90.0, 85.0 → 1, 1, 3); a subject without a score is
not ranked (None).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ONE_PLACE = Decimal("0.1")
#: The ways the year's street score is made from its two halves (H4).
COMBINE_MEAN, COMBINE_SECOND = "mean", "second"


@dataclasses.dataclass(frozen=True)
class Scored:
    """A score (None when there is nothing to score) and the sentence explaining it."""

    value: Decimal | None
    explanation: str


@dataclasses.dataclass(frozen=True)
class Graded:
    """A score, its grade and the whole explanation."""

    value: Decimal | None
    grade: str | None
    explanation: str


def r1(value: Decimal) -> Decimal:
    """``value`` rounded to one decimal, half up."""
    if not isinstance(value, Decimal):
        value = Decimal(value)
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def plain(value: Decimal | Fraction | int) -> str:
    """A parameter as people write it: ``Decimal("100.00")`` → ``100``, ``0.5`` → ``0.5``."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    if not isinstance(value, Decimal):
        value = Decimal(value)
    return format(value.normalize(), "f")


# Cached: results explain thousands of items with the same few points.
_points = functools.lru_cache(maxsize=64)(plain)


def percent(share: Decimal | Fraction) -> str:
    """A weight as a percentage, e.g. ``0.70`` → ``70%``."""
    if isinstance(share, Fraction):
        share = Decimal(share.numerator) / Decimal(share.denominator)
    return f"{plain(Decimal(share) * 100)}%"


def item_score(
    counts: Sequence[int], answers: Sequence[str], points: Sequence[Decimal], rule: str = "H3"
) -> Scored:
    """An item's score: answers weighted by their points over the valid ballots (H3, D1).

    Blanks are not counted (they are not in ``counts``). E.g. "优秀 120×100 +
    合格 150×80 + 基本合格 20×60 + 不合格 10×40 = 25600 ÷ 300 = 85.3 (H3)";
    no answer at all → None, "无有效票".
    """
    if len(counts) > len(answers) or len(answers) != len(points):
        raise ValueError(f"选项、票数与折合分数的个数不一致 ({rule})")
    valid = sum(counts)
    if valid == 0:
        return Scored(None, f"无有效票 ({rule})")
    total = Decimal(0)
    terms = []
    for answer, n, p in zip(answers, counts, points, strict=False):
        if n:
            total += n * p
            terms.append(f"{answer} {n}×{_points(p)}")
    value = (total / valid).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    return Scored(value, f"{' + '.join(terms)} = {plain(total)} ÷ {valid} = {value} ({rule})")


def mean_score(items: Sequence[tuple[str, Decimal | None]], rule: str) -> Scored:
    """The mean of the rounded item scores, rounded (H1 categories, H2 dimensions, H4, D1).

    Items without a score are left out and named; no item scored → None.
    E.g. "组织建设 88.0、居民自治 85.2、协助行政事务 86.1、制度建设 86.3，平均 86.4 (H1)".
    """
    scored = [(label, r1(v)) for label, v in items if v is not None]
    missing = [label for label, v in items if v is None]
    if not scored:
        return Scored(None, f"各项均无得分 ({rule})")
    value = r1(sum((v for _, v in scored), Decimal(0)) / len(scored))
    listed = "、".join(f"{label} {v}" for label, v in scored)
    text = f"{listed}，平均 {value}"
    if missing:
        text += f"（{'、'.join(missing)}无得分，不计入）"
    return Scored(value, f"{text} ({rule})")


def street_half(items: Sequence[tuple[str, Decimal | None]]) -> Scored:
    """A street half-year score: the mean of the entered item scores (H4)."""
    return mean_score(items, "H4")


def street_year(first: Decimal | None, second: Decimal | None, combine: str) -> Scored:
    """The year's street score from its two half-year scores (H4, parameter ``street.combine``).

    ``mean``: the mean of both halves; with one half missing, the other one,
    saying so. ``second``: the second half's, falling back to the first.
    """
    halves = (None if first is None else r1(first), None if second is None else r1(second))
    a, b = halves
    if a is None and b is None:
        return Scored(None, "上下半年均无街道评价 (H4)")
    if combine == COMBINE_SECOND:
        if b is not None:
            return Scored(b, f"以下半年街道评价为准：{b} (H4)")
        return Scored(a, f"以下半年街道评价为准，但下半年缺评价，取上半年 {a} (H4)")
    if combine != COMBINE_MEAN:
        raise ValueError(f"未知的街道评价合成方式“{combine}” (H4)")
    if a is not None and b is not None:
        value = r1((a + b) / 2)
        return Scored(value, f"上半年 {a}、下半年 {b}，平均 {value} (H4)")
    if a is None:
        return Scored(b, f"上半年缺街道评价，取下半年 {b} (H4)")
    return Scored(a, f"下半年缺街道评价，取上半年 {a} (H4)")


def grade(
    score: Decimal | None, cutoffs: Sequence[Decimal], labels: Sequence[str], rule: str = "H6"
) -> Graded:
    """The grade of ``score``: the first label whose cut-off it reaches (≥, inclusive) (H6, D1).

    ``labels`` has one more entry than ``cutoffs`` (the lowest grade has none):
    with 90/75/60, 90.0 → 优秀, 89.9 → 合格, 59.9 → 不合格.
    """
    if len(labels) != len(cutoffs) + 1:
        raise ValueError(f"等次与分数线的个数不一致 ({rule})")
    if score is None:
        return Graded(None, None, f"无得分，不评等次 ({rule})")
    value = r1(score)
    for label, cutoff in zip(labels, cutoffs, strict=False):
        if value >= cutoff:
            return Graded(value, label, f"{value} ≥ {plain(cutoff)} → {label} ({rule})")
    return Graded(value, labels[-1], f"{value} < {plain(cutoffs[-1])} → {labels[-1]} ({rule})")


def final_score(
    mass: Decimal | None,
    street: Decimal | None,
    weight_mass: Decimal,
    weight_street: Decimal,
    cutoffs: Sequence[Decimal],
    labels: Sequence[str],
) -> Graded:
    """Mass × its weight + street × its weight, graded (H3, H6).

    E.g. "群众 86.4 × 70% + 街道 91.0 × 30% = 87.8 → 合格 (H3, H6)". Weights
    not summing to 1 are refused (``ValueError``); with a part missing there
    is no final score and the explanation says which part.
    """
    if Decimal(weight_mass) + Decimal(weight_street) != 1:
        raise ValueError(
            f"群众评价权重 {plain(weight_mass)} 与街道评价权重 {plain(weight_street)}"
            " 之和须为 1 (H3)"
        )
    if mass is None or street is None:
        gone = "、".join(
            name for name, v in (("群众评价", mass), ("街道评价", street)) if v is None
        )
        return Graded(None, None, f"缺{gone}，不计综合得分 (H3)")
    m, s = r1(mass), r1(street)
    value = r1(m * Decimal(weight_mass) + s * Decimal(weight_street))
    graded = grade(value, cutoffs, labels)
    text = (
        f"群众 {m} × {percent(weight_mass)} + 街道 {s} × {percent(weight_street)}"
        f" = {value} → {graded.grade} (H3, H6)"
    )
    return Graded(value, graded.grade, text)


def satisfaction(
    counts: Sequence[int], satisfied: Fraction, basic: Fraction, labels: Sequence[str]
) -> Graded:
    """The D2 satisfaction rate (满意 + 基本满意) ÷ valid ballots, in percent, graded (D2).

    E.g. "满意 30 + 基本满意 6 = 36 ÷ 40 = 90.0% → 满意 (D2)". The rate is
    rounded to 0.1 % and graded from that figure (≥ inclusive).
    """
    valid = sum(counts)
    if valid == 0:
        return Graded(None, None, "无有效票 (D2)")
    padded = [*counts, 0, 0][:2]
    content = padded[0] + padded[1]
    rate = r1(Decimal(content * 100) / valid)
    if rate >= _pct(satisfied):
        verdict = labels[0]
    elif rate >= _pct(basic):
        verdict = labels[1]
    else:
        verdict = labels[2]
    text = (
        f"{labels[0]} {padded[0]} + {labels[1]} {padded[1]} = {content} ÷ {valid}"
        f" = {rate}% → {verdict} (D2)"
    )
    return Graded(rate, verdict, text)


def _pct(share: Fraction) -> Decimal:
    return Decimal(share.numerator * 100) / Decimal(share.denominator)


def ranks(scores: Sequence[Decimal | None]) -> list[int | None]:
    """Competition ranks of ``scores``, best first: ties share a rank (1, 1, 3); None unranked."""
    ordered = sorted((r1(s) for s in scores if s is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [None if s is None else first[r1(s)] for s in scores]
