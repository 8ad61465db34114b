"""台账完整性: what each committee's five-section ledger holds and lacks (S2).

``/admin/changshou/ledger/`` shows per street a table of its committees with
the five sections ticked and totals; ``committee/?id=`` what one committee
has and lacks, with links to where to add it (:data:`ADD_ENDPOINTS`). The
figures come from ``completeness``.
"""

from __future__ import annotations

from typing import Any

from flask import abort, request, url_for
from flask_admin import expose

from core.extensions import db
from plugins.changshou_autonomy.admin.ledger_base import (
    Page,
    may_write,
    street_arg,
    streets,
    year_arg,
)
from plugins.changshou_autonomy.completeness import ledger, street_tables
from plugins.changshou_autonomy.kinds import LEDGER_SECTIONS
from plugins.changshou_autonomy.ledger_sections import REQUIREMENTS

#: Where each completeness item is added: an endpoint of this plugin or of core.
ADD_ENDPOINTS = {
    "meeting": "meeting.create_view",
    "procedure": "cs_procedures.index",
    "organisation": "cs_organisation.create_view",
    "activity": "cs_activity.create_view",
    "rules": "cs_rules.create_view",
    "register": "cs_register.create_view",
    "featured": "cs_featured.create_view",
}


def _add_links() -> dict[str, str]:
    return {key: url_for(endpoint) for key, endpoint in ADD_ENDPOINTS.items()}


class LedgerView(Page):
    """台账完整性: the five sections per committee and per street, what is missing (S2)."""

    def __init__(self) -> None:
        super().__init__("台账完整性", "cs_ledger", "ledger")

    @expose("/")
    def index(self) -> Any:
        """Per street, its committees with the five sections ticked and totals (S2)."""
        year = year_arg()
        choices = streets()
        street = street_arg(choices)
        tables = street_tables(db.session, year, street.id if street else None)
        return self.render(
            "changshou_autonomy/ledger_index.html",
            year=year,
            streets=choices,
            street=street,
            tables=tables,
            sections=LEDGER_SECTIONS,
            requirements=REQUIREMENTS,
        )

    @expose("/committee/")
    def committee(self) -> Any:
        """One committee's ledger: each item present or missing, where to add it (S2)."""
        year = year_arg()
        rows = ledger(db.session, [request.args.get("id", type=int) or 0], year)
        if not rows:
            abort(404)
        return self.render(
            "changshou_autonomy/ledger_committee.html",
            year=year,
            row=rows[0],
            links=_add_links(),
            writable=may_write(),
        )
