"""The results API: year, round and history results, set-based (H3, H4, H6, H8, D1, D2).

The dataclasses (``result_types``, re-exported here) and the functions below
are the contract the admin pages, API, CLI, exports and notices call; they
import them from this module. The assembly is ``results_build``'s, the parts
of a result ``results_parts``'s; every figure comes from the pure rules in
``rules/scores.py``, the reads are ``tally.py``'s.

The year result (H3) of a committee, or of a staff member by person, joins:

- the mass part: the year's annual round (status closed or published; only
  published with ``published_only``). A committee in two annual rounds of a
  year takes the latest. The mass part is None-scored when the round's D1
  turnout verdict for that committee is not valid, and says why;
- the street part: the year's two street rounds (half 1 and 2, closed or
  published; published only with ``published_only``), combined by the
  parameter ``street.combine`` (H4); a missing half is named.

Parameters are read at the annual round's ``period_end`` for its org unit
(with no annual round, at the latest street round's). A fixed number of
queries whatever the number of committees (``tally.load``: seven at most).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from core.extensions import SessionLike
from core.models import OrgUnit
from plugins.huangpu_evaluation.kinds import ANNUAL, CADRE_D2, MEMBER_D1, STREET, TERM
from plugins.huangpu_evaluation.models import Round, RoundCommittee, RoundSubject
from plugins.huangpu_evaluation.result_types import (
    ItemScore,
    MassScore,
    Result,
    StreetPart,
    YearResults,
)
from plugins.huangpu_evaluation.results_build import rounds_table, year_table

__all__ = [
    "ItemScore",
    "MassScore",
    "Result",
    "StreetPart",
    "YearResults",
    "committee_history",
    "person_history",
    "round_results",
    "year_results",
]

_KIND_ORDER = {ANNUAL: 0, TERM: 1, MEMBER_D1: 2, CADRE_D2: 3, STREET: 4}


def _statuses(published_only: bool) -> tuple[str, ...]:
    return ("published",) if published_only else ("closed", "published")


# --- the contract ----------------------------------------------------------------------


def year_results(
    session: SessionLike,
    year: int,
    street: OrgUnit | None = None,
    committee: OrgUnit | None = None,
    published_only: bool = False,
) -> YearResults:
    """The 70/30 results of ``year`` (H3), from the year's annual rounds and street rounds.

    Ranks are within each street (also when one committee is asked for).
    ``published_only`` (committee staff, the public) reads published rounds only.
    """
    street_ids: list[int] | None = None
    if street is not None:
        street_ids = [street.id]
    if committee is not None:
        parent = committee.parent_id
        street_ids = [parent] if parent is not None and street_ids in (None, [parent]) else []
    results = year_table(session, year, _statuses(published_only), street_ids)
    if committee is None:
        return results
    return YearResults(
        year,
        [r for r in results.committees if r.committee_id == committee.id],
        [r for r in results.staff if r.committee_id == committee.id],
    )


def round_results(session: SessionLike, round_: Round) -> list[Result]:
    """The results of one round (annual mass part, term, D1, D2; street halves), explained.

    Ranked within each street, committees and staff apart.
    """
    return rounds_table(session, [round_.id])


def person_history(
    session: SessionLike, person_id: int, published_only: bool = False
) -> list[Result]:
    """Every result of a staff member across years and rounds, oldest first (H8).

    The 70/30 year result of each year they were evaluated in (ranked among
    their street's staff), and their term, D1 and D2 round results.
    """
    committee = OrgUnit.__table__.alias("committee")  # Core: see tally.load
    rows = session.execute(
        select(Round.id, Round.kind, Round.year, committee.c.parent_id)
        .join(RoundCommittee, RoundCommittee.round_id == Round.id)
        .join(RoundSubject, RoundSubject.round_committee_id == RoundCommittee.id)
        .join(committee, RoundCommittee.org_unit_id == committee.c.id)
        .where(RoundSubject.person_id == person_id, Round.status.in_(_statuses(published_only)))
        .distinct()
    ).all()
    years: dict[int, set[int]] = defaultdict(set)
    others = []
    for round_id, kind, year, street_id in rows:
        if kind in (ANNUAL, STREET) and street_id is not None:
            years[year].add(street_id)
        else:
            others.append(round_id)
    found: list[Result] = []
    for year, streets in sorted(years.items()):
        result = year_table(session, year, _statuses(published_only), streets)
        found.extend(r for r in result.staff if r.person_id == person_id)
    if others:
        found.extend(r for r in rounds_table(session, others) if r.person_id == person_id)
    return sorted(found, key=_chronological)


def committee_history(
    session: SessionLike, committee_id: int, published_only: bool = False
) -> list[Result]:
    """The committee's yearly 70/30 results, oldest first (for the score-history chart)."""
    rows = session.execute(
        select(Round.year, OrgUnit.parent_id)
        .join(RoundCommittee, RoundCommittee.round_id == Round.id)
        .join(OrgUnit, RoundCommittee.org_unit_id == OrgUnit.id)
        .where(
            RoundCommittee.org_unit_id == committee_id,
            Round.kind.in_((ANNUAL, STREET)),
            Round.status.in_(_statuses(published_only)),
        )
        .distinct()
    ).all()
    found: list[Result] = []
    for year, street_id in sorted(rows):
        if street_id is None:
            continue
        result = year_table(session, year, _statuses(published_only), [street_id])
        found.extend(r for r in result.committees if r.committee_id == committee_id)
    return found


def _chronological(result: Result) -> tuple[int, int, int, int]:
    return (result.year, _KIND_ORDER[result.kind], result.half or 0, result.round_id or 0)
