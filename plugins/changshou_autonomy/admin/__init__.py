"""Admin views of the changshou_autonomy plugin, under the menu category 自治家园."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_admin import BaseView

#: The plugin's menu category.
CATEGORY = "自治家园"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def views() -> list[BaseView]:
    """Every admin view of the plugin, in menu order."""
    from plugins.changshou_autonomy.admin.ledger import views as ledger_views
    from plugins.changshou_autonomy.admin.projects import views as project_views

    return [*ledger_views(), *project_views()]


def register_templates(app: Flask) -> None:
    """Make ``templates/changshou_autonomy/*.html`` findable."""
    app.register_blueprint(
        Blueprint("changshou_autonomy_templates", __name__, template_folder=str(TEMPLATES))
    )
