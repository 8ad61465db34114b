"""Applications, scores and awards as files: xlsx with Chinese headers, and json (S4).

- ``applications_xlsx(applications)``: sheet 申报项目, one row per application
  (the 申报表's fields, the budget lines, the amount requested).
- ``assessments_xlsx(ranked)``: sheet 评分明细 (one row per assessor and
  application, a column per criterion, the weighted total) and sheet 综合得分
  (the combined score per application with its explanation).
- ``awards_xlsx(reports)``: a sheet per fund year (street): place, committee,
  project, score, band, requested, awarded, paid, 已决定/未决定, explanation;
  it ends with the rows 预算, 调整, 已资助, 余额.
- ``awards_json(reports)``: the same with the fund summary, per-committee
  totals and committees flagged for not applying; amounts as strings.

Amounts and scores are numeric cells (``#,##0.00`` and ``0.0``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from plugins.changshou_autonomy.awards import FundReport, Ranked
from plugins.changshou_autonomy.kinds import APPLICATION_STATUSES, CRITERIA, FEATURED_KINDS
from plugins.changshou_autonomy.models import Application
from plugins.changshou_autonomy.rules.matching import band_for
from plugins.changshou_autonomy.rules.scoring import criterion_name, percent

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY, SCORE = "#,##0.00", "0.0"
APPLICATION_HEADERS = (
    "街道", "居委会", "项目名称", "类别", "针对问题", "实施方案", "时间安排",
    "预算明细", "申请金额", "联系人", "联系电话", "状态", "申报日期",
)  # fmt: skip
DETAIL_HEADERS = ("居委会", "项目名称", "评估人", *(criterion_name(c) for c in CRITERIA), "合计")
SCORE_HEADERS = ("排名", "居委会", "项目名称", "评估人数", "综合得分", "说明")
AWARD_HEADERS = (
    "排名", "居委会", "项目名称", "评分", "档次", "申请金额", "资助金额", "已拨付", "状态", "说明",
)  # fmt: skip
DECIDED, UNDECIDED = "已决定", "未决定"


def applications_xlsx(applications: Sequence[Application]) -> bytes:
    """The applications as xlsx: the form's fields, budget lines and amount requested (S4)."""
    book = Workbook()
    sheet: Worksheet = book.active  # type: ignore[assignment]
    sheet.title = "申报项目"
    sheet.append(APPLICATION_HEADERS)
    for a in applications:
        unit = a.org_unit
        lines = "；".join(f"{b.item} {Decimal(b.amount):.2f}" for b in a.budget_lines)
        sheet.append(
            [
                unit.parent.name if unit.parent is not None else "",
                unit.name,
                a.title,
                FEATURED_KINDS.get(a.kind, a.kind),
                a.problem,
                a.plan,
                a.timeline,
                lines,
                a.requested,
                a.contact_name,
                a.contact_phone,
                APPLICATION_STATUSES.get(a.status, a.status),
                a.submitted_on,
            ]
        )
    _style(sheet, (14, 16, 24, 14, 30, 30, 20, 30, 12, 10, 14, 8, 12), {9: MONEY})
    for row in sheet.iter_rows(min_row=2, min_col=13, max_col=13):
        row[0].number_format = "yyyy-mm-dd"
    return _save(book)


def assessments_xlsx(ranked: Sequence[Ranked]) -> bytes:
    """Each assessor's scores and the combined score of each application as xlsx (S4)."""
    book = Workbook()
    detail: Worksheet = book.active  # type: ignore[assignment]
    detail.title = "评分明细"
    detail.append(DETAIL_HEADERS)
    combined: Worksheet = book.create_sheet("综合得分")
    combined.append(SCORE_HEADERS)
    for r in ranked:
        a = r.application
        for assessment, total in zip(a.assessments, r.score.totals, strict=True):
            scores = [Decimal(getattr(assessment, c)) for c in CRITERIA]
            detail.append([a.org_unit.name, a.title, assessment.assessor, *scores, total.total])
        combined.append(
            [
                r.rank,
                a.org_unit.name,
                a.title,
                len(a.assessments),
                r.score.value,
                r.score.explanation,
            ]
        )
    last = len(DETAIL_HEADERS)
    _style(
        detail, (16, 24, 12, *(10 for _ in CRITERIA), 10), {i: SCORE for i in range(4, last + 1)}
    )
    _style(combined, (6, 16, 24, 9, 10, 80), {5: SCORE}, wrap=6)
    return _save(book)


def _band(report: FundReport, r: Ranked) -> str:
    score = Decimal(r.award.score) if r.award is not None and r.award.score is not None else None
    if r.award is None:
        share = r.line.share
    else:
        band = band_for(score, report.settings.bands) if score is not None else None
        share = band[1] if band is not None else None
    return percent(share) if share is not None else "—"


def _score(r: Ranked) -> Decimal | None:
    if r.award is not None and r.award.score is not None:
        return Decimal(r.award.score)
    return r.score.value


def _sheet_title(report: FundReport, used: set[str]) -> str:
    title = f"{report.fund_year.org_unit.name}{report.fund_year.year}"[:31]
    while title in used:
        title = f"{title[:28]}{len(used)}"
    used.add(title)
    return title


def awards_xlsx(reports: Sequence[FundReport]) -> bytes:
    """A sheet per fund year: the awards in order, then 预算/调整/已资助/余额 (S4)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for report in reports:
        sheet = book.create_sheet(_sheet_title(report, used))
        sheet.append(AWARD_HEADERS)
        for r in report.ranked:
            a = r.application
            sheet.append(
                [
                    r.rank,
                    a.org_unit.name,
                    a.title,
                    _score(r),
                    _band(report, r),
                    a.requested,
                    r.amount,
                    r.paid,
                    DECIDED if r.decided else UNDECIDED,
                    r.explanation,
                ]
            )
        s = report.summary
        sheet.append([])
        for label, value in (
            ("已拨付", s.paid),
            ("预算", s.budget),
            ("调整", s.adjusted),
            ("已资助", s.awarded),
            ("余额", s.balance),
        ):
            sheet.append([None, label, None, None, None, None, value])
        _style(
            sheet,
            (6, 16, 24, 8, 8, 12, 12, 12, 8, 90),
            {4: SCORE, 6: MONEY, 7: MONEY, 8: MONEY},
            wrap=10,
        )
    if not reports:
        book.create_sheet("资助")
    return _save(book)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def ranked_dict(report: FundReport, r: Ranked) -> dict[str, Any]:
    """One application's score, place, band and award as JSON-ready data (the API uses it too)."""
    a = r.application
    return {
        "application_id": a.id,
        "committee_code": a.org_unit.code,
        "committee": a.org_unit.name,
        "title": a.title,
        "kind": a.kind,
        "kind_label": FEATURED_KINDS.get(a.kind, a.kind),
        "submitted_on": a.submitted_on.isoformat() if a.submitted_on else None,
        "requested": str(a.requested),
        "assessors": [
            {"assessor": t.assessor, "total": str(t.total), "explanation": t.explanation}
            for t in r.score.totals
        ],
        "score": _text(_score(r)),
        "rank": r.rank,
        "band": _band(report, r),
        "amount": str(r.amount),
        "paid": str(r.paid),
        "decided": r.decided,
        "status": DECIDED if r.decided else UNDECIDED,
        "decided_on": r.award.decided_on.isoformat() if r.award is not None else None,
        "explanation": r.explanation,
    }


def report_dict(report: FundReport) -> dict[str, Any]:
    """A fund year's awards and summary as JSON-ready data, amounts as strings (S4)."""
    fund, s = report.fund_year, report.summary
    return {
        "fund_year_id": fund.id,
        "year": fund.year,
        "street_code": fund.org_unit.code,
        "street": fund.org_unit.name,
        "deadline": fund.deadline.isoformat(),
        "decided": any(r.decided for r in report.ranked),
        "matching": report.matched.explanation,
        "summary": {
            "budget": str(s.budget),
            "adjusted": str(s.adjusted),
            "awarded": str(s.awarded),
            "paid": str(s.paid),
            "balance": str(s.balance),
            "explanation": s.explanation,
        },
        "committees": [
            {
                "code": c.code,
                "committee": c.name,
                "applications": c.applications,
                "requested": str(c.requested),
                "awarded": str(c.awarded),
                "paid": str(c.paid),
            }
            for c in s.committees
        ],
        "missing_applications": [{"code": u.code, "committee": u.name} for u in report.missing],
        "applications": [ranked_dict(report, r) for r in report.ranked],
    }


def awards_json(reports: Sequence[FundReport]) -> str:
    """The fund years' awards as JSON text, amounts as strings such as ``"16000.00"`` (S4)."""
    year = reports[0].fund_year.year if reports else None
    data = {"year": year, "funds": [report_dict(r) for r in reports]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def _style(
    sheet: Worksheet, widths: Sequence[int], formats: dict[int, str], wrap: int | None = None
) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            fmt = formats.get(cell.column)  # type: ignore[arg-type]
            if fmt is not None and isinstance(cell.value, Decimal | int | float):
                cell.number_format = fmt
            if wrap is not None and cell.column == wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
