"""Core models. Importing this module defines every core table on ``db.metadata``."""

from core.models.audit import AuditEntry
from core.models.base import OrgScoped, Timestamped, Versioned, utcnow
from core.models.org import OrgUnit
from core.models.policy import InstalledPlugin, PolicyValue
from core.models.users import ROLE_LABELS, ApiToken, LoginAttempt, Role, User, hash_token

__all__ = [
    "ROLE_LABELS",
    "ApiToken",
    "AuditEntry",
    "InstalledPlugin",
    "LoginAttempt",
    "OrgScoped",
    "OrgUnit",
    "PolicyValue",
    "Role",
    "Timestamped",
    "User",
    "Versioned",
    "hash_token",
    "utcnow",
]
