"""Composite score, ranking and the proposed hires of a social-worker recruitment (rule B7).

Pure: numbers in, explained verdicts out; no database, no Flask.

- **Composite score** = written × w_written + interview × w_interview, the
  weights being policy parameters that must add up to exactly 1. It is
  computed from the scores as entered (one decimal each) and rounded once,
  to one decimal, half up (ROUND_HALF_UP): 82.0 × 40% + 88.5 × 60% = 85.9.
  The weighted parts are never rounded on their own. A missing score gives
  no composite, and the explanation says which one is missing.
- **Ranking** of the applicants still in the running (not turned down, not
  withdrawn) who have a composite: composite descending. Ties on the
  (rounded, published) composite are broken, in this order, by the higher
  interview score, the higher written score, the earlier application date,
  and finally the lower record number — so the order is total and stable.
  Each tied line says why it stands where it does.
- **Proposed hires** (拟聘用): going down the ranking, the first ``places``
  applicants whose check (考察) has not failed. A passed check is what the
  public notice needs; an applicant whose check is still pending keeps their
  place in the list marked 考察尚未完成 (the notice is then refused until it
  is done), rather than being silently passed over. Everyone below is
  "未进入拟聘用名单"; a failed check is said so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Protocol

ONE = Decimal(1)
TENTH = Decimal("0.1")


@dataclasses.dataclass(frozen=True)
class Weights:
    """The weights of the written exam and of the interview in the composite score (B7)."""

    written: Decimal
    interview: Decimal

    def __post_init__(self) -> None:
        check_weights(self.written, self.interview)


def check_weights(written: Decimal, interview: Decimal) -> None:
    """Raise ``ValueError`` in Chinese unless both weights are in 0–1 and add up to 1 (B7)."""
    for label, weight in (("笔试", written), ("面试", interview)):
        if not 0 <= weight <= 1:
            raise ValueError(f"{label}成绩的权重 {weight} 须在 0 到 1 之间 (B7)")
    if written + interview != ONE:
        raise ValueError(
            f"笔试权重 {percent(written)} 与面试权重 {percent(interview)} 之和为 "
            f"{percent(written + interview)}，须为 100% (B7)"
        )


def percent(share: Decimal) -> str:
    """``Decimal("0.40")`` → ``"40%"``; ``Decimal("0.375")`` → ``"37.5%"``."""
    value = (Decimal(share) * 100).normalize()
    text = format(value, "f")
    return f"{text}%"


def score_text(score: Decimal) -> str:
    """A score as shown: one decimal, e.g. ``82.0``."""
    return format(Decimal(score).quantize(TENTH, rounding=ROUND_HALF_UP), "f")


@dataclasses.dataclass(frozen=True)
class Composite:
    """A composite score (none when a score is missing) and how it was computed (B7)."""

    value: Decimal | None
    explanation: str


def composite(written: Decimal | None, interview: Decimal | None, weights: Weights) -> Composite:
    """The composite score of one applicant, rounded to one decimal half up, explained (B7)."""
    missing = [label for label, score in (("笔试", written), ("面试", interview)) if score is None]
    if written is None or interview is None:
        return Composite(None, f"缺少{'、'.join(missing)}成绩，无法计算综合成绩 (B7)")
    exact = Decimal(written) * weights.written + Decimal(interview) * weights.interview
    value = exact.quantize(TENTH, rounding=ROUND_HALF_UP)
    formula = (
        f"笔试 {score_text(written)} × {percent(weights.written)} + "
        f"面试 {score_text(interview)} × {percent(weights.interview)}"
    )
    if exact == value:
        return Composite(value, f"{formula} = {score_text(value)} (B7)")
    return Composite(
        value,
        f"{formula} = {format(exact.normalize(), 'f')}，四舍五入保留一位小数为 "
        f"{score_text(value)} (B7)",
    )


@dataclasses.dataclass(frozen=True)
class Candidate:
    """What the ranking needs of an applicant (B7).

    ``out`` says why the applicant is no longer in the running (turned down,
    withdrawn), empty while they are. ``check_passed`` is the check's result:
    True, False, or None while pending.
    """

    key: int
    name: str
    written: Decimal | None
    interview: Decimal | None
    applied_on: dt.date
    check_passed: bool | None = None
    out: str = ""


@dataclasses.dataclass(frozen=True)
class Placed:
    """A candidate's composite, place and whether proposed for hiring, explained (B7)."""

    candidate: Candidate
    composite: Composite
    rank: int | None
    proposed: bool
    explanation: str


def _order(c: Candidate, value: Decimal) -> tuple[Decimal, Decimal, Decimal, dt.date, int]:
    assert c.written is not None and c.interview is not None
    return (-value, -Decimal(c.interview), -Decimal(c.written), c.applied_on, c.key)


def tie_reason(upper: Candidate, lower: Candidate) -> tuple[str, str]:
    """Why ``upper`` ranks above ``lower`` on the same composite: (upper's, lower's) text (B7)."""
    assert upper.written is not None and upper.interview is not None
    assert lower.written is not None and lower.interview is not None
    if upper.interview != lower.interview:
        return "面试成绩较高", "面试成绩较低"
    if upper.written != lower.written:
        return "面试成绩相同，笔试成绩较高", "面试成绩相同，笔试成绩较低"
    if upper.applied_on != lower.applied_on:
        return "面试、笔试成绩均相同，报名较早", "面试、笔试成绩均相同，报名较晚"
    return (
        "面试、笔试成绩和报名日期均相同，报名编号较小",
        "面试、笔试成绩和报名日期均相同，报名编号较大",
    )


def rank(candidates: Sequence[Candidate], weights: Weights, places: int) -> list[Placed]:
    """Rank ``candidates`` and mark the first ``places`` whose check has not failed (B7).

    Returns every candidate: first the ranked ones in order, then those
    without a composite (by record number), then those out of the running.
    """
    scored = [(c, composite(c.written, c.interview, weights)) for c in candidates]
    running = [(c, s) for c, s in scored if not c.out and s.value is not None]
    running.sort(key=lambda pair: _order(pair[0], pair[1].value))  # type: ignore[arg-type]
    notes: dict[int, list[str]] = {c.key: [] for c, _ in running}
    for (upper, u), (lower, w) in pairwise(running):
        if u.value == w.value:
            above, below = tie_reason(upper, lower)
            notes[upper.key].append(f"与{lower.name}同分，{above}，排在其前")
            notes[lower.key].append(f"与{upper.name}同分，{below}，排在其后")
    placed: list[Placed] = []
    taken = 0
    for number, (c, s) in enumerate(running, start=1):
        parts = [s.explanation, f"第 {number} 名", *notes[c.key]]
        proposed = False
        if c.check_passed is False:
            parts.append("考察未通过，不列入拟聘用名单")
        elif taken < places:
            taken += 1
            proposed = True
            parts.append("列入拟聘用名单" + ("（考察尚未完成）" if c.check_passed is None else ""))
        else:
            parts.append(f"招聘 {places} 人，名额已满，未进入拟聘用名单")
        placed.append(Placed(c, s, number, proposed, "；".join(parts)))
    for c, s in sorted(scored, key=lambda pair: pair[0].key):
        if not c.out and s.value is None:
            placed.append(Placed(c, s, None, False, f"{s.explanation}；暂不排名"))
    for c, s in sorted(scored, key=lambda pair: pair[0].key):
        if c.out:
            placed.append(Placed(c, s, None, False, f"{c.out}，不参加排名 (B7)"))
    return placed


class _Proposable(Protocol):
    @property
    def proposed(self) -> bool: ...


def shortfall(placed: Sequence[_Proposable], places: int) -> str:
    """A note when fewer applicants are proposed than there are places; empty otherwise (B7)."""
    proposed = sum(1 for p in placed if p.proposed)
    if proposed >= places:
        return ""
    return (
        f"招聘 {places} 人，符合条件的拟聘用人员只有 {proposed} 人，"
        f"其余 {places - proposed} 个名额空缺 (B7)"
    )
