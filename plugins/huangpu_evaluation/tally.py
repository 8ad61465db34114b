"""Set-based reads behind the results: rounds, ballot tallies, turnouts, street scores, policy.

``load`` reads everything one computation of results needs in at most seven
queries, whatever the number of committees. The ballot tally is a single
GROUP BY over ``BallotMark`` by (round committee, subject) with one
``SUM(CASE …)`` column per item and answer (D1, H3); the street
evaluations and the turnout counts are one query each (H4, D1); the policy
values of the plugin are read once and resolved per round in Python with
core's own rule (``core.rules.policy.choose``), exactly as
``core.policy.resolve`` does, without a query per round and parameter.

Core statements over a model's table go through ``core.scoping.scoped``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select

from core.extensions import SessionLike
from core.models import OrgUnit, Person
from core.models.policy import PolicyValue
from core.policy import get_spec
from core.rules.divisions import OrgKind, ancestor_codes, scope_prefix
from core.rules.policy import Candidate, choose
from core.scoping import scoped
from plugins.huangpu_evaluation.kinds import BALLOT_KINDS, MAX_ITEMS, STREET
from plugins.huangpu_evaluation.models import (
    BallotMark,
    Participant,
    Round,
    RoundCommittee,
    RoundSubject,
    StreetEvaluation,
)
from plugins.huangpu_evaluation.parameters import P

#: Answers counted per item: the largest form has four (H answers).
MAX_ANSWERS = 4

#: ``(round committee id, subject id or None)``.
Key = tuple[int, int | None]
#: Per item, the number of ballots per answer (answer 1 first).
Counts = tuple[tuple[int, ...], ...]


def ballot_counts(session: SessionLike, rc_ids: Select[Any]) -> dict[Key, Counts]:
    """``{(rc, subject): counts per item per answer}`` of the marks of ``rc_ids``, one query.

    ``rc_ids`` is a SELECT of round committee ids. Blanks (NULL) fall in no
    answer, so they count as no vote on that item (H3).
    """
    table = BallotMark.__table__
    columns = [
        func.sum(case((table.c[f"a{i}"] == k, 1), else_=0)).label(f"a{i}_{k}")
        for i in range(1, MAX_ITEMS + 1)
        for k in range(1, MAX_ANSWERS + 1)
    ]
    stmt = (
        select(table.c.round_committee_id, table.c.subject_id, *columns)
        .where(table.c.round_committee_id.in_(rc_ids))
        .group_by(table.c.round_committee_id, table.c.subject_id)
    )
    result: dict[Key, Counts] = {}
    for row in session.execute(scoped(stmt, BallotMark)):
        values = [int(v or 0) for v in row[2:]]
        result[(row[0], row[1])] = tuple(
            tuple(values[i * MAX_ANSWERS : (i + 1) * MAX_ANSWERS]) for i in range(MAX_ITEMS)
        )
    return result


def turnout_counts(session: SessionLike, rc_ids: Select[Any]) -> dict[int, tuple[int, int]]:
    """``{rc: (body, took part)}`` of the participants of ``rc_ids``, one query (D1)."""
    table = Participant.__table__
    stmt = (
        select(
            table.c.round_committee_id,
            func.count(table.c.id),
            func.sum(case((table.c.took_part.is_(True), 1), else_=0)),
        )
        .where(table.c.round_committee_id.in_(rc_ids))
        .group_by(table.c.round_committee_id)
    )
    return {
        rc: (int(body), int(took or 0))
        for rc, body, took in session.execute(scoped(stmt, Participant))
    }


def street_scores(
    session: SessionLike, rc_ids: Select[Any]
) -> dict[Key, tuple[Decimal | None, ...]]:
    """``{(rc, subject): (score_1, …, score_5)}`` of the street evaluations of ``rc_ids`` (H4)."""
    table = StreetEvaluation.__table__
    stmt = select(
        table.c.round_committee_id,
        table.c.subject_id,
        *(table.c[f"score_{i}"] for i in range(1, MAX_ITEMS + 1)),
    ).where(table.c.round_committee_id.in_(rc_ids))
    result: dict[Key, tuple[Decimal | None, ...]] = {}
    for row in session.execute(scoped(stmt, StreetEvaluation)):
        result[(row[0], row[1])] = tuple(
            v if v is None or isinstance(v, Decimal) else Decimal(str(v)) for v in row[2:]
        )
    return result


@dataclasses.dataclass(frozen=True)
class _Stored:
    key: str
    value: str
    effective_from: dt.date
    unit_code: str | None
    unit_name: str
    unit_kind: str | None


_DEPTH = {None: 0, "district": 1, "street": 2, "committee": 3}


class PolicyBook:
    """The plugin's stored policy values, read in one query, resolved like ``core.policy.resolve``.

    Resolution reads are deliberately not narrowed by scope (as core's): a
    committee's staff must get the district's weights.
    """

    def __init__(self, session: SessionLike) -> None:
        stmt = (
            select(
                PolicyValue.key,
                PolicyValue.value,
                PolicyValue.effective_from,
                OrgUnit.code,
                OrgUnit.name,
                OrgUnit.kind,
            )
            .outerjoin(OrgUnit, PolicyValue.org_unit_id == OrgUnit.id)
            .where(PolicyValue.key.startswith(P))
        )
        rows = session.execute(stmt, execution_options={"juwei_unscoped": True}).all()
        self._by_key: dict[str, list[_Stored]] = {}
        for row in rows:
            self._by_key.setdefault(row[0], []).append(_Stored(*row))
        self._cache: dict[tuple[str, dt.date, str | None], Any] = {}

    def value(self, key: str, day: dt.date, unit_code: str | None, unit_kind: str | None) -> Any:
        """The typed value of ``key`` on ``day`` for the unit; ``NoValueInForce`` if none."""
        cached = self._cache.get((key, day, unit_code))
        if cached is not None:
            return cached
        codes: set[str] = set()
        if unit_code is not None and unit_kind is not None:
            codes = {*ancestor_codes(scope_prefix(unit_code, OrgKind(unit_kind))), unit_code}
        candidates = [
            Candidate(
                value=s.value,
                effective_from=s.effective_from,
                depth=_DEPTH.get(s.unit_kind, 0),
                unit_code=s.unit_code,
                unit_name=s.unit_name or "",
            )
            for s in self._by_key.get(key, [])
            if s.unit_code is None or s.unit_code in codes
        ]
        value = get_spec(key).parse(choose(key, candidates, day).value)
        self._cache[(key, day, unit_code)] = value
        return value

    def values(
        self, keys: Mapping[str, str], day: dt.date, unit_code: str | None, unit_kind: str | None
    ) -> dict[str, Any]:
        """``{name: value}`` for ``{name: key}``, all at ``day`` for the unit."""
        return {name: self.value(key, day, unit_code, unit_kind) for name, key in keys.items()}


# --- everything one computation needs -------------------------------------------


@dataclasses.dataclass(frozen=True)
class RoundRow:
    """A round and the code and kind of its org unit (for the policy values)."""

    id: int
    kind: str
    year: int
    half: int | None
    period_end: dt.date
    title: str
    status: str
    unit_code: str
    unit_kind: str


@dataclasses.dataclass(frozen=True)
class CommitteeRow:
    """A round committee with its committee's and street's names and codes."""

    id: int
    round_id: int
    committee_id: int
    committee_code: str
    committee_name: str
    street_id: int
    street_code: str
    street_name: str


@dataclasses.dataclass(frozen=True)
class SubjectRow:
    """A staff member evaluated in a round committee (H2)."""

    id: int
    rc_id: int
    person_id: int
    person_name: str
    title: str


@dataclasses.dataclass
class Loaded:
    """The rounds, their committees and staff, the tallies and the policy values."""

    rounds: dict[int, RoundRow]
    committees: list[CommitteeRow]
    subjects: list[SubjectRow]
    counts: dict[Key, Counts]
    turnout: dict[int, tuple[int, int]]
    street: dict[Key, tuple[Decimal | None, ...]]
    policy: PolicyBook
    #: The parameters per round, filled by the caller (``results_parts.params_for``).
    params: dict[int, Any] = dataclasses.field(default_factory=dict)


def load(
    session: SessionLike,
    where: Iterable[ColumnElement[bool]],
    street_ids: Iterable[int] | None = None,
    person_id: int | None = None,
) -> Loaded:
    """Read the rounds matching ``where`` and all that their results need (≤ 7 queries).

    ``street_ids`` narrows to the committees of those streets; ``person_id``
    narrows the staff read (the committees' figures are still read).
    """
    # Core aliases: the units' names and codes of rows already narrowed by scope (the
    # ORM's scope criteria cannot follow an aliased entity).
    org = OrgUnit.__table__
    unit = org.alias("round_unit")
    round_rows = session.execute(
        select(
            Round.id,
            Round.kind,
            Round.year,
            Round.half,
            Round.period_end,
            Round.title,
            Round.status,
            unit.c.code,
            unit.c.kind,
        )
        .join(unit, Round.org_unit_id == unit.c.id)
        .where(*where)
    ).all()
    rounds = {row[0]: RoundRow(*row) for row in round_rows}
    policy = PolicyBook(session)
    if not rounds:
        return Loaded({}, [], [], {}, {}, {}, policy)
    committee, street = org.alias("committee"), org.alias("street")
    streets = None if street_ids is None else list(street_ids)

    def rc_ids(ids: list[int]) -> Select[Any]:
        stmt = select(RoundCommittee.id).where(RoundCommittee.round_id.in_(ids))
        if streets is not None:
            stmt = stmt.join(committee, RoundCommittee.org_unit_id == committee.c.id).where(
                committee.c.parent_id.in_(streets)
            )
        return stmt

    stmt = (
        select(
            RoundCommittee.id,
            RoundCommittee.round_id,
            committee.c.id,
            committee.c.code,
            committee.c.name,
            street.c.id,
            street.c.code,
            street.c.name,
        )
        .join(committee, RoundCommittee.org_unit_id == committee.c.id)
        .join(street, committee.c.parent_id == street.c.id)
        .where(RoundCommittee.round_id.in_(list(rounds)))
    )
    if streets is not None:
        stmt = stmt.where(committee.c.parent_id.in_(streets))
    committees = [CommitteeRow(*row) for row in session.execute(stmt)]
    subject_stmt = (
        select(
            RoundSubject.id,
            RoundSubject.round_committee_id,
            RoundSubject.person_id,
            func.coalesce(Person.name, ""),
            RoundSubject.title,
        )
        .outerjoin(Person, RoundSubject.person_id == Person.id)
        .where(RoundSubject.round_committee_id.in_(rc_ids(list(rounds))))
        .order_by(RoundSubject.id)
    )
    if person_id is not None:
        subject_stmt = subject_stmt.where(RoundSubject.person_id == person_id)
    subjects = [SubjectRow(*row) for row in session.execute(subject_stmt)]
    ballot_rounds = [r.id for r in rounds.values() if r.kind in BALLOT_KINDS]
    street_rounds = [r.id for r in rounds.values() if r.kind == STREET]
    counts = ballot_counts(session, rc_ids(ballot_rounds)) if ballot_rounds else {}
    turnout = turnout_counts(session, rc_ids(ballot_rounds)) if ballot_rounds else {}
    scores = street_scores(session, rc_ids(street_rounds)) if street_rounds else {}
    return Loaded(rounds, committees, subjects, counts, turnout, scores, policy)
