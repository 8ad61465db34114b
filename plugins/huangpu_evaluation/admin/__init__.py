"""Admin views of the huangpu_evaluation plugin, under the menu category 民主测评."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_admin import BaseView

#: The plugin's menu category.
CATEGORY = "民主测评"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def views() -> list[BaseView]:
    """Every admin view of the plugin, in menu order."""
    from plugins.huangpu_evaluation.admin.desk import views as desk_views
    from plugins.huangpu_evaluation.admin.results import views as result_views
    from plugins.huangpu_evaluation.admin.rounds import views as round_views
    from plugins.huangpu_evaluation.admin.schedule import views as reminder_views
    from plugins.huangpu_evaluation.admin.street import views as street_views

    return [
        *round_views(),
        *desk_views(),
        *street_views(),
        *result_views(),
        *reminder_views(),
    ]


def register_templates(app: Flask) -> None:
    """Make ``templates/huangpu_evaluation/*.html`` findable."""
    app.register_blueprint(
        Blueprint("huangpu_evaluation_templates", __name__, template_folder=str(TEMPLATES))
    )
