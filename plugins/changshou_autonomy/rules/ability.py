"""A committee's service ability from residents' surveys (rule S7).

Pure functions: survey counts in, explained rates out. No database, no Flask.

- **Satisfaction rate** = (满意 + 基本满意) ÷ respondents: both count as satisfied.
- **Awareness rate** = (知晓 + 部分知晓 × 0.5) ÷ respondents: a resident who
  knows part of the public issues counts as half aware.
- **Service ability** = w_s × satisfaction + w_a × awareness, on a 0–100
  scale; the weights are the S7 policy parameters
  ``survey.weight.satisfaction`` and ``survey.weight.awareness`` and must sum
  to 1.

Rounding: each rate is a percentage with one decimal, rounded half up; the
service ability is computed from the *rounded* rates and rounded the same
way, so the printed arithmetic adds up. Without one of the two surveys there
is no service-ability figure (None), and the explanation says which survey
is missing.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Protocol

from plugins.changshou_autonomy.rules.scoring import HUNDRED, percent, plain, r1

#: 部分知晓 counts as this much of a 知晓.
PARTLY_AWARE = Decimal("0.5")


class Counts(Protocol):
    """A survey's counts: respondents, the first answer and the second (``models.Survey``)."""

    @property
    def respondents(self) -> int: ...

    @property
    def first(self) -> int: ...

    @property
    def second(self) -> int: ...


@dataclasses.dataclass(frozen=True)
class SurveyCounts:
    """Plain survey counts, for callers without a ``Survey`` record."""

    respondents: int
    first: int
    second: int = 0


@dataclasses.dataclass(frozen=True)
class Rate:
    """A percentage with one decimal (None without a survey) and its arithmetic."""

    value: Decimal | None
    explanation: str


@dataclasses.dataclass(frozen=True)
class Ability:
    """The two rates, the weighted service-ability figure and the whole explanation (S7)."""

    satisfaction: Rate
    awareness: Rate
    value: Decimal | None
    explanation: str


def _check(counts: Counts) -> None:
    if counts.respondents <= 0:
        raise ValueError("受访人数须大于 0 (S7)")
    if counts.first < 0 or counts.second < 0:
        raise ValueError("人数不能为负数 (S7)")
    if counts.first + counts.second > counts.respondents:
        raise ValueError(
            f"{counts.first} + {counts.second} 人多于受访人数 {counts.respondents} 人 (S7)"
        )


def satisfaction_rate(counts: Counts | None) -> Rate:
    """(满意 + 基本满意) ÷ respondents as a percentage, one decimal (S7)."""
    if counts is None:
        return Rate(None, "尚无居民满意度调查 (S7)")
    _check(counts)
    value = r1(Decimal(counts.first + counts.second) * HUNDRED / counts.respondents)
    return Rate(value, f"满意度 ({counts.first}+{counts.second})/{counts.respondents} = {value}%")


def awareness_rate(counts: Counts | None) -> Rate:
    """(知晓 + 部分知晓 × 0.5) ÷ respondents as a percentage, one decimal (S7)."""
    if counts is None:
        return Rate(None, "尚无社情民意知晓度调查 (S7)")
    _check(counts)
    aware = Decimal(counts.first) + Decimal(counts.second) * PARTLY_AWARE
    value = r1(aware * HUNDRED / counts.respondents)
    return Rate(
        value,
        f"知晓度 ({counts.first}+{counts.second}×{plain(PARTLY_AWARE)})/{counts.respondents}"
        f" = {value}%",
    )


def service_ability(
    satisfaction: Counts | None,
    awareness: Counts | None,
    w_satisfaction: Decimal,
    w_awareness: Decimal,
) -> Ability:
    """w_s × satisfaction + w_a × awareness from the rounded rates, one decimal (S7).

    Raises ``ValueError`` (Chinese) when the weights do not sum to 1.
    """
    w_s, w_a = Decimal(w_satisfaction), Decimal(w_awareness)
    if w_s + w_a != 1:
        raise ValueError(
            f"满意度权重 {percent(w_s)} 与知晓度权重 {percent(w_a)} 之和须为 100% (S7)"
        )
    sat, aware = satisfaction_rate(satisfaction), awareness_rate(awareness)
    if sat.value is None or aware.value is None:
        missing = [r.explanation.removesuffix(" (S7)") for r in (sat, aware) if r.value is None]
        return Ability(sat, aware, None, f"{'，'.join(missing)}，无法评估服务能力 (S7)")
    value = r1(w_s * sat.value + w_a * aware.value)
    text = f"{sat.explanation} × {percent(w_s)} + {aware.explanation} × {percent(w_a)} = {value}"
    return Ability(sat, aware, value, f"{text} (S7)")
