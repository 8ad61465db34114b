"""Recruitment checks run on every write (B7, C10).

The stage service is in ``stages.py`` and ``pipeline.py``; ranking, notice
and agreement signing in ``hiring.py``; the composite score and the notice period in ``rules/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import object_session

from core.policy import resolve
from core.rules.age import age_on
from core.rules.identity import parse_id_number

if TYPE_CHECKING:
    from plugins.beijing_workstation.models import Agreement, Applicant, Posting


def check_posting(posting: Posting) -> None:
    """Raise ``ValueError`` for a unit that is not a committee or dates out of order (B7)."""
    from core.models.base import require_committee

    require_committee(posting, "社工招聘")
    if posting.apply_from and posting.apply_until and posting.apply_from > posting.apply_until:
        raise ValueError("报名开始日期不能晚于报名截止日期 (B7)")
    for label, day in (("笔试", posting.written_on), ("面试", posting.interview_on)):
        if day is not None and posting.apply_until and day < posting.apply_until:
            raise ValueError(f"{label}日期不能早于报名截止日期 (B7)")
    if posting.places is None or posting.places < 1:
        raise ValueError("招聘名额至少为 1 (B7)")


def check_applicant(applicant: Applicant) -> None:
    """Raise ``ValueError`` for an invalid ID number, one that disagrees, or under-age (B7, C10).

    Birth date and sex come from the ID number (C10); the applicant must be
    at least ``recruitment.min_age`` (18) on the last day of application.
    """
    from plugins.beijing_workstation.parameters import MIN_AGE

    try:
        info = parse_id_number(applicant.id_number or "")
    except ValueError as exc:
        raise ValueError(f"{applicant.name}：{exc}") from exc
    if applicant.birth_date is None:
        applicant.birth_date = info.birth_date
    if not applicant.sex:
        applicant.sex = info.sex.value
    if applicant.birth_date != info.birth_date or applicant.sex != info.sex.value:
        raise ValueError(f"{applicant.name}的出生日期或性别与身份证号码不一致 (C10)")
    posting = applicant.posting
    session = object_session(applicant)
    if posting is None:
        return
    minimum = 18
    if session is not None:
        with session.no_autoflush:
            minimum = int(resolve(session, MIN_AGE, posting.apply_until, posting.org_unit).value)
    age = age_on(applicant.birth_date, posting.apply_until)
    if age < minimum:
        raise ValueError(
            f"{applicant.name}在报名截止日 {posting.apply_until.isoformat()} 年满 {age} 周岁，"
            f"未满{minimum}周岁，不能报名 (B7)"
        )


def check_agreement(agreement: Agreement) -> None:
    """Raise ``ValueError`` before the 公示 ends, beyond the places, dates out of order (B7)."""
    from plugins.beijing_workstation.models import Agreement, Applicant

    applicant = agreement.applicant
    if applicant is None:
        return
    posting = applicant.posting
    if agreement.end_date <= agreement.start_date:
        raise ValueError("聘用协议的终止日期须晚于开始日期 (B7)")
    if posting.notice_until is None:
        raise ValueError("拟聘用人员尚未公示，不能签订聘用协议 (B7)")
    if agreement.signed_on <= posting.notice_until:
        raise ValueError(
            f"公示期到 {posting.notice_until.isoformat()} 为止，"
            f"{agreement.signed_on.isoformat()} 还在公示期内，不能签订聘用协议 (B7)"
        )
    session = object_session(agreement)
    if session is None:
        return
    with session.no_autoflush:
        stmt = (
            select(func.count(Agreement.id))
            .join(Applicant, Applicant.id == Agreement.applicant_id)
            .where(Applicant.posting_id == posting.id, Agreement.renews_id.is_(None))
        )
        if agreement.id is not None:
            stmt = stmt.where(Agreement.id != agreement.id)
        hired = int(session.scalar(stmt) or 0)
    if agreement.renews_id is None and hired >= posting.places:
        raise ValueError(
            f"“{posting.title}”招聘 {posting.places} 人，已签订 {hired} 份聘用协议，不能再聘用 (B7)"
        )
