"""Shared helpers and base views of the ledger pages of 自治家园 (rules S1–S3, S5–S7).

The query arguments every ledger page reads (``?year=``, ``?street=``), the
street choices in scope, whether the actor writes, and the two base views:
:class:`LedgerRecordView` for a committee's ledger records (committee staff
see only their own committee; scoping narrows every query) and :class:`Page`
for the computed pages under ``/admin/changshou``.
"""

from __future__ import annotations

from typing import Any

from flask import flash, request
from sqlalchemy import select

from core.admin.base import ProtectedBaseView
from core.admin.structure import CommitteeRecordView, committee_filter, today
from core.extensions import db
from core.models import OrgUnit
from core.scoping import current_actor
from plugins.changshou_autonomy.admin import CATEGORY

P = "/admin/changshou"


def year_arg() -> int:
    """The year in ``?year=``; this year when absent or out of range."""
    year = request.args.get("year", type=int)
    return year if year is not None and 2000 <= year <= 2100 else today().year


def streets() -> list[OrgUnit]:
    """The streets in scope (a committee's own street is visible to it), by code."""
    return list(
        db.session.scalars(select(OrgUnit).where(OrgUnit.kind == "street").order_by(OrgUnit.code))
    )


def street_arg(choices: list[OrgUnit]) -> OrgUnit | None:
    """The street chosen in ``?street=<id>`` among ``choices``; None: all of them."""
    wanted = request.args.get("street", type=int)
    found = next((s for s in choices if s.id == wanted), None)
    if wanted is not None and found is None:
        flash("所选街道不存在或不在您的管辖范围内，已显示全部", "warning")
    return found


def may_write() -> bool:
    """Whether the actor writes at all (auditors never do)."""
    actor = current_actor()
    return actor is not None and not actor.read_only


def text_defaults(model: Any, *names: str) -> None:
    """Store each of ``names`` left blank on ``model`` as empty text."""
    for name in names:
        if getattr(model, name, None) is None:
            setattr(model, name, "")


class LedgerRecordView(CommitteeRecordView):
    """A committee's ledger record; blank optional texts are stored as empty text."""

    texts: tuple[str, ...] = ()
    column_default_sort = ("id", True)

    def __init__(self, model: type, name: str, endpoint: str, path: str) -> None:
        self.column_filters = [committee_filter(model.org_unit_id), *self.extra_filters()]  # type: ignore[attr-defined]
        super().__init__(model, name=name, category=CATEGORY, endpoint=endpoint, url=f"{P}/{path}")

    def extra_filters(self) -> list[Any]:
        """Filters besides the committee."""
        return []

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        text_defaults(model, *self.texts)
        super().on_model_change(form, model, is_created)


class Page(ProtectedBaseView):
    """A computed page of the plugin under ``/admin/changshou/<path>``."""

    def __init__(self, name: str, endpoint: str, path: str) -> None:
        super().__init__(name=name, category=CATEGORY, endpoint=endpoint, url=f"{P}/{path}")


def chosen_streets() -> tuple[list[OrgUnit], OrgUnit | None, list[OrgUnit]]:
    """The street choices, the street of ``?street=`` (or None) and the streets to show."""
    choices = streets()
    street = street_arg(choices)
    return choices, street, [street] if street else choices
