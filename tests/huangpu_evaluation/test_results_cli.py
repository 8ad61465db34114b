"""``juwei huangpu results``: json to stdout, xlsx to a file, bad street refused (H3, H6, H8)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from flask import Flask
from openpyxl import load_workbook

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.huangpu_evaluation.export import history_xlsx
from plugins.huangpu_evaluation.kinds import ANNUAL
from plugins.huangpu_evaluation.results import person_history
from plugins.huangpu_evaluation.rounds import transition
from tests.huangpu_evaluation.conftest import A1
from tests.huangpu_evaluation.factories import (
    add_ballots,
    make_round,
    round_committee,
    staff_person,
    take_part,
)
from tests.huangpu_evaluation.test_results import street_scores


def _seed_year() -> None:
    round_ = make_round(ANNUAL, 2025, [A1])
    transition(db.session, round_, "open", dt.date(2025, 12, 1))
    db.session.commit()
    rc = round_committee(round_, A1)
    take_part(rc)
    add_ballots(rc, 10, committee=[1, 1, 2, 2], staff=[2, 2, 2, 2, 2], comment="楼道灯坏了")
    transition(db.session, round_, "closed", dt.date(2025, 12, 20))
    db.session.commit()
    street_scores(2025, 1, [A1], (90, 92, 88, 90), staff=(85, 85, 85, 85, 85))
    street_scores(2025, 2, [A1], (92, 92, 92, 92), staff=(90, 90, 90, 90, 90))


def test_h3_cli_results_json_and_xlsx(hp_app: Flask, tmp_path: Path) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        _seed_year()
    runner = hp_app.test_cli_runner()

    result = runner.invoke(args=["huangpu", "results", "--year", "2025", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["year"] == 2025 and len(data["committees"]) == 1 and len(data["staff"]) == 6
    committee = data["committees"][0]
    assert committee["score"] == "90.3" and committee["grade"] == "优秀" and committee["rank"] == 1
    assert committee["explanation"] == "群众 90.0 × 70% + 街道 91.0 × 30% = 90.3 → 优秀 (H3, H6)"
    assert committee["mass"]["items"][0]["counts"] == [10, 0, 0, 0]
    # Nothing per ballot: no comments, no ballot ids or codes.
    assert "楼道灯" not in result.stdout and "code" not in json.dumps(committee["mass"])

    out = tmp_path / "results.xlsx"
    written = runner.invoke(
        args=["huangpu", "results", "--year", "2025", "--street", "310101002000", "-o", str(out)]
    )
    assert written.exit_code == 0, written.output
    book = load_workbook(out)
    assert book.sheetnames == ["居委会", "工作人员"]
    rows = list(book["居委会"].iter_rows(values_only=True))
    assert rows[0] == ("街道", "居委会", "群众评价", "街道评价", "综合得分", "等次", "排名", "说明")
    assert rows[1][2:7] == (90.0, 91.0, 90.3, "优秀", 1)  # numbers as numbers
    staff = list(book["工作人员"].iter_rows(values_only=True))
    assert staff[0][:4] == ("街道", "居委会", "姓名", "职务") and len(staff) == 7
    # 80.0 × 70% + 87.5 × 30% = 56 + 26.25 = 82.25 → 82.3
    assert staff[1][4:9] == (80.0, 87.5, 82.3, "合格", 1)

    no_file = runner.invoke(args=["huangpu", "results", "--year", "2025", "--format", "xlsx"])
    assert no_file.exit_code != 0 and "-o" in no_file.output
    unknown = runner.invoke(args=["huangpu", "results", "--year", "2025", "--street", "999"])
    assert unknown.exit_code != 0 and "no street with code" in unknown.output
    committee_code = runner.invoke(
        args=["huangpu", "results", "--year", "2025", "--street", A1, "--format", "json"]
    )
    assert committee_code.exit_code != 0 and "not a street" in committee_code.output


def test_h8_history_xlsx_of_a_person(hp_app: Flask) -> None:
    with hp_app.app_context(), acting_as(SYSTEM):
        _seed_year()
        director = staff_person(A1, "主任")
        content = history_xlsx(person_history(db.session, director.id), f"{director.name}历年测评")
    rows = list(load_workbook(io.BytesIO(content))["历年结果"].iter_rows(values_only=True))
    assert rows[0][0].endswith("历年测评") and rows[1][:2] == ("年度", "测评")
    assert rows[2][:2] == (2025, "年度综合评价") and rows[2][8] == 82.3
