"""The workstation: its staff, their post pay for a month, appraisals and renewal (B5, B6, B8).

- Staff on a day: who holds the positions 社工主任 and 社工专干 (core
  ``Position`` rows of the plugin's kinds) and the post and grade each is
  paid on (``PostAssignment``).
- Pay (B6, 任期岗位工资制): every post assignment that touches the month is
  paid at the parameter ``pay.<post>.<grade>`` in force on the month's first
  day, pro rata by calendar days for part months (``rules.pay``).
- Renewal (B8): the appraisals during the agreement ending soonest feed
  ``rules.renewal.recommend``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select

from core import policy
from core.extensions import SessionLike
from core.kinds import DEPUTY, DIRECTOR
from core.positions import in_force
from core.rules.policy import NoValueInForce
from plugins.beijing_workstation.kinds import POSTS, SOCIAL_WORKER, STATION_DIRECTOR
from plugins.beijing_workstation.parameters import pay_key
from plugins.beijing_workstation.rules.pay import MonthPay, month_bounds, month_pay, yuan
from plugins.beijing_workstation.rules.renewal import Recommendation, recommend

STATION_KINDS = {STATION_DIRECTOR: "社工主任", SOCIAL_WORKER: "社工专干"}


@dataclasses.dataclass(frozen=True)
class StaffRow:
    """One member of the station's staff on a day, with their post and what B6 flags."""

    person_id: int
    name: str
    roles: list[str]
    post: str | None
    grade: int | None
    notes: list[str]


def station_staff(session: SessionLike, committee_id: int, day: dt.date) -> list[StaffRow]:
    """The station's director and social workers on ``day`` with post and grade (B6, B9)."""
    from core.models import Position
    from plugins.beijing_workstation.models import PostAssignment

    positions = session.scalars(
        select(Position)
        .where(
            Position.org_unit_id == committee_id,
            Position.kind.in_([*STATION_KINDS, DIRECTOR, DEPUTY]),
            *in_force(day),
        )
        .order_by(Position.start_date, Position.id)
    ).all()
    leaders = {p.person_id for p in positions if p.kind in (DIRECTOR, DEPUTY)}
    posts = {
        a.person_id: a
        for a in session.scalars(
            select(PostAssignment).where(
                PostAssignment.org_unit_id == committee_id,
                PostAssignment.start_date <= day,
                or_(PostAssignment.end_date.is_(None), PostAssignment.end_date >= day),
            )
        )
    }
    rows: dict[int, StaffRow] = {}
    for position in positions:
        if position.kind not in STATION_KINDS:
            continue
        row = rows.setdefault(
            position.person_id,
            StaffRow(position.person_id, position.person.name, [], None, None, []),
        )
        row.roles.append(STATION_KINDS[position.kind])
        if position.kind == STATION_DIRECTOR and position.person_id not in leaders:
            row.notes.append("社工主任应由居委会主任或副主任兼任 (B6, B9)")
    for person_id, assignment in posts.items():
        if person_id not in rows:
            rows[person_id] = StaffRow(person_id, assignment.person.name, [], None, None, [])
            rows[person_id].notes.append("有岗位工资但不在社工岗位上 (B6)")
    result = []
    for row in rows.values():
        held = posts.get(row.person_id)
        if held is None:
            row.notes.append("未确定岗位和档次 (B6)")
            result.append(row)
        else:
            result.append(dataclasses.replace(row, post=held.post, grade=held.grade))
    result.sort(key=lambda r: (STATION_KINDS[STATION_DIRECTOR] not in r.roles, r.name))
    return result


@dataclasses.dataclass(frozen=True)
class PayLine:
    """One post assignment's pay for the month (B6)."""

    person_id: int
    name: str
    post: str
    grade: int
    start: dt.date
    end: dt.date | None
    pay: MonthPay | None
    explanation: str


@dataclasses.dataclass(frozen=True)
class PayTable:
    """A committee's station pay table for a month, with the total (B6)."""

    committee: Any
    month: dt.date
    lines: list[PayLine]
    total: Decimal
    explanation: str


def pay_table(session: SessionLike, committee: Any, month: dt.date) -> PayTable:
    """The post pay of every social worker of ``committee`` in ``month`` (rule B6)."""
    from plugins.beijing_workstation.models import PostAssignment

    first, last = month_bounds(month)
    assignments = session.scalars(
        select(PostAssignment)
        .where(
            PostAssignment.org_unit_id == committee.id,
            PostAssignment.start_date <= last,
            or_(PostAssignment.end_date.is_(None), PostAssignment.end_date >= first),
        )
        .order_by(PostAssignment.post, PostAssignment.grade, PostAssignment.start_date)
    ).all()
    rates: dict[tuple[str, int], Decimal | str] = {}
    lines = []
    for a in assignments:
        key = (a.post, a.grade)
        if key not in rates:
            try:
                rates[key] = Decimal(policy.resolve(session, pay_key(*key), first, committee).value)
            except NoValueInForce as exc:
                rates[key] = str(exc)
        rate, label = rates[key], POSTS.get(a.post, a.post)
        if isinstance(rate, str):
            lines.append(PayLine(a.person_id, a.person.name, label, a.grade, a.start_date,
                                 a.end_date, None, f"{rate} (B6)"))  # fmt: skip
            continue
        pay = month_pay(label, a.grade, rate, first, a.start_date, a.end_date)
        lines.append(PayLine(a.person_id, a.person.name, label, a.grade, a.start_date,
                             a.end_date, pay, pay.explanation))  # fmt: skip
    total = sum((line.pay.amount for line in lines if line.pay), Decimal("0.00"))
    unpaid = sum(1 for line in lines if line.pay is None)
    explanation = (
        f"{first:%Y年%m月}，{len(lines) - unpaid} 个岗位合计 {yuan(total)} 元；"
        f"岗位工资按每月1日有效的政策参数计，不满整月的按日历日折算 (B6)"
        + (f"；{unpaid} 个岗位因缺少政策参数未计算" if unpaid else "")
    )
    return PayTable(committee, first, lines, total, explanation)


EVALUATION_FIELDS = ("rating", "evaluated_on", "opinion")


def refuse_evaluation(report: Any, role: Any) -> None:
    """Raise ``ValueError`` when someone without ``APPRAISE`` sets or changes an evaluation (B5).

    The station writes its reports; evaluating them (评议) is the committee's,
    through the permission to appraise.
    """
    from sqlalchemy import inspect

    from core.permissions import has_permission
    from plugins.beijing_workstation.permissions import APPRAISE

    if role is not None and has_permission(role, APPRAISE):
        return
    state = inspect(report)
    changed = [
        name
        for name in EVALUATION_FIELDS
        if state.attrs[name].history.has_changes() and (getattr(report, name) or state.persistent)
    ]
    if changed:
        raise ValueError("评议工作站的工作汇报须有“考核社工专干、评议社区工作站工作”的权限 (B5)")


@dataclasses.dataclass(frozen=True)
class Renewal:
    """The agreement the recommendation is for, the appraisals it rests on, and the verdict."""

    agreement: Any | None
    appraisals: list[Any]
    recommendation: Recommendation
    basis: str


def appraisal_history(session: SessionLike, person_id: int) -> list[Any]:
    """The person's appraisals, oldest first (B5, B8)."""
    from plugins.beijing_workstation.models import Appraisal

    return list(
        session.scalars(
            select(Appraisal)
            .where(Appraisal.person_id == person_id)
            .order_by(Appraisal.appraised_on, Appraisal.id)
        )
    )


def renewal_for(session: SessionLike, person_id: int, today: dt.date) -> Renewal:
    """The renewal recommendation for the person's agreement ending soonest (rule B8).

    The agreement ending soonest on or after ``today`` is chosen, else the one
    that ended last. Without any agreement on record, all the person's
    appraisals are the basis, and the page says so.
    """
    from plugins.beijing_workstation.models import Agreement

    agreements = session.scalars(
        select(Agreement).where(Agreement.person_id == person_id).order_by(Agreement.end_date)
    ).all()
    current = [a for a in agreements if a.end_date >= today]
    agreement = current[0] if current else (agreements[-1] if agreements else None)
    history = appraisal_history(session, person_id)
    if agreement is None:
        chosen, basis = history, "没有聘用协议记录，按全部考核记录"
    else:
        chosen = [
            a for a in history if agreement.start_date <= a.appraised_on <= agreement.end_date
        ]
        basis = (
            f"聘用协议 {agreement.start_date.isoformat()} 至 {agreement.end_date.isoformat()}"
            "期间的考核"
        )
    penalties = sum(1 for a in chosen if (a.penalties or "").strip())
    return Renewal(agreement, chosen, recommend([a.grade for a in chosen], penalties), basis)
