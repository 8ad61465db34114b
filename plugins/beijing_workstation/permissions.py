"""Permissions the plugin checks, and the roles that hold them (B5, B7, B8)."""

from __future__ import annotations

from core.models import Role
from core.permissions import Permission

#: Run a recruitment: postings, reviews, scores, notices, agreements (B7).
RECRUIT = "beijing_workstation.recruit"
#: Appraise social workers and evaluate the station's reports (B5, B8).
APPRAISE = "beijing_workstation.appraise"

PERMISSIONS = [
    Permission(
        RECRUIT,
        "组织社工公开招聘：发布公告、资格审查、录入成绩、公示、签订聘用协议",
        frozenset(
            {Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.COMMITTEE_STAFF}
        ),
    ),
    Permission(
        APPRAISE,
        "考核社工专干、评议社区工作站工作",
        frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.COMMITTEE_STAFF}),
    ),
]
