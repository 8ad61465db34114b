"""Running an import: read, validate every row, then write all of it or nothing.

Writing happens in ONE transaction, only when no row has an error. The
models' own checks (``check()``, run on every flush by
``core.models.base``; rule C2's composition count), the scope listener and
the database's constraints may still refuse a row at write time; then
everything is rolled back and that row is reported. Rows are flushed in
batches for speed; when a batch's flush fails, the import is run again
flushing row by row, to name the row that failed.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.extensions import db
from core.imports.columns import KINDS, KindSpec
from core.imports.context import Context, Handler, RowError
from core.imports.households import HouseholdHandler
from core.imports.org_units import OrgUnitHandler
from core.imports.people import PersonHandler
from core.imports.positions import PositionHandler
from core.imports.readers import FileProblem, Row, read_rows
from core.imports.validate import Advance, validate
from core.permissions import has_permission
from core.scoping import ScopeViolation, current_actor

HANDLERS: dict[str, type[Handler]] = {
    "org_units": OrgUnitHandler,
    "households": HouseholdHandler,
    "people": PersonHandler,
    "positions": PositionHandler,
}

#: Rows written between two flushes.
BATCH = 200

#: ``progress(label, total)`` gives a context manager yielding an ``advance(n)`` callable.
Progress = Callable[[str, int], contextlib.AbstractContextManager[Advance]]


@dataclasses.dataclass
class ImportReport:
    """What an import did: counts when written, or every error (and then nothing written)."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict[str, int] = dataclasses.field(default_factory=dict)
    errors: list[RowError] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file was written."""
        return not self.errors


class _RetryRowByRow(Exception):
    """A batch flush failed: run again flushing each row to find which one."""


@contextlib.contextmanager
def _silent(_label: str, _total: int) -> Iterator[Advance]:
    yield lambda _n: None


def may_import(spec: KindSpec) -> str | None:
    """Why the current actor may not import ``spec``'s kind at all, in Chinese; or None."""
    actor = current_actor()
    if actor is None:
        return "请先登录"
    if actor.read_only:
        return "审计员账号只能查看，不能导入"
    if spec.permission is not None and not has_permission(actor.role, spec.permission):
        return f"您的角色不能导入“{spec.label}”"
    return None


def run_import(
    kind: str, data: bytes, filename: str, progress: Progress | None = None
) -> ImportReport:
    """Import ``data`` (the bytes of ``filename``) as ``kind`` for the current actor.

    Raises :class:`FileProblem` when the file as a whole cannot be read or
    the actor may not import this kind; otherwise returns the report. The
    session is committed when the report is ``ok`` and rolled back otherwise.
    """
    spec = KINDS[kind]
    refusal = may_import(spec)
    if refusal:
        raise FileProblem(refusal)
    rows = read_rows(data, filename, spec)
    if not rows:
        raise FileProblem("文件中只有表头，没有数据行")
    progress = progress or _silent
    try:
        return _attempt(spec, rows, BATCH, progress)
    except _RetryRowByRow:
        return _attempt(spec, rows, 1, progress)


def _attempt(spec: KindSpec, rows: list[Row], batch: int, progress: Progress) -> ImportReport:
    session = db.session
    actor = current_actor()
    assert actor is not None
    handler = HANDLERS[spec.name](Context(session, actor, spec))
    report = ImportReport(kind=spec.name, rows=len(rows))
    with progress("校验", len(rows)) as advance:
        checked, report.errors = validate(handler, rows, advance)
    if report.errors:
        session.rollback()
        return report
    pending = 0
    with progress("写入", len(checked)) as advance, session.no_autoflush:
        for row, values in checked:
            try:
                outcome = handler.write(values)
                pending += 1
                if pending >= batch or handler.flush_after(values):
                    # Flush failures of a batch cannot name their row: retry row by row.
                    flushed, pending = pending, 0
                    _flush(session, retry=flushed > 1)
            except _RetryRowByRow:
                raise
            except Exception as exc:
                session.rollback()
                report.errors = [RowError(row.number, "", _refusal(exc))]
                return report
            setattr(report, outcome, getattr(report, outcome) + 1)
            advance(1)
        try:
            _flush(session, retry=pending > 1)
        except _RetryRowByRow:
            raise
        except Exception as exc:
            session.rollback()
            report.errors = [RowError(checked[-1][0].number, "", _refusal(exc))]
            return report
    session.commit()
    report.extra = dict(handler.extra)
    return report


def _flush(session: Any, retry: bool) -> None:
    """Flush; when several rows were pending and it fails, ask for a row-by-row run."""
    try:
        session.flush()
    except Exception as exc:
        if not retry or _reason(exc) is None:
            raise
        session.rollback()
        raise _RetryRowByRow from exc


def _refusal(exc: Exception) -> str:
    """The Chinese reason a write was refused; re-raise anything unexpected."""
    reason = _reason(exc)
    if reason is None:
        raise exc
    return reason


def _reason(exc: Exception) -> str | None:
    """The Chinese reason a write was refused, or None for an unexpected error."""
    if isinstance(exc, ScopeViolation | ValueError):
        return str(exc)
    if isinstance(exc, IntegrityError):
        return "与已有记录冲突（例如区划代码、户号或身份证号重复），或引用的记录已不存在"
    if isinstance(exc, StaleDataError):
        return "有记录在导入过程中被他人修改，请重新导入"
    if isinstance(exc, DBAPIError):
        return "数据库拒绝写入（例如内容超出长度）：" + str(exc.orig).splitlines()[0]
    return None


__all__ = ["HANDLERS", "ImportReport", "Progress", "may_import", "run_import"]
