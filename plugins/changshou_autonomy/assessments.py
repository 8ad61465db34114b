"""Checks on assessors' scores (S4): range, application state, frozen after awards."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy.orm import object_session

from core.policy import resolve
from plugins.changshou_autonomy.kinds import CRITERIA
from plugins.changshou_autonomy.parameters import SCORE_MAX

if TYPE_CHECKING:
    from plugins.changshou_autonomy.models import Assessment


def check_assessment(assessment: Assessment) -> None:
    """Raise ``ValueError`` for a score outside 0 … ``score.max`` or on a draft (S4)."""
    application = assessment.application
    if not (assessment.assessor or "").strip():
        raise ValueError("请填写评估人 (S4)")
    if application is None:
        return
    if application.status != "submitted":
        raise ValueError(f"“{application.title}”尚未申报，不能评分 (S4)")
    if application.award is not None:
        raise ValueError(f"“{application.title}”已决定资助，评分不能再改 (S4)")
    session = object_session(assessment)
    fund_year = application.fund_year
    top = Decimal(10)
    if session is not None and fund_year is not None:
        with session.no_autoflush:
            top = resolve(session, SCORE_MAX, fund_year.deadline, fund_year.org_unit).value
    for code, label in CRITERIA.items():
        value = getattr(assessment, code)
        name = label.split("（")[0]
        if value is None:
            raise ValueError(f"请填写“{name}”的评分 (S4)")
        if not Decimal(0) <= Decimal(value) <= top:
            raise ValueError(f"“{name}”的评分 {value} 超出 0–{top} 的范围 (S4)")
