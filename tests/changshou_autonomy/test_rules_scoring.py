"""Assessors' totals and their combination, explained (rule S4); pure, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plugins.changshou_autonomy.rules.scoring import (
    AssessorTotal,
    assessor_total,
    combine,
    combined_score,
)

WEIGHTS = {
    "need": Decimal("0.30"),
    "participation": Decimal("0.25"),
    "feasibility": Decimal("0.25"),
    "sustainability": Decimal("0.20"),
}
TEN = Decimal(10)


def scores(*values: str) -> dict[str, Decimal]:
    return dict(zip(WEIGHTS, (Decimal(v) for v in values), strict=True))


def totals(*values: str) -> list[AssessorTotal]:
    return [AssessorTotal(f"评估人{i}", Decimal(v), "") for i, v in enumerate(values)]


def test_s4_assessor_total_is_weighted_and_explained() -> None:
    total = assessor_total(scores("8", "7", "8", "7.5"), WEIGHTS, TEN, assessor="张三")
    assert total.total == Decimal("76.5")
    assert total.explanation == (
        "张三：需求导向 8/10×30% + 居民参与 7/10×25% + 方案可行 8/10×25% + 长效机制 7.5/10×20%"
        " = 76.5 (S4)"
    )
    # 24 + 17.75 + 20 + 13.9 = 75.65 → 75.7: half up, not half even.
    assert assessor_total(scores("8", "7.1", "8", "6.95"), WEIGHTS, TEN).total == Decimal("75.7")
    # Another maximum: 5 of 5 everywhere is 100.
    assert assessor_total(scores("5", "5", "5", "5"), WEIGHTS, Decimal(5)).total == 100


def test_s4_weights_must_sum_to_one_and_scores_stay_in_range() -> None:
    bad = {**WEIGHTS, "sustainability": Decimal("0.15")}
    with pytest.raises(ValueError, match=r"权重之和须为 100%，现为 95%"):
        assessor_total(scores("8", "7", "8", "7"), bad, TEN)
    with pytest.raises(ValueError, match="缺少评估权重：长效机制"):
        assessor_total(scores("8", "7", "8", "7"), dict(list(WEIGHTS.items())[:3]), TEN)
    with pytest.raises(ValueError, match="超出 0–10 的范围"):
        assessor_total(scores("8", "11", "8", "7"), WEIGHTS, TEN)


def test_s4_several_assessors_combine_by_the_mean_of_rounded_totals() -> None:
    result = combine(totals("76.5", "80.0", "71.0"))
    assert result.value == Decimal("75.8")
    assert result.explanation == "评估人 3 名：76.5、80.0、71.0，平均 75.8 (S4)"
    assert combine(totals("76.5")).explanation == "评估人 1 名：76.5，即 76.5 (S4)"
    nobody = combine([])
    assert nobody.value is None and nobody.explanation == "尚未评分 (S4)"
    # The mean is of the rounded totals (75.65 → 75.7 and 80.0 → 77.85 → 77.9).
    both = combined_score(
        [("甲", scores("8", "7.1", "8", "6.95")), ("乙", scores("8", "8", "8", "8"))],
        WEIGHTS,
        TEN,
    )
    assert [t.total for t in both.totals] == [Decimal("75.7"), Decimal("80.0")]
    assert both.value == Decimal("77.9")


def test_s4_trimmed_drops_highest_and_lowest_from_five_assessors() -> None:
    five = combine(totals("95.0", "60.0", "75.0", "80.0", "70.0"), "trimmed")
    assert five.value == Decimal("75.0")
    assert five.explanation == (
        "评估人 5 名：95.0、60.0、75.0、80.0、70.0，去掉一个最高分 95.0 和一个最低分 60.0"
        " 后平均 75.0 (S4)"
    )
    # The plain mean of the same five is 76.0.
    assert combine(totals("95.0", "60.0", "75.0", "80.0", "70.0")).value == Decimal("76.0")
    four = combine(totals("90.0", "60.0", "75.0", "80.0"), "trimmed")
    assert four.value == Decimal("76.3")  # 305 / 4 = 76.25 → 76.3, no trimming
    assert "不足 5 名不去掉最高最低分，平均 76.3" in four.explanation
    with pytest.raises(ValueError, match="未知的评分合成方式"):
        combine(totals("90.0"), "median")
