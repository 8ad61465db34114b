"""The plugin's effective-dated policy parameters with their defaults (H3, H4, H6, D1, D2, D4).

Every number of the evaluation that a locality may change is here: the 70/30
weights, how the two half-year street scores make the year's, the points an
answer on a ballot is worth, the grade cut-offs, the D1 turnout threshold, the
D2 satisfaction cut-offs and the D4 evaluation months. The rules read them at
the day the round ends (``Round.period_end``).
"""

from __future__ import annotations

from typing import Any

from core.policy import ParameterSpec, ParamType, share

P = "huangpu_evaluation."

WEIGHT_MASS = P + "weight.mass"
WEIGHT_STREET = P + "weight.street"
STREET_COMBINE = P + "street.combine"
TURNOUT = P + "turnout.threshold"
D1_MONTHS = P + "d1.months"


def points_key(scale: str, index: int) -> str:
    """The parameter of the points the ``index``-th answer (1-based) of ``scale`` is worth."""
    return f"{P}points.{scale}.{index}"


def cutoff_key(scale: str, grade_index: int) -> str:
    """The parameter of the lowest score of the ``grade_index``-th grade (1-based) of ``scale``."""
    return f"{P}grade.{scale}.{grade_index}"


def _score(value: Any) -> None:
    if not 0 <= value <= 100:
        raise ValueError("须在 0 到 100 之间")


def _months(value: Any) -> None:
    parts = [p.strip() for p in str(value).replace("，", ",").split(",") if p.strip()]
    if not parts or not all(p.isdigit() and 1 <= int(p) <= 12 for p in parts):
        raise ValueError("须为 1–12 的月份，用逗号分隔，如 2,8")


def parse_months(text: str) -> tuple[int, ...]:
    """The months of a ``d1.months`` value, e.g. ``"2,8"`` → ``(2, 8)`` (D4)."""
    return tuple(sorted({int(p) for p in text.replace("，", ",").split(",") if p.strip()}))


_POINTS = {
    # H answers 优秀/合格/基本合格/不合格: each lands inside its own H6 band,
    # so a unanimous ballot gives that grade.
    "h": ("优秀", "合格", "基本合格", "不合格"),
    "d1": ("优秀", "称职", "不称职"),
}
_POINT_DEFAULTS = {"h": ("100", "80", "60", "40"), "d1": ("100", "80", "40")}

#: (scale, grade index) → (label, default lowest score). The last grade has no cut-off.
_CUTOFFS = {
    ("h", 1): ("优秀", "90"),
    ("h", 2): ("合格", "75"),
    ("h", 3): ("基本合格", "60"),
    ("d1", 1): ("优秀", "90"),
    ("d1", 2): ("称职", "60"),
}

PARAMETERS = [
    ParameterSpec(
        key=WEIGHT_MASS,
        label="综合评价中群众评价所占权重",
        type=ParamType.DECIMAL,
        default="0.70",
        rule="H3",
        validator=share,
        description="与街道评价权重之和须为 1",
    ),
    ParameterSpec(
        key=WEIGHT_STREET,
        label="综合评价中街道评价所占权重",
        type=ParamType.DECIMAL,
        default="0.30",
        rule="H3",
        validator=share,
        description="与群众评价权重之和须为 1",
    ),
    ParameterSpec(
        key=STREET_COMBINE,
        label="全年街道评价由两次半年评价合成的方式",
        type=ParamType.CHOICE,
        default="mean",
        rule="H4",
        choices=(("mean", "两次半年评价的平均分"), ("second", "以下半年评价为准")),
    ),
    ParameterSpec(
        key=TURNOUT,
        label="民主评议有效的最低参与率（含本数）",
        type=ParamType.FRACTION,
        default="4/5",
        rule="D1",
        validator=share,
    ),
    ParameterSpec(
        key=D1_MONTHS,
        label="民主评议监督小组的评议月份",
        type=ParamType.TEXT,
        default="2,8",
        rule="D4",
        validator=_months,
    ),
    ParameterSpec(
        key=P + "d2.satisfied",
        label="述职测评“满意”的最低满意率（满意+基本满意占有效票）",
        type=ParamType.FRACTION,
        default="9/10",
        rule="D2",
        validator=share,
    ),
    ParameterSpec(
        key=P + "d2.basic",
        label="述职测评“基本满意”的最低满意率",
        type=ParamType.FRACTION,
        default="7/10",
        rule="D2",
        validator=share,
    ),
    *(
        ParameterSpec(
            key=points_key(scale, i),
            label=f"选票“{answer}”折合分数" + ("（德能勤绩）" if scale == "d1" else ""),
            type=ParamType.DECIMAL,
            default=_POINT_DEFAULTS[scale][i - 1],
            rule="D1" if scale == "d1" else "H3",
            validator=_score,
        )
        for scale, answers in _POINTS.items()
        for i, answer in enumerate(answers, start=1)
    ),
    *(
        ParameterSpec(
            key=cutoff_key(scale, i),
            label=f"“{label}”等次的最低分" + ("（德能勤绩）" if scale == "d1" else ""),
            type=ParamType.DECIMAL,
            default=default,
            rule="D1" if scale == "d1" else "H6",
            validator=_score,
        )
        for (scale, i), (label, default) in _CUTOFFS.items()
    ),
]
