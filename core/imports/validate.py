"""Validation of every row before anything is written (decision 6).

First each row on its own (its kind's marshmallow schema: dates, 是/否,
codes, ID numbers, date order, known kinds), then against the database and
the rows before it (the kind's handler: references, duplicates, scope). The
result is every error of the file, each with its row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import ValidationError

from core.imports.context import Handler, RowError
from core.imports.readers import Row

#: Called with the number of rows just processed (drives a progress bar).
Advance = Callable[[int], None]


def _flatten(messages: Any) -> list[str]:
    if isinstance(messages, dict):
        return [text for value in messages.values() for text in _flatten(value)]
    if isinstance(messages, list | tuple):
        return [text for value in messages for text in _flatten(value)]
    return [str(messages)]


def schema_errors(number: int, error: ValidationError, headers: list[str]) -> list[RowError]:
    """marshmallow's ``{header: [messages]}`` as :class:`RowError` s, in column order."""
    messages = error.messages if isinstance(error.messages, dict) else {"": error.messages}
    order = {header: index for index, header in enumerate(headers)}
    found: list[RowError] = []
    for column in sorted(messages, key=lambda name: order.get(name, len(order))):
        column_name = column if column in order else ""
        found.extend(RowError(number, column_name, text) for text in _flatten(messages[column]))
    return found


def validate(
    handler: Handler, rows: list[Row], advance: Advance | None = None
) -> tuple[list[tuple[Row, dict[str, Any]]], list[RowError]]:
    """Check every row; return the checked rows with their values, and all errors.

    Rows with schema errors are left out of the reference checks (their
    values are not known), so a file's errors come in one report.
    """
    schema = handler.schema()
    headers = handler.ctx.spec.headers
    errors: list[RowError] = []
    loaded: list[tuple[Row, dict[str, Any]]] = []
    for row in rows:
        cells = {header: value for header, value in row.cells.items() if value is not None}
        try:
            loaded.append((row, schema.load(cells)))
        except ValidationError as exc:
            errors.extend(schema_errors(row.number, exc, headers))
        if advance is not None:
            advance(1)
    handler.prepare([values for _row, values in loaded])
    for row, values in loaded:
        errors.extend(handler.check(row.number, values))
    errors.sort(
        key=lambda error: (
            error.row,
            headers.index(error.column) if error.column in headers else -1,
        )
    )
    return loaded, errors
