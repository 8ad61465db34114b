"""Results as files: xlsx with Chinese headers, and json (H3, H6, H8).

- ``results_xlsx(year_results)``: sheet 居委会 (街道, 居委会, 群众评价, 街道评价,
  综合得分, 等次, 排名, 说明) and sheet 工作人员 (街道, 居委会, 姓名, 职务, then
  the same); scores are numeric cells formatted ``0.0``.
- ``results_json(year_results)``: the same with each part's explanation and the
  answer counts per item; scores as strings such as ``"87.8"``.
- ``history_xlsx(results, title)``: a person's or a committee's results over
  the years (H8).

Anonymity (D1): only aggregates leave here — counts per item and answer,
turnout figures — never a ballot, a ballot code or anything per ballot.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from plugins.huangpu_evaluation.kinds import ROUND_KINDS
from plugins.huangpu_evaluation.results import MassScore, Result, StreetPart, YearResults

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCORE_HEADERS = ("群众评价", "街道评价", "综合得分", "等次", "排名", "说明")
COMMITTEE_HEADERS = ("街道", "居委会", *SCORE_HEADERS)
STAFF_HEADERS = ("街道", "居委会", "姓名", "职务", *SCORE_HEADERS)
HISTORY_HEADERS = ("年度", "测评", "街道", "居委会", "姓名", "职务", *SCORE_HEADERS)
_SCORE_FORMAT = "0.0"


def _mass(result: Result) -> Decimal | None:
    return None if result.mass is None else result.mass.score


def _street(result: Result) -> Decimal | None:
    return None if result.street is None else result.street.score


def _scores(result: Result) -> list[Any]:
    return [
        _mass(result),
        _street(result),
        result.score,
        result.grade or "",
        result.rank,
        result.explanation,
    ]


def _kind(result: Result) -> str:
    label = ROUND_KINDS.get(result.kind, result.kind)
    if result.kind == "annual":
        return "年度综合评价"
    if result.half:
        label += "（上半年）" if result.half == 1 else "（下半年）"
    return label


def results_xlsx(results: YearResults) -> bytes:
    """The year's results as xlsx: sheets 居委会 and 工作人员, Chinese headers (H3, H6)."""
    book = Workbook()
    committees: Worksheet = book.active  # type: ignore[assignment]
    committees.title = "居委会"
    committees.append(COMMITTEE_HEADERS)
    for r in results.committees:
        committees.append([r.street_name, r.committee_name, *_scores(r)])
    _style(committees, score_from=3, widths=(14, 18, 10, 10, 10, 9, 6, 90))
    staff: Worksheet = book.create_sheet("工作人员")
    staff.append(STAFF_HEADERS)
    for r in results.staff:
        staff.append([r.street_name, r.committee_name, r.person_name, r.title, *_scores(r)])
    _style(staff, score_from=5, widths=(14, 18, 10, 16, 10, 10, 10, 9, 6, 90))
    return _save(book)


def history_xlsx(results: Sequence[Result], title: str) -> bytes:
    """Results across years and rounds (a person's or a committee's history) as xlsx (H8)."""
    book = Workbook()
    sheet: Worksheet = book.active  # type: ignore[assignment]
    sheet.title = "历年结果"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(HISTORY_HEADERS)
    for r in results:
        sheet.append(
            [r.year, _kind(r), r.street_name, r.committee_name, r.person_name, r.title, *_scores(r)]
        )
    _style(sheet, score_from=7, widths=(7, 22, 14, 18, 10, 16, 10, 10, 10, 9, 6, 90), header=2)
    return _save(book)


def _style(sheet: Worksheet, score_from: int, widths: Sequence[int], header: int = 1) -> None:
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{header + 1}"
    for row in sheet.iter_rows(min_row=header + 1, min_col=score_from, max_col=score_from + 2):
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = _SCORE_FORMAT
    last = chr(ord("A") + len(widths) - 1)
    for cell in sheet[last][header:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _mass_json(mass: MassScore | None) -> dict[str, Any] | None:
    if mass is None:
        return None
    verdict = mass.turnout
    return {
        "round_id": mass.round_id,
        "score": _text(mass.score),
        "explanation": mass.explanation,
        "turnout": {
            "took_part": verdict.took_part,
            "body": verdict.body,
            "valid": verdict.valid,
            "explanation": verdict.explanation,
        },
        "items": [
            {
                "label": item.label,
                "counts": list(item.counts),
                "score": _text(item.score),
                "explanation": item.explanation,
            }
            for item in mass.items
        ],
    }


def _street_json(street: StreetPart | None) -> dict[str, Any] | None:
    if street is None:
        return None
    return {
        "halves": [_text(h) for h in street.halves],
        "score": _text(street.score),
        "explanation": street.explanation,
    }


def result_dict(result: Result) -> dict[str, Any]:
    """One result as JSON-ready data, scores as strings (the API uses it too)."""
    return {
        "kind": result.kind,
        "year": result.year,
        "half": result.half,
        "round_id": result.round_id,
        "round_title": result.round_title,
        "street_id": result.street_id,
        "street_code": result.street_code,
        "street": result.street_name,
        "committee_id": result.committee_id,
        "committee_code": result.committee_code,
        "committee": result.committee_name,
        "person_id": result.person_id,
        "person_name": result.person_name,
        "title": result.title,
        "mass": _mass_json(result.mass),
        "street_part": _street_json(result.street),
        "score": _text(result.score),
        "grade": result.grade,
        "rank": result.rank,
        "explanation": result.explanation,
        "rules": list(result.rules),
    }


def results_json(results: YearResults) -> str:
    """The year's results as JSON text: committees and staff, scores as strings (H3)."""
    data = {
        "year": results.year,
        "committees": [result_dict(r) for r in results.committees],
        "staff": [result_dict(r) for r in results.staff],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
