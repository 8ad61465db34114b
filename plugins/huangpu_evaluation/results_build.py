"""Assembling and ranking results from one load of the rounds (H3, H4, H5, H8, D1, D2).

``year_table`` builds the 70/30 year results (H3) of the committees of some
streets and their staff from the year's annual and street rounds, with a
fixed number of queries whatever the number of committees (``tally.load``:
seven at most); ``rounds_table`` builds the results of given rounds, per
round kind. Both rank within each street, committees and staff apart (H8).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from core.extensions import SessionLike
from plugins.huangpu_evaluation.kinds import (
    ANNUAL,
    COMMITTEE_WORK,
    ROUND_RULES,
    STAFF_WORK,
    STREET,
    Form,
    forms_of,
)
from plugins.huangpu_evaluation.models import Round
from plugins.huangpu_evaluation.result_types import MassScore, Result, StreetPart, YearResults
from plugins.huangpu_evaluation.results_parts import (
    final_grade,
    grade_round,
    mass_part,
    params_for,
    street_part,
)
from plugins.huangpu_evaluation.rules.scores import Graded, ranks, street_half
from plugins.huangpu_evaluation.tally import CommitteeRow, RoundRow, SubjectRow, load


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


def year_table(
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
        params = params_for(loaded, rounds[basis.round_id])
        mass = (
            None
            if annual is None
            else mass_part(loaded, rounds[annual.round_id], params, annual.id, None, COMMITTEE_WORK)
        )
        street = (
            None
            if h1 is None and h2 is None
            else street_part(loaded, (h1, h2), (None, None), COMMITTEE_WORK, params.combine, False)
        )
        rules = ("H1", "H3", "H4", "H6", "D1")
        graded = final_grade(mass, street, params)
        committees.append(_result(ANNUAL, year, basis, None, mass, street, graded, rules))
        for slots in staff.get(cid, {}).values():
            who = slots.get(0) or slots.get(2) or slots.get(1)
            assert who is not None
            staff_mass = (
                None
                if annual is None or 0 not in slots
                else mass_part(
                    loaded, rounds[annual.round_id], params, annual.id, slots[0].id, STAFF_WORK
                )
            )
            halves = (h1 if 1 in slots else None, h2 if 2 in slots else None)
            staff_street = (
                None
                if halves == (None, None)
                else street_part(
                    loaded,
                    halves,
                    tuple(slots[k].id if k in slots else None for k in (1, 2)),
                    STAFF_WORK,
                    params.combine,
                    True,
                )
            )
            graded = final_grade(staff_mass, staff_street, params)
            rules = ("H2", "H3", "H4", "H6", "D1")
            people.append(
                _result(ANNUAL, year, basis, who, staff_mass, staff_street, graded, rules)
            )
    return YearResults(year, _ranked(committees), _ranked(people))


def rounds_table(session: SessionLike, round_ids: Sequence[int]) -> list[Result]:
    """The results of the rounds ``round_ids``, per round kind (H4, H5, D1, D2), ranked."""
    loaded = load(session, [Round.id.in_(list(round_ids))])
    by_rc: dict[int, list[SubjectRow]] = defaultdict(list)
    for row in loaded.subjects:
        by_rc[row.rc_id].append(row)
    results = []
    for rc in loaded.committees:
        r = loaded.rounds[rc.round_id]
        params = params_for(loaded, r)
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
            mass = mass_part(loaded, r, params, rc.id, sid, form)
            graded = grade_round(r.kind, mass, params)
            results.append(
                _result(r.kind, r.year, rc, subject, mass, None, graded, (form.rule, rule, "D1"), r)
            )
    return _ranked(results, by_round=True)
