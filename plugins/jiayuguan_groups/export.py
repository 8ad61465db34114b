"""The payroll as a file for finance: xlsx with Chinese headers, csv, json (rule J4).

CONTRACT: ``payroll_file(payroll, fmt) -> (content, mimetype, filename)`` with
``fmt`` one of ``FORMATS``; the admin page, the API and the CLI all call it.

- **xlsx**: sheet 明细 (one row per person: 街道, 居委会, 姓名, 发放职务,
  任职满年数, 发放天数, 金额（元）, 计算说明, then a 合计 row) and sheet 汇总
  (each committee, each street's subtotal, the grand total, and whether the
  street's month is closed). Amounts are numeric cells formatted ``0.00``,
  written from the Decimal amounts (never floats computed here).
- **csv**: the 明细 columns, UTF-8 with a BOM so that Excel opens it right.
- **json**: amounts as strings such as ``"400.00"``.

The file name is ``工作补贴-YYYY-MM.xlsx``, or ``工作补贴-YYYY-MM-<street code>.xlsx``
for one street's payroll.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from plugins.jiayuguan_groups.payroll import Payroll, Total
from plugins.jiayuguan_groups.payroll_compute import PayLine

FORMATS = ("xlsx", "csv", "json")

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

#: Columns of the 明细 sheet and of the csv.
HEADERS = ("街道", "居委会", "姓名", "发放职务", "任职满年数", "发放天数", "金额（元）", "计算说明")
SUMMARY_HEADERS = ("街道", "居委会", "人数", "金额（元）", "结账状态")
_WIDTHS = (14, 18, 10, 18, 11, 9, 12, 80)
_MONEY = "0.00"
_CENT = Decimal("0.01")


def payroll_file(payroll: Payroll, fmt: str) -> tuple[bytes, str, str]:
    """The payroll as ``fmt``: its bytes, MIME type and a file name like 工作补贴-2026-03.xlsx."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的文件格式“{fmt}”：应为 xlsx、csv 或 json")
    stem = f"工作补贴-{payroll.month:%Y-%m}"
    if payroll.street_code:
        stem += f"-{payroll.street_code}"
    content = {"xlsx": _xlsx, "csv": _csv, "json": _json}[fmt](payroll)
    return content, MIMETYPES[fmt], f"{stem}.{fmt}"


def _row(line: PayLine) -> list[Any]:
    return [
        line.street_name,
        line.committee_name,
        line.person_name,
        line.paid_label or "（未发放）",
        line.years_served,
        line.days_paid,
        line.amount.quantize(_CENT),
        line.explanation,
    ]


def _closed(total: Total) -> str:
    return "已结账" if total.closed else "未结账"


def _xlsx(payroll: Payroll) -> bytes:
    book = Workbook()
    detail: Worksheet = book.active  # type: ignore[assignment]
    detail.title = "明细"
    detail.append(HEADERS)
    for line in payroll.lines:
        detail.append(_row(line))
    detail.append(["合计", "", f"{len(payroll.lines)} 人", "", None, None, payroll.total, ""])
    _style(detail, money_columns=("G",), widths=_WIDTHS)
    for cell in detail["H"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    summary: Worksheet = book.create_sheet("汇总")
    summary.append([f"工作补贴发放汇总 {payroll.month:%Y年%m月}（J4）"])
    summary.append(SUMMARY_HEADERS)
    for street in payroll.streets:
        for committee in payroll.committees:
            if committee.parent_name == street.name:
                summary.append(
                    [
                        street.name,
                        committee.name,
                        committee.people,
                        committee.amount,
                        _closed(committee),
                    ]
                )
        summary.append([street.name, "街道合计", street.people, street.amount, _closed(street)])
    summary.append(["总计", "", sum(s.people for s in payroll.streets), payroll.total, ""])
    summary.append([])
    for text in payroll.rates_explained:
        summary.append([f"费率：{text}"])
    summary["A1"].font = Font(bold=True)
    _style(summary, money_columns=("D",), widths=(14, 18, 8, 14, 10), header_row=2)
    return _save(book)


def _style(
    sheet: Worksheet, money_columns: tuple[str, ...], widths: tuple[int, ...], header_row: int = 1
) -> None:
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{header_row + 1}"
    for letter in money_columns:
        for cell in sheet[letter][header_row:]:
            if isinstance(cell.value, Decimal):
                cell.number_format = _MONEY
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(payroll: Payroll) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    for line in payroll.lines:
        writer.writerow(_row(line))
    # The BOM makes Excel read the file as UTF-8.
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _money(amount: Decimal) -> str:
    return str(amount.quantize(_CENT))


def _total(total: Total) -> dict[str, Any]:
    return {
        "id": total.unit_id,
        "name": total.name,
        "parent": total.parent_name,
        "people": total.people,
        "amount": _money(total.amount),
        "closed": total.closed,
    }


def _json(payroll: Payroll) -> bytes:
    data = {
        "month": f"{payroll.month:%Y-%m}",
        "street": payroll.street_code,
        "total": _money(payroll.total),
        "lines": [
            {
                "person_id": line.person_id,
                "person_name": line.person_name,
                "street": line.street_name,
                "street_id": line.street_id,
                "committee": line.committee_name,
                "committee_id": line.committee_id,
                "paid_kind": line.paid_kind,
                "paid_label": line.paid_label,
                "years_served": line.years_served,
                "days_paid": line.days_paid,
                "amount": _money(line.amount),
                "explanation": line.explanation,
            }
            for line in payroll.lines
        ],
        "committees": [_total(t) for t in payroll.committees],
        "streets": [_total(t) for t in payroll.streets],
        "rates_explained": list(payroll.rates_explained),
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
