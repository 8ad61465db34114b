"""Rule J7: the share of a group's households visited in a period (走访覆盖率).

Pure: counts in, a share and its explanation out. The counting is in
``plugins.jiayuguan_groups.visits.coverage``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

_HUNDRED = Decimal(100)
_ONE_PLACE = Decimal("0.1")


@dataclasses.dataclass(frozen=True)
class Coverage:
    """How many of a group's households were visited at least once in a period (J7)."""

    households: int
    visited: int
    #: Percent with one decimal (75.0), None when the group has no households on record.
    share: Decimal | None
    explanation: str

    @property
    def complete(self) -> bool:
        """Every household visited (全覆盖走访)."""
        return self.households > 0 and self.visited >= self.households


def coverage_share(
    visited: int, households: int, first: dt.date | None = None, last: dt.date | None = None
) -> Coverage:
    """Judge ``visited`` of ``households`` by rule J7: "已走访 18/24 户 = 75.0% (J7)".

    The share is rounded half up to one decimal place. A household counts
    once however often it was visited (key households are visited more;
    that does not raise the coverage). With no households on record the
    share cannot be computed, and the explanation says so.
    """
    if visited < 0 or households < 0:
        raise ValueError("户数不能为负数 (J7)")
    period = f"{first.isoformat()}—{last.isoformat()} " if first and last else ""
    if households == 0:
        return Coverage(
            0, visited, None, f"{period}本组楼栋（院落）没有登记住户，无法计算覆盖率 (J7)"
        )
    share = (Decimal(visited) * _HUNDRED / Decimal(households)).quantize(
        _ONE_PLACE, rounding=ROUND_HALF_UP
    )
    explanation = f"{period}已走访 {visited}/{households} 户 = {share}% (J7)"
    return Coverage(households, visited, share, explanation)
