"""Admin views of the changshou_autonomy plugin, under the menu category 自治家园.

This package module only assembles the menu (:func:`views`) and the
templates; each page lives in a module of one concern: ``records`` (S2,
S3), ``ledger`` (S2), ``procedures`` (S1), ``schedule`` (S5, S6),
``surveys`` (S7) on ``ledger_base``; ``fund``, ``applications``,
``assessments`` and ``awards`` (S4, C13) on ``project_base``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_admin import BaseView

#: The plugin's menu category.
CATEGORY = "自治家园"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def views() -> list[BaseView]:
    """Every admin view of the plugin, in menu order (ledger S1–S3, S5–S7, then projects S4)."""
    from plugins.changshou_autonomy.admin import (
        applications,
        assessments,
        awards,
        fund,
        ledger,
        procedures,
        records,
        schedule,
        surveys,
    )

    return [
        records.AreaProfileView(),
        ledger.LedgerView(),
        procedures.ProcedureView(),
        records.OrganisationView(),
        records.ActivityView(),
        records.RulesView(),
        records.RegisterView(),
        records.FeaturedView(),
        schedule.ProgressView(),
        schedule.PhaseView(),
        schedule.KeyTaskView(),
        schedule.CompletionView(),
        schedule.MidtermView(),
        surveys.SurveyView(),
        surveys.AbilityView(),
        fund.FundYearView(),
        applications.ApplicationView(),
        assessments.AssessmentView(),
        awards.AwardsView(),
    ]


def register_templates(app: Flask) -> None:
    """Make ``templates/changshou_autonomy/*.html`` findable."""
    app.register_blueprint(
        Blueprint("changshou_autonomy_templates", __name__, template_folder=str(TEMPLATES))
    )
