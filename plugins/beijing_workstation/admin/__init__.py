"""Admin views of the beijing_workstation plugin, under the menu category 两会一站."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_admin import BaseView

#: The plugin's menu category.
CATEGORY = "两会一站"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def views() -> list[BaseView]:
    """Every admin view of the plugin, in menu order."""
    from plugins.beijing_workstation.admin.recruitment import views as recruitment_views
    from plugins.beijing_workstation.admin.station import views as station_views
    from plugins.beijing_workstation.admin.structure import views as structure_views

    return [*structure_views(), *station_views(), *recruitment_views()]


def register_templates(app: Flask) -> None:
    """Make ``templates/beijing_workstation/*.html`` findable."""
    app.register_blueprint(
        Blueprint("beijing_workstation_templates", __name__, template_folder=str(TEMPLATES))
    )
