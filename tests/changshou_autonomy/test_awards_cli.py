"""``juwei changshou awards``: json to stdout, xlsx to a file, bad input refused (rule S4)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from flask import Flask
from openpyxl import load_workbook

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.awards import decide, ranking
from plugins.changshou_autonomy.export import applications_xlsx, assessments_xlsx
from plugins.changshou_autonomy.models import FundYear
from tests.changshou_autonomy.conftest import A1, A2, STREET_A
from tests.changshou_autonomy.test_awards import DECIDED_ON, seed_year


def test_s4_cli_awards_json_and_xlsx(cs_app: Flask, tmp_path: Path) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        seed_year(budget="31999.00")
    runner = cs_app.test_cli_runner()

    undecided = runner.invoke(args=["changshou", "awards", "--year", "2026", "--format", "json"])
    assert undecided.exit_code == 0, undecided.output
    data = json.loads(undecided.stdout)
    assert data["year"] == 2026 and len(data["funds"]) == 1
    fund = data["funds"][0]
    assert fund["street_code"] == STREET_A and not fund["decided"]
    first = fund["applications"][0]
    assert (first["title"], first["score"], first["rank"], first["band"]) == (
        "睦邻点建设",
        "92.0",
        1,
        "100%",
    )
    assert (first["amount"], first["status"]) == ("10000.00", "未决定")
    assert fund["applications"][2]["amount"] == "5999.00"
    assert "按余额资助 5999.00" in fund["applications"][2]["explanation"]
    assert fund["summary"]["balance"] == "31999.00"  # nothing decided yet
    assert fund["missing_applications"] == [
        {"code": A2, "committee": fund["missing_applications"][0]["committee"]}
    ]
    assert "资金在第 3 名" in fund["matching"]

    with cs_app.app_context(), acting_as(SYSTEM):
        decide(db.session, db.session.scalars(db.select(FundYear)).one(), DECIDED_ON)
        db.session.commit()
    out = tmp_path / "awards.xlsx"
    written = runner.invoke(
        args=["changshou", "awards", "--year", "2026", "--street", STREET_A, "-o", str(out)]
    )
    assert written.exit_code == 0, written.output
    book = load_workbook(out)
    sheet = book[book.sheetnames[0]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "排名",
        "居委会",
        "项目名称",
        "评分",
        "档次",
        "申请金额",
        "资助金额",
        "已拨付",
        "状态",
        "说明",
    )
    assert rows[1][:9] == (
        1,
        rows[1][1],
        "睦邻点建设",
        92.0,
        "100%",
        10000.0,
        10000.0,
        0.0,
        "已决定",
    )
    assert rows[3][6] == 5999.0  # numbers as numbers
    assert [(r[1], r[6]) for r in rows[-4:]] == [
        ("预算", 31999.0),
        ("调整", 0.0),
        ("已资助", 31999.0),
        ("余额", 0.0),
    ]

    decided = json.loads(runner.invoke(args=["changshou", "awards", "--year", "2026"]).stdout)
    assert (
        decided["funds"][0]["decided"]
        and decided["funds"][0]["applications"][0]["status"] == "已决定"
    )

    no_file = runner.invoke(args=["changshou", "awards", "--year", "2026", "--format", "xlsx"])
    assert no_file.exit_code == 1 and "-o" in no_file.output
    unknown = runner.invoke(args=["changshou", "awards", "--year", "2026", "--street", "999"])
    assert unknown.exit_code == 1 and "no street with code" in unknown.output
    committee = runner.invoke(args=["changshou", "awards", "--year", "2026", "--street", A1])
    assert committee.exit_code == 1 and "not a street" in committee.output
    no_fund = runner.invoke(args=["changshou", "awards", "--year", "2025"])
    assert no_fund.exit_code == 1 and "no fund in 2025" in no_fund.output


def test_s4_applications_and_assessments_xlsx(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = seed_year()
        applications = load_workbook(io.BytesIO(applications_xlsx(fund.applications)))["申报项目"]
        rows = list(applications.iter_rows(values_only=True))
        assert rows[0][:4] == ("街道", "居委会", "项目名称", "类别") and len(rows) == 6
        assert rows[1][:4] == ("外滩街道", "福州路居委会", "楼道微更新", "特色自治项目")
        assert rows[1][7:9] == ("费用 20000.00", 20000.0) and rows[5][11] == "草稿"
        book = load_workbook(io.BytesIO(assessments_xlsx(ranking(db.session, fund))))
        detail = list(book["评分明细"].iter_rows(values_only=True))
        assert detail[0] == (
            "居委会",
            "项目名称",
            "评估人",
            "需求导向",
            "居民参与",
            "方案可行",
            "长效机制",
            "合计",
        )
        assert detail[1] == ("福州路居委会", "睦邻点建设", "评估人1", 9.0, 9.0, 9.0, 9.0, 90.0)
        combined = list(book["综合得分"].iter_rows(values_only=True))
        assert combined[1][:5] == (1, "福州路居委会", "睦邻点建设", 2, 92.0)
        assert combined[1][5] == "评估人 2 名：90.0、94.0，平均 92.0 (S4)"
