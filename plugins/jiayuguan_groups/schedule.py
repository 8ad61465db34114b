"""Summary meetings (J8), trainings (J9) and evaluations (J10): checks and status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.models.base import same_unit, unit_of
from core.rules.divisions import OrgKind
from plugins.jiayuguan_groups.kinds import SUMMARY_MEETING

if TYPE_CHECKING:
    from plugins.jiayuguan_groups.models import GroupEvaluation, Training


def check_summary_meeting(meeting: Any) -> None:
    """Raise ``ValueError`` unless a half-yearly summary meeting names its group (J8)."""
    if meeting.kind != SUMMARY_MEETING:
        return
    if meeting.resident_group_id is None and meeting.resident_group is None:
        raise ValueError("居民小组半年小结会须选择居民小组 (J8)")


def check_training(training: Training) -> None:
    """Raise ``ValueError`` unless a street holds the training (J9)."""
    unit = unit_of(training)
    if unit is not None and unit.kind != OrgKind.STREET:
        raise ValueError("培训由街道办事处组织，请选择街道 (J9)")
    if training.attendance is not None and training.attendance < 0:
        raise ValueError("参训人数不能为负数 (J9)")


def check_evaluation(evaluation: GroupEvaluation) -> None:
    """Raise ``ValueError`` unless the group is the committee's and the half-year valid (J10)."""
    group = evaluation.resident_group
    if group is not None and not same_unit(evaluation, group):
        raise ValueError("只能评议本居委会的居民小组 (J10)")
    if evaluation.half not in (1, 2):
        raise ValueError("半年须为上半年或下半年 (J10)")
    if evaluation.evaluated_on is not None and evaluation.evaluated_on.year < evaluation.year:
        raise ValueError("评议日期不能早于所评议的年度 (J10)")
