"""The changshou_autonomy plugin's records; every table name starts with the plugin's name."""

from plugins.changshou_autonomy.models.awards import Award, FundAdjustment, Payment
from plugins.changshou_autonomy.models.ledger import (
    AreaProfile,
    FeaturedWork,
    MeetingProcedure,
    OrganisationActivity,
    RegisterEntry,
    RulesDocument,
    SocialOrganisation,
)
from plugins.changshou_autonomy.models.projects import (
    Application,
    Assessment,
    BudgetLine,
    DeadlineExtension,
    FundYear,
)
from plugins.changshou_autonomy.models.schedule import KeyTask, Phase, TaskCompletion
from plugins.changshou_autonomy.models.surveys import Survey

__all__ = [
    "Application",
    "AreaProfile",
    "Assessment",
    "Award",
    "BudgetLine",
    "DeadlineExtension",
    "FeaturedWork",
    "FundAdjustment",
    "FundYear",
    "KeyTask",
    "MeetingProcedure",
    "OrganisationActivity",
    "Payment",
    "Phase",
    "RegisterEntry",
    "RulesDocument",
    "SocialOrganisation",
    "Survey",
    "TaskCompletion",
]
