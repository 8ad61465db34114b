"""A meeting's figures from the records, judged by the pure rules (C4–C7).

``meeting_figures`` is what the admin views, the API, the printable notice
and the overview page all show: the body's size with its explanation, the
quorum, and each resolution's result. Nothing here decides anything the
rules of ``core.rules.meetings`` do not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select
from sqlalchemy.orm import object_session

from core import policy
from core.extensions import SessionLike
from core.kinds import (
    BODY_MEETING_KINDS,
    COMMITTEE_KINDS,
    REPRESENTATIVE,
    RESIDENTS_MEETING,
    kind_of,
)
from core.models.base import unit_of
from core.rules.age import adult_born_by
from core.rules.meetings import (
    BodyForm,
    BodyResult,
    ConveningDue,
    QuorumResult,
    ResolutionResult,
    body_size,
    convening_due,
    quorum,
    resolution,
)
from core.rules.policy import NoValueInForce

if TYPE_CHECKING:
    from core.models.meetings import Meeting, Resolution


@dataclasses.dataclass(frozen=True)
class RecordCounts:
    """What the records of a committee say on a day, for rule C4."""

    residents_18_plus: int
    households: int
    group_representatives: int
    ex_officio_not_in_base: int


def record_counts(
    session: SessionLike, committee_id: int, day: dt.date, form: BodyForm
) -> RecordCounts:
    """Count the committee's adults, households, group representatives and ex-officio (C4).

    Ex-officio representatives on record are the committee's members in
    office and the NPC deputies and CPPCC members registered in the area;
    those already counted in the base are left out, so nobody counts twice:
    with all residents as the base, an adult ex-officio is already in it;
    with group representatives, one who is also a representative is.
    """
    from core.models.people import Household, Person
    from core.models.positions import Position

    born_by = adult_born_by(day)
    adults = session.execute(
        select(func.count())
        .select_from(Person)
        .where(Person.org_unit_id == committee_id, Person.birth_date <= born_by)
    ).scalar_one()
    households = session.execute(
        select(func.count()).select_from(Household).where(Household.org_unit_id == committee_id)
    ).scalar_one()
    in_force = (
        Position.org_unit_id == committee_id,
        Position.start_date <= day,
        or_(Position.end_date.is_(None), Position.end_date >= day),
    )
    representatives = set(
        session.execute(
            select(Position.person_id).where(*in_force, Position.kind == REPRESENTATIVE)
        ).scalars()
    )
    ex_officio = set(
        session.execute(
            select(Position.person_id).where(*in_force, Position.kind.in_(list(COMMITTEE_KINDS)))
        ).scalars()
    ) | set(
        session.execute(
            select(Person.id).where(
                Person.org_unit_id == committee_id,
                or_(Person.npc_deputy.is_(True), Person.cppcc_member.is_(True)),
            )
        ).scalars()
    )
    if form is BodyForm.ALL_RESIDENTS:
        adult_ids = (
            set(
                session.execute(
                    select(Person.id).where(
                        Person.id.in_(ex_officio),
                        Person.birth_date <= born_by,
                        Person.org_unit_id == committee_id,
                    )
                ).scalars()
            )
            if ex_officio
            else set()
        )
        extra = ex_officio - adult_ids
    elif form is BodyForm.GROUP_REPRESENTATIVES:
        extra = ex_officio - representatives
    else:
        extra = ex_officio
    return RecordCounts(int(adults), int(households), len(representatives), len(extra))


@dataclasses.dataclass(frozen=True)
class MeetingFigures:
    """Everything computed about a meeting, each figure with its explanation."""

    body: BodyResult | None
    #: The body's size used for quorum: from the records or entered by hand.
    eligible: int | None
    eligible_explanation: str
    quorum: QuorumResult | None
    resolutions: list[tuple[Resolution, ResolutionResult | None]]
    problems: list[str]


def _share(session: SessionLike, key: str, meeting: Meeting) -> Fraction:
    value = policy.resolve(session, key, meeting.held_on, unit_of(meeting)).value
    return Fraction(value)


def _plugin_body(meeting: Meeting) -> tuple[int, str] | None:
    """The body of a plugin's meeting kind (hook ``juwei_meeting_body``), if a plugin knows it."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return None
    state = current_app.extensions.get("juwei")
    manager = getattr(state, "manager", None)
    if manager is None:
        return None
    found: tuple[int, str] | None = manager.hook.juwei_meeting_body(meeting=meeting)
    return found


def meeting_figures(session: SessionLike, meeting: Meeting) -> MeetingFigures:
    """The body, quorum and resolution results of ``meeting`` (rules C4, C5, C6).

    Meetings of other kinds than the residents' and representatives' meeting
    have no C4 body: their quorum is judged only when a body size is entered.
    Problems (a figure the rules refuse) are returned, not raised, so a page
    can show the record and say what is wrong with it.
    """
    problems: list[str] = []
    body: BodyResult | None = None
    eligible: int | None = meeting.eligible_count
    explanation = ""
    if eligible is not None:
        explanation = f"应到 {eligible} 人（手工填写：{meeting.eligible_reason or '未说明原因'}）"
    elif meeting.kind in BODY_MEETING_KINDS and meeting.body_form:
        unit = unit_of(meeting)
        counts = record_counts(
            session,
            unit.id if unit is not None else meeting.org_unit_id,
            meeting.held_on,
            BodyForm(meeting.body_form),
        )
        try:
            body = body_size(
                BodyForm(meeting.body_form),
                counts.residents_18_plus,
                counts.households,
                counts.group_representatives,
                counts.ex_officio_not_in_base + (meeting.ex_officio_count or 0),
            )
            eligible, explanation = body.body, body.explanation
        except ValueError as exc:
            problems.append(str(exc))
    elif (plugin_body := _plugin_body(meeting)) is not None:
        eligible, explanation = plugin_body
    else:
        explanation = "未确定应到人数"
    result: QuorumResult | None = None
    if eligible is not None and meeting.present_count is not None:
        try:
            result = quorum(
                meeting.present_count, eligible, _share(session, "core.quorum.share", meeting)
            )
        except (ValueError, NoValueInForce) as exc:
            problems.append(str(exc))
    resolutions: list[tuple[Resolution, ResolutionResult | None]] = []
    for item in meeting.resolutions:
        outcome: ResolutionResult | None = None
        if result is not None and meeting.present_count:
            try:
                # Column defaults apply only at INSERT: an unsaved count is none yet.
                outcome = resolution(
                    item.votes_for or 0,
                    item.votes_against or 0,
                    item.votes_abstain or 0,
                    meeting.present_count,
                    result.met,
                    _share(session, "core.resolution.share", meeting),
                )
            except (ValueError, NoValueInForce) as exc:
                problems.append(str(exc))
        resolutions.append((item, outcome))
    return MeetingFigures(body, eligible, explanation, result, resolutions, problems)


def check_meeting(meeting: Meeting) -> None:
    """Raise ``ValueError`` in Chinese for figures no meeting can have (C4, C5, C6, C9).

    A known kind; a body form for a residents' meeting unless its size is
    entered, with a reason when it is; attendance within the body; votes
    within attendance.
    """
    kind = kind_of("meeting", meeting.kind)
    if kind is None:
        raise ValueError(f"未知的会议类型“{meeting.kind}” (C9)")
    if meeting.held_on is None:
        raise ValueError("请填写会议日期")
    if meeting.held_on > dt.date.today() + dt.timedelta(days=366):
        raise ValueError(f"会议日期 {meeting.held_on} 太远，请核对")
    if meeting.eligible_count is not None:
        if meeting.eligible_count < 1:
            raise ValueError("应到人数必须至少为 1 (C4)")
        if not (meeting.eligible_reason or "").strip():
            raise ValueError("手工填写应到人数时，须说明原因（例如人员信息尚未录入完整） (C4)")
    elif meeting.kind == RESIDENTS_MEETING and not meeting.body_form:
        raise ValueError("居民会议须选择组成方式，或手工填写应到人数并说明原因 (C4)")
    if meeting.body_form and meeting.body_form not in {form.value for form in BodyForm}:
        raise ValueError(f"未知的组成方式“{meeting.body_form}” (C4)")
    if (meeting.ex_officio_count or 0) < 0:
        raise ValueError("当然代表人数不能为负数 (C4)")
    present = meeting.present_count
    if present is not None and present < 0:
        raise ValueError("出席人数不能为负数 (C5)")
    session = object_session(meeting)
    # The unit may be set by relationship (the admin form) before it has an id here.
    unit = unit_of(meeting)
    if session is None or unit is None or unit.id is None:
        return
    with session.no_autoflush:
        figures = meeting_figures(session, meeting)
    if present is not None and figures.eligible is not None and present > figures.eligible:
        raise ValueError(
            f"出席人数 {present} 超过应到人数 {figures.eligible}"
            f"（{figures.eligible_explanation}） (C5)"
        )
    for item in meeting.resolutions:
        check_votes(item, present)


def check_votes(item: Resolution, present: int | None) -> None:
    """Raise ``ValueError`` when a resolution's votes are negative or exceed attendance (C6)."""
    votes = (item.votes_for or 0, item.votes_against or 0, item.votes_abstain or 0)
    if min(votes) < 0:
        raise ValueError("票数不能为负数 (C6)")
    if present is None:
        if sum(votes):
            raise ValueError("请先填写出席人数，再填写表决票数 (C6)")
        return
    if sum(votes) > present:
        raise ValueError(
            f"赞成 {votes[0]} + 反对 {votes[1]} + 弃权 {votes[2]} = {sum(votes)}，"
            f"超过出席人数 {present} (C6)"
        )


def last_residents_meeting(session: SessionLike, committee_id: int) -> dt.date | None:
    """The day of the committee's last residents' meeting on record (rule C7)."""
    from core.models.meetings import Meeting

    found = session.execute(
        select(func.max(Meeting.held_on)).where(
            Meeting.org_unit_id == committee_id, Meeting.kind == RESIDENTS_MEETING
        )
    ).scalar_one()
    return found  # type: ignore[no-any-return]


def convening_status(session: SessionLike, committee_id: int, on: dt.date) -> ConveningDue:
    """Whether the committee is late convening its residents' meeting on ``on`` (rule C7)."""
    return convening_due(last_residents_meeting(session, committee_id), on)
