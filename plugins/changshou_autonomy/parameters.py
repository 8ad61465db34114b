"""The plugin's effective-dated policy parameters with their defaults (S4, S7).

The seed text fixes no numbers for the assessment, the matching or the
service-ability assessment; these defaults are the project's and every one
of them is a policy parameter the district may change.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from core.policy import ParameterSpec, ParamType, positive, share
from plugins.changshou_autonomy.kinds import CRITERIA

P = "changshou_autonomy."

SCORE_MAX = P + "score.max"
COMBINE = P + "assessors.combine"
BANDS = P + "award.bands"
SHORTFALL = P + "award.shortfall"
MIN_APPLICATIONS = P + "application.min_per_committee"
SURVEY_SATISFACTION = P + "survey.weight.satisfaction"
SURVEY_AWARENESS = P + "survey.weight.awareness"

_WEIGHTS = {
    "need": "0.30",
    "participation": "0.25",
    "feasibility": "0.25",
    "sustainability": "0.20",
}


def weight_key(criterion: str) -> str:
    """The parameter holding the weight of an assessment criterion (S4)."""
    return f"{P}criteria.{criterion}.weight"


def parse_bands(text: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """``"90:100%,80:80%"`` → ``((90, 1.00), (80, 0.80))``, highest score first (S4).

    Each band is "lowest score: share of the amount requested"; a score below
    the lowest band gets nothing.
    """
    bands = []
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        score, _, rate = part.partition(":")
        rate = rate.strip()
        value = Decimal(rate[:-1]) / 100 if rate.endswith("%") else Decimal(rate)
        bands.append((Decimal(score.strip()), value))
    return tuple(sorted(bands, reverse=True))


def _bands(value: Any) -> None:
    try:
        bands = parse_bands(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("格式应为“最低分:资助比例”，用逗号分隔，如 90:100%,80:80%") from exc
    if not bands:
        raise ValueError("至少要有一档")
    for score, rate in bands:
        if not (0 <= score <= 100 and 0 <= rate <= 1):
            raise ValueError("分数须在 0–100 之间，比例须在 0%–100% 之间")


PARAMETERS = [
    *(
        ParameterSpec(
            key=weight_key(code),
            label=f"项目评估权重：{label.split('（')[0]}",
            type=ParamType.DECIMAL,
            default=_WEIGHTS[code],
            rule="S4",
            validator=share,
            description="各项权重之和须为 1",
        )
        for code, label in CRITERIA.items()
    ),
    ParameterSpec(
        key=SCORE_MAX,
        label="项目评估每项评分的满分（评分范围 0 至此数）",
        type=ParamType.DECIMAL,
        default="10",
        rule="S4",
        validator=positive,
    ),
    ParameterSpec(
        key=COMBINE,
        label="多名评估人的评分合成方式",
        type=ParamType.CHOICE,
        default="mean",
        rule="S4",
        choices=(
            ("mean", "取平均"),
            ("trimmed", "5人及以上去掉一个最高分和一个最低分后取平均"),
        ),
    ),
    ParameterSpec(
        key=BANDS,
        label="以奖代补资金匹配档次（最低分:资助申请金额的比例）",
        type=ParamType.TEXT,
        default="90:100%,80:80%,70:60%,60:40%",
        rule="S4",
        validator=_bands,
    ),
    ParameterSpec(
        key=SHORTFALL,
        label="专项资金余额不足以按档次资助时",
        type=ParamType.CHOICE,
        default="partial",
        rule="S4",
        choices=(("partial", "按余额部分资助，其后项目不再资助"), ("stop", "不再资助")),
    ),
    ParameterSpec(
        key=MIN_APPLICATIONS,
        label="每个居委会每年至少申报的自治项目数",
        type=ParamType.INTEGER,
        default="1",
        rule="S4",
        validator=positive,
    ),
    ParameterSpec(
        key=SURVEY_SATISFACTION,
        label="服务居民能力评估中居民满意度的权重",
        type=ParamType.DECIMAL,
        default="0.60",
        rule="S7",
        validator=share,
    ),
    ParameterSpec(
        key=SURVEY_AWARENESS,
        label="服务居民能力评估中社情民意知晓度的权重",
        type=ParamType.DECIMAL,
        default="0.40",
        rule="S7",
        validator=share,
    ),
]
