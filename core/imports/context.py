"""What the kind handlers share: the session, the actor, org units by code, errors.

Lookups are set-based: a handler collects the keys a whole file refers to
and loads them in a few ``IN`` queries (chunked, so no database's parameter
limit is reached), never one query per row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import select

from core.extensions import SessionLike
from core.imports.columns import KindSpec
from core.models.org import OrgUnit
from core.rules.divisions import KIND_LABELS, OrgKind
from core.scoping import Actor

T = TypeVar("T")

#: Keys per ``IN (...)`` query: far below SQLite's and PostgreSQL's parameter limits.
CHUNK = 900


@dataclasses.dataclass(frozen=True)
class RowError:
    """One problem: the row as Excel numbers it (header = 1), the column header, why."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, {self.column}" if self.column else f"row {self.row}"
        return f"{where}: {self.message}"


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size`` (for ``IN`` queries)."""
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_in(session: SessionLike, stmt: Any, column: Any, keys: Iterable[Any]) -> list[Any]:
    """Every row of ``stmt`` whose ``column`` is one of ``keys``, in chunked queries."""
    found: list[Any] = []
    for batch in chunks(sorted(set(keys), key=str)):
        found.extend(session.scalars(stmt.where(column.in_(batch))).unique())
    return found


class Context:
    """One import run: the session, the acting user, today, and the org units by code."""

    def __init__(self, session: SessionLike, actor: Actor, spec: KindSpec) -> None:
        self.session = session
        self.actor = actor
        self.spec = spec
        self.today = dt.date.today()
        #: Org units by code, as the actor sees them (their subtree and the units above).
        self.units: dict[str, OrgUnit] = {}

    def load_units(self, codes: Iterable[str]) -> None:
        """Load the visible org units with these codes into :attr:`units`."""
        wanted = {code for code in codes if code and code not in self.units}
        for unit in load_in(self.session, select(OrgUnit), OrgUnit.code, wanted):
            self.units[unit.code] = unit

    def unit_problem(self, code: str, kinds: Sequence[OrgKind] = ()) -> str | None:
        """Why ``code`` cannot be used here, in Chinese, or None (rules C1 and scope).

        Out of scope comes first, so a row never learns whether a unit outside
        the actor's scope exists.
        """
        if not self.actor.sees_code(code):
            return f"单位代码 {code} 不在您的管辖范围内，不能导入到该单位"
        unit = self.units.get(code)
        if unit is None:
            return f"区划代码 {code} 的单位不存在，请先在组织机构中登记"
        if kinds and OrgKind(unit.kind) not in kinds:
            wanted = "或".join(KIND_LABELS[kind] for kind in kinds)
            return (
                f"“{unit.name}”是{KIND_LABELS[OrgKind(unit.kind)]}，这里须填{wanted}的区划代码 (C1)"
            )
        return None

    def header(self, field: str) -> str:
        """The header of the column that fills ``field``."""
        return next(column.header for column in self.spec.columns if column.field == field)


def assign(obj: Any, **values: Any) -> bool:
    """Set the attributes that differ; True when anything changed (updates stay minimal)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


class Handler:
    """How one kind is checked against the database and written.

    The driver (``core.imports.validate`` and ``core.imports.load``) calls
    :meth:`prepare` once with every row that passed its schema, :meth:`check`
    for each of them in file order (so a row may refer to an earlier one),
    and, only when no row of the file has an error, :meth:`write` for each.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        #: Side counts for the report, e.g. ``{"新建户": 3}``.
        self.extra: dict[str, int] = {}

    def schema(self) -> Any:
        """The marshmallow schema of one row of this kind."""
        raise NotImplementedError

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        """Load, in a few queries, every existing record the rows refer to."""
        raise NotImplementedError

    def check(self, number: int, values: dict[str, Any]) -> list[RowError]:
        """The row's problems with references, duplicates and scope; may add to ``values``."""
        raise NotImplementedError

    def write(self, values: dict[str, Any]) -> str:
        """Create or update a checked row's record: ``created``, ``updated`` or ``unchanged``."""
        raise NotImplementedError

    def flush_after(self, values: dict[str, Any]) -> bool:
        """Whether the row must be flushed before the next is written (checks that count)."""
        return False

    def error(self, number: int, field: str, message: str) -> RowError:
        """A :class:`RowError` for the column that fills ``field``."""
        return RowError(number, self.ctx.header(field), message)
