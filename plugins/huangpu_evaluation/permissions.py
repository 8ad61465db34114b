"""Permissions the plugin checks, and the roles that hold them (H3–H5, H7, D1)."""

from __future__ import annotations

from core.models import Role
from core.permissions import Permission

#: Create rounds, open, close, publish and reopen them (H4, H5, H7).
ROUND_MANAGE = "huangpu_evaluation.round.manage"
#: Enter the street's half-yearly scores (H4).
STREET_SCORE = "huangpu_evaluation.street.score"
#: Keep a round's participants, sign-in, ballot codes and paper ballots (D1, D3).
BALLOT_DESK = "huangpu_evaluation.ballot.desk"

PERMISSIONS = [
    Permission(
        ROUND_MANAGE,
        "创建、开启、结束、公布测评轮次",
        frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
    ),
    Permission(
        STREET_SCORE,
        "录入街道半年评价",
        frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
    ),
    Permission(
        BALLOT_DESK,
        "登记参评人员、发放评议码、录入纸质选票",
        frozenset(
            {Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.COMMITTEE_STAFF, Role.SYSTEM_ADMIN}
        ),
    ),
]
