"""The plugin's effective-dated policy parameters with their defaults (rules J2, J4, J9)."""

from __future__ import annotations

from core.policy import ParameterSpec, ParamType, non_negative, positive
from plugins.jiayuguan_groups.kinds import PAID_KINDS, RAISE_KEY, rate_key

#: Monthly rates of J4, yuan (非在职: 副主任、监委会主任500，委员200，组长300，组员200).
DEFAULT_RATES = {
    "committee.deputy": "500.00",
    "supervision.leader": "500.00",
    "committee.member": "200.00",
    "group.leader": "300.00",
    "group.member": "200.00",
}

PARAMETERS = [
    *(
        ParameterSpec(
            key=rate_key(kind),
            label=f"工作补贴：{label}（元/月）",
            type=ParamType.DECIMAL,
            default=DEFAULT_RATES[kind],
            rule="J4",
            validator=non_negative,
        )
        for kind, (_, label) in PAID_KINDS.items()
    ),
    ParameterSpec(
        key=RAISE_KEY,
        label="工作补贴：每满1年增加（元/月）",
        type=ParamType.DECIMAL,
        default="50.00",
        rule="J4",
        validator=non_negative,
    ),
    ParameterSpec(
        key="jiayuguan_groups.group.min_members",
        label="居民小组成员人数下限（少于此数提示）",
        type=ParamType.INTEGER,
        default="3",
        rule="J2",
        validator=positive,
    ),
    ParameterSpec(
        key="jiayuguan_groups.group.max_members",
        label="居民小组成员人数上限（超过不得保存）",
        type=ParamType.INTEGER,
        default="5",
        rule="J2",
        validator=positive,
    ),
    ParameterSpec(
        key="jiayuguan_groups.training.per_term",
        label="街道每届培训居委会和居民小组的最少次数",
        type=ParamType.INTEGER,
        default="2",
        rule="J9",
        validator=positive,
    ),
]
