"""Service ability from satisfaction and awareness surveys (rule S7); pure, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plugins.changshou_autonomy.rules.ability import (
    SurveyCounts,
    awareness_rate,
    satisfaction_rate,
    service_ability,
)

W_S, W_A = Decimal("0.60"), Decimal("0.40")


def test_s7_rates_and_service_ability_are_explained() -> None:
    satisfied, aware = SurveyCounts(160, 120, 30), SurveyCounts(160, 100, 40)
    assert satisfaction_rate(satisfied).value == Decimal("93.8")  # 150/160 = 93.75 → 93.8
    assert awareness_rate(aware).value == Decimal("75.0")  # (100 + 20)/160
    ability = service_ability(satisfied, aware, W_S, W_A)
    # 93.8 × 0.6 + 75.0 × 0.4 = 56.28 + 30 = 86.28 → 86.3, from the rounded rates.
    assert ability.value == Decimal("86.3")
    assert ability.explanation == (
        "满意度 (120+30)/160 = 93.8% × 60% + 知晓度 (100+40×0.5)/160 = 75.0% × 40% = 86.3 (S7)"
    )


def test_s7_missing_survey_bad_counts_and_weights() -> None:
    ability = service_ability(SurveyCounts(100, 90, 5), None, W_S, W_A)
    assert ability.value is None and ability.satisfaction.value == Decimal("95.0")
    assert ability.explanation == "尚无社情民意知晓度调查，无法评估服务能力 (S7)"
    nothing = service_ability(None, None, W_S, W_A)
    assert (
        nothing.value is None
        and "尚无居民满意度调查，尚无社情民意知晓度调查" in nothing.explanation
    )
    with pytest.raises(ValueError, match="之和须为 100%"):
        service_ability(None, None, Decimal("0.6"), Decimal("0.5"))
    with pytest.raises(ValueError, match="多于受访人数"):
        satisfaction_rate(SurveyCounts(10, 8, 3))
    with pytest.raises(ValueError, match="须大于 0"):
        awareness_rate(SurveyCounts(0, 0, 0))
