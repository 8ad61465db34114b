"""The recruitment service: postings, applications, stages, scores, ranking, 公示, agreements (B7).

The stages of a posting are the policy parameter ``recruitment.stages`` as it
stood when the posting was made (kept in ``Posting.stages``); by default
posting → application → eligibility → written → interview → composite →
check → notice → agreement. An applicant starts at ``application`` and moves
one stage at a time (:func:`advance`); nothing skips a stage. Entering
``notice`` is collective — :func:`publish_notice` starts the 公示 for the
proposed hires — and entering ``agreement`` is the signing
(:func:`sign_agreement`). Anyone still in the running may be turned down at
any stage with a reason (:func:`reject`) or withdraw. Each move is a
``StageChange``; every write is audited by core.

Functions flush and never commit: the caller commits, or rolls back on a
``ValueError`` (``PipelineError`` here, or a model check's message, which
passes through unchanged). Messages are Chinese and name the rule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.extensions import SessionLike
from core.models import OrgUnit, Person, Position, Term
from core.policy import resolve
from core.rules.policy import NoValueInForce
from core.rules.workdays import WorkdayUnknown
from core.scoping import current_actor
from plugins.beijing_workstation.kinds import SOCIAL_WORKER, STAGES
from plugins.beijing_workstation.models import (
    Agreement,
    Applicant,
    PostAssignment,
    Posting,
    StageChange,
)
from plugins.beijing_workstation.parameters import (
    AGREEMENT_YEARS,
    NOTICE_DAYS,
    STAGES_KEY,
    WEIGHT_INTERVIEW,
    WEIGHT_WRITTEN,
    parse_stages,
    pay_key,
)
from plugins.beijing_workstation.rules.composite import (
    TENTH,
    Candidate,
    Composite,
    Weights,
    rank,
    shortfall,
)
from plugins.beijing_workstation.rules.notice import NoticePeriod, notice_period

#: Fields a posting may be created with (the rest are set by the service).
POSTING_FIELDS = frozenset(
    {"title", "post", "grade", "places", "conditions", "duties", "published_on", "apply_from",
     "apply_until", "written_on", "interview_on", "status", "contact"}
)  # fmt: skip
#: What leaving a stage requires: the attribute that must be set, and the words for it.
LEAVING = {
    "written": ("written_score", "尚未录入笔试成绩"),
    "interview": ("interview_score", "尚未录入面试成绩"),
}


class PipelineError(ValueError):
    """A recruitment step the rules refuse (B7); the message is Chinese and names the rule."""


# --- stages -------------------------------------------------------------------------------


def stages_of(session: SessionLike, posting: Posting) -> tuple[str, ...]:
    """The posting's pipeline: its snapshot, else the parameter on its publication day (B7)."""
    if posting.stages:
        return parse_stages(posting.stages)
    day = posting.published_on or posting.apply_from or dt.date.today()
    return parse_stages(str(_param(session, STAGES_KEY, day, posting.org_unit)))


def stage_label(stage: str) -> str:
    """The Chinese name of a stage, e.g. 笔试 (B7)."""
    return STAGES.get(stage, stage)


def _param(session: SessionLike, key: str, day: dt.date, unit: OrgUnit | None) -> Any:
    try:
        return resolve(session, key, day, unit).value
    except NoValueInForce as exc:
        raise PipelineError(f"{exc} (B7)") from exc


def _by(by: str) -> str:
    actor = current_actor()
    return (by or (actor.name if actor is not None else "system"))[:50]


def _require_active(applicant: Applicant) -> None:
    if applicant.status != "active":
        raise PipelineError(
            f"{applicant.name}已{_status_word(applicant.status)}，不能再办理招聘环节 (B7)"
        )
    if applicant.posting is not None and applicant.posting.status == "cancelled":
        raise PipelineError(f"“{applicant.posting.title}”已取消招聘 (B7)")


def _status_word(status: str) -> str:
    return {"rejected": "被确定为未通过", "hired": "被聘用", "withdrawn": "放弃"}.get(
        status, status
    )


def _change(
    applicant: Applicant, to: str, outcome: str, today: dt.date, by: str, reason: str = ""
) -> StageChange:
    if today < applicant.applied_on:
        raise PipelineError(f"{today.isoformat()} 早于{applicant.name}的报名日期 (B7)")
    change = StageChange(
        from_stage=applicant.stage,
        to_stage=to,
        outcome=outcome,
        changed_on=today,
        reason=reason.strip(),
        by=_by(by),
    )
    applicant.changes.append(change)  # through the collection: it cascades into the session
    return change


# --- postings and applications ------------------------------------------------------------


def create_posting(
    session: SessionLike, committee: OrgUnit, *, today: dt.date, **fields: Any
) -> Posting:
    """A new posting of ``committee``, its stages snapshotted from the parameter today (B7)."""
    unknown = sorted(set(fields) - POSTING_FIELDS)
    if unknown:
        raise PipelineError(f"招聘公告没有这些字段：{'、'.join(unknown)} (B7)")
    if fields.get("status", "draft") not in ("draft", "open"):
        raise PipelineError("新的招聘公告只能是草稿或报名中 (B7)")
    stages = parse_stages(str(_param(session, STAGES_KEY, today, committee)))
    posting = Posting(org_unit=committee, stages=",".join(stages), **fields)
    posting.status = fields.get("status", "draft")
    session.add(posting)
    session.flush()
    return posting


def open_posting(session: SessionLike, posting: Posting, today: dt.date) -> None:
    """Publish a draft posting: applications are taken from ``apply_from`` (B7)."""
    if posting.status != "draft":
        raise PipelineError(f"“{posting.title}”不是草稿，不能再发布 (B7)")
    posting.status = "open"
    posting.published_on = posting.published_on or today
    session.flush()


def close_applications(session: SessionLike, posting: Posting, today: dt.date) -> None:
    """End the application period of an open posting, once ``apply_until`` has passed (B7)."""
    if posting.status != "open":
        raise PipelineError(f"“{posting.title}”不在报名中 (B7)")
    if today <= posting.apply_until:
        raise PipelineError(
            f"报名截止日期是 {posting.apply_until.isoformat()}，不能提前结束报名 (B7)"
        )
    posting.status = "closed"
    session.flush()


def apply(
    session: SessionLike,
    posting: Posting,
    *,
    today: dt.date,
    name: str,
    id_number: str,
    phone: str = "",
    education: str = "",
    address: str = "",
) -> Applicant:
    """Register an application to an open posting within its dates (B7; C10 via the model)."""
    name, number = (name or "").strip(), (id_number or "").strip().upper()
    if not name:
        raise PipelineError("请填写报名人姓名 (B7)")
    if posting.status != "open":
        raise PipelineError(f"“{posting.title}”现在不接受报名 (B7)")
    if not posting.apply_from <= today <= posting.apply_until:
        raise PipelineError(
            f"报名时间为 {posting.apply_from.isoformat()} 至 {posting.apply_until.isoformat()}，"
            f"{today.isoformat()} 不能报名 (B7)"
        )
    with session.no_autoflush:
        twice = session.scalar(
            select(Applicant.id).where(
                Applicant.posting_id == posting.id, Applicant.id_number == number
            )
        )
    if twice is not None:
        raise PipelineError(f"{name}已报名“{posting.title}”，不能重复报名 (B7)")
    applicant = Applicant(
        posting=posting,
        name=name,
        id_number=number,
        sex="",
        phone=(phone or "").strip(),
        education=(education or "").strip(),
        address=(address or "").strip(),
        applied_on=today,
        stage="application",
        status="active",
    )
    session.add(applicant)
    session.flush()
    return applicant


# --- moving through the stages ------------------------------------------------------------


def advance(
    session: SessionLike, applicant: Applicant, today: dt.date, by: str, reason: str = ""
) -> StageChange:
    """Pass ``applicant`` on to the next stage of the posting's pipeline (B7).

    Leaving ``written`` needs the written score, ``interview`` the interview
    score, ``composite`` both, ``check`` a passed check. The 公示 and the
    agreement are entered only by :func:`publish_notice` and :func:`sign_agreement`.
    """
    _require_active(applicant)
    stages = stages_of(session, applicant.posting)
    current = applicant.stage
    if current not in stages or stages.index(current) + 1 >= len(stages):
        raise PipelineError(
            f"{applicant.name}所在的环节“{stage_label(current)}”不在本次招聘中 (B7)"
        )
    after = stages[stages.index(current) + 1]
    missing = _missing_for_leaving(applicant, current)
    if missing:
        raise PipelineError(f"{applicant.name}{missing}，不能结束“{stage_label(current)}”环节 (B7)")
    if after in ("notice", "agreement"):
        how = "发布公示" if after == "notice" else "公示期满后签订聘用协议"
        raise PipelineError(
            f"{applicant.name}的下一环节是“{stage_label(after)}”，须通过{how}进入 (B7)"
        )
    change = _change(applicant, after, "passed", today, by, reason)
    applicant.stage = after
    session.flush()
    return change


def _missing_for_leaving(applicant: Applicant, stage: str) -> str:
    if stage in LEAVING:
        attribute, words = LEAVING[stage]
        return words if getattr(applicant, attribute) is None else ""
    if stage == "composite" and (
        applicant.written_score is None or applicant.interview_score is None
    ):
        return "成绩不全，无法计算综合成绩"
    if stage == "check" and applicant.check_passed is not True:
        return "考察未通过" if applicant.check_passed is False else "尚未完成考察"
    return ""


def reject(
    session: SessionLike, applicant: Applicant, today: dt.date, by: str, reason: str
) -> StageChange:
    """Turn ``applicant`` down at their current stage, with a reason that is recorded (B7)."""
    _require_active(applicant)
    if not (reason or "").strip():
        raise PipelineError(
            f"请填写{applicant.name}未通过“{stage_label(applicant.stage)}”的理由 (B7)"
        )
    change = _change(applicant, applicant.stage, "rejected", today, by, reason)
    applicant.status = "rejected"
    applicant.reason = reason.strip()
    session.flush()
    return change


def withdraw(
    session: SessionLike, applicant: Applicant, today: dt.date, by: str, reason: str = ""
) -> StageChange:
    """Record that ``applicant`` gave up (放弃) at their current stage (B7)."""
    _require_active(applicant)
    change = _change(applicant, applicant.stage, "withdrawn", today, by, reason)
    applicant.status = "withdrawn"
    applicant.reason = (reason or "").strip()
    session.flush()
    return change


def record_check(session: SessionLike, applicant: Applicant, passed: bool, note: str = "") -> None:
    """Record the result of the check (考察) of an applicant at the check stage (B7)."""
    _require_active(applicant)
    if applicant.stage != "check":
        raise PipelineError(f"{applicant.name}不在“考察”环节，不能录入考察结果 (B7)")
    applicant.check_passed = bool(passed)
    applicant.check_note = (note or "").strip()
    session.flush()


# --- scores -------------------------------------------------------------------------------


def _score(value: Any, who: str, label: str) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise PipelineError(f"{who}的{label}成绩“{value}”不是数字 (B7)") from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise PipelineError(f"{who}的{label}成绩 {value} 超出 0–100 的范围 (B7)")
    if score != score.quantize(TENTH):
        raise PipelineError(f"{who}的{label}成绩 {value} 最多保留一位小数 (B7)")
    return score.quantize(TENTH)


def record_scores(
    session: SessionLike, posting: Posting, scores: Mapping[int, tuple[Any, Any]]
) -> list[Applicant]:
    """Enter written and interview scores, ``{applicant id: (written, interview)}`` (B7).

    All or nothing: one bad entry and nothing is changed; the message lists
    every problem. ``None`` leaves a score as it is. Scores are 0–100 with at
    most one decimal; a score is taken only from an applicant still in the
    running who has reached that stage, and not once the 公示 has started.
    """
    if posting.status in ("notice", "done", "cancelled"):
        raise PipelineError(f"“{posting.title}”已进入公示或已结束，成绩不能再修改 (B7)")
    stages = stages_of(session, posting)
    by_id = {a.id: a for a in posting.applicants}
    problems: list[str] = []
    planned: list[tuple[Applicant, str, Decimal]] = []
    for key, pair in scores.items():
        applicant = by_id.get(key)
        if applicant is None:
            problems.append(f"报名编号 {key} 不是“{posting.title}”的报名人")
            continue
        if applicant.status != "active":
            problems.append(f"{applicant.name}已{_status_word(applicant.status)}")
            continue
        for stage, label, value in (("written", "笔试", pair[0]), ("interview", "面试", pair[1])):
            if value is None:
                continue
            try:
                score = _score(value, applicant.name, label)
            except PipelineError as exc:
                problems.append(str(exc).removesuffix(" (B7)"))
                continue
            if stage not in stages:
                problems.append(f"本次招聘没有{label}环节")
            elif stages.index(applicant.stage) < stages.index(stage):
                problems.append(f"{applicant.name}尚未进入{label}环节")
            else:
                planned.append((applicant, f"{stage}_score", score))
    if problems:
        raise PipelineError("成绩未保存：" + "；".join(problems) + " (B7)")
    for applicant, attribute, score in planned:
        setattr(applicant, attribute, score)
    session.flush()
    return sorted({a for a, _, _ in planned}, key=lambda a: a.id)


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
    written = Decimal(_param(session, WEIGHT_WRITTEN, posting.apply_until, unit))
    interview = Decimal(_param(session, WEIGHT_INTERVIEW, posting.apply_until, unit))
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
    days = int(_param(session, NOTICE_DAYS, today, posting.org_unit))
    try:
        period = notice_period(today, days, calendar(session))
    except WorkdayUnknown as exc:
        raise PipelineError(str(exc)) from exc
    posting.notice_from, posting.notice_until = period.start, period.end
    posting.status = "notice"
    for r in proposed:
        _change(r.applicant, "notice", "passed", today, by, "列入拟聘用人员公示")
        r.applicant.stage = "notice"
    session.flush()
    return Notice(period, proposed, shortfall(rows, posting.places))


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
    _require_active(applicant)
    posting = applicant.posting
    committee = posting.org_unit
    if applicant.stage != "notice":
        raise PipelineError(
            f"{applicant.name}不在拟聘用人员公示名单中（现在“{stage_label(applicant.stage)}”环节），"
            "不能签订聘用协议 (B7)"
        )
    if start_date < signed_on:
        raise PipelineError("聘用开始日期不能早于协议签订日期 (B7)")
    years = int(_param(session, AGREEMENT_YEARS, start_date, committee))
    end = agreement_end(start_date, years)
    pay = Decimal(_param(session, pay_key(posting.post, posting.grade), start_date, committee))
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
    _change(applicant, "agreement", "hired", signed_on, by, "签订聘用协议")
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
