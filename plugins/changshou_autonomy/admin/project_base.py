"""Shared helpers of the project pages of 自治家园 (rule S4).

The 专项资金, 项目申报, 项目评估 and 以奖代补资助 pages (``admin.fund``,
``admin.applications``, ``admin.assessments``, ``admin.awards``) parse money
and dates from forms, load a record in scope, label fund years and commit
one change at a time through these helpers. Refusals of the rules are flashed
in Chinese and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import abort, flash

from core.admin.base import ScopedModelView
from core.extensions import db
from core.permissions import has_permission
from core.rules.policy import NoValueInForce
from core.scoping import ScopeViolation, current_actor
from plugins.changshou_autonomy.api_projects import visible_fund_years
from plugins.changshou_autonomy.models import FundYear

#: The errors of the rules that a page flashes instead of failing.
REFUSED = (ValueError, ScopeViolation, NoValueInForce)


def may(code: str) -> bool:
    """Whether the actor writes and holds the permission ``code``."""
    actor = current_actor()
    return actor is not None and not actor.read_only and has_permission(actor.role, code)


def money(value: Any) -> str:
    """An amount in yuan with thousands separators and two places."""
    return f"{Decimal(value):,.2f}"


def parse_money(text: str | None) -> Decimal:
    """An amount in yuan from a form; ``ValueError`` (Chinese) unless positive with ≤ 2 places."""
    try:
        value = Decimal((text or "").replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValueError(f"金额“{text}”不是数字") from exc
    if value <= 0 or value != value.quantize(Decimal("0.01")):
        raise ValueError("金额须大于 0，最多两位小数")
    return value


def parse_day(text: str | None) -> dt.date:
    """A date in ISO form from a form; ``ValueError`` (Chinese) otherwise."""
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError as exc:
        raise ValueError(f"日期“{text}”格式不对，应为 YYYY-MM-DD") from exc


def fund_years() -> Any:
    """The fund years a select box offers (committee staff: their street's)."""
    return db.session.scalars(visible_fund_years(db.session)).all()


def fund_label(fund: FundYear) -> str:
    """A fund year as a select box and a page name it: street, year and deadline."""
    street = fund.org_unit.name if fund.org_unit is not None else ""
    return f"{street} {fund.year}年（截止 {fund.deadline.isoformat()}）"


def one(view: ScopedModelView, value: str | None) -> Any:
    """The record ``value`` (an id from a form or the query) in scope, else 404."""
    if not (value or "").strip().isdigit():
        abort(404)
    return view.get_one(str(value).strip())


def save(record: Any) -> None:
    """Add ``record`` to the session and flush it, so the rules check it now."""
    db.session.add(record)
    db.session.flush()


def commit(what: str, action: Any) -> bool:
    """Run ``action`` and commit; flash the refusal and roll back on a rule's error."""
    try:
        action()
        db.session.commit()
    except REFUSED as exc:
        db.session.rollback()
        flash(f"{what}失败：{exc}", "danger")
        return False
    return True
