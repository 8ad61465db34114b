"""项目评估: each assessor's four scores of a submitted application (rule S4).

``/admin/changshou/assessments``: an assessor scores each criterion of
``kinds.CRITERIA`` from 0 to the policy value ``score.max`` in force at the
fund's deadline; the form states the range, S4 checks it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import request
from sqlalchemy import select
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView
from core.extensions import db
from core.policy import resolve
from core.scoping import current_actor
from plugins.changshou_autonomy.admin import CATEGORY
from plugins.changshou_autonomy.kinds import CRITERIA
from plugins.changshou_autonomy.models import Application, Assessment
from plugins.changshou_autonomy.parameters import SCORE_MAX
from plugins.changshou_autonomy.permissions import ASSESS


def _app_label(application: Application) -> str:
    unit = application.org_unit
    return f"{unit.name} · {application.title}" if unit is not None else application.title


def _submitted_applications() -> Any:
    return (
        db.session.query(Application)
        .filter(Application.status == "submitted")
        .order_by(Application.fund_year_id.desc(), Application.org_unit_id, Application.id)
    )


class AssessmentView(ScopedModelView):
    """项目评估: an assessor's score per criterion, 0 … ``score.max`` (S4)."""

    write_permission = ASSESS
    column_list = ["application", "org_unit", "assessor", *CRITERIA, "comment"]
    column_labels = {
        "application": "申报项目",
        "org_unit": "申报居委会",
        "assessor": "评估人",
        **{code: label.split("（")[0] for code, label in CRITERIA.items()},
        "comment": "评语",
    }
    column_formatters = {"application": lambda _v, _c, m, _n: m.application.title}
    column_sortable_list = ["assessor"]
    form_columns = ["application", "assessor", *CRITERIA, "comment"]
    form_args: dict[str, Any] = {
        "application": {
            "label": "申报项目",
            "query_factory": _submitted_applications,
            "get_label": _app_label,
            "validators": [DataRequired()],
        },
        "assessor": {"validators": [DataRequired()]},
        **{code: {"label": label} for code, label in CRITERIA.items()},
    }

    def __init__(self) -> None:
        super().__init__(
            Assessment,
            name="项目评估",
            category=CATEGORY,
            endpoint="cs_assessment",
            url="/admin/changshou/assessments",
        )

    def _describe(self, form: Any) -> Any:
        top = Decimal(10)
        application = form.application.data
        fund = application.fund_year if application is not None else None
        if fund is not None:
            top = resolve(db.session, SCORE_MAX, fund.deadline, fund.org_unit).value
        for code in CRITERIA:
            getattr(form, code).description = f"评分范围 0–{top} (S4)"
        return form

    def create_form(self, obj: Any = None) -> Any:
        """The form with the assessor's name and the application of ``?application=`` filled in."""
        form = super().create_form(obj)
        if request.method == "GET":
            actor = current_actor()
            form.assessor.data = form.assessor.data or (actor.name if actor else "")
            chosen = request.args.get("application", type=int)
            if chosen is not None:
                form.application.data = db.session.scalar(
                    select(Application).where(Application.id == chosen)
                )
        return self._describe(form)

    def edit_form(self, obj: Any = None) -> Any:
        """The form with the range of the scores shown."""
        return self._describe(super().edit_form(obj))

    def on_model_change(self, form: Any, model: Assessment, is_created: bool) -> None:
        """Record who scored; then S4's range check."""
        if is_created:
            actor = current_actor()
            model.assessor_user_id = actor.user_id if actor is not None else None
        model.comment = model.comment or ""
        super().on_model_change(form, model, is_created)
