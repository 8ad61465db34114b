"""Admin views of the jiayuguan_groups plugin, under the menu category 居民小组（嘉峪关）."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from flask import Blueprint, Flask
from flask_admin import BaseView

#: The plugin's menu category.
CATEGORY = "居民小组"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def views() -> list[BaseView]:
    """Every admin view of the plugin, in menu order (the payroll's come from its own module)."""
    from plugins.jiayuguan_groups.admin.groups import views as group_views
    from plugins.jiayuguan_groups.admin.payroll import views as payroll_views
    from plugins.jiayuguan_groups.admin.people import views as people_views
    from plugins.jiayuguan_groups.admin.schedule import views as schedule_views
    from plugins.jiayuguan_groups.admin.visits import views as visit_views

    return [
        *group_views(),
        *people_views(),
        *visit_views(),
        *schedule_views(),
        *payroll_views(),
    ]


def register_templates(app: Flask) -> None:
    """Make ``templates/jiayuguan_groups/*.html`` findable and add the ``yuan`` filter."""
    app.register_blueprint(
        Blueprint("jiayuguan_groups_templates", __name__, template_folder=str(TEMPLATES))
    )

    @app.template_filter("yuan")
    def yuan(amount: Decimal | None) -> str:
        """Decimal("300") -> "300.00" (money is Decimal, never float)."""
        return "" if amount is None else f"{amount:,.2f}"
