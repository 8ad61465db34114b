"""``juwei beijing postings`` and ``juwei beijing applicants``: json, xlsx, errors (B7, C10)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from flask import Flask
from openpyxl import load_workbook

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.pipeline import advance, record_scores
from tests.beijing_workstation.conftest import A1
from tests.beijing_workstation.factories import id_number
from tests.beijing_workstation.test_pipeline import OFFICER, _apply, _posting


def _seed() -> int:
    """A posting of A1 with two scored applicants and one without scores."""
    job = _posting(places=1)
    job.status = "open"
    first = _apply(job, "王优", dt.date(1992, 6, 1), 1)
    second = _apply(job, "刘良", dt.date(1995, 2, 10), 2)
    _apply(job, "陈中", dt.date(1998, 9, 9), 3)
    for day in (dt.date(2026, 3, 16), dt.date(2026, 3, 18)):
        for who in (first, second):
            advance(db.session, who, day, OFFICER)
    record_scores(db.session, job, {first.id: ("82.0", None), second.id: ("86.0", None)})
    for who in (first, second):
        advance(db.session, who, dt.date(2026, 3, 23), OFFICER)
    record_scores(db.session, job, {first.id: (None, "88.5"), second.id: (None, "83.0")})
    db.session.commit()
    return job.id


def test_b7_cli_postings_and_ranked_applicants_as_json_and_xlsx(
    bj_app: Flask, tmp_path: Path
) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        posting_id = _seed()
    runner = bj_app.test_cli_runner()

    listed = runner.invoke(args=["beijing", "postings", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    postings = json.loads(listed.stdout)["postings"]
    assert len(postings) == 1
    assert (postings[0]["id"], postings[0]["committee_code"], postings[0]["status"]) == (
        posting_id,
        A1,
        "open",
    )
    assert postings[0]["stages"][:3] == ["posting", "application", "eligibility"]
    assert (postings[0]["applicants"], postings[0]["hired"], postings[0]["places"]) == (3, 0, 1)

    shown = runner.invoke(args=["beijing", "applicants", "--posting", str(posting_id)])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["weights"] == {"written": "40%", "interview": "60%"}
    rows = data["applicants"]
    assert [(r["name"], r["composite"], r["rank"], r["proposed"]) for r in rows] == [
        ("王优", "85.9", 1, True),
        ("刘良", "84.2", 2, False),
        ("陈中", None, None, False),
    ]
    whole = id_number(dt.date(1992, 6, 1), 1)
    assert rows[0]["id_number"] == whole[:4] + "*" * 10 + whole[-4:]  # masked (C10)
    assert whole not in shown.stdout
    assert rows[0]["explanation"].startswith("笔试 82.0 × 40% + 面试 88.5 × 60% = 85.9 (B7)")
    assert "缺少笔试、面试成绩" in rows[2]["explanation"]

    out = tmp_path / "applicants.xlsx"
    written = runner.invoke(
        args=["beijing", "applicants", "--posting", str(posting_id), "--format", "xlsx",
              "-o", str(out)]
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    sheet = load_workbook(out)["报名人员"]
    table = list(sheet.iter_rows(values_only=True))
    assert table[0] == (
        "序号", "姓名", "性别", "出生日期", "身份证号", "学历", "环节", "状态",
        "笔试", "面试", "综合成绩", "名次", "说明",
    )  # fmt: skip
    assert table[1][:3] == (1, "王优", "男") and table[1][4] == rows[0]["id_number"]
    assert table[1][5:12] == ("本科", "面试", "进行中", 82.0, 88.5, 85.9, 1)
    assert table[3][10:12] == (None, None)
    assert "列入拟聘用名单" in table[1][12]

    no_file = runner.invoke(
        args=["beijing", "applicants", "--posting", str(posting_id), "--format", "xlsx"]
    )
    assert no_file.exit_code == 1 and "-o" in no_file.output
    missing = runner.invoke(args=["beijing", "applicants", "--posting", "9999"])
    assert missing.exit_code == 1 and "no posting with id 9999" in missing.output
    bad = runner.invoke(args=["beijing", "applicants", "--posting", "abc"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output
