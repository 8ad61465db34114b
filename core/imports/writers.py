"""Writing a kind's columns and rows as xlsx (with a "说明" sheet) or csv.

Templates and exports share this, so what is exported is what is imported.
Code, ID-number and phone columns are text cells: Excel would otherwise
turn them into numbers and round the last digits of an ID number away.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from core.imports.columns import KindSpec
from core.kinds import Kind

CSV_ENCODING = "utf-8-sig"  # the BOM makes Excel read UTF-8 csv correctly

GENERAL_NOTES = (
    "第1行是表头，请勿修改、删除或调换列名；从第2行起每行一条记录，空行会被跳过。",
    "代码、身份证号、电话、户号等列已设为文本格式，请勿改为数字格式，以免末几位丢失。",
    "导入时先校验全部行：只要有一行有错，就一行也不写入，并列出每个错误的行号、列名和原因。",
    "与已有记录的关键字段相同的行会更新该记录（导出的文件可以原样再导入，不会重复）。",
    "引用其他记录时填写代码或名称，不填系统内部编号，文件可在不同部署之间使用。",
)


def to_csv(spec: KindSpec, rows: Iterable[Sequence[Any]] = ()) -> bytes:
    """The header row and ``rows`` as UTF-8 csv with a BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(spec.headers)
    for row in rows:
        writer.writerow(["" if value is None else _csv_value(value) for value in row])
    return buffer.getvalue().encode(CSV_ENCODING)


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_xlsx(
    spec: KindSpec, rows: Iterable[Sequence[Any]] = (), position_kinds: Sequence[Kind] = ()
) -> bytes:
    """A workbook: the data sheet (styled header, widths, text columns) and "说明"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.label.split("（")[0][:31]
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="305496")
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
        elif column.date:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    formats = ["@" if c.text else "yyyy-mm-dd" if c.date else None for c in spec.columns]
    for row_index, row in enumerate(rows, start=2):
        for col_index, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_index, column=col_index, value=value)
            number_format = formats[col_index - 1]
            if number_format:
                cell.number_format = number_format
    _explain(workbook.create_sheet("说明"), spec, position_kinds)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _explain(sheet: Any, spec: KindSpec, position_kinds: Sequence[Kind]) -> None:
    """The "说明" sheet: general notes, the key, each column and allowed values."""
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    sheet.append([f"{spec.label}导入说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    for note in GENERAL_NOTES:
        sheet.append([note])
    sheet.append([f"判断是否为同一条记录的关键字段：{spec.key}"])
    sheet.append([])
    sheet.append(["列名", "含义", "是否必填", "可填的值 / 格式"])
    table_start = sheet.max_row
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for column in spec.columns:
        sheet.append(
            [column.header, column.meaning, "必填" if column.required else "选填", column.allowed]
        )
    if position_kinds:
        sheet.append([])
        sheet.append(["职务（填名称或代码均可）", "代码", "所在机构", "依据"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        from core.kinds import BODIES

        for kind in position_kinds:
            sheet.append([kind.label, kind.code, BODIES.get(kind.body, kind.body), kind.rule])
    for letter, width in zip("ABCD", (22, 60, 10, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=table_start):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
