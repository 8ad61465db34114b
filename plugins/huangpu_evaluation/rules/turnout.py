"""Whether a ballot round's turnout makes it count (rule D1).

D1: a democratic evaluation is valid only when at least four fifths of the
representatives take part. "At least" (以上) includes the number itself: 40
of 50 is exactly 4/5 and counts; 39 of 50 does not. The fraction is the
policy parameter ``huangpu_evaluation.turnout.threshold``.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


@dataclasses.dataclass(frozen=True)
class TurnoutVerdict:
    """Took part of body, the threshold, whether it is reached, and why."""

    took_part: int
    body: int
    threshold: Fraction
    valid: bool
    explanation: str

    @property
    def percent(self) -> Decimal:
        """The turnout in percent, one decimal, half up (display only)."""
        if not self.body:
            return Decimal("0.0")
        value = Decimal(self.took_part * 100) / Decimal(self.body)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def turnout(took_part: int, body: int, threshold: Fraction, final: bool = True) -> TurnoutVerdict:
    """Judge ``took_part`` of ``body`` against ``threshold`` (inclusive, exact arithmetic) (D1).

    ``final=False`` while the round is still open: a turnout below the
    threshold is "not yet" reached rather than the evaluation being void.
    """
    if took_part < 0 or body < 0 or took_part > body:
        raise ValueError(f"参与人数 {took_part} 与应参与人数 {body} 不合理 (D1)")
    if body == 0:
        return TurnoutVerdict(0, 0, threshold, False, "尚无参评人员名单，无法计算参与率 (D1)")
    valid = Fraction(took_part, body) >= threshold
    share = f"{threshold.numerator}/{threshold.denominator}"
    verdict = TurnoutVerdict(took_part, body, threshold, valid, "")
    word = "达到" if valid else ("未达到" if final else "尚未达到")
    tail = "评议有效" if valid else ("评议无效" if final else "评议仍在进行")
    text = f"参与 {took_part}/{body} = {verdict.percent}%，{word} {share}，{tail} (D1)"
    return dataclasses.replace(verdict, explanation=text)
