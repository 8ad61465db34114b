"""Reading an uploaded xlsx or csv file into rows keyed by header.

The format follows the file name's extension. CSV is read as UTF-8 (with or
without a byte-order mark) and, failing that, as GB18030, which is what Excel
on a Chinese Windows saves. Anything that is not a readable table of the
expected columns raises :class:`FileProblem` with one Chinese sentence, and
nothing is written.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from pathlib import PurePath
from typing import Any

from core.imports.columns import KindSpec

#: Larger files are refused before parsing (a whole city's people fit well below it).
MAX_BYTES = 50 * 1024 * 1024
FORMATS = ("xlsx", "csv")


class FileProblem(ValueError):
    """The file as a whole cannot be imported; the message is Chinese and says why."""


@dataclasses.dataclass
class Row:
    """One data row: its number as Excel shows it (the header is row 1) and its cells."""

    number: int
    cells: dict[str, Any]


def format_of(filename: str) -> str:
    """``xlsx`` or ``csv`` from the file name, or raise :class:`FileProblem`."""
    suffix = PurePath(filename or "").suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if suffix in ("xls", "et", "wps", "numbers", "ods"):
        raise FileProblem(f"不支持 .{suffix} 文件：请在 Excel 中另存为 .xlsx 或 .csv 后再导入")
    raise FileProblem("文件格式不对：只能导入 .xlsx 或 .csv 文件")


def read_rows(data: bytes, filename: str, spec: KindSpec) -> list[Row]:
    """The data rows of an import file of ``spec``'s kind, or raise :class:`FileProblem`.

    The header row must hold exactly the kind's headers (in any order; empty
    header cells after them are ignored). Wholly empty rows are skipped but
    keep the numbering, so row numbers match what Excel shows.
    """
    fmt = format_of(filename)
    if not data:
        raise FileProblem("文件是空的")
    if len(data) > MAX_BYTES:
        raise FileProblem(f"文件太大（超过 {MAX_BYTES // 1024 // 1024} MB），请分成几个文件导入")
    table = _xlsx_table(data) if fmt == "xlsx" else _csv_table(data)
    if not table:
        raise FileProblem("文件中没有表头：第1行应为列名，请从模板开始填写")
    headers = _check_headers(table[0], spec)
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = {
            header: _clean(values[index]) if index < len(values) else None
            for index, header in headers.items()
        }
        if any(value is not None for value in cells.values()):
            rows.append(Row(number, cells))
    return rows


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _check_headers(first: list[Any], spec: KindSpec) -> dict[int, str]:
    """``{column index: header}`` of the header row, or raise :class:`FileProblem`."""
    found = [str(value).strip() if value is not None else "" for value in first]
    while found and not found[-1]:
        found.pop()
    expected = spec.headers
    missing = [header for header in expected if header not in found]
    unknown = [header or "（空白）" for header in found if header not in expected]
    repeated = sorted({header for header in found if header and found.count(header) > 1})
    if missing or unknown or repeated:
        parts = []
        if missing:
            parts.append("缺少列：" + "、".join(missing))
        if unknown:
            parts.append("多出列：" + "、".join(unknown))
        if repeated:
            parts.append("重复的列：" + "、".join(repeated))
        raise FileProblem(
            f"表头与“{spec.label}”导入模板不符（{'；'.join(parts)}）。"
            f"第1行应为：{'、'.join(expected)}。请下载模板后按模板填写"
        )
    return {index: header for index, header in enumerate(found)}


def _xlsx_table(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileProblem("这不是有效的 .xlsx 文件（文件已损坏或不是 Excel 工作簿）")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # openpyxl raises many types (KeyError, InvalidFileException, zip errors)
        # for a zip that is not a workbook; all mean the same to the user.
        raise FileProblem("这不是有效的 .xlsx 文件（文件已损坏或不是 Excel 工作簿）") from None
    try:
        if not workbook.worksheets:
            raise FileProblem("工作簿中没有工作表")
        sheet = workbook.worksheets[0]
        return [list(values) for values in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_table(data: bytes) -> list[list[Any]]:
    if b"\x00" in data[:4096]:
        raise FileProblem("这不是文本格式的 .csv 文件（可能是 Excel 工作簿被改了扩展名）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem("无法识别 .csv 文件的文字编码：请另存为“CSV UTF-8”格式")
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise FileProblem(f".csv 文件格式错误：{exc}") from None
