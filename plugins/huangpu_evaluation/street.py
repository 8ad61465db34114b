"""The street's half-yearly evaluation: checks on what is entered (H4)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from plugins.huangpu_evaluation.kinds import STREET, STREET_SOURCES, forms_of
from plugins.huangpu_evaluation.models import StreetEvaluation

MIN_SCORE, MAX_SCORE = Decimal(0), Decimal(100)


def check_street_evaluation(evaluation: StreetEvaluation) -> None:
    """Raise ``ValueError`` for a wrong round, a score outside 0–100, or a second entry (H4).

    Scores are entered only while the street round is open, only for the
    items of the subject's form, and once per subject (edit the entry instead).
    """
    from sqlalchemy.orm import object_session

    rc = evaluation.round_committee
    if rc is None:
        return
    round_ = rc.round
    if round_.kind != STREET:
        raise ValueError(f"“{round_.title}”不是街道半年评价，不能录入街道评分 (H4)")
    if round_.status != "open":
        raise ValueError(f"“{round_.title}”不在进行中，不能录入或修改街道评分 (H4)")
    if evaluation.subject is not None and evaluation.subject.round_committee_id not in (
        None,
        rc.id,
    ):
        raise ValueError("被评价的工作人员不属于该居委会的本轮测评")
    committee_form, staff_form = forms_of(STREET)
    form = staff_form if evaluation.subject_id or evaluation.subject else committee_form
    assert form is not None
    for index, score in enumerate(evaluation.scores, start=1):
        if index > len(form.items):
            if score is not None:
                raise ValueError(f"{form.label}只有 {len(form.items)} 项评分")
            continue
        if score is None:
            raise ValueError(f"请填写“{form.items[index - 1]}”的得分 (H4)")
        if not MIN_SCORE <= Decimal(score) <= MAX_SCORE:
            raise ValueError(f"“{form.items[index - 1]}”的得分 {score} 超出 0–100 的范围 (H4)")
    sources = [s for s in (evaluation.sources or "").split(",") if s]
    unknown = [s for s in sources if s not in STREET_SOURCES]
    if unknown:
        raise ValueError(f"未知的评价来源：{'、'.join(unknown)}")
    session = object_session(evaluation)
    if session is None:
        return
    with session.no_autoflush:
        subject_id = evaluation.subject_id or (
            evaluation.subject.id if evaluation.subject is not None else None
        )
        if subject_id is None and evaluation.subject is not None:
            return  # a staff member added in the same flush has no entry yet
        same_subject = (
            StreetEvaluation.subject_id.is_(None)
            if subject_id is None
            else StreetEvaluation.subject_id == subject_id
        )
        stmt = select(StreetEvaluation.id).where(
            StreetEvaluation.round_committee_id == rc.id, same_subject
        )
        if evaluation.id is not None:
            stmt = stmt.where(StreetEvaluation.id != evaluation.id)
        if session.execute(stmt).first() is not None:
            raise ValueError("该对象在本轮已有街道评分，请修改原记录 (H4)")
