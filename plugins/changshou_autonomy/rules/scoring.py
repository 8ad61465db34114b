"""Assessment scores of a project application, explained (rule S4).

Pure functions: numbers in, an explained verdict out. No database, no Flask;
every score is a ``Decimal``.

One assessor's total is Σ weight × (score ÷ score.max × 100) over the
criteria of ``kinds.CRITERIA`` (the weights must sum to 1), e.g.
"需求导向 8/10×30% + 居民参与 7/10×25% + 方案可行 8/10×25% + 长效机制 7.5/10×20% = 76.5".

Several assessors' totals combine by the policy parameter ``assessors.combine``:

- ``mean``: the mean of the totals;
- ``trimmed``: with 5 or more assessors the highest and the lowest total are
  dropped (one each) and the rest averaged; with fewer than 5 the mean is
  taken, and the explanation says so.

Rounding (so that anyone can redo the arithmetic from the printed figures):
every figure shown has one decimal, rounded half up (76.45 → 76.5). An
assessor's total is computed exactly and rounded once; the combined score is
computed from the *rounded* totals and rounded again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from plugins.changshou_autonomy.kinds import CRITERIA

ONE_PLACE = Decimal("0.1")
HUNDRED = Decimal(100)
#: The ways several assessors' totals combine (policy parameter ``assessors.combine``).
COMBINE_MEAN, COMBINE_TRIMMED = "mean", "trimmed"
#: ``trimmed`` drops the highest and the lowest total only from this many assessors on.
TRIM_FROM = 5


@dataclasses.dataclass(frozen=True)
class AssessorTotal:
    """One assessor's weighted total (0–100, one decimal) and its arithmetic."""

    assessor: str
    total: Decimal
    explanation: str


@dataclasses.dataclass(frozen=True)
class Combined:
    """The combined score of an application (None before anyone scored) and its explanation."""

    value: Decimal | None
    totals: tuple[AssessorTotal, ...]
    explanation: str


def r1(value: Decimal | int) -> Decimal:
    """``value`` rounded to one decimal, half up."""
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def plain(value: Decimal | int) -> str:
    """A number as people write it: ``Decimal("10.00")`` → ``10``, ``7.50`` → ``7.5``."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in {"-0", ""} else text


def percent(share: Decimal) -> str:
    """A share as a percentage, e.g. ``0.30`` → ``30%``."""
    return f"{plain(Decimal(share) * 100)}%"


def criterion_name(code: str) -> str:
    """The short name of a criterion, e.g. ``need`` → ``需求导向``."""
    return CRITERIA[code].split("（")[0]


def check_weights(weights: Mapping[str, Decimal]) -> None:
    """Raise ``ValueError`` (Chinese) unless every criterion has a weight and they sum to 1 (S4)."""
    missing = [criterion_name(c) for c in CRITERIA if c not in weights]
    if missing:
        raise ValueError(f"缺少评估权重：{'、'.join(missing)} (S4)")
    total = sum((Decimal(weights[c]) for c in CRITERIA), Decimal(0))
    if total != 1:
        shown = "、".join(f"{criterion_name(c)} {percent(weights[c])}" for c in CRITERIA)
        raise ValueError(f"各项评估权重之和须为 100%，现为 {percent(total)}（{shown}） (S4)")


def assessor_total(
    scores: Mapping[str, Decimal],
    weights: Mapping[str, Decimal],
    score_max: Decimal,
    assessor: str = "",
) -> AssessorTotal:
    """One assessor's total: Σ weight × score ÷ score.max × 100, rounded to 0.1 (S4).

    Raises ``ValueError`` when the weights do not sum to 1, a score is missing
    or lies outside 0 … ``score_max``.
    """
    check_weights(weights)
    top = Decimal(score_max)
    if top <= 0:
        raise ValueError("评分满分须大于 0 (S4)")
    exact = Decimal(0)
    parts = []
    for code in CRITERIA:
        name = criterion_name(code)
        if scores.get(code) is None:
            raise ValueError(f"{assessor or '评估人'}尚未给“{name}”评分 (S4)")
        score = Decimal(scores[code])
        if not 0 <= score <= top:
            raise ValueError(f"“{name}”的评分 {plain(score)} 超出 0–{plain(top)} 的范围 (S4)")
        weight = Decimal(weights[code])
        exact += weight * score / top * HUNDRED
        parts.append(f"{name} {plain(score)}/{plain(top)}×{percent(weight)}")
    total = r1(exact)
    who = f"{assessor}：" if assessor else ""
    return AssessorTotal(assessor, total, f"{who}{' + '.join(parts)} = {total} (S4)")


def combine(totals: Sequence[AssessorTotal], method: str = COMBINE_MEAN) -> Combined:
    """The application's score from its assessors' rounded totals, by ``method`` (S4).

    ``mean`` averages; ``trimmed`` drops one highest and one lowest total from
    5 assessors on. Raises ``ValueError`` for an unknown method.
    """
    if method not in (COMBINE_MEAN, COMBINE_TRIMMED):
        raise ValueError(f"未知的评分合成方式：{method} (S4)")
    totals = tuple(totals)
    if not totals:
        return Combined(None, (), "尚未评分 (S4)")
    values = [t.total for t in totals]
    listed = "、".join(str(v) for v in values)
    head = f"评估人 {len(values)} 名：{listed}"
    if len(values) == 1:
        value = values[0]
        return Combined(value, totals, f"{head}，即 {value} (S4)")
    if method == COMBINE_TRIMMED and len(values) >= TRIM_FROM:
        ordered = sorted(values)
        kept = ordered[1:-1]
        value = r1(sum(kept, Decimal(0)) / len(kept))
        text = f"{head}，去掉一个最高分 {ordered[-1]} 和一个最低分 {ordered[0]} 后平均 {value}"
        return Combined(value, totals, f"{text} (S4)")
    value = r1(sum(values, Decimal(0)) / len(values))
    note = f"，不足 {TRIM_FROM} 名不去掉最高最低分" if method == COMBINE_TRIMMED else ""
    return Combined(value, totals, f"{head}{note}，平均 {value} (S4)")


def combined_score(
    assessments: Sequence[tuple[str, Mapping[str, Decimal]]],
    weights: Mapping[str, Decimal],
    score_max: Decimal,
    method: str = COMBINE_MEAN,
) -> Combined:
    """Each ``(assessor, scores)`` totalled, then combined by ``method`` (S4)."""
    totals = [assessor_total(s, weights, score_max, assessor=a) for a, s in assessments]
    return combine(totals, method)
