"""Setting up evaluation rounds and moving them through their statuses (H4, H5, H9, D1, D4).

``create_round`` makes a round with its committees, the staff evaluated
(from core's positions on the last day of the period) and, for a ballot
round, the body of participants (representatives, group leaders and the
supervision group, H4, H9). ``transition`` moves a round draft → open →
closed → published, refusing with a Chinese message what the rules forbid.
``turnouts`` counts, set-based, who took part and how many ballots came in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, inspect, select

from core.extensions import SessionLike
from core.kinds import (
    DEPUTY,
    DIRECTOR,
    GROUP_LEADER,
    MEMBER,
    REPRESENTATIVE,
    SUPERVISION_LEADER,
    SUPERVISION_MEMBER,
    kind_of,
)
from core.models import OrgUnit, Position
from core.policy import resolve
from core.positions import in_force
from plugins.huangpu_evaluation.kinds import (
    ANNUAL,
    BALLOT_KINDS,
    DISPATCHED_WORKER,
    HALF_YEAR_KINDS,
    MEMBER_D1,
    ROUND_KINDS,
    STATUSES,
    SUPERVISION,
    TERM,
    forms_of,
)
from plugins.huangpu_evaluation.models import (
    Ballot,
    Participant,
    Round,
    RoundCommittee,
    RoundSubject,
)
from plugins.huangpu_evaluation.parameters import D1_MONTHS, TURNOUT, parse_months
from plugins.huangpu_evaluation.rules.turnout import TurnoutVerdict, turnout


class RoundError(ValueError):
    """A round operation the rules refuse; the message is Chinese and names the rule."""


#: Position kinds of the staff evaluated (H2), in the order they are listed.
STAFF_KINDS = {DIRECTOR: "member", DEPUTY: "member", MEMBER: "member", DISPATCHED_WORKER: "worker"}
#: Which positions make a participant of which category (H4, H9, D1).
PARTICIPANT_KINDS = {
    REPRESENTATIVE: "resident_rep",
    GROUP_LEADER: "group_leader",
    SUPERVISION_LEADER: SUPERVISION,
    SUPERVISION_MEMBER: SUPERVISION,
}
#: D1 and D2 are decided by resident representatives only.
REPRESENTATIVES_ONLY = frozenset({MEMBER_D1, "cadre_d2"})
#: Mass evaluations the supervision group must take part in (H9).
SUPERVISED_KINDS = frozenset({ANNUAL, TERM})

_NEXT = {"draft": {"open"}, "open": {"closed"}, "closed": {"published", "open"}, "published": set()}
_FROZEN_FIELDS = ("kind", "year", "half", "period_start", "period_end")


# --- checks on records ------------------------------------------------------------


def check_round(round_: Round) -> None:
    """Raise ``RoundError`` when a round's unit, kind, year, half or period do not fit."""
    state: Any = inspect(round_)
    if not state.pending and round_.status != "draft":
        changed = [f for f in _FROZEN_FIELDS if state.attrs[f].history.has_changes()]
        if changed:
            raise RoundError("测评已开始，不能再改类型、年度、半年或期间")
    unit = round_.org_unit
    if unit is not None and unit.kind == "committee":
        raise RoundError("测评轮次由街道或区组织，不能属于居委会 (H4)")
    if round_.kind not in ROUND_KINDS:
        raise RoundError(f"未知的测评类型“{round_.kind}”")
    if round_.period_start and round_.period_end and round_.period_start > round_.period_end:
        raise RoundError("测评期间的开始日期不能晚于结束日期")
    if round_.kind in HALF_YEAR_KINDS:
        if round_.half not in (1, 2):
            raise RoundError(f"{ROUND_KINDS[round_.kind]}须注明上半年或下半年 (H4, D1)")
        first, last = _half_bounds(round_.year, round_.half)
        if not (first <= round_.period_start and round_.period_end <= last):
            raise RoundError(
                f"{round_.year}年{'上' if round_.half == 1 else '下'}半年的测评期间须在"
                f" {first.isoformat()} 至 {last.isoformat()} 之内"
            )
    elif round_.half is not None:
        raise RoundError(f"{ROUND_KINDS[round_.kind]}不分上下半年")
    if round_.kind != TERM and round_.period_end.year != round_.year:
        raise RoundError(f"测评期间须在 {round_.year} 年内结束")


def check_round_committee(rc: RoundCommittee) -> None:
    """Raise ``RoundError`` unless the committee lies under the round's unit (C1)."""
    unit, round_ = rc.org_unit, rc.round
    if unit is None or round_ is None:
        return
    if unit.kind != "committee":
        raise RoundError(f"“{unit.name}”不是居委会，不能参加测评 (C1)")
    organiser = round_.org_unit
    if organiser is not None and not unit.code.startswith(organiser.scope_prefix):
        raise RoundError(f"“{unit.name}”不属于{organiser.name}，不能参加本轮测评 (C1)")


def _half_bounds(year: int, half: int) -> tuple[dt.date, dt.date]:
    if half == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)


# --- creating a round -----------------------------------------------------------


def create_round(
    session: SessionLike,
    unit: OrgUnit,
    kind: str,
    year: int,
    committees: Sequence[OrgUnit],
    *,
    half: int | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    title: str = "",
    method: str = "meeting",
) -> Round:
    """A draft round of ``unit`` over ``committees``, with subjects and participants filled.

    Without a period, an annual round covers its year and a half-yearly one
    its half. Staff (H2) and participants (H4, H9, D1) come from core's
    positions held on the period's last day; staff may edit both lists
    while the round is a draft.
    """
    if period_start is None or period_end is None:
        if kind in HALF_YEAR_KINDS and half in (1, 2):
            period_start, period_end = _half_bounds(year, half)
        else:
            period_start, period_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not committees:
        raise RoundError("请至少选择一个居委会")
    round_ = Round(
        org_unit=unit,
        kind=kind,
        year=year,
        half=half,
        period_start=period_start,
        period_end=period_end,
        title=title or default_title(kind, year, half, unit.name),
        method=method,
        status="draft",
    )
    session.add(round_)
    for committee in committees:
        # back_populates appends it to round_.committees; add it to the session too.
        rc = RoundCommittee(round=round_, org_unit=committee)
        session.add(rc)
        fill(session, rc)
    return round_


def default_title(kind: str, year: int, half: int | None, unit_name: str) -> str:
    """E.g. ``瑞金二路街道2025年度群众评议``."""
    part = "" if half is None else ("上半年" if half == 1 else "下半年")
    label = ROUND_KINDS[kind]
    return (
        f"{unit_name}{year}年{part}{label}"
        if half
        else f"{unit_name}{year}年度{label.removeprefix('年度')}"
    )


def fill(session: SessionLike, rc: RoundCommittee) -> None:
    """Add the staff and participants of ``rc`` from the positions held on the period's end."""
    round_ = rc.round
    day = round_.period_end
    _, staff_form = forms_of(round_.kind)
    rows = session.execute(
        select(Position)
        .where(Position.org_unit_id == rc.org_unit.id, *in_force(day))
        .order_by(Position.id)
    ).scalars()
    positions = list(rows)
    have_subjects = {s.person_id for s in rc.subjects}
    if staff_form is not None:
        order = list(STAFF_KINDS)
        for position in sorted(
            (p for p in positions if p.kind in STAFF_KINDS), key=lambda p: order.index(p.kind)
        ):
            if position.person_id in have_subjects:
                continue
            have_subjects.add(position.person_id)
            label = kind_of("position", position.kind)
            rc.subjects.append(
                RoundSubject(
                    person_id=position.person_id,
                    person=position.person,
                    role=STAFF_KINDS[position.kind],
                    title=label.label if label else position.kind,
                )
            )
    if round_.kind not in BALLOT_KINDS:
        return
    have_people = {p.person_id for p in rc.participants}
    for position in positions:
        category = PARTICIPANT_KINDS.get(position.kind)
        if category is None or position.person_id in have_people:
            continue
        if round_.kind in REPRESENTATIVES_ONLY and position.kind != REPRESENTATIVE:
            continue
        have_people.add(position.person_id)
        rc.participants.append(
            Participant(
                person_id=position.person_id,
                name=position.person.name,
                category=category,
                took_part=False,
            )
        )


# --- statuses ---------------------------------------------------------------------


def transition(
    session: SessionLike, round_: Round, to: str, today: dt.date, reason: str = ""
) -> None:
    """Move ``round_`` to status ``to`` or raise ``RoundError`` saying why not (H7, H9, D1).

    Opening needs, for a ballot round, a body of participants in every
    committee and, for a mass evaluation, the supervision group among them
    (H9). Reopening a closed round needs a reason (it goes into the note and
    the audit trail). A published round is final.
    """
    if to not in STATUSES:
        raise RoundError(f"未知的状态“{to}”")
    if to not in _NEXT[round_.status]:
        raise RoundError(f"测评“{round_.title}”{STATUSES[round_.status]}，不能改为{STATUSES[to]}")
    if to == "open" and round_.status == "draft":
        _check_can_open(round_)
        round_.opened_on = today
    elif to == "open":
        if not reason.strip():
            raise RoundError("重新开启已结束的测评须说明理由")
        round_.note = (round_.note + "\n" if round_.note else "") + (
            f"{today.isoformat()} 重新开启：{reason.strip()}"
        )
        round_.closed_on = None
    elif to == "closed":
        round_.closed_on = today
    elif to == "published":
        round_.published_on = today
    round_.status = to
    session.flush()


def _check_can_open(round_: Round) -> None:
    if not round_.committees:
        raise RoundError("本轮测评还没有居委会")
    if round_.kind not in BALLOT_KINDS:
        return
    for rc in round_.committees:
        if not rc.participants:
            raise RoundError(f"{rc.org_unit.name}还没有参评人员名单，不能开始测评 (D1)")
        if round_.kind in SUPERVISED_KINDS and not any(
            p.category == SUPERVISION for p in rc.participants
        ):
            raise RoundError(
                f"{rc.org_unit.name}的参评人员中没有居务监督小组成员："
                "群众评议须有居务监督小组参加 (H9)"
            )


# --- turnout ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Turnout:
    """Counts of one round committee, and the D1 verdict on them."""

    round_committee_id: int
    body: int
    took_part: int
    ballots: int
    verdict: TurnoutVerdict

    @property
    def ballots_exceed(self) -> bool:
        """More ballots than people who took part: something to check (D1)."""
        return self.ballots > self.took_part


def turnouts(
    session: SessionLike, round_: Round, rc_ids: Iterable[int] | None = None
) -> dict[int, Turnout]:
    """``{round committee id: Turnout}`` of ``round_``, in two queries (D1).

    The threshold is the policy parameter in force at the end of the period,
    for the round's unit.
    """
    threshold = resolve(session, TURNOUT, round_.period_end, round_.org_unit).value
    final = round_.status in ("closed", "published")
    ids = list(rc_ids) if rc_ids is not None else [rc.id for rc in round_.committees]
    if not ids:
        return {}
    people = session.execute(
        select(
            Participant.round_committee_id,
            func.count(Participant.id),
            func.count(Participant.id).filter(Participant.took_part.is_(True)),
        )
        .where(Participant.round_committee_id.in_(ids))
        .group_by(Participant.round_committee_id)
    ).all()
    ballots = dict(
        session.execute(
            select(Ballot.round_committee_id, func.count(Ballot.id))
            .where(Ballot.round_committee_id.in_(ids))
            .group_by(Ballot.round_committee_id)
        ).all()
    )
    counts = {rc_id: (int(body), int(took)) for rc_id, body, took in people}
    result = {}
    for rc_id in ids:
        body, took = counts.get(rc_id, (0, 0))
        result[rc_id] = Turnout(
            rc_id, body, took, int(ballots.get(rc_id, 0)), turnout(took, body, threshold, final)
        )
    return result


def d1_month_ok(session: SessionLike, round_: Round) -> tuple[bool, str]:
    """Whether a D1 round is held in an evaluation month, and the sentence saying so (D4)."""
    text = resolve(session, D1_MONTHS, round_.period_end, round_.org_unit).value
    months = parse_months(str(text))
    held = round_.opened_on or round_.period_end
    listed = "、".join(f"{m}月" for m in months)
    if held.month in months:
        return True, f"于{held.month}月评议，符合每年{listed}的评议时间 (D4)"
    return False, f"于{held.month}月评议，不在每年{listed}的评议时间内 (D4)"
