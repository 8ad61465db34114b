"""The committees page and each committee's overview, with the plugins' panels."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import abort, current_app, request
from flask_admin import BaseView, expose
from sqlalchemy import select

from core.admin.base import ProtectedBaseView
from core.admin.i18n import lazy_gettext as _l
from core.extensions import db
from core.models.org import OrgUnit
from core.overview import committee_rows, overview
from core.panels import Panel

log = logging.getLogger(__name__)


def plugin_panels(committee: OrgUnit) -> list[tuple[str, Panel | None]]:
    """The panels every installed plugin contributes for ``committee``, in their order.

    Each plugin is called on its own: one failing plugin shows as a notice in
    its place instead of taking the whole page down.
    """
    manager = current_app.extensions["juwei"].manager
    panels: list[tuple[str, Panel | None]] = []
    for impl in manager.hook.juwei_committee_panels.get_hookimpls():
        try:
            contributed = impl.function(committee=committee) or []
        except Exception:
            log.exception("committee panel of plugin %s failed", impl.plugin_name)
            panels.append((impl.plugin_name, None))
            continue
        panels.extend((impl.plugin_name, panel) for panel in contributed)
    panels.sort(key=lambda item: item[1].order if item[1] is not None else 1000)
    return panels


def _day() -> dt.date:
    text = request.args.get("on", "")
    try:
        return dt.date.fromisoformat(text) if text else dt.date.today()
    except ValueError:
        return dt.date.today()


class CommitteeOverviewView(ProtectedBaseView):
    """Every committee in scope, and one committee's overview (C2, C7, C12, C14)."""

    def __init__(self) -> None:
        super().__init__(name=_l("居委会概况"), category=_l("组织机构"), endpoint="committee")

    @expose("/")
    def index(self) -> Any:
        day = _day()
        return self.render(
            "juwei/committee_list.html", rows=committee_rows(db.session, day), day=day
        )

    @expose("/<int:committee_id>")
    def details(self, committee_id: int) -> Any:
        committee = db.session.execute(
            select(OrgUnit).where(OrgUnit.id == committee_id)
        ).scalar_one_or_none()
        # Scoping makes a unit outside the user's subtree invisible: 404, not 403.
        if committee is None or committee.kind != "committee":
            abort(404)
        day = _day()
        return self.render(
            "juwei/committee_overview.html",
            o=overview(db.session, committee, day),
            panels=plugin_panels(committee),
            day=day,
        )


def views() -> list[BaseView]:
    """The committees page."""
    return [CommitteeOverviewView()]
