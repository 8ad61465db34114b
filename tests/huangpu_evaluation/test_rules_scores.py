"""Pure rules of the scores: items, means, street halves, 70/30, grades, D1, D2, ranks, turnout."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from plugins.huangpu_evaluation.kinds import D1_GRADES, D2_GRADES, GRADES, H_ANSWERS
from plugins.huangpu_evaluation.rules.scores import (
    final_score,
    grade,
    item_score,
    mean_score,
    r1,
    ranks,
    satisfaction,
    street_half,
    street_year,
)
from plugins.huangpu_evaluation.rules.turnout import turnout

D = Decimal
POINTS = (D(100), D(80), D(60), D(40))
CUT_H = (D(90), D(75), D(60))
CUT_D1 = (D(90), D(60))


def test_h3_item_score_weights_answers_by_points_and_skips_blanks() -> None:
    scored = item_score((120, 150, 20, 10), H_ANSWERS, POINTS)
    assert scored.value == D("85.3")
    assert scored.explanation == (
        "优秀 120×100 + 合格 150×80 + 基本合格 20×60 + 不合格 10×40 = 25600 ÷ 300 = 85.3 (H3)"
    )
    # Blanks are not in the counts: 2 votes of 优秀 alone give 100 whatever the blanks.
    assert item_score((2, 0, 0, 0), H_ANSWERS, POINTS).value == D("100.0")
    none = item_score((0, 0, 0, 0), H_ANSWERS, POINTS)
    assert none.value is None and "无有效票" in none.explanation
    # Half up: (100 + 70.5) ÷ 2 = 85.25 → 85.3.
    assert item_score((1, 1), ("甲", "乙"), (D(100), D("70.5"))).value == D("85.3")
    assert r1(D("85.25")) == D("85.3") and r1(D("85.249")) == D("85.2")


def test_h1_committee_mass_score_is_mean_of_four_categories() -> None:
    items = [("组织建设", D("88.0")), ("居民自治", D("85.2")), ("协助行政事务", D("86.1"))]
    items.append(("制度建设", D("86.3")))
    scored = mean_score(items, "H1")
    # (88.0 + 85.2 + 86.1 + 86.3) / 4 = 86.4
    assert scored.value == D("86.4")
    assert scored.explanation == (
        "组织建设 88.0、居民自治 85.2、协助行政事务 86.1、制度建设 86.3，平均 86.4 (H1)"
    )
    partial = mean_score([("组织建设", D("80.0")), ("居民自治", None)], "H1")
    assert partial.value == D("80.0") and "居民自治无得分，不计入" in partial.explanation
    assert mean_score([("组织建设", None)], "H1").value is None


def test_h2_staff_mass_score_is_mean_of_five_dimensions() -> None:
    labels = ("从业道德", "工作能力", "工作作风", "工作实绩", "廉洁自律")
    scored = mean_score(list(zip(labels, (D(90), D(85), D(80), D(88), D(92)), strict=True)), "H2")
    assert scored.value == D("87.0") and scored.explanation.endswith("平均 87.0 (H2)")


def test_h4_street_half_and_year_combine_mean_or_second() -> None:
    half = street_half([("组织建设", D(90)), ("居民自治", D(91)), ("协助行政事务", D(92))])
    assert half.value == D("91.0") and "(H4)" in half.explanation
    mean = street_year(D("90.0"), D("92.0"), "mean")
    assert (
        mean.value == D("91.0") and mean.explanation == "上半年 90.0、下半年 92.0，平均 91.0 (H4)"
    )
    assert street_year(D("90.0"), D("91.5"), "mean").value == D("90.8")  # 90.75 half up
    only_second = street_year(None, D("88.0"), "mean")
    assert only_second.value == D("88.0") and "上半年缺街道评价" in only_second.explanation
    only_first = street_year(D("87.0"), None, "mean")
    assert only_first.value == D("87.0") and "下半年缺街道评价" in only_first.explanation
    second = street_year(D("90.0"), D("80.0"), "second")
    assert second.value == D("80.0") and "以下半年" in second.explanation
    fallback = street_year(D("90.0"), None, "second")
    assert fallback.value == D("90.0") and "取上半年" in fallback.explanation
    assert street_year(None, None, "mean").value is None
    with pytest.raises(ValueError, match="H4"):
        street_year(D(1), D(2), "max")


def test_h3_final_score_70_30_explained_and_refuses_bad_weights() -> None:
    final = final_score(D("86.4"), D("91.0"), D("0.70"), D("0.30"), CUT_H, GRADES)
    assert final.value == D("87.8") and final.grade == "合格"
    assert final.explanation == "群众 86.4 × 70% + 街道 91.0 × 30% = 87.8 → 合格 (H3, H6)"
    # Computed from the rounded parts: 86.44 and 90.96 count as 86.4 and 91.0.
    assert final_score(D("86.44"), D("90.96"), D("0.7"), D("0.3"), CUT_H, GRADES).value == D("87.8")
    with pytest.raises(ValueError, match="之和须为 1"):
        final_score(D(80), D(80), D("0.7"), D("0.4"), CUT_H, GRADES)
    no_street = final_score(D("86.4"), None, D("0.7"), D("0.3"), CUT_H, GRADES)
    assert no_street.value is None and no_street.grade is None
    assert "缺街道评价" in no_street.explanation
    no_mass = final_score(None, D(90), D("0.7"), D("0.3"), CUT_H, GRADES)
    assert "缺群众评价" in no_mass.explanation


def test_h6_grade_cut_offs_inclusive_at_90_75_60() -> None:
    expected = {
        "90.0": "优秀",
        "89.9": "合格",
        "75.0": "合格",
        "74.9": "基本合格",
        "60.0": "基本合格",
        "59.9": "不合格",
        "100": "优秀",
        "0": "不合格",
    }
    for score, label in expected.items():
        assert grade(D(score), CUT_H, GRADES).grade == label, score
    assert grade(D("90.0"), CUT_H, GRADES).explanation == "90.0 ≥ 90 → 优秀 (H6)"
    assert grade(D("59.9"), CUT_H, GRADES).explanation == "59.9 < 60 → 不合格 (H6)"
    # The grade is read from the rounded score: 89.95 shows as 90.0 and is 优秀.
    assert grade(D("89.95"), CUT_H, GRADES).grade == "优秀"
    assert grade(None, CUT_H, GRADES).grade is None


def test_h6_final_score_exactly_at_the_cut_offs() -> None:
    # 90 × 70% + 90 × 30% = 90.0 → 优秀; 89.9 both → 89.9 → 合格; and at 75 and 60.
    cases = {("90.0", "90.0"): "优秀", ("89.9", "89.9"): "合格", ("75.0", "75.0"): "合格"}
    cases |= {("74.9", "74.9"): "基本合格", ("60.0", "60.0"): "基本合格"}
    cases |= {("59.9", "59.9"): "不合格"}
    for (mass, street), label in cases.items():
        final = final_score(D(mass), D(street), D("0.7"), D("0.3"), CUT_H, GRADES)
        assert final.value == D(mass) and final.grade == label, (mass, label)
    # A mix that lands exactly on 75: 70 × 70% + 86.7 × 30% = 49 + 26.01 = 75.01 → 75.0 → 合格
    mixed = final_score(D(70), D("86.7"), D("0.7"), D("0.3"), CUT_H, GRADES)
    assert mixed.value == D("75.0") and mixed.grade == "合格"


def test_d1_grades_on_their_own_scale_and_d1_points() -> None:
    assert [grade(D(s), CUT_D1, D1_GRADES, "D1").grade for s in ("90", "89.9", "60", "59.9")] == [
        "优秀",
        "称职",
        "称职",
        "不称职",
    ]
    scored = item_score((8, 2), D1_GRADES, (D(100), D(80), D(40)), "D1")
    assert scored.value == D("96.0") and scored.explanation.endswith("(D1)")


def test_d1_turnout_exactly_four_fifths_and_just_below() -> None:
    four_fifths = Fraction(4, 5)
    assert turnout(40, 50, four_fifths).valid
    assert "达到 4/5" in turnout(40, 50, four_fifths).explanation
    below = turnout(39, 50, four_fifths)
    assert not below.valid and "未达到" in below.explanation and "(D1)" in below.explanation
    assert turnout(12, 15, four_fifths).valid and not turnout(11, 15, four_fifths).valid


def test_d2_satisfaction_rate_and_grades() -> None:
    rated = satisfaction((30, 6, 4), Fraction(9, 10), Fraction(7, 10), D2_GRADES)
    assert rated.value == D("90.0") and rated.grade == "满意"
    assert rated.explanation == "满意 30 + 基本满意 6 = 36 ÷ 40 = 90.0% → 满意 (D2)"
    assert satisfaction((30, 5, 5), Fraction(9, 10), Fraction(7, 10), D2_GRADES).grade == "基本满意"
    assert (
        satisfaction((20, 8, 12), Fraction(9, 10), Fraction(7, 10), D2_GRADES).grade == "基本满意"
    )
    low = satisfaction((20, 7, 13), Fraction(9, 10), Fraction(7, 10), D2_GRADES)
    assert low.value == D("67.5") and low.grade == "不满意"
    assert satisfaction((0, 0, 0), Fraction(9, 10), Fraction(7, 10), D2_GRADES).value is None


def test_h8_ranking_ties_share_a_rank_and_unscored_are_unranked() -> None:
    assert ranks([D("90.0"), D("85.0"), D("90.0"), None, D("70.0")]) == [1, 3, 1, None, 4]
    assert ranks([]) == []
    # Ranked on the shown figure: 88.04 and 88.0 tie.
    assert ranks([D("88.04"), D("88.0")]) == [1, 1]
