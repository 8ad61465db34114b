"""The jiayuguan_groups plugin's records; every table name starts with the plugin's name."""

from plugins.jiayuguan_groups.models.employment import Employment
from plugins.jiayuguan_groups.models.evaluations import GroupEvaluation
from plugins.jiayuguan_groups.models.groups import GroupChange, LeaderChoice
from plugins.jiayuguan_groups.models.payroll import PayrollLine, PayrollMonth
from plugins.jiayuguan_groups.models.training import Training
from plugins.jiayuguan_groups.models.visits import Visit

__all__ = [
    "Employment",
    "GroupChange",
    "GroupEvaluation",
    "LeaderChoice",
    "PayrollLine",
    "PayrollMonth",
    "Training",
    "Visit",
]
