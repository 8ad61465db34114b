"""The plugin's effective-dated policy parameters with their defaults (B2, B6, B7, B8).

The seed text fixes no pay, weights or notice length; the defaults are the
project's (after Beijing's public recruitment rules for community workers),
and every one is a policy parameter the district may change.
"""

from __future__ import annotations

from typing import Any

from core.policy import ParameterSpec, ParamType, non_negative, positive, share
from plugins.beijing_workstation.kinds import GRADES, POSTS, STAGES

P = "beijing_workstation."

STAGES_KEY = P + "recruitment.stages"
WEIGHT_WRITTEN = P + "recruitment.weight.written"
WEIGHT_INTERVIEW = P + "recruitment.weight.interview"
NOTICE_DAYS = P + "recruitment.notice_working_days"
MIN_AGE = P + "recruitment.min_age"
SESSIONS_PER_YEAR = P + "assembly.sessions_per_year"
AGREEMENT_YEARS = P + "agreement.years"

_PAY = {("director", 1): "6800.00", ("director", 2): "6200.00", ("director", 3): "5600.00",
        ("worker", 1): "5600.00", ("worker", 2): "5000.00", ("worker", 3): "4500.00"}  # fmt: skip


def pay_key(post: str, grade: int) -> str:
    """The parameter holding the monthly post pay of ``post`` at ``grade`` (B6)."""
    return f"{P}pay.{post}.{grade}"


def parse_stages(text: str) -> tuple[str, ...]:
    """``"posting,application,…"`` → the stage codes, in order (B7)."""
    return tuple(p.strip() for p in text.replace("，", ",").split(",") if p.strip())


def _stages(value: Any) -> None:
    stages = parse_stages(str(value))
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ValueError(f"未知的环节：{'、'.join(unknown)}；可用：{'、'.join(STAGES)}")
    if not stages or stages[0] != "posting" or stages[-1] != "agreement":
        raise ValueError("须以 posting（发布招聘公告）开始、以 agreement（签订聘用协议）结束")
    if len(set(stages)) != len(stages):
        raise ValueError("环节不能重复")


PARAMETERS = [
    ParameterSpec(
        key=STAGES_KEY,
        label="社工招聘的环节（按顺序，用逗号分隔）",
        type=ParamType.TEXT,
        default=",".join(STAGES),
        rule="B7",
        validator=_stages,
    ),
    ParameterSpec(
        key=WEIGHT_WRITTEN,
        label="社工招聘综合成绩中笔试成绩的权重",
        type=ParamType.DECIMAL,
        default="0.40",
        rule="B7",
        validator=share,
        description="与面试权重之和须为 1",
    ),
    ParameterSpec(
        key=WEIGHT_INTERVIEW,
        label="社工招聘综合成绩中面试成绩的权重",
        type=ParamType.DECIMAL,
        default="0.60",
        rule="B7",
        validator=share,
    ),
    ParameterSpec(
        key=NOTICE_DAYS,
        label="拟聘用人员公示期（工作日）",
        type=ParamType.INTEGER,
        default="7",
        rule="B7",
        validator=positive,
    ),
    ParameterSpec(
        key=MIN_AGE,
        label="报名社工的最低年龄（周岁，含）",
        type=ParamType.INTEGER,
        default="18",
        rule="B7",
        validator=positive,
    ),
    ParameterSpec(
        key=SESSIONS_PER_YEAR,
        label="社区成员代表大会每年例会次数",
        type=ParamType.INTEGER,
        default="2",
        rule="B2",
        validator=positive,
    ),
    ParameterSpec(
        key=AGREEMENT_YEARS,
        label="社工聘用协议期限（年，与居委会任期一致时填 5）",
        type=ParamType.INTEGER,
        default="3",
        rule="B7",
        validator=positive,
    ),
    *(
        ParameterSpec(
            key=pay_key(post, grade),
            label=f"任期岗位工资：{label}{grade}档（元/月）",
            type=ParamType.DECIMAL,
            default=_PAY[(post, grade)],
            rule="B6",
            validator=non_negative,
        )
        for post, label in POSTS.items()
        for grade in GRADES
    ),
]
