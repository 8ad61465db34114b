"""Summary meetings (J8), trainings (J9) and evaluations (J10): checks and status."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from core.extensions import SessionLike
from core.models.base import same_unit, unit_of
from core.policy import resolve
from core.rules.divisions import OrgKind
from plugins.jiayuguan_groups.kinds import SUMMARY_MEETING
from plugins.jiayuguan_groups.rules.schedule import (
    HalfYear,
    SummaryHalf,
    TrainingStatus,
    last_completed_half,
    summary_status,
    training_status,
)

if TYPE_CHECKING:
    from plugins.jiayuguan_groups.models import GroupEvaluation, Training


def check_summary_meeting(meeting: Any) -> None:
    """Raise ``ValueError`` unless a half-yearly summary meeting names its group (J8)."""
    if meeting.kind != SUMMARY_MEETING:
        return
    if meeting.resident_group_id is None and meeting.resident_group is None:
        raise ValueError("居民小组半年小结会须选择居民小组 (J8)")


def check_training(training: Training) -> None:
    """Raise ``ValueError`` unless a street holds the training (J9)."""
    unit = unit_of(training)
    if unit is not None and unit.kind != OrgKind.STREET:
        raise ValueError("培训由街道办事处组织，请选择街道 (J9)")
    if training.attendance is not None and training.attendance < 0:
        raise ValueError("参训人数不能为负数 (J9)")


def check_evaluation(evaluation: GroupEvaluation) -> None:
    """Raise ``ValueError`` unless the group is the committee's and the half-year valid (J10)."""
    group = evaluation.resident_group
    if group is not None and not same_unit(evaluation, group):
        raise ValueError("只能评议本居委会的居民小组 (J10)")
    if evaluation.half not in (1, 2):
        raise ValueError("半年须为上半年或下半年 (J10)")
    if evaluation.evaluated_on is not None and evaluation.evaluated_on.year < evaluation.year:
        raise ValueError("评议日期不能早于所评议的年度 (J10)")


#: Who a training counts for (J9): trainings of committees, trainings of groups.
TRAINED = {"居委会": ("both", "committee"), "居民小组": ("both", "group")}


@dataclasses.dataclass(frozen=True)
class GroupSchedule:
    """A group's summary meetings this term (J8) and its evaluations (J10)."""

    group_id: int
    group_name: str
    summaries: list[SummaryHalf]
    #: Who has not evaluated the group for the last completed half-year (J10).
    not_evaluated_by: list[str]

    @property
    def warnings(self) -> list[str]:
        """The half-years without a summary meeting and the missing evaluations."""
        notes = [s.explanation for s in self.summaries if s.warning]
        notes += [f"{who}尚未评议 (J10)" for who in self.not_evaluated_by]
        return notes


@dataclasses.dataclass(frozen=True)
class CommitteeSchedule:
    """A committee's J8, J9 and J10 status on a day."""

    committee_id: int
    committee_name: str
    street_name: str
    term: tuple[dt.date, dt.date] | None
    groups: list[GroupSchedule]
    #: (居委会 | 居民小组, the trainings of the term judged by J9).
    trainings: list[tuple[str, TrainingStatus]]
    #: The half-year J10 evaluations are expected for.
    evaluated_half: HalfYear

    @property
    def behind(self) -> bool:
        """Whether the street has fallen behind with this committee's trainings (J9)."""
        return any(status.behind for _who, status in self.trainings)

    @property
    def warning_count(self) -> int:
        """Missing summary meetings, missing evaluations and trainings behind."""
        return sum(len(g.warnings) for g in self.groups) + sum(
            1 for _who, status in self.trainings if status.behind
        )


def committee_schedules(
    session: SessionLike, today: dt.date, committee_ids: Sequence[int] | None = None
) -> list[CommitteeSchedule]:
    """The J8, J9 and J10 status of each committee in scope on ``today``, in a few queries.

    The current term is the committee's term covering ``today``; a committee
    without one shows no term and nothing to judge for J8 and J9.
    """
    from core.models import Meeting, OrgUnit, ResidentGroup, Term
    from plugins.jiayuguan_groups.models import GroupEvaluation, Training
    from plugins.jiayuguan_groups.models.evaluations import EVALUATORS

    stmt = select(OrgUnit).where(OrgUnit.kind == OrgKind.COMMITTEE.value).order_by(OrgUnit.code)
    if committee_ids is not None:
        stmt = stmt.where(OrgUnit.id.in_(list(committee_ids)))
    committees = list(session.scalars(stmt))
    if not committees:
        return []
    ids = [c.id for c in committees]
    parents = {c.parent_id for c in committees if c.parent_id is not None}
    streets = dict(
        session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(parents))).all()
    )
    terms = {
        t.org_unit_id: (t.start_date, t.end_date)
        for t in session.scalars(
            select(Term).where(
                Term.org_unit_id.in_(ids), Term.start_date <= today, Term.end_date >= today
            )
        )
    }
    earliest = min((start for start, _end in terms.values()), default=today)
    groups = session.execute(
        select(ResidentGroup.id, ResidentGroup.name, ResidentGroup.org_unit_id)
        .where(
            ResidentGroup.org_unit_id.in_(ids),
            or_(ResidentGroup.dissolved_on.is_(None), ResidentGroup.dissolved_on > today),
        )
        .order_by(ResidentGroup.number, ResidentGroup.id)
    ).all()
    group_ids = [g.id for g in groups]
    held: dict[int | None, list[dt.date]] = {}
    for group_id, day in session.execute(
        select(Meeting.resident_group_id, Meeting.held_on).where(
            Meeting.kind == SUMMARY_MEETING,
            Meeting.resident_group_id.in_(group_ids),
            Meeting.held_on >= earliest,
            Meeting.held_on <= today,
        )
    ).all():
        held.setdefault(group_id, []).append(day)
    trainings = session.execute(
        select(Training.org_unit_id, Training.held_on, Training.audience).where(
            Training.org_unit_id.in_(parents),
            Training.held_on >= earliest,
            Training.held_on <= today,
        )
    ).all()
    half = last_completed_half(today)
    evaluated: set[tuple[int, str]] = {
        (row[0], row[1])
        for row in session.execute(
            select(GroupEvaluation.resident_group_id, GroupEvaluation.evaluator).where(
                GroupEvaluation.resident_group_id.in_(group_ids),
                GroupEvaluation.year == half.year,
                GroupEvaluation.half == half.half,
            )
        ).all()
    }
    result = []
    for committee in committees:
        term = terms.get(committee.id)
        required = int(
            resolve(session, "jiayuguan_groups.training.per_term", today, committee).value
        )
        statuses = []
        if term is not None:
            for who, audiences in TRAINED.items():
                count = sum(
                    1
                    for unit_id, day, audience in trainings
                    if unit_id == committee.parent_id
                    and audience in audiences
                    and term[0] <= day <= term[1]
                )
                statuses.append((who, training_status(term[0], term[1], today, count, required)))
        rows = [
            GroupSchedule(
                group_id=g.id,
                group_name=g.name,
                summaries=(
                    summary_status(term[0], term[1], today, held.get(g.id, []))
                    if term is not None
                    else []
                ),
                not_evaluated_by=[
                    label for key, label in EVALUATORS.items() if (g.id, key) not in evaluated
                ],
            )
            for g in groups
            if g.org_unit_id == committee.id
        ]
        result.append(
            CommitteeSchedule(
                committee_id=committee.id,
                committee_name=committee.name,
                street_name=streets.get(committee.parent_id or 0, ""),
                term=term,
                groups=rows,
                trainings=statuses,
                evaluated_half=half,
            )
        )
    return result
