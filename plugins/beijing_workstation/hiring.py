"""The end of a recruitment: the ranking, the 公示 and the hiring agreement (B7).

:func:`ranking` orders a posting's applicants by composite score (the weights
in force on the last day of application, the rounding and ties of
``rules.composite``) and marks the proposed hires. :func:`publish_notice`
starts the 公示 for them (its length a policy parameter, counted in workdays
by ``rules.notice``) and moves them to the ``notice`` stage; when one of them
is turned down or withdraws before signing, :func:`publish_supplementary_notice`
puts the next in the ranking on a new 公示 (补充公示). After it
:func:`sign_agreement` signs the agreement: the person is found or recorded
in the committee (C10) and gets a social-worker position and a post
assignment at the post pay in force; when every place is filled the posting
is done. Postings, applications and scores are :mod:`.pipeline`.

Functions flush and never commit: the caller commits, or rolls back on a
``ValueError`` (``PipelineError``, or a model check's message, which passes
through unchanged). Messages are Chinese and name the rule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.extensions import SessionLike
from core.models import OrgUnit, Person, Position, Term
from core.rules.workdays import WorkdayUnknown
from plugins.beijing_workstation.kinds import SOCIAL_WORKER
from plugins.beijing_workstation.models import Agreement, Applicant, PostAssignment, Posting
from plugins.beijing_workstation.parameters import (
    AGREEMENT_YEARS,
    NOTICE_DAYS,
    WEIGHT_INTERVIEW,
    WEIGHT_WRITTEN,
    pay_key,
)
from plugins.beijing_workstation.rules.composite import (
    Candidate,
    Composite,
    Weights,
    rank,
    shortfall,
)
from plugins.beijing_workstation.rules.notice import NoticePeriod, notice_period
from plugins.beijing_workstation.stages import (
    PipelineError,
    param,
    record_change,
    require_active,
    stage_label,
    stages_of,
)

# --- ranking ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Ranked:
    """An applicant's composite score, place and whether proposed for hiring, explained (B7)."""

    applicant: Applicant
    composite: Composite
    rank: int | None
    proposed: bool
    explanation: str


def weights_for(session: SessionLike, posting: Posting) -> Weights:
    """The composite weights in force on the posting's last day of application (B7)."""
    unit = posting.org_unit
    written = Decimal(param(session, WEIGHT_WRITTEN, posting.apply_until, unit))
    interview = Decimal(param(session, WEIGHT_INTERVIEW, posting.apply_until, unit))
    try:
        return Weights(written, interview)
    except ValueError as exc:
        raise PipelineError(str(exc)) from exc


def _out(applicant: Applicant) -> str:
    if applicant.status == "rejected":
        reason = f"：{applicant.reason}" if applicant.reason else ""
        return f"“{stage_label(applicant.stage)}”环节未通过{reason}"
    if applicant.status == "withdrawn":
        return f"在“{stage_label(applicant.stage)}”环节放弃"
    return ""


def ranking(session: SessionLike, posting: Posting) -> list[Ranked]:
    """The posting's applicants ranked by composite score, the proposed hires marked (B7).

    Ranked first, then those lacking a score, then those out of the running;
    ties and the rounding are those of ``rules.composite``.
    """
    weights = weights_for(session, posting)
    applicants = {a.id: a for a in posting.applicants}
    candidates = [
        Candidate(
            key=a.id,
            name=a.name,
            written=a.written_score,
            interview=a.interview_score,
            applied_on=a.applied_on,
            check_passed=a.check_passed,
            out=_out(a),
        )
        for a in applicants.values()
    ]
    return [
        Ranked(applicants[p.candidate.key], p.composite, p.rank, p.proposed, p.explanation)
        for p in rank(candidates, weights, posting.places)
    ]


# --- the public notice --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Notice:
    """The 公示 started: its period, the proposed hires, and a note on empty places (B7)."""

    period: NoticePeriod
    proposed: list[Ranked]
    shortfall: str


def publish_notice(session: SessionLike, posting: Posting, today: dt.date, by: str = "") -> Notice:
    """Start the 公示 of the proposed hires today and move them to the notice stage (B7).

    Refused before the application period ends, when there is nobody to
    propose, or when a proposed applicant is not at the stage before the
    notice or lacks a passed check. Fewer proposed than places is allowed
    and said (``Notice.shortfall``).
    """
    from core.opinions import calendar

    if posting.status not in ("open", "closed"):
        raise PipelineError(f"“{posting.title}”已公示或已结束，不能再发布公示 (B7)")
    if today <= posting.apply_until:
        raise PipelineError(
            f"报名到 {posting.apply_until.isoformat()} 才截止，"
            f"不能在 {today.isoformat()} 发布公示 (B7)"
        )
    stages = stages_of(session, posting)
    if "notice" not in stages:
        raise PipelineError("本次招聘的环节中没有“公示” (B7)")
    before = stages[stages.index("notice") - 1]
    rows = ranking(session, posting)
    proposed = [r for r in rows if r.proposed]
    if not proposed:
        raise PipelineError("没有可以列入公示的拟聘用人员 (B7)")
    problems = []
    for r in proposed:
        a = r.applicant
        if a.stage != before:
            problems.append(
                f"{a.name}在“{stage_label(a.stage)}”环节，尚未到“{stage_label(before)}”"
            )
        elif "check" in stages and a.check_passed is not True:
            problems.append(f"{a.name}尚未通过考察")
    if problems:
        raise PipelineError("不能发布公示：" + "；".join(problems) + " (B7)")
    days = int(param(session, NOTICE_DAYS, today, posting.org_unit))
    try:
        period = notice_period(today, days, calendar(session))
    except WorkdayUnknown as exc:
        raise PipelineError(str(exc)) from exc
    posting.notice_from, posting.notice_until = period.start, period.end
    posting.status = "notice"
    for r in proposed:
        record_change(r.applicant, "notice", "passed", today, by, "列入拟聘用人员公示")
        r.applicant.stage = "notice"
    session.flush()
    return Notice(period, proposed, shortfall(rows, posting.places))


def free_places(posting: Posting) -> int:
    """Places not taken by a hire or a proposed applicant still on the 公示 (B7)."""
    taken = sum(
        1
        for a in posting.applicants
        if a.status == "hired" or (a.status == "active" and a.stage == "notice")
    )
    return max(posting.places - taken, 0)


def supplementary_candidates(posting: Posting, rows: list[Ranked]) -> list[Ranked]:
    """The next applicants in ``rows`` (the ranking) for the free places, best first (B7).

    Ranked, still in the running, not yet on the 公示 or hired, check not
    failed; at most :func:`free_places` of them. Whether they may go on the
    补充公示 (stage reached, check passed) is :func:`publish_supplementary_notice`'s.
    """
    free = free_places(posting)
    if posting.status != "notice" or free == 0:
        return []
    return [
        r
        for r in rows
        if r.rank is not None
        and r.applicant.status == "active"
        and r.applicant.stage not in ("notice", "agreement")
        and r.applicant.check_passed is not False
    ][:free]


def publish_supplementary_notice(
    session: SessionLike, posting: Posting, today: dt.date, by: str = ""
) -> Notice:
    """The 补充公示: the next in the ranking take places freed before signing (B7).

    When a proposed applicant is turned down or withdraws during or after the
    公示 and before signing, fewer people are on the 公示 (stage ``notice``,
    still active) or hired than there are places. The next applicants in the
    ranking — still in the running, check not failed — take the free places:
    they must be at the stage before the notice and, when the pipeline has a
    check, have passed it, or the whole step is refused naming them. They move
    to the ``notice`` stage (a ``StageChange`` each, audited by core) and a
    new 公示 of the same working days (``rules.notice``) starts today.

    The posting keeps one period: ``notice_from``/``notice_until`` move to the
    new one. The agreement check compares every signing with
    ``notice_until``, so earlier proposed applicants who have not signed yet
    now wait for the new end too. That is accepted as the simplest correct
    rule (nobody signs while a 公示 of the posting runs); agreements already
    signed are untouched.

    Refused unless the posting is on its 公示 (status ``notice``, during or
    after the period), before the 公示 began, when no place is free, and when
    nobody is left to propose.
    """
    from core.opinions import calendar

    if posting.status != "notice" or posting.notice_from is None:
        raise PipelineError(f"“{posting.title}”不在公示阶段，不能发布补充公示 (B7)")
    if today < posting.notice_from:
        raise PipelineError(
            f"公示自 {posting.notice_from.isoformat()} 开始，"
            f"不能在 {today.isoformat()} 发布补充公示 (B7)"
        )
    free = free_places(posting)
    if free == 0:
        raise PipelineError(
            f"“{posting.title}”招聘 {posting.places} 人，公示中和已聘用的人员已满额，"
            "没有空出的名额，不能发布补充公示 (B7)"
        )
    stages = stages_of(session, posting)
    before = stages[stages.index("notice") - 1]
    rows = ranking(session, posting)
    chosen = supplementary_candidates(posting, rows)
    if not chosen:
        unscored = [
            r.applicant.name
            for r in rows
            if r.rank is None
            and r.applicant.status == "active"
            and r.applicant.stage not in ("notice", "agreement")
        ]
        lacking = f"（{'、'.join(unscored)}成绩不全，未参加排名）" if unscored else ""
        raise PipelineError(
            f"空出 {free} 个名额，但排名中已没有可以递补的人员{lacking}，不能发布补充公示 (B7)"
        )
    problems = []
    for r in chosen:
        a = r.applicant
        if a.stage != before:
            problems.append(
                f"{a.name}在“{stage_label(a.stage)}”环节，尚未到“{stage_label(before)}”"
            )
        elif "check" in stages and a.check_passed is not True:
            problems.append(f"{a.name}尚未通过考察")
    if problems:
        raise PipelineError("不能发布补充公示：" + "；".join(problems) + " (B7)")
    days = int(param(session, NOTICE_DAYS, today, posting.org_unit))
    try:
        period = notice_period(today, days, calendar(session))
    except WorkdayUnknown as exc:
        raise PipelineError(str(exc)) from exc
    posting.notice_from, posting.notice_until = period.start, period.end
    for r in chosen:
        record_change(r.applicant, "notice", "passed", today, by, "递补列入拟聘用人员补充公示")
        r.applicant.stage = "notice"
    session.flush()
    left = free - len(chosen)
    note = (
        f"空出 {free} 个名额，可以递补的只有 {len(chosen)} 人，其余 {left} 个名额空缺 (B7)"
        if left
        else ""
    )
    return Notice(period, chosen, note)


# --- the agreement ------------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` years on; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def agreement_end(start: dt.date, years: int) -> dt.date:
    """The last day of an agreement of ``years`` years: ``start`` + years − 1 day (B7)."""
    return add_years(start, years) - dt.timedelta(days=1)


def _person_for(session: SessionLike, applicant: Applicant, committee: OrgUnit) -> Person:
    """The committee's person with the applicant's ID number, or a new one (C10)."""
    with session.no_autoflush:
        found = session.scalar(select(Person).where(Person.id_number == applicant.id_number))
    if found is None:
        person = Person(
            name=applicant.name,
            sex=applicant.sex,
            birth_date=applicant.birth_date,
            id_number=applicant.id_number,
            phone=applicant.phone,
            employed=True,
            org_unit=committee,
            note="社工专干（公开招聘聘用）",
        )
        session.add(person)
        return person
    if found.org_unit_id != committee.id:
        raise PipelineError(
            f"{applicant.name}已登记为{found.org_unit.name}的人员，请先转入{committee.name}"
            "后再签订聘用协议 (B7)"
        )
    return found


def _term_on(session: SessionLike, committee: OrgUnit, day: dt.date) -> Term | None:
    with session.no_autoflush:
        return session.scalar(
            select(Term).where(
                Term.org_unit_id == committee.id, Term.start_date <= day, Term.end_date >= day
            )
        )


def sign_agreement(
    session: SessionLike,
    applicant: Applicant,
    signed_on: dt.date,
    start_date: dt.date,
    by: str = "",
    note: str = "",
) -> Agreement:
    """Sign the hiring agreement with a proposed hire after the 公示 (B7).

    The term is ``agreement.years`` from ``start_date`` (less a day), the
    monthly pay the post pay ``pay.<post>.<grade>`` in force on that day. The
    person is found in the committee by ID number or recorded, and gets a
    social-worker position and a post assignment from ``start_date``. The
    model refuses a signing before the notice ends or beyond the places.
    When every place is filled the posting is done.
    """
    require_active(applicant)
    posting = applicant.posting
    committee = posting.org_unit
    if applicant.stage != "notice":
        raise PipelineError(
            f"{applicant.name}不在拟聘用人员公示名单中（现在“{stage_label(applicant.stage)}”环节），"
            "不能签订聘用协议 (B7)"
        )
    if start_date < signed_on:
        raise PipelineError("聘用开始日期不能早于协议签订日期 (B7)")
    years = int(param(session, AGREEMENT_YEARS, start_date, committee))
    end = agreement_end(start_date, years)
    pay = Decimal(param(session, pay_key(posting.post, posting.grade), start_date, committee))
    person = _person_for(session, applicant, committee)
    term = _term_on(session, committee, start_date)
    agreement = Agreement(
        applicant=applicant,
        person=person,
        signed_on=signed_on,
        start_date=start_date,
        end_date=end,
        post=posting.post,
        grade=posting.grade,
        monthly_pay=pay,
        note=(note or "").strip(),
    )
    session.add(agreement)
    session.add(
        Position(person=person, kind=SOCIAL_WORKER, start_date=start_date, end_date=end,
                 term=term, org_unit=committee, note=f"聘用协议：{posting.title}")
    )  # fmt: skip
    session.add(
        PostAssignment(person=person, post=posting.post, grade=posting.grade, term=term,
                       start_date=start_date, end_date=end, org_unit=committee)
    )  # fmt: skip
    record_change(applicant, "agreement", "hired", signed_on, by, "签订聘用协议")
    applicant.stage, applicant.status = "agreement", "hired"
    try:
        session.flush()
    except IntegrityError as exc:
        raise PipelineError(
            f"{applicant.name}的身份证号已在其他单位登记，"
            f"请先转入{committee.name}后再签订聘用协议 (B7)"
        ) from exc
    hired = session.scalar(
        select(func.count(Agreement.id))
        .join(Applicant, Applicant.id == Agreement.applicant_id)
        .where(Applicant.posting_id == posting.id, Agreement.renews_id.is_(None))
    )
    if int(hired or 0) >= posting.places:
        posting.status = "done"
        session.flush()
    return agreement
