"""Whether to renew a social worker's hiring agreement, from the appraisals (rule B8). Pure.

The seed text says only that appraisal, with rewards and penalties, feeds
hiring (B5, B8); the rule below is the project's:

- no appraisal during the agreement's term → no recommendation yet (须先考核);
- any 不称职 → 不予续聘;
- two or more 基本称职 → 慎重续聘 (renew with care: the committee decides
  after talking with the worker);
- otherwise → 可以续聘.

Penalties recorded with an appraisal are named in the explanation but do
not change the verdict by themselves: their weight is already in the grade.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from plugins.beijing_workstation.kinds import APPRAISAL_GRADES

RENEW, CAREFUL, REFUSE, UNKNOWN = "renew", "careful", "refuse", "unknown"
LABELS = {
    RENEW: "可以续聘",
    CAREFUL: "慎重续聘",
    REFUSE: "不予续聘",
    UNKNOWN: "暂无考核结果，须先考核",
}
#: 基本称职 this many times or more during the term: renew with care.
CAREFUL_AFTER = 2


@dataclasses.dataclass(frozen=True)
class Recommendation:
    """The renewal recommendation, its code and why."""

    code: str
    label: str
    explanation: str


def recommend(grades: Sequence[str], penalties: int = 0) -> Recommendation:
    """The renewal recommendation from the term's appraisal grades, oldest first (rule B8)."""
    unknown = [g for g in grades if g not in APPRAISAL_GRADES]
    if unknown:
        raise ValueError(f"考核等次只能是{'、'.join(APPRAISAL_GRADES)}：{'、'.join(unknown)} (B8)")
    if not grades:
        return Recommendation(UNKNOWN, LABELS[UNKNOWN], "聘期内没有考核记录，须先考核 (B8)")
    counts = Counter(grades)
    tally = "、".join(f"{g} {counts[g]} 次" for g in APPRAISAL_GRADES if counts[g])
    head = f"聘期内考核 {len(grades)} 次：{tally}"
    if penalties:
        head += f"；受处罚 {penalties} 次"
    if counts["不称职"]:
        code, why = REFUSE, "有不称职等次"
    elif counts["基本称职"] >= CAREFUL_AFTER:
        code, why = CAREFUL, f"基本称职 {CAREFUL_AFTER} 次及以上"
    else:
        code, why = RENEW, "无不称职等次，基本称职少于 2 次"
    return Recommendation(code, LABELS[code], f"{head}。{why}，{LABELS[code]} (B8)")
