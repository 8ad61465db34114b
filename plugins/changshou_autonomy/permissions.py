"""Permissions the plugin checks, and the roles that hold them (S4, S5)."""

from __future__ import annotations

from core.models import Role
from core.permissions import Permission

#: Set the street's fund, deadlines and phases; reopen a deadline (S4–S6).
FUND_MANAGE = "changshou_autonomy.fund.manage"
#: Score applications as a member of the street's assessment group (S4).
ASSESS = "changshou_autonomy.assess"
#: Decide awards, record payments and adjustments (S4).
AWARD = "changshou_autonomy.award"

PERMISSIONS = [
    Permission(
        FUND_MANAGE,
        "设置自治家园专项资金、申报截止日期和工作阶段",
        frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
    ),
    Permission(
        ASSESS,
        "评估自治项目申报（街道评估小组）",
        frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
    ),
    Permission(
        AWARD,
        "决定以奖代补资助、登记拨付和调整",
        frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
    ),
]
