"""Convening the residents' meeting (rule C7): proposals and the half-yearly duty.

A proposal obliges the committee to convene a meeting when enough adults,
households or resident groups make it. The total they are compared with comes
from the records on the day the proposal was received (or is entered by hand,
with a reason, where the records are incomplete); the share and whether
reaching it is enough (以上, ≥) or it must be passed (超过, >) are policy
parameters (``core.convening.*``). The judging itself is the pure
``core.rules.meetings.convening_proposal``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from core import policy
from core.extensions import SessionLike
from core.kinds import RESIDENTS_MEETING
from core.rules.age import adult_born_by
from core.rules.meetings import (
    PROPOSER_LABELS,
    ConveningDue,
    ProposalResult,
    ProposerKind,
    convening_due,
    convening_proposal,
)
from core.rules.policy import NoValueInForce

if TYPE_CHECKING:
    from core.models.meetings import ConveningProposal
    from core.models.org import OrgUnit

#: The policy parameter holding each kind's share (C7).
SHARE_KEYS = {
    ProposerKind.RESIDENTS: "core.convening.residents_share",
    ProposerKind.HOUSEHOLDS: "core.convening.households_share",
    ProposerKind.RESIDENT_GROUPS: "core.convening.groups_share",
}


def record_total(session: SessionLike, committee_id: int, kind: ProposerKind, day: dt.date) -> int:
    """How many adults (18+ on ``day``), households or groups (not dissolved) are on record."""
    from core.models.committees import ResidentGroup
    from core.models.people import Household, Person

    if kind is ProposerKind.RESIDENTS:
        stmt = (
            select(func.count())
            .select_from(Person)
            .where(Person.org_unit_id == committee_id, Person.birth_date <= adult_born_by(day))
        )
    elif kind is ProposerKind.HOUSEHOLDS:
        stmt = (
            select(func.count()).select_from(Household).where(Household.org_unit_id == committee_id)
        )
    else:
        stmt = (
            select(func.count())
            .select_from(ResidentGroup)
            .where(
                ResidentGroup.org_unit_id == committee_id,
                or_(ResidentGroup.dissolved_on.is_(None), ResidentGroup.dissolved_on > day),
            )
        )
    return int(session.execute(stmt).scalar_one())


@dataclasses.dataclass(frozen=True)
class ProposalJudgement:
    """A proposal's count, the total it is compared with, and the verdict, each explained."""

    proposers: int
    total: int | None
    total_explanation: str
    result: ProposalResult | None
    problems: list[str]

    @property
    def explanation(self) -> str:
        """One line for lists: the verdict's arithmetic, or what is wrong."""
        if self.result is not None:
            return self.result.explanation
        return "；".join(self.problems)


def judge_proposal(session: SessionLike, proposal: ConveningProposal) -> ProposalJudgement:
    """Whether ``proposal`` obliges the committee to convene a residents' meeting (rule C7)."""
    kind = ProposerKind(proposal.proposer_kind)
    proposers = len(proposal.proposers)
    label = PROPOSER_LABELS[kind]
    if proposal.total_count is not None:
        total = proposal.total_count
        why = f"{label}总数 {total}（手工填写：{proposal.total_reason or '未说明原因'}）"
    else:
        total = record_total(session, proposal.org_unit_id, kind, proposal.received_on)
        why = f"{label}总数 {total}（按 {proposal.received_on.isoformat()} 的登记信息）"
    problems: list[str] = []
    result: ProposalResult | None = None
    try:
        unit = proposal.org_unit
        share = Fraction(
            policy.resolve(session, SHARE_KEYS[kind], proposal.received_on, unit).value
        )
        inclusive = bool(
            policy.resolve(session, "core.convening.inclusive", proposal.received_on, unit).value
        )
        result = convening_proposal(kind, proposers, total, share, inclusive)
    except (ValueError, NoValueInForce) as exc:
        problems.append(str(exc))
    return ProposalJudgement(proposers, total, why, result, problems)


def check_proposal(proposal: ConveningProposal) -> None:
    """Raise ``ValueError`` in Chinese unless the proposal can be judged (rules C1, C3, C7).

    Every proposer is of the proposal's kind and of its committee; a resident
    is 18 or over on the day received; a total entered by hand has a reason.
    """
    from core.models.base import require_committee, same_unit
    from core.models.people import Person

    require_committee(proposal, "提议")
    if proposal.received_on is None:
        raise ValueError("请填写收到提议的日期 (C7)")
    if proposal.received_on > dt.date.today():
        raise ValueError(f"收到提议的日期 {proposal.received_on} 是将来的日期 (C7)")
    kind = ProposerKind(proposal.proposer_kind)
    if proposal.total_count is not None:
        if proposal.total_count < 1:
            raise ValueError("手工填写的总数必须至少为 1 (C7)")
        if not (proposal.total_reason or "").strip():
            raise ValueError("手工填写总数时，须说明原因（例如人员信息尚未录入完整） (C7)")
    if not proposal.proposers:
        raise ValueError("请选择提议人 (C7)")
    born_by = adult_born_by(proposal.received_on)
    for proposer in proposal.proposers:
        target = _target(proposer, kind)
        if target is None:
            raise ValueError(f"提议人须为{PROPOSER_LABELS[kind]} (C7)")
        if not same_unit(proposal, target):
            raise ValueError(f"提议人“{target}”不属于本居委会 (C7)")
        if isinstance(target, Person) and target.birth_date > born_by:
            raise ValueError(f"提议人“{target}”在 {proposal.received_on} 未满18周岁 (C3, C7)")
    if proposal.total_count is not None and len(proposal.proposers) > proposal.total_count:
        raise ValueError(
            f"提议人数 {len(proposal.proposers)} 超过手工填写的总数 {proposal.total_count} (C7)"
        )


def _target(proposer: Any, kind: ProposerKind) -> Any:
    """The person, household or group a proposer row names, set by relationship or by id."""
    from sqlalchemy.orm import object_session

    from core.models.committees import ResidentGroup
    from core.models.people import Household, Person

    name, model = {
        ProposerKind.RESIDENTS: ("person", Person),
        ProposerKind.HOUSEHOLDS: ("household", Household),
        ProposerKind.RESIDENT_GROUPS: ("resident_group", ResidentGroup),
    }[kind]
    target = getattr(proposer, name)
    target_id = getattr(proposer, f"{name}_id")
    session = object_session(proposer)
    if target is None and target_id is not None and session is not None:
        target = session.get(model, target_id)
    return target


def convening_overview(
    session: SessionLike, committees: list[OrgUnit], on: dt.date
) -> list[tuple[OrgUnit, ConveningDue]]:
    """Each committee with whether it is late convening its residents' meeting (rule C7).

    The same verdict as ``core.meetings.convening_status``, with the last
    meetings of all the committees read in one grouped query.
    """
    last = last_residents_meetings(session, [unit.id for unit in committees])
    return [(unit, convening_due(last.get(unit.id), on)) for unit in committees]


def last_residents_meetings(session: SessionLike, committee_ids: list[int]) -> dict[int, dt.date]:
    """``{committee id: day of its last residents' meeting}``, in one grouped query (C7)."""
    from core.models.meetings import Meeting

    if not committee_ids:
        return {}
    rows = session.execute(
        select(Meeting.org_unit_id, func.max(Meeting.held_on))
        .where(Meeting.org_unit_id.in_(committee_ids), Meeting.kind == RESIDENTS_MEETING)
        .group_by(Meeting.org_unit_id)
    ).all()
    return {unit_id: held_on for unit_id, held_on in rows}
