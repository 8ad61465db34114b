"""Results of evaluations per committee and per staff member, set-based (H3, H4, H6, H8, D1, D2).

The dataclasses and function signatures below are the contract the admin
pages, API, CLI, exports and notices call. Every figure comes from the pure
rules in ``rules/scores.py``; the reads are ``tally.py``'s.

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
queries whatever the number of committees (``_load``: seven at most).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import select

from core.extensions import SessionLike
from core.models import OrgUnit
from plugins.huangpu_evaluation.kinds import (
    ANNUAL,
    CADRE_D2,
    COMMITTEE_WORK,
    D1_FORM,
    D1_GRADES,
    D2_FORM,
    D2_GRADES,
    GRADES,
    MEMBER_D1,
    ROUND_RULES,
    STAFF_WORK,
    STREET,
    TERM,
    Form,
    forms_of,
)
from plugins.huangpu_evaluation.models import Round, RoundCommittee, RoundSubject
from plugins.huangpu_evaluation.parameters import (
    STREET_COMBINE,
    TURNOUT,
    WEIGHT_MASS,
    WEIGHT_STREET,
    P,
    cutoff_key,
    points_key,
)
from plugins.huangpu_evaluation.rules.scores import (
    Graded,
    final_score,
    grade,
    item_score,
    mean_score,
    ranks,
    satisfaction,
    street_half,
    street_year,
)
from plugins.huangpu_evaluation.rules.turnout import TurnoutVerdict, turnout
from plugins.huangpu_evaluation.tally import CommitteeRow, Loaded, RoundRow, SubjectRow, load


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


_KIND_ORDER = {ANNUAL: 0, TERM: 1, MEMBER_D1: 2, CADRE_D2: 3, STREET: 4}


def _statuses(published_only: bool) -> tuple[str, ...]:
    return ("published",) if published_only else ("closed", "published")


# --- parameters --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Params:
    """The parameters in force for one round (at its period end, for its unit)."""

    weight_mass: Decimal
    weight_street: Decimal
    combine: str
    threshold: Fraction
    points_h: tuple[Decimal, ...]
    points_d1: tuple[Decimal, ...]
    cutoffs_h: tuple[Decimal, ...]
    cutoffs_d1: tuple[Decimal, ...]
    d2_satisfied: Fraction
    d2_basic: Fraction


def _params(loaded: Loaded, round_: RoundRow) -> _Params:
    cached: _Params | None = loaded.params.get(round_.id)
    if cached is None:
        cached = loaded.params[round_.id] = _read_params(loaded, round_)
    return cached


def _read_params(loaded: Loaded, round_: RoundRow) -> _Params:
    def value(key: str) -> Any:
        return loaded.policy.value(key, round_.period_end, round_.unit_code, round_.unit_kind)

    return _Params(
        weight_mass=value(WEIGHT_MASS),
        weight_street=value(WEIGHT_STREET),
        combine=value(STREET_COMBINE),
        threshold=value(TURNOUT),
        points_h=tuple(value(points_key("h", i)) for i in range(1, 5)),
        points_d1=tuple(value(points_key("d1", i)) for i in range(1, 4)),
        cutoffs_h=tuple(value(cutoff_key("h", i)) for i in range(1, 4)),
        cutoffs_d1=tuple(value(cutoff_key("d1", i)) for i in range(1, 3)),
        d2_satisfied=value(P + "d2.satisfied"),
        d2_basic=value(P + "d2.basic"),
    )


# --- the parts of a result -----------------------------------------------------------


def _mass(
    loaded: Loaded,
    round_: RoundRow,
    params: _Params,
    rc_id: int,
    subject_id: int | None,
    form: Form,
) -> MassScore:
    """The mass part of one subject in one ballot round: turnout, items, score (H3, D1, D2)."""
    body, took = loaded.turnout.get(rc_id, (0, 0))
    verdict = turnout(took, body, params.threshold)
    counts = loaded.counts.get((rc_id, subject_id))
    width = len(form.answers)
    per_item = [
        counts[i][:width] if counts is not None else (0,) * width for i in range(len(form.items))
    ]
    if form is D2_FORM:
        rate = satisfaction(per_item[0], params.d2_satisfied, params.d2_basic, D2_GRADES)
        items: tuple[ItemScore, ...] = (
            ItemScore(form.items[0], per_item[0], rate.value, rate.explanation),
        )
        score, text = rate.value, rate.explanation
    else:
        scale, rule = ("d1", "D1") if form is D1_FORM else ("h", "H3")
        points = params.points_d1 if scale == "d1" else params.points_h
        items = tuple(
            ItemScore(label, c, s.value, f"{label}：{s.explanation}")
            for label, c in zip(form.items, per_item, strict=True)
            for s in (item_score(c, form.answers, points, rule),)
        )
        mean = mean_score([(i.label, i.score) for i in items], form.rule)
        score, text = mean.value, mean.explanation
    if not verdict.valid:
        share = f"{params.threshold.numerator}/{params.threshold.denominator}"
        why = (
            f"参与率未达 {share}，群众评价无效（{verdict.explanation}）"
            if verdict.body
            else f"群众评价无效：{verdict.explanation}"
        )
        return MassScore(round_.id, verdict, items, None, why)
    return MassScore(round_.id, verdict, items, score, text)


def _street(
    loaded: Loaded,
    halves: Sequence[CommitteeRow | None],
    subject_ids: Sequence[int | None],
    form: Form,
    combine: str,
    staff: bool,
) -> StreetPart:
    """The street part: each half's mean of the entered scores, then the year's (H4)."""
    scores: list[Decimal | None] = []
    texts = []
    for name, rc, subject_id in zip(("上半年", "下半年"), halves, subject_ids, strict=True):
        entry = None
        if rc is not None and (subject_id is not None or not staff):
            entry = loaded.street.get((rc.id, subject_id))
        if entry is None:
            scores.append(None)
            texts.append(f"{name}未录入街道评价")
            continue
        half = street_half([(label, entry[i]) for i, label in enumerate(form.items)])
        scores.append(half.value)
        texts.append(f"{name}：{half.explanation}")
    year = street_year(scores[0], scores[1], combine)
    return StreetPart((scores[0], scores[1]), year.value, f"{year.explanation}；{'；'.join(texts)}")


def _final(mass: MassScore | None, street: StreetPart | None, params: _Params) -> Graded:
    """The 70/30 score and grade (H3, H6), or why there is none."""
    try:
        graded = final_score(
            None if mass is None else mass.score,
            None if street is None else street.score,
            params.weight_mass,
            params.weight_street,
            params.cutoffs_h,
            GRADES,
        )
    except ValueError as exc:
        return Graded(None, None, str(exc))
    if graded.value is not None:
        return graded
    text = graded.explanation
    if mass is None:
        text += "；本年度没有已结束的群众评议"
    elif mass.score is None:
        text += f"；{mass.explanation}"
    if street is not None and street.score is None:
        text += f"；{street.explanation}"
    return Graded(None, None, text)


# --- assembling ------------------------------------------------------------------------


def _result(
    kind: str,
    year: int,
    rc: CommitteeRow,
    subject: SubjectRow | None,
    mass: MassScore | None,
    street: StreetPart | None,
    graded: Graded,
    rules: tuple[str, ...],
    round_: RoundRow | None = None,
) -> dict[str, Any]:
    """A result's fields but its rank (``_ranked`` makes the ``Result``)."""
    return dict(
        kind=kind,
        year=year,
        committee_id=rc.committee_id,
        committee_name=rc.committee_name,
        street_id=rc.street_id,
        street_name=rc.street_name,
        person_id=None if subject is None else subject.person_id,
        person_name="" if subject is None else subject.person_name,
        title="" if subject is None else subject.title,
        mass=mass,
        street=street,
        score=graded.value,
        grade=graded.grade,
        explanation=graded.explanation,
        rules=rules,
        committee_code=rc.committee_code,
        street_code=rc.street_code,
        round_id=None if round_ is None else round_.id,
        round_title="" if round_ is None else round_.title,
        half=None if round_ is None else round_.half,
    )


def _ranked(pending: Iterable[dict[str, Any]], by_round: bool = False) -> list[Result]:
    """Results ranked within each street (and round), committees and staff apart (H8).

    Sorted by street, (round,) rank — the unranked last — committee and name.
    """
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in pending:
        key = (r["round_id"] if by_round else None, r["street_id"], r["person_id"] is None)
        groups[key].append(r)
    ranked = []
    for group in groups.values():
        for r, rank in zip(group, ranks([r["score"] for r in group]), strict=True):
            ranked.append(Result(**r, rank=rank))
    ranked.sort(
        key=lambda r: (
            r.street_code,
            r.round_id or 0,
            r.rank is None,
            r.rank or 0,
            r.committee_code,
            r.person_name,
        )
    )
    return ranked


def _year(
    session: SessionLike, year: int, statuses: tuple[str, ...], street_ids: Iterable[int] | None
) -> YearResults:
    """The year results of the committees of ``street_ids`` (all: None), ranked (H3, H4)."""
    loaded = load(
        session,
        [Round.year == year, Round.kind.in_((ANNUAL, STREET)), Round.status.in_(statuses)],
        street_ids,
    )
    rounds = loaded.rounds
    # Per committee: the latest annual round committee, and per half the latest street one.
    slot: dict[tuple[int, int], CommitteeRow] = {}
    for rc in sorted(loaded.committees, key=lambda rc: rc.round_id):
        r = rounds[rc.round_id]
        slot[(rc.committee_id, 0 if r.kind == ANNUAL else r.half or 0)] = rc
    chosen = {rc.id for rc in slot.values()}
    committee_ids = sorted({cid for cid, _ in slot})
    staff: dict[int, dict[int, dict[int, SubjectRow]]] = defaultdict(lambda: defaultdict(dict))
    by_rc = {rc.id: rc for rc in loaded.committees}
    for subject in loaded.subjects:
        if subject.rc_id not in chosen:
            continue
        rc = by_rc[subject.rc_id]
        r = rounds[rc.round_id]
        half = 0 if r.kind == ANNUAL else r.half or 0
        staff[rc.committee_id][subject.person_id][half] = subject
    committees, people = [], []
    for cid in committee_ids:
        annual, h1, h2 = (slot.get((cid, k)) for k in (0, 1, 2))
        basis = annual or h2 or h1
        assert basis is not None
        params = _params(loaded, rounds[basis.round_id])
        mass = (
            None
            if annual is None
            else _mass(loaded, rounds[annual.round_id], params, annual.id, None, COMMITTEE_WORK)
        )
        street = (
            None
            if h1 is None and h2 is None
            else _street(loaded, (h1, h2), (None, None), COMMITTEE_WORK, params.combine, False)
        )
        rules = ("H1", "H3", "H4", "H6", "D1")
        committees.append(
            _result(ANNUAL, year, basis, None, mass, street, _final(mass, street, params), rules)
        )
        for slots in staff.get(cid, {}).values():
            who = slots.get(0) or slots.get(2) or slots.get(1)
            assert who is not None
            staff_mass = (
                None
                if annual is None or 0 not in slots
                else _mass(
                    loaded, rounds[annual.round_id], params, annual.id, slots[0].id, STAFF_WORK
                )
            )
            halves = (h1 if 1 in slots else None, h2 if 2 in slots else None)
            staff_street = (
                None
                if halves == (None, None)
                else _street(
                    loaded,
                    halves,
                    tuple(slots[k].id if k in slots else None for k in (1, 2)),
                    STAFF_WORK,
                    params.combine,
                    True,
                )
            )
            graded = _final(staff_mass, staff_street, params)
            rules = ("H2", "H3", "H4", "H6", "D1")
            people.append(
                _result(ANNUAL, year, basis, who, staff_mass, staff_street, graded, rules)
            )
    return YearResults(year, _ranked(committees), _ranked(people))


def _round_results(session: SessionLike, round_ids: Sequence[int]) -> list[Result]:
    """The results of the rounds ``round_ids``, per round kind (H4, H5, D1, D2), ranked."""
    loaded = load(session, [Round.id.in_(list(round_ids))])
    by_rc: dict[int, list[SubjectRow]] = defaultdict(list)
    for row in loaded.subjects:
        by_rc[row.rc_id].append(row)
    results = []
    for rc in loaded.committees:
        r = loaded.rounds[rc.round_id]
        params = _params(loaded, r)
        committee_form, staff_form = forms_of(r.kind)
        targets: list[tuple[SubjectRow | None, Form]] = []
        if committee_form is not None:
            targets.append((None, committee_form))
        if staff_form is not None:
            targets.extend((s, staff_form) for s in by_rc[rc.id])
        for subject, form in targets:
            sid = None if subject is None else subject.id
            rule = ROUND_RULES[r.kind]
            if r.kind == STREET:
                entry = loaded.street.get((rc.id, sid))
                half = street_half(
                    [
                        (label, None if entry is None else entry[i])
                        for i, label in enumerate(form.items)
                    ]
                )
                halves = (half.value, None) if r.half == 1 else (None, half.value)
                text = half.explanation if entry is not None else "未录入街道评价 (H4)"
                part = StreetPart(halves, half.value, text)
                graded = Graded(half.value, None, text)
                results.append(
                    _result(r.kind, r.year, rc, subject, None, part, graded, (form.rule, rule), r)
                )
                continue
            mass = _mass(loaded, r, params, rc.id, sid, form)
            graded = _grade_round(r.kind, mass, params)
            results.append(
                _result(r.kind, r.year, rc, subject, mass, None, graded, (form.rule, rule, "D1"), r)
            )
    return _ranked(results, by_round=True)


def _grade_round(kind: str, mass: MassScore, params: _Params) -> Graded:
    """The score and grade of a round's mass part alone (H5/H6, D1, D2; annual: no grade)."""
    if mass.score is None:
        return Graded(None, None, mass.explanation)
    if kind == CADRE_D2:
        return satisfaction(mass.items[0].counts, params.d2_satisfied, params.d2_basic, D2_GRADES)
    if kind == MEMBER_D1:
        graded = grade(mass.score, params.cutoffs_d1, D1_GRADES, "D1")
    elif kind == TERM:
        graded = grade(mass.score, params.cutoffs_h, GRADES, "H5, H6")
    else:
        return Graded(mass.score, None, f"{mass.explanation}；年度综合得分另计街道评价 (H3)")
    return Graded(graded.value, graded.grade, f"{mass.explanation}；{graded.explanation}")


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
    results = _year(session, year, _statuses(published_only), street_ids)
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
    return _round_results(session, [round_.id])


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
        result = _year(session, year, _statuses(published_only), streets)
        found.extend(r for r in result.staff if r.person_id == person_id)
    if others:
        found.extend(r for r in _round_results(session, others) if r.person_id == person_id)
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
        result = _year(session, year, _statuses(published_only), [street_id])
        found.extend(r for r in result.committees if r.committee_id == committee_id)
    return found


def _chronological(result: Result) -> tuple[int, int, int, int]:
    return (result.year, _KIND_ORDER[result.kind], result.half or 0, result.round_id or 0)
