"""Paging and query-string filters of the list endpoints.

A list answers ``{"items": [...], "page": n, "per_page": n, "total": n}``:
one COUNT and one SELECT per page (plus one ``selectinload`` per child
collection), however many rows the page holds. Filters are declared per
resource as :class:`Filter` values, so the OpenAPI document lists them too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import func, select

from core.extensions import db

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500

#: JSON Schema of a filter's value, by its kind.
FILTER_TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
}


class BadQuery(Exception):
    """A query-string value that cannot be read; ``errors`` name each parameter in Chinese."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclasses.dataclass(frozen=True)
class Filter:
    """A query-string filter: ``?name=value`` narrows the statement with ``apply``.

    ``kind`` is string, integer, date or boolean; the value is parsed before
    ``apply(stmt, value)`` sees it.
    """

    name: str
    kind: str
    description: str
    apply: Callable[[Any, Any], Any]


def parse_value(name: str, kind: str, text: str) -> Any:
    """``text`` read as a value of ``kind``; raises :class:`BadQuery` naming ``name``."""
    text = text.strip()
    try:
        if kind == "integer":
            return int(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "boolean":
            lowered = text.lower()
            if lowered in ("1", "true", "yes"):
                return True
            if lowered in ("0", "false", "no"):
                return False
            raise ValueError(text)
    except ValueError:
        expected = {"integer": "整数", "date": "日期（YYYY-MM-DD）", "boolean": "true 或 false"}
        raise BadQuery({name: [f"应为{expected[kind]}，而不是“{text}”"]}) from None
    return text


def page_args(args: Mapping[str, str]) -> tuple[int, int]:
    """``(page, per_page)`` from the query string: page ≥ 1, 1 ≤ per_page ≤ 500."""
    page = parse_value("page", "integer", args.get("page", "1"))
    per_page = parse_value("per_page", "integer", args.get("per_page", str(DEFAULT_PER_PAGE)))
    errors: dict[str, list[str]] = {}
    if page < 1:
        errors["page"] = ["页码应从 1 开始"]
    if not 1 <= per_page <= MAX_PER_PAGE:
        errors["per_page"] = [f"每页条数应在 1 到 {MAX_PER_PAGE} 之间"]
    if errors:
        raise BadQuery(errors)
    return page, per_page


def apply_filters(stmt: Any, filters: tuple[Filter, ...], args: Mapping[str, str]) -> Any:
    """``stmt`` narrowed by every declared filter present in ``args``; all errors at once."""
    errors: dict[str, list[str]] = {}
    for spec in filters:
        text = args.get(spec.name)
        if text is None or text == "":
            continue
        try:
            value = parse_value(spec.name, spec.kind, text)
            stmt = spec.apply(stmt, value)
        except BadQuery as exc:
            errors.update(exc.errors)
    if errors:
        raise BadQuery(errors)
    return stmt


def paginate(stmt: Any, page: int, per_page: int) -> tuple[list[Any], int]:
    """One page of ``stmt``'s rows and the total, in two statements.

    The ORM scoping listener narrows the counted subquery as it narrows the
    page itself, so the total never counts records out of scope.
    """
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.offset((page - 1) * per_page).limit(per_page)).unique().all()
    return list(rows), int(total or 0)


def unit_filter(model: Any, name: str = "committee") -> Filter:
    """``?committee=CODE``: records of that committee, or of every unit under a street/district."""
    from core.rules.divisions import kind_of, scope_prefix
    from core.scoping import units_under

    def apply(stmt: Any, code: str) -> Any:
        if not (len(code) == 12 and code.isdigit()):
            raise BadQuery({name: [f"区划代码“{code}”格式不对：应为12位数字"]})
        return stmt.where(model.org_unit_id.in_(units_under(scope_prefix(code, kind_of(code)))))

    return Filter(name, "string", "单位的区划代码：居委会，或街道、区（含其下各居委会）", apply)
