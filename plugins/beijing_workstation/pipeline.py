"""The recruitment service: postings, applications, stages and scores (B7).

The stages of a posting are the policy parameter ``recruitment.stages`` as it
stood when the posting was made (kept in ``Posting.stages``, see
:mod:`.stages`); by default posting → application → eligibility → written →
interview → composite → check → notice → agreement. An applicant starts at
``application`` and moves one stage at a time (:func:`advance`); nothing skips
a stage. Entering ``notice`` and ``agreement`` is the business of
:mod:`.hiring` (the 公示 and the signing). Anyone still in the running may be
turned down at any stage with a reason (:func:`reject`) or withdraw. Each move
is a ``StageChange``; every write is audited by core.

Functions flush and never commit: the caller commits, or rolls back on a
``ValueError`` (``PipelineError``, or a model check's message, which passes
through unchanged). Messages are Chinese and name the rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from core.extensions import SessionLike
from core.models import OrgUnit
from plugins.beijing_workstation.models import Applicant, Posting, StageChange
from plugins.beijing_workstation.parameters import STAGES_KEY, parse_stages
from plugins.beijing_workstation.rules.composite import TENTH
from plugins.beijing_workstation.stages import (
    PipelineError,
    param,
    record_change,
    require_active,
    stage_label,
    stages_of,
    status_word,
)

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
    stages = parse_stages(str(param(session, STAGES_KEY, today, committee)))
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
    require_active(applicant)
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
    change = record_change(applicant, after, "passed", today, by, reason)
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
    require_active(applicant)
    if not (reason or "").strip():
        raise PipelineError(
            f"请填写{applicant.name}未通过“{stage_label(applicant.stage)}”的理由 (B7)"
        )
    change = record_change(applicant, applicant.stage, "rejected", today, by, reason)
    applicant.status = "rejected"
    applicant.reason = reason.strip()
    session.flush()
    return change


def withdraw(
    session: SessionLike, applicant: Applicant, today: dt.date, by: str, reason: str = ""
) -> StageChange:
    """Record that ``applicant`` gave up (放弃) at their current stage (B7)."""
    require_active(applicant)
    change = record_change(applicant, applicant.stage, "withdrawn", today, by, reason)
    applicant.status = "withdrawn"
    applicant.reason = (reason or "").strip()
    session.flush()
    return change


def record_check(session: SessionLike, applicant: Applicant, passed: bool, note: str = "") -> None:
    """Record the result of the check (考察) of an applicant at the check stage (B7)."""
    require_active(applicant)
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
            problems.append(f"{applicant.name}已{status_word(applicant.status)}")
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
