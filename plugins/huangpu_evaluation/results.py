"""Results of evaluations per committee and per staff member, set-based (H3, H4, H6, H8, D1, D2).

CONTRACT (the implementation is being written): the dataclasses and function
signatures below are what the admin pages, API, CLI, exports and notices
call. Every figure comes from the pure rules in ``rules/scores.py``.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from core.extensions import SessionLike
from core.models import OrgUnit
from plugins.huangpu_evaluation.models import Round
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


@dataclasses.dataclass(frozen=True)
class YearResults:
    """The committees' and the staff's results of a year, in street and rank order."""

    year: int
    committees: list[Result]
    staff: list[Result]


def year_results(
    session: SessionLike,
    year: int,
    street: OrgUnit | None = None,
    committee: OrgUnit | None = None,
    published_only: bool = False,
) -> YearResults:
    """The 70/30 results of ``year`` (H3), from the year's annual rounds and street rounds."""
    raise NotImplementedError


def round_results(session: SessionLike, round_: Round) -> list[Result]:
    """The results of one ballot round (annual mass part, term, D1, D2), explained."""
    raise NotImplementedError


def person_history(session: SessionLike, person_id: int) -> list[Result]:
    """Every result of a staff member across years and rounds, oldest first (H8)."""
    raise NotImplementedError


def committee_history(session: SessionLike, committee_id: int) -> list[Result]:
    """The committee's yearly results, oldest first (for the score-history chart)."""
    raise NotImplementedError
