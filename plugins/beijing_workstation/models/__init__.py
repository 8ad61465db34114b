"""The beijing_workstation plugin's records; every table name starts with the plugin's name."""

from plugins.beijing_workstation.models.assembly import AssemblyMember, AssemblyQuota
from plugins.beijing_workstation.models.committee import (
    Retirement,
    SubCommittee,
    SubCommitteeMember,
)
from plugins.beijing_workstation.models.recruitment import (
    Agreement,
    Applicant,
    Posting,
    StageChange,
)
from plugins.beijing_workstation.models.station import Appraisal, PostAssignment, StationReport

__all__ = [
    "Agreement",
    "Applicant",
    "Appraisal",
    "AssemblyMember",
    "AssemblyQuota",
    "PostAssignment",
    "Posting",
    "Retirement",
    "StageChange",
    "StationReport",
    "SubCommittee",
    "SubCommitteeMember",
]
