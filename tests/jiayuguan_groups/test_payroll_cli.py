"""``juwei jiayuguan payroll|close|reopen`` and the files for finance (rule J4)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import select

from core.extensions import db
from core.kinds import DEPUTY, GROUP_LEADER
from core.scoping import SYSTEM, acting_as
from plugins.jiayuguan_groups.export import payroll_file
from plugins.jiayuguan_groups.models import PayrollMonth
from plugins.jiayuguan_groups.payroll import payroll
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, STREET_A
from tests.jiayuguan_groups.factories import hold, person


def _seed(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        hold(person(COMMITTEE_A1, "张组长"), GROUP_LEADER, dt.date(2024, 3, 1), group_name="第一组")
        hold(person(COMMITTEE_B1, "李主任"), DEPUTY, dt.date(2026, 1, 1))
        db.session.commit()


def test_j4_cli_payroll_csv_to_stdout_with_bom(jy_app: Flask) -> None:
    _seed(jy_app)
    result = jy_app.test_cli_runner().invoke(args=["jiayuguan", "payroll", "--month", "2026-03"])
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "街道",
        "居委会",
        "姓名",
        "发放职务",
        "任职满年数",
        "发放天数",
        "金额（元）",
        "计算说明",
    ]
    by_name = {row[2]: row for row in rows[1:]}
    assert by_name["张组长"][3:7] == ["居民小组组长", "2", "31", "400.00"]
    assert by_name["张组长"][7] == "居民小组组长 300 + 满2年 × 50 = 400 (J4)"
    assert by_name["李主任"][6] == "500.00"


def test_j4_cli_payroll_json_for_one_street(jy_app: Flask) -> None:
    _seed(jy_app)
    result = jy_app.test_cli_runner().invoke(
        args=[
            "jiayuguan",
            "payroll",
            "--month",
            "2026-03",
            "--street",
            STREET_A,
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout_bytes)
    assert data["total"] == "400.00"
    assert [line["person_name"] for line in data["lines"]] == ["张组长"]
    assert data["lines"][0]["amount"] == "400.00"
    assert [s["name"] for s in data["streets"]] == ["外滩街道"]


def test_j4_cli_payroll_xlsx_readable_with_chinese_headers(jy_app: Flask, tmp_path: Path) -> None:
    _seed(jy_app)
    out = tmp_path / "sheet.xlsx"
    runner = jy_app.test_cli_runner()
    result = runner.invoke(args=["jiayuguan", "payroll", "--month", "2026-03", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["明细", "汇总"]
    detail = book["明细"]
    header = [cell.value for cell in detail[1]]
    assert header == [
        "街道",
        "居委会",
        "姓名",
        "发放职务",
        "任职满年数",
        "发放天数",
        "金额（元）",
        "计算说明",
    ]
    rows = {row[2]: row for row in detail.iter_rows(min_row=2, values_only=True)}
    assert rows["张组长"][6] == 400  # a number, not text
    assert detail["G2"].number_format == "0.00"
    (total,) = [row for row in detail.iter_rows(values_only=True) if row[0] == "合计"]
    assert total[6] == 900
    summary = book["汇总"]
    values = [row for row in summary.iter_rows(values_only=True)]
    assert ("外滩街道", "街道合计", 1, 400, "未结账") in values
    assert any(row[0] == "总计" and row[3] == 900 for row in values)


def test_j4_export_file_names_and_formats(jy_app: Flask) -> None:
    _seed(jy_app)
    with jy_app.app_context(), acting_as(SYSTEM):
        whole = payroll(db.session, dt.date(2026, 3, 9))
        one = payroll(db.session, dt.date(2026, 3, 9), STREET_A)
        assert payroll_file(whole, "xlsx")[2] == "工作补贴-2026-03.xlsx"
        assert payroll_file(one, "csv")[1:] == (
            "text/csv; charset=utf-8",
            f"工作补贴-2026-03-{STREET_A}.csv",
        )
        content, mimetype, _ = payroll_file(one, "json")
        assert mimetype == "application/json"
        assert json.loads(content)["lines"][0]["amount"] == "400.00"
        try:
            payroll_file(one, "pdf")
        except ValueError as exc:
            assert "xlsx" in str(exc)
        else:
            raise AssertionError("an unknown format is refused")


def test_j4_cli_errors_are_clear_and_exit_1(jy_app: Flask) -> None:
    runner = jy_app.test_cli_runner()
    cases = [
        (["payroll", "--month", "2026-13"], "bad month"),
        (["payroll", "--month", "March"], "bad month"),
        (["payroll", "--month", "2026-03", "--street", "999999999000"], "no street"),
        (["payroll", "--month", "2026-03", "--street", COMMITTEE_A1], "not a street"),
        (["payroll", "--month", "2026-03", "--format", "xlsx"], "-o FILE"),
        (["close", "--month", "2099-01", "--street", STREET_A], "cannot close"),
        (["reopen", "--month", "2026-03", "--street", STREET_A, "--reason", "x"], "cannot reopen"),
        (["reopen", "--month", "2026-03", "--street", STREET_A, "--reason", " "], "--reason"),
        (["payroll", "--month", "2026-03", "--as", "nobody"], "no user"),
    ]
    for args, expected in cases:
        result = runner.invoke(args=["jiayuguan", *args])
        assert result.exit_code == 1, (args, result.output)
        assert expected in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_j4_cli_close_and_reopen(jy_app: Flask) -> None:
    _seed(jy_app)
    runner = jy_app.test_cli_runner()
    result = runner.invoke(args=["jiayuguan", "close", "--month", "2026-03", "--street", STREET_A])
    assert result.exit_code == 0, result.output
    assert "1 lines, total 400.00" in result.output
    again = runner.invoke(args=["jiayuguan", "close", "--month", "2026-03", "--street", STREET_A])
    assert again.exit_code == 1 and "已结账" in again.output
    result = runner.invoke(
        args=[
            "jiayuguan",
            "reopen",
            "--month",
            "2026-03",
            "--street",
            STREET_A,
            "--reason",
            "人员信息更正",
            "--as",
            "street_a",
        ]
    )
    assert result.exit_code == 0, result.output
    with jy_app.app_context(), acting_as(SYSTEM):
        row = db.session.scalar(select(PayrollMonth))
        assert row is not None
        assert (row.closed, row.reopen_reason, row.total) == (
            False,
            "人员信息更正",
            Decimal("0.00"),
        )
        assert row.reopened_by is not None and row.reopened_by.username == "street_a"
