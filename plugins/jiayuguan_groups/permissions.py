"""Permissions the plugin checks, and the roles that hold them (rules J2, J4, J10)."""

from __future__ import annotations

from core.models import Role
from core.permissions import Permission

#: Close and reopen a street's payroll month (J4).
PAYROLL_CLOSE = "jiayuguan_groups.payroll.close"
#: Decide a group change request at the street (J2).
CHANGE_STREET = "jiayuguan_groups.change.street"
#: Decide a group change request for the city government (J2).
CHANGE_CITY = "jiayuguan_groups.change.city"
#: Record the street's evaluation of a group (J10).
EVALUATE_STREET = "jiayuguan_groups.evaluation.street"

PERMISSIONS = [
    Permission(
        PAYROLL_CLOSE,
        "关闭、重新打开工作补贴月度发放表",
        frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.STREET_OFFICER}),
    ),
    Permission(
        CHANGE_STREET,
        "街道审核居民小组调整申请",
        frozenset({Role.STREET_OFFICER}),
    ),
    Permission(
        CHANGE_CITY,
        "市政府批准居民小组调整申请",
        frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN}),
    ),
    Permission(
        EVALUATE_STREET,
        "街道评议居民小组",
        frozenset({Role.STREET_OFFICER, Role.DISTRICT_ADMIN}),
    ),
]
