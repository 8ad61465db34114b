"""Core models. Importing this module defines every core table on ``db.metadata``."""

from core.models.audit import AuditEntry
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned, utcnow
from core.models.committees import Building, ResidentGroup, Term
from core.models.holidays import HolidayDay, HolidayYear
from core.models.meetings import (
    AgendaItem,
    ConveningProposal,
    ConveningProposer,
    Meeting,
    MeetingFile,
    Resolution,
)
from core.models.opinions import Opinion, Rectification
from core.models.org import OrgUnit
from core.models.people import Household, Person
from core.models.policy import InstalledPlugin, PolicyValue
from core.models.positions import Position, RepresentativeHousehold
from core.models.users import ROLE_LABELS, ApiToken, LoginAttempt, Role, User, hash_token

__all__ = [
    "ROLE_LABELS",
    "AgendaItem",
    "ApiToken",
    "AuditEntry",
    "Building",
    "ConveningProposal",
    "ConveningProposer",
    "HolidayDay",
    "HolidayYear",
    "Household",
    "InstalledPlugin",
    "LoginAttempt",
    "Meeting",
    "MeetingFile",
    "Opinion",
    "OrgScoped",
    "OrgUnit",
    "Person",
    "PolicyValue",
    "Position",
    "Rectification",
    "RepresentativeHousehold",
    "ResidentGroup",
    "Resolution",
    "Role",
    "ScopedChild",
    "Term",
    "Timestamped",
    "User",
    "Versioned",
    "hash_token",
    "utcnow",
]
