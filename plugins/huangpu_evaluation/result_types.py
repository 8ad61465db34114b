"""The result dataclasses of the evaluations (H3, H4, H6, H8, D1, D2).

What a result is: a committee's or staff member's score, grade and the whole
arithmetic behind them, with its mass (residents') part and street part.
``results_parts`` and ``results_build`` fill them in; ``results`` is the API
that returns them and the name importers use (it re-exports these classes).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from plugins.huangpu_evaluation.rules.turnout import TurnoutVerdict


@dataclasses.dataclass(frozen=True)
class ItemScore:
    """One item of a form (a category, a dimension): answer counts, its score, why."""

    label: str
    #: Ballots per answer, in the form's answer order (``kinds.Form.answers``).
    counts: tuple[int, ...]
    score: Decimal | None
    explanation: str


@dataclasses.dataclass(frozen=True)
class MassScore:
    """The residents' (mass) part of a result: the turnout, the items, the score (H3, D1)."""

    round_id: int
    turnout: TurnoutVerdict
    items: tuple[ItemScore, ...]
    #: None when the round does not count (turnout below D1) or has no ballots.
    score: Decimal | None
    explanation: str


@dataclasses.dataclass(frozen=True)
class StreetPart:
    """The street's part of a result: the two half-years and the year's score (H4)."""

    halves: tuple[Decimal | None, Decimal | None]
    score: Decimal | None
    explanation: str


@dataclasses.dataclass(frozen=True)
class Result:
    """One committee's or staff member's result for a year (or a term, D1 or D2 round).

    ``person_id`` is None for the committee's work. ``explanation`` is the
    whole arithmetic, e.g. "群众 86.4 × 70% + 街道 91.0 × 30% = 87.8 → 合格 (H3, H6)".
    """

    kind: str  # a key of kinds.ROUND_KINDS: "annual" for the 70/30 year result
    year: int
    committee_id: int
    committee_name: str
    street_id: int
    street_name: str
    person_id: int | None
    person_name: str
    title: str
    mass: MassScore | None
    street: StreetPart | None
    score: Decimal | None
    grade: str | None
    explanation: str
    rules: tuple[str, ...]
    #: Rank within the street among results of the same kind (ties share a rank).
    rank: int | None = None
    committee_code: str = ""
    street_code: str = ""
    #: The round of a round result (term, D1, D2, street); None for a year result.
    round_id: int | None = None
    round_title: str = ""
    #: 1 or 2 for a half-yearly round (street, D1).
    half: int | None = None


@dataclasses.dataclass(frozen=True)
class YearResults:
    """The committees' and the staff's results of a year, in street and rank order."""

    year: int
    committees: list[Result]
    staff: list[Result]
