"""Postings and ranked applicants as files: xlsx with Chinese headers, and json (B7, C10).

- ``applicants_xlsx(posting)``: sheet 报名人员, one row per applicant in the
  ranking's order (``pipeline.ranking``): 序号, 姓名, 性别, 出生日期, 身份证号,
  学历, 环节, 状态, 笔试, 面试, 综合成绩, 名次, 说明. Scores are numeric cells
  (``0.0``).
- ``applicants_json(posting)``: the posting and the same rows, scores as
  strings such as ``"85.9"``, with the weights, the 公示 and any empty places.
- ``postings_json(postings)``: each posting with its dates, stages, status and
  counts of applicants and hires.

ID numbers always leave here masked (``3101**********123X``, rule C10):
an export is a list, and a file cannot be kept from those who may not see
them whole. Phone numbers are not exported.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import object_session

from core.extensions import SessionLike, db
from core.rules.identity import Sex, mask_id_number
from plugins.beijing_workstation.hiring import Ranked, ranking, weights_for
from plugins.beijing_workstation.kinds import APPLICANT_STATUSES, POSTING_STATUSES, POSTS
from plugins.beijing_workstation.models import Posting
from plugins.beijing_workstation.rules.composite import percent, shortfall
from plugins.beijing_workstation.stages import stage_label, stages_of

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
APPLICANT_HEADERS = (
    "序号", "姓名", "性别", "出生日期", "身份证号", "学历", "环节", "状态",
    "笔试", "面试", "综合成绩", "名次", "说明",
)  # fmt: skip
SCORE = "0.0"


def _session(posting: Posting) -> SessionLike:
    return object_session(posting) or db.session


def _sex(value: str) -> str:
    try:
        return Sex(value).label
    except ValueError:
        return value


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def applicants_xlsx(posting: Posting) -> bytes:
    """The posting's applicants in ranking order as xlsx, ID numbers masked (B7, C10)."""
    book = Workbook()
    sheet: Worksheet = book.active  # type: ignore[assignment]
    sheet.title = "报名人员"
    sheet.append(APPLICANT_HEADERS)
    for number, r in enumerate(ranking(_session(posting), posting), start=1):
        a = r.applicant
        sheet.append(
            [
                number,
                a.name,
                _sex(a.sex),
                a.birth_date,
                mask_id_number(a.id_number),
                a.education,
                stage_label(a.stage),
                APPLICANT_STATUSES.get(a.status, a.status),
                a.written_score,
                a.interview_score,
                r.composite.value,
                r.rank,
                r.explanation,
            ]
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=2):
        row[3].number_format = "yyyy-mm-dd"
        for cell in row[8:11]:
            cell.number_format = SCORE
        row[12].alignment = Alignment(wrap_text=True, vertical="top")
    widths = (6, 10, 6, 12, 22, 10, 14, 8, 8, 8, 10, 6, 90)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ranked_dict(r: Ranked) -> dict[str, Any]:
    """One applicant's data, scores, place and explanation, JSON-ready, ID masked (B7, C10)."""
    a = r.applicant
    return {
        "id": a.id,
        "name": a.name,
        "sex": a.sex,
        "sex_label": _sex(a.sex),
        "birth_date": _day(a.birth_date),
        "id_number": mask_id_number(a.id_number),
        "education": a.education,
        "applied_on": _day(a.applied_on),
        "stage": a.stage,
        "stage_label": stage_label(a.stage),
        "status": a.status,
        "status_label": APPLICANT_STATUSES.get(a.status, a.status),
        "reason": a.reason,
        "written_score": _text(a.written_score),
        "interview_score": _text(a.interview_score),
        "composite": _text(r.composite.value),
        "check_passed": a.check_passed,
        "rank": r.rank,
        "proposed": r.proposed,
        "explanation": r.explanation,
    }


def posting_dict(posting: Posting, session: SessionLike | None = None) -> dict[str, Any]:
    """A posting's fields, stages and counts as JSON-ready data (B7)."""
    session = session or _session(posting)
    applicants = posting.applicants
    return {
        "id": posting.id,
        "committee_code": posting.org_unit.code,
        "committee": posting.org_unit.name,
        "title": posting.title,
        "post": posting.post,
        "post_label": POSTS.get(posting.post, posting.post),
        "grade": posting.grade,
        "places": posting.places,
        "conditions": posting.conditions,
        "published_on": _day(posting.published_on),
        "apply_from": _day(posting.apply_from),
        "apply_until": _day(posting.apply_until),
        "written_on": _day(posting.written_on),
        "interview_on": _day(posting.interview_on),
        "notice_from": _day(posting.notice_from),
        "notice_until": _day(posting.notice_until),
        "stages": list(stages_of(session, posting)),
        "status": posting.status,
        "status_label": POSTING_STATUSES.get(posting.status, posting.status),
        "applicants": len(applicants),
        "hired": sum(1 for a in applicants if a.status == "hired"),
    }


def postings_json(postings: Sequence[Posting]) -> str:
    """The postings as JSON text: ``{"postings": [...]}`` (B7)."""
    data = {"postings": [posting_dict(p) for p in postings]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def applicants_json(posting: Posting) -> str:
    """The posting and its applicants in ranking order as JSON text, IDs masked (B7, C10)."""
    session = _session(posting)
    weights = weights_for(session, posting)
    rows = ranking(session, posting)
    data = {
        "posting": posting_dict(posting, session),
        "weights": {
            "written": percent(weights.written),
            "interview": percent(weights.interview),
        },
        "shortfall": shortfall(rows, posting.places),
        "applicants": [ranked_dict(r) for r in rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
