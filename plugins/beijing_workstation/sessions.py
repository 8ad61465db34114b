"""The assembly's sessions: who makes the body, quorum, agenda, and sessions due (B2, B3, C5).

A session is a core ``Meeting`` of kind ``beijing.assembly`` (regular, 例会)
or ``beijing.assembly_extra`` (extraordinary, 临时会议). Its body is the
assembly's representatives in office on the day (``AssemblyMember``), or
the size entered by hand on the meeting where the records are incomplete.
Quorum is core's C5 rule (``core.rules.meetings.quorum``), never
reimplemented here: more than half of the body must attend (the share is
core's parameter ``core.quorum.share``, ½ by default — B2 says 过半数 too).
A session without quorum is recorded as such; its decisions count for nothing.

Sessions due (B2: regular sessions twice a year, ``assembly.sessions_per_year``):
the year is cut into that many equal periods of whole months (two: January–June
and July–December). A period that has ended without a regular session that
reached its quorum is *missed*. Extraordinary sessions never count toward
the regular ones; a regular session whose attendance is not yet entered
counts, with a note to enter it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from core import policy
from core.extensions import SessionLike
from core.kinds import kind_of
from core.rules.meetings import QuorumResult, ResolutionResult, quorum, resolution
from core.rules.policy import NoValueInForce
from plugins.beijing_workstation.kinds import (
    AGENDA_ITEM_KINDS,
    ASSEMBLY,
    ASSEMBLY_EXTRA,
    ASSEMBLY_KINDS,
    REPRESENTATIVE_KINDS,
)
from plugins.beijing_workstation.parameters import SESSIONS_PER_YEAR

if TYPE_CHECKING:
    from core.models import Meeting, OrgUnit

B3_KINDS = {kind.code: kind.label for kind in AGENDA_ITEM_KINDS}


@dataclasses.dataclass(frozen=True)
class SessionFigures:
    """A session's body, attendance, quorum verdict, agenda and quota, each explained."""

    regular: bool
    members: dict[str, int]
    body: int | None
    present: int | None
    quorum: QuorumResult | None
    #: The verdict in one line: "应到 41 人，实到 25 人，超过半数，可以召开 (B2, C5)".
    verdict: str
    agenda: list[tuple[str, str, bool]]
    resolutions: list[tuple[Any, ResolutionResult | None]]
    quota: int | None
    quota_note: str
    problems: list[str]

    @property
    def valid(self) -> bool:
        """Whether the session could sit: its quorum is known and met (B2, C5)."""
        return self.quorum is not None and self.quorum.met


def members_on(session: SessionLike, committee_id: int, day: dt.date) -> dict[str, int]:
    """``{kind: representatives}`` of the committee's assembly in office on ``day`` (B2)."""
    from plugins.beijing_workstation.models import AssemblyMember

    rows = session.execute(
        select(AssemblyMember.kind, func.count(AssemblyMember.id))
        .where(
            AssemblyMember.org_unit_id == committee_id,
            AssemblyMember.start_date <= day,
            or_(AssemblyMember.end_date.is_(None), AssemblyMember.end_date >= day),
        )
        .group_by(AssemblyMember.kind)
    ).all()
    counts = {kind: 0 for kind in REPRESENTATIVE_KINDS}
    counts.update({kind: int(n) for kind, n in rows})
    return counts


def quota_on(session: SessionLike, committee_id: int, day: dt.date) -> int | None:
    """The number of representatives set for the term in force on ``day`` (B2), if any.

    A quota of that term wins; otherwise the latest quota without a term
    decided by then.
    """
    from core.models import Term
    from plugins.beijing_workstation.models import AssemblyQuota

    term_id = session.scalar(
        select(Term.id).where(
            Term.org_unit_id == committee_id, Term.start_date <= day, Term.end_date >= day
        )
    )
    stmt = select(AssemblyQuota.number).where(AssemblyQuota.org_unit_id == committee_id)
    if term_id is not None:
        found = session.scalar(
            stmt.where(AssemblyQuota.term_id == term_id).order_by(AssemblyQuota.decided_on.desc())
        )
        if found is not None:
            return int(found)
    found = session.scalar(
        stmt.where(AssemblyQuota.term_id.is_(None), AssemblyQuota.decided_on <= day).order_by(
            AssemblyQuota.decided_on.desc()
        )
    )
    return None if found is None else int(found)


def quota_note(quota: int | None, in_office: int) -> str:
    """Whether the representatives in office match the quota (B2); empty when they do."""
    if quota is None:
        return "社区选举委员会尚未确定代表名额 (B2)"
    if quota != in_office:
        return f"代表名额 {quota} 人，在任代表 {in_office} 人，不一致 (B2)"
    return ""


def _share(session: SessionLike, key: str, meeting: Meeting) -> Fraction:
    try:
        return Fraction(policy.resolve(session, key, meeting.held_on, meeting.org_unit).value)
    except NoValueInForce:
        return Fraction(1, 2)


def _verdict(body: int, present: int, result: QuorumResult, share: Fraction) -> str:
    what = "半数" if share == Fraction(1, 2) else f"{share.numerator}/{share.denominator}"
    if result.met:
        return f"应到 {body} 人，实到 {present} 人，超过{what}，可以召开 (B2, C5)"
    return (
        f"应到 {body} 人，实到 {present} 人，未超过{what}，不能召开："
        "会议记录在案，但所作决定一律无效 (B2, C5)"
    )


def session_figures(session: SessionLike, meeting: Meeting) -> SessionFigures:
    """The figures of an assembly session (rules B2, B3, C5); problems returned, not raised."""
    problems: list[str] = []
    committee_id = meeting.org_unit_id
    members = members_on(session, committee_id, meeting.held_on)
    on_record = sum(members.values())
    body: int | None = on_record or None
    if meeting.eligible_count is not None:
        body = meeting.eligible_count
        if on_record != body:
            problems.append(
                f"应到人数为手工填写的 {body} 人（{meeting.eligible_reason or '未说明原因'}），"
                f"记录中在任代表 {on_record} 人 (B2)"
            )
    present = meeting.present_count
    result: QuorumResult | None = None
    share = _share(session, "core.quorum.share", meeting)
    if body is None:
        verdict = "没有在任的社区成员代表记录，无法判断是否达到法定人数 (B2, C5)"
    elif present is None:
        verdict = f"应到 {body} 人，尚未填写实到人数，无法判断是否可以召开 (B2, C5)"
    else:
        try:
            result = quorum(present, body, share)
            verdict = _verdict(body, present, result, share)
        except ValueError as exc:
            verdict = str(exc)
            problems.append(str(exc))
    agenda = [
        (B3_KINDS.get(item.kind) or _other_label(item.kind), item.title, item.kind in B3_KINDS)
        for item in meeting.agenda_items
    ]
    resolutions: list[tuple[Any, ResolutionResult | None]] = []
    for item in meeting.resolutions:
        outcome = None
        if result is not None and present:
            try:
                outcome = resolution(
                    item.votes_for or 0,
                    item.votes_against or 0,
                    item.votes_abstain or 0,
                    present,
                    result.met,
                    _share(session, "core.resolution.share", meeting),
                )
            except ValueError as exc:
                problems.append(str(exc))
        resolutions.append((item, outcome))
    quota = quota_on(session, committee_id, meeting.held_on)
    return SessionFigures(
        regular=meeting.kind == ASSEMBLY,
        members=members,
        body=body,
        present=present,
        quorum=result,
        verdict=verdict,
        agenda=agenda,
        resolutions=resolutions,
        quota=quota,
        quota_note=quota_note(quota, on_record),
        problems=problems,
    )


def _other_label(code: str) -> str:
    kind = kind_of("agenda_item", code)
    return f"{kind.label if kind is not None else code}（非 B3 职责事项）"


@dataclasses.dataclass(frozen=True)
class Period:
    """One of the year's periods for regular sessions (B2) and how it went."""

    label: str
    first: dt.date
    last: dt.date
    regular: list[tuple[Any, SessionFigures]]
    missed: bool
    note: str


@dataclasses.dataclass(frozen=True)
class SessionsDue:
    """A committee's sessions of a year against the regular sessions expected (B2)."""

    committee: Any
    year: int
    expected: int
    held: int
    extra: list[tuple[Any, SessionFigures]]
    periods: list[Period]
    explanation: str
    #: Every session of the year, regular and extraordinary, by date.
    sessions: list[tuple[Any, SessionFigures]] = dataclasses.field(default_factory=list)

    @property
    def missed(self) -> int:
        """How many ended periods had no regular session with quorum (B2)."""
        return sum(1 for period in self.periods if period.missed)


def periods_of(year: int, count: int) -> list[tuple[str, dt.date, dt.date]]:
    """The year cut into ``count`` periods of whole months: (label, first, last)."""
    count = max(1, min(12, count))
    bounds = [i * 12 // count for i in range(count + 1)]
    result = []
    for i in range(count):
        first = dt.date(year, bounds[i] + 1, 1)
        end_month = bounds[i + 1]
        last = (
            dt.date(year, 12, 31)
            if end_month == 12
            else dt.date(year, end_month + 1, 1) - dt.timedelta(days=1)
        )
        label = {2: ("上半年", "下半年")}.get(count, ())
        name = label[i] if label else f"{first.month}—{last.month}月"
        result.append((f"{year}年{name}", first, last))
    return result


def sessions_due(
    session: SessionLike, committees: Iterable[OrgUnit], year: int, today: dt.date
) -> list[SessionsDue]:
    """Per committee, the year's sessions and the periods missed on ``today`` (B2, C5)."""
    from core.models import Meeting

    units = list(committees)
    if not units:
        return []
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.org_unit_id.in_([u.id for u in units]),
            Meeting.kind.in_([ASSEMBLY, ASSEMBLY_EXTRA]),
            Meeting.held_on >= dt.date(year, 1, 1),
            Meeting.held_on <= dt.date(year, 12, 31),
        )
        .order_by(Meeting.held_on, Meeting.id)
    ).all()
    by_unit: dict[int, list[Any]] = {}
    for meeting in meetings:
        by_unit.setdefault(meeting.org_unit_id, []).append(meeting)
    result = []
    for unit in units:
        try:
            expected = int(
                policy.resolve(session, SESSIONS_PER_YEAR, dt.date(year, 1, 1), unit).value
            )
        except NoValueInForce:
            expected = 2
        figured = [(m, session_figures(session, m)) for m in by_unit.get(unit.id, [])]
        result.append(_due(unit, year, expected, figured, today))
    return result


def _due(
    unit: Any,
    year: int,
    expected: int,
    figured: Sequence[tuple[Any, SessionFigures]],
    today: dt.date,
) -> SessionsDue:
    periods = []
    for label, first, last in periods_of(year, expected):
        regular = [(m, f) for m, f in figured if f.regular and first <= m.held_on <= last]
        counted = [f for _, f in regular if f.valid or f.present is None]
        void = len(regular) - len(counted)
        missed = not counted and last < today
        if counted:
            note = "已召开例会" + (
                "（尚未填写实到人数）" if not any(f.valid for f in counted) else ""
            )
        elif missed:
            note = f"{label}未召开例会" + (f"（{void} 次未达法定人数，不计）" if void else "")
            note += "，应每年定期召开 (B2)"
        elif first > today:
            note = "尚未开始"
        else:
            note = f"尚未召开例会，应于 {last.isoformat()} 前召开 (B2)"
        periods.append(Period(label, first, last, list(regular), missed, note))
    held = sum(1 for _, f in figured if f.regular and f.valid)
    extra = [(m, f) for m, f in figured if not f.regular]
    gaps = sum(1 for p in periods if p.missed)
    explanation = (
        f"{year}年应召开例会 {expected} 次，已召开且达到法定人数 {held} 次，"
        f"临时会议 {len(extra)} 次（不计入例会）"
        + (f"；{gaps} 个时段未召开例会 (B2)" if gaps else " (B2)")
    )
    return SessionsDue(unit, year, expected, held, extra, periods, explanation, list(figured))


def assembly_body(meeting: Meeting) -> tuple[int, str] | None:
    """``(representatives in office, explanation)`` of an assembly session, for core's pages (B2).

    Answers core's ``juwei_meeting_body`` hook, so the meeting pages and the
    committee's recent-meetings card judge the session's quorum (C5) over
    the same body as this plugin's own pages; None for other meeting kinds.
    """
    from sqlalchemy.orm import object_session

    from core.extensions import db

    if meeting.kind not in ASSEMBLY_KINDS or meeting.held_on is None:
        return None
    unit_id = meeting.org_unit_id or (meeting.org_unit.id if meeting.org_unit else None)
    if unit_id is None:
        return None
    session = object_session(meeting) or db.session
    counts = members_on(session, unit_id, meeting.held_on)
    total = sum(counts.values())
    parts = "、".join(f"{REPRESENTATIVE_KINDS[k]} {n}" for k, n in counts.items())
    return total, f"应到 {total} 人：社区成员代表大会在任代表（{parts}）(B2)"
