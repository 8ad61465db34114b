"""All-or-nothing import and matching export (issue 3): CLI, UI, rules C1, C2, C3, C10."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from sqlalchemy import event, func, select

from core.extensions import db
from core.imports import KINDS, FileProblem, run_import, template_file
from core.imports.export import export_file
from core.models import Household, OrgUnit, Person, Position, ResidentGroup
from core.models.audit import AuditEntry
from core.models.users import User
from core.rules.identity import check_digit, mask_id_number
from core.scoping import SYSTEM, acting_as, actor_for
from tests.conftest import dispose, make_app
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, STREET_A, csrf_token, login, unit_by_code

PEOPLE_HEADERS = KINDS["people"].headers


def id_number(birth: str = "19800101", seq: str = "123", region: str = "310101") -> str:
    """A valid ID number (rule C10): odd last sequence digit = male."""
    first17 = region + birth + seq
    return first17 + check_digit(first17)


def person_row(**cells: Any) -> list[Any]:
    """A people row in header order; unnamed cells empty."""
    defaults = {"所属单位代码": COMMITTEE_A1, "姓名": "张三", "性别": "男"}
    defaults.update(cells)
    return [defaults.get(header, "") for header in PEOPLE_HEADERS]


def position_row(*cells: Any) -> list[Any]:
    """A positions row: the cells given, the rest empty."""
    return [*cells, *[""] * (len(KINDS["positions"].headers) - len(cells))]


def csv_bytes(headers: list[str], rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(headers: list[str], rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def count(model: type) -> int:
    with acting_as(SYSTEM):
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def as_user(username: str) -> Any:
    with acting_as(SYSTEM):
        user = db.session.scalar(select(User).where(User.username == username))
        assert user is not None
        return actor_for(user)


def messages(report: Any) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in report.errors]


GOOD_PEOPLE = [
    person_row(姓名="张三", 身份证号=id_number("19800101", "123"), 电话="13800138000", 户号="101"),
    person_row(
        姓名="李四", 性别="女", 身份证号=id_number("19850203", "124"), 户号="101", 党员="是"
    ),
    person_row(姓名="王五", 性别="男", 出生日期="1990/5/6", 户号="102", 在职="否", 人大代表="是"),
]


# ------------------------------------------------------------------ good files


def test_good_csv_imports_people_and_creates_their_households(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        report = run_import("people", csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE), "人员.csv")
        assert report.ok, messages(report)
        assert (report.created, report.updated, report.extra) == (3, 0, {"新建户": 2})
        people = {p.name: p for p in db.session.scalars(select(Person))}
        assert people["张三"].birth_date == dt.date(1980, 1, 1)  # from the ID number (C10)
        assert people["李四"].sex == "female" and people["李四"].party_member
        assert people["王五"].birth_date == dt.date(1990, 5, 6) and people["王五"].npc_deputy
        household = people["张三"].household
        assert household is not None and household is people["李四"].household
        assert household.org_unit.code == COMMITTEE_A1


def test_csv_in_gb18030_as_excel_saves_it_is_read(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        data = csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE[:1], encoding="gb18030")
        report = run_import("people", data, "people.CSV")
        assert report.ok and report.created == 1


def test_good_xlsx_imports_every_kind(app: Flask) -> None:
    org = [
        ["310101002000", "外滩街道", "街道", "310101000000"],
        ["310101002004", "新建居委会", "居委会", "310101002000"],
    ]
    households = [["310101002004", "1", "中山东一路1号", ""]]
    people = [
        person_row(所属单位代码="310101002004", 姓名=f"委员{n}", 身份证号=id_number(seq=f"1{n}1"))
        for n in range(5)
    ]
    people[0][PEOPLE_HEADERS.index("户号")] = "1"
    positions = [
        ["310101002004", id_number(seq="101"), "委员0", "", "居委会主任", "", "2021-06-01", "", ""],
        position_row(
            "310101002004",
            id_number(seq="111"),
            "委员1",
            "",
            "committee.deputy",
            "",
            "2021-06-01",
            "",
            "",
        ),
        ["310101002004", "", "委员2", "1980-01-01", "居委会委员", "", dt.date(2021, 6, 1), "", ""],
    ]
    with app.app_context(), acting_as(SYSTEM):
        for kind, rows in [
            ("org_units", org),
            ("households", households),
            ("people", people),
            ("positions", positions),
        ]:
            report = run_import(kind, xlsx_bytes(KINDS[kind].headers, rows), f"{kind}.xlsx")
            assert report.ok, (kind, messages(report))
        parent = unit_by_code("310101002004").parent
        assert parent is not None and parent.code == STREET_A
        assert unit_by_code(STREET_A).name == "外滩街道"
        kinds = sorted(p.kind for p in db.session.scalars(select(Position)))
        assert kinds == ["committee.deputy", "committee.director", "committee.member"]
        household = db.session.scalar(select(Household).where(Household.number == "1"))
        assert household is not None and household.address == "中山东一路1号"
        assert [m.name for m in household.members] == ["委员0"]


# ------------------------------------------------------------------ all or nothing


def test_c10_import_rejects_wrong_check_digit(app: Flask) -> None:
    good = id_number()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [*GOOD_PEOPLE, person_row(姓名="赵六", 身份证号=wrong)]
    with app.app_context(), acting_as(SYSTEM):
        report = run_import("people", csv_bytes(PEOPLE_HEADERS, rows), "p.csv")
        assert not report.ok
        assert [(e.row, e.column) for e in report.errors] == [(5, "身份证号")]
        assert "校验位" in report.errors[0].message
        assert count(Person) == 0 and count(Household) == 0


def test_file_with_good_and_bad_rows_writes_nothing_and_reports_each(app: Flask) -> None:
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    rows = [
        GOOD_PEOPLE[0],
        person_row(姓名="", 出生日期="1980-01-01"),  # row 3: name required
        person_row(姓名="甲", 出生日期="1980-13-01"),  # row 4: no such date
        person_row(姓名="乙", 出生日期=future),  # row 5: C3 birth in the future
        person_row(姓名="丙", 出生日期="1980-01-01", 党员="也许"),  # row 6: 是/否
        person_row(姓名="丁", 出生日期="1980-01-01", 所属单位代码="12345"),  # row 7: code
        person_row(姓名="戊", 出生日期="1980-01-01", 所属单位代码="310101002999"),  # row 8
        GOOD_PEOPLE[0],  # row 9: the same ID number as row 2
        person_row(姓名="己", 身份证号=id_number("19800101", "124")),  # row 10: sex (C10)
        GOOD_PEOPLE[1],
    ]
    with app.app_context(), acting_as(SYSTEM):
        report = run_import("people", csv_bytes(PEOPLE_HEADERS, rows), "p.csv")
        found = [(e.row, e.column) for e in report.errors]
        assert found == [
            (3, "姓名"),
            (4, "出生日期"),
            (5, "出生日期"),
            (6, "党员"),
            (7, "所属单位代码"),
            (8, "所属单位代码"),
            (9, "身份证号"),
            (10, "身份证号"),
        ], messages(report)
        text = {e.row: e.message for e in report.errors}
        assert "必须填写" in text[3] and "将来" in text[5] and "(C3)" in text[5]
        assert "是" in text[6] and "不存在" in text[8] and "第2行" in text[9]
        assert "性别" in text[10]
        assert count(Person) == 0 and count(Household) == 0


def test_c1_position_rows_with_bad_references_and_dates_are_all_reported(app: Flask) -> None:
    headers = KINDS["positions"].headers
    with app.app_context(), acting_as(SYSTEM):
        assert run_import("people", csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE), "p.csv").ok
        rows = [
            [COMMITTEE_A1, id_number(), "张三", "", "居委会主任", "", "2021-01-01", "", ""],
            [COMMITTEE_A1, id_number(), "张三", "", "组长", "", "2021-01-01", "", ""],
            [COMMITTEE_A1, id_number(), "张三", "", "居民小组组长", "", "2021-01-01", "", ""],
            position_row(
                COMMITTEE_A1,
                id_number(),
                "张三",
                "",
                "居委会委员",
                "",
                "2021-01-01",
                "2020-01-01",
                "",
            ),
            [COMMITTEE_A1, id_number(), "张冠李戴", "", "居委会委员", "", "2021-01-01", "", ""],
            [STREET_A, id_number(), "张三", "", "居委会委员", "", "2021-01-01", "", ""],
            [COMMITTEE_A1, "", "无名", "1970-01-01", "居委会委员", "", "2021-01-01", "", ""],
            [COMMITTEE_A1, id_number(), "张三", "", "居民代表", "第九组", "2021-01-01", "", ""],
        ]
        report = run_import("positions", csv_bytes(headers, rows), "pos.csv")
        assert [(e.row, e.column) for e in report.errors] == [
            (3, "职务"),
            (4, "居民小组"),
            (5, "结束日期"),
            (6, "姓名"),
            (7, "所属居委会代码"),
            (8, "姓名"),
            (9, "居民小组"),
        ], messages(report)
        assert count(Position) == 0


def test_c2_import_refuses_a_second_director_and_writes_nothing(app: Flask) -> None:
    headers = KINDS["positions"].headers
    with app.app_context(), acting_as(SYSTEM):
        assert run_import("people", csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE), "p.csv").ok
        rows = [
            [COMMITTEE_A1, id_number(), "张三", "", "居委会主任", "", "2021-01-01", "", ""],
            [COMMITTEE_A1, "", "王五", "1990-05-06", "居委会委员", "", "2021-01-01", "", ""],
            position_row(
                COMMITTEE_A1,
                mask_id_number(id_number("19850203", "124")),
                "李四",
                "1985-02-03",
                "居委会主任",
                "",
                "2022-01-01",
                "",
                "",
            ),
        ]
        report = run_import("positions", csv_bytes(headers, rows), "pos.csv")
        assert not report.ok
        assert [(e.row, e.column) for e in report.errors] == [(4, "")]
        assert "主任" in report.errors[0].message and "(C2)" in report.errors[0].message
        assert count(Position) == 0


def test_c3_import_rejects_a_birth_date_in_the_future(app: Flask) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    rows = [person_row(出生日期=tomorrow.isoformat())]
    with app.app_context(), acting_as(SYSTEM):
        report = run_import("people", xlsx_bytes(PEOPLE_HEADERS, rows), "p.xlsx")
        assert [(e.row, e.column) for e in report.errors] == [(2, "出生日期")]
        assert "将来" in report.errors[0].message and "(C3)" in report.errors[0].message
        assert count(Person) == 0


def test_c1_org_unit_parent_must_come_from_the_database_or_an_earlier_row(app: Flask) -> None:
    headers = KINDS["org_units"].headers
    rows = [
        ["310101099001", "先于上级的居委会", "居委会", "310101099000"],  # row 2: parent later
        ["310101099000", "新街道", "街道", "310101000000"],
        ["310101099002", "新居委会", "居委会", "310101099000"],  # parent in row 3: fine
        ["310101099003", "错层居委会", "居委会", "310101000000"],  # C1: parent is a district
        ["310101099000", "新街道", "街道", "310101000000"],  # duplicate of row 3
        ["310101099", "短代码", "居委会", "310101099000"],
    ]
    with app.app_context(), acting_as(as_user("district")):
        report = run_import("org_units", csv_bytes(headers, rows), "o.csv")
        assert [(e.row, e.column) for e in report.errors] == [
            (2, "上级区划代码"),
            (5, "上级区划代码"),
            (6, "区划代码"),
            (7, "区划代码"),
        ], messages(report)
        assert count(OrgUnit) == 7
        report = run_import("org_units", csv_bytes(headers, rows[1:3]), "o.csv")
        assert report.ok and report.created == 2
        parent = unit_by_code("310101099002").parent
        assert parent is not None and parent.code == "310101099000"


def test_households_refer_to_buildings_by_name(app: Flask) -> None:
    from core.models import Building

    headers = KINDS["households"].headers
    with app.app_context(), acting_as(SYSTEM):
        db.session.add(Building(org_unit=unit_by_code(COMMITTEE_A1), name="1号楼"))
        db.session.commit()
        rows = [
            [COMMITTEE_A1, "101", "福州路1号101室", "1号楼"],
            [COMMITTEE_A1, "102", "福州路1号102室", "9号楼"],
            [STREET_A, "103", "", ""],
            [COMMITTEE_A1, "101", "重复", ""],
        ]
        report = run_import("households", csv_bytes(headers, rows), "h.csv")
        assert [(e.row, e.column) for e in report.errors] == [
            (3, "楼栋"),
            (4, "所属居委会代码"),
            (5, "户号"),
        ], messages(report)
        report = run_import("households", csv_bytes(headers, rows[:1]), "h.csv")
        assert report.ok
        household = db.session.scalar(select(Household))
        assert household is not None and household.building is not None
        assert household.building.name == "1号楼"


def test_reimported_position_with_an_end_date_updates_it(app: Flask) -> None:
    headers = KINDS["positions"].headers
    row = [COMMITTEE_A1, id_number(), "张三", "", "居委会主任", "", "2021-01-01", "", ""]
    with app.app_context(), acting_as(SYSTEM):
        assert run_import("people", csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE), "p.csv").ok
        assert run_import("positions", csv_bytes(headers, [row]), "pos.csv").created == 1
        row[7] = "2025-12-31"
        report = run_import("positions", csv_bytes(headers, [row]), "pos.csv")
        assert (report.created, report.updated) == (0, 1)
        position = db.session.scalar(select(Position))
        assert position is not None and position.end_date == dt.date(2025, 12, 31)


# ------------------------------------------------------------------ whole-file problems


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("people.txt", b"a,b", "只能导入 .xlsx 或 .csv"),
        ("people.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
        ("people.csv", b"", "文件是空的"),
        ("people.xlsx", b"\x00\x01garbage\xff" * 50, "不是有效的 .xlsx"),
        ("people.csv", b"\x00\x01garbage\xff" * 50, "不是文本格式"),
        ("people.xlsx", b"PK\x03\x04" + b"\x00" * 100, "不是有效的 .xlsx"),
        ("people.csv", "姓名,电话\n张三,1\n".encode(), "缺少列"),
        ("people.csv", csv_bytes(PEOPLE_HEADERS, []), "没有数据行"),
    ],
)
def test_wrong_format_or_columns_gives_one_message_and_writes_nothing(
    app: Flask, filename: str, data: bytes, expected: str
) -> None:
    with app.app_context(), acting_as(SYSTEM):
        with pytest.raises(FileProblem, match=re.escape(expected)):
            run_import("people", data, filename)
        assert count(Person) == 0


def test_wrong_columns_names_the_missing_and_unknown_ones(app: Flask) -> None:
    headers = [*PEOPLE_HEADERS[:-1], "籍贯"]
    with app.app_context(), acting_as(SYSTEM), pytest.raises(FileProblem) as info:
        run_import("people", xlsx_bytes(headers, []), "p.xlsx")
    assert "缺少列：备注" in str(info.value) and "多出列：籍贯" in str(info.value)


# ------------------------------------------------------------------ round trip


def test_export_reimports_without_failing_or_duplicating(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        assert run_import("people", csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE), "p.csv").ok
        committee = unit_by_code(COMMITTEE_A1)
        db.session.add(ResidentGroup(org_unit=committee, name="第一组"))
        db.session.commit()
        positions = [
            [COMMITTEE_A1, id_number(), "张三", "", "居委会主任", "", "2021-01-01", "", ""],
            position_row(
                COMMITTEE_A1,
                "",
                "王五",
                "1990-05-06",
                "居民小组组长",
                "第一组",
                "2021-01-01",
                "2023-12-31",
                "换届",
            ),
        ]
        headers = KINDS["positions"].headers
        assert run_import("positions", csv_bytes(headers, positions), "pos.csv").ok
    with app.app_context():
        before = {model: count(model) for model in (OrgUnit, Household, Person, Position)}
    # A street officer sees whole numbers (and the export is logged); the system
    # actor sees them masked: both exports import again unchanged.
    for username in ("street_a", "admin"):
        for kind in ("org_units", "households", "people", "positions"):
            for fmt in ("xlsx", "csv"):
                with app.app_context(), acting_as(as_user(username)):
                    data, exported = export_file(kind, fmt)
                    assert exported > 0, kind
                    report = run_import(kind, data, f"{kind}.{fmt}")
                    assert report.ok, (username, kind, fmt, messages(report))
                    assert report.unchanged == exported, (username, kind, report)
    with app.app_context(), acting_as(SYSTEM):
        assert {model: count(model) for model in before} == before
        logged = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "view"))
        assert {entry.actor for entry in logged} == {"street_a"}


def test_reimport_with_changes_updates_records(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        assert run_import("people", csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE), "p.csv").ok
    with app.app_context(), acting_as(as_user("committee_a1")):
        data, _ = export_file("people", "csv")
        text = data.decode("utf-8-sig").replace("13800138000", "13900139000")
        report = run_import("people", text.encode(), "p.csv")
        assert (report.updated, report.unchanged, report.created) == (1, 2, 0)
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(Person.phone).where(Person.name == "张三")) == (
            "13900139000"
        )
        assert count(Person) == 3


def test_masked_id_that_matches_nobody_is_refused(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        rows = [person_row(姓名="新人", 出生日期="1980-01-01", 身份证号="3101**********1234")]
        report = run_import("people", csv_bytes(PEOPLE_HEADERS, rows), "p.csv")
        assert [(e.row, e.column) for e in report.errors] == [(2, "身份证号")]
        assert "脱敏" in report.errors[0].message


# ------------------------------------------------------------------ scope


def test_c1_street_user_import_refuses_rows_outside_their_street(app: Flask) -> None:
    rows = [
        GOOD_PEOPLE[0],
        person_row(姓名="越界", 所属单位代码=COMMITTEE_B1, 出生日期="1970-01-01"),
    ]
    with app.app_context(), acting_as(as_user("street_a")):
        report = run_import("people", csv_bytes(PEOPLE_HEADERS, rows), "p.csv")
        assert [(e.row, e.column) for e in report.errors] == [(3, "所属单位代码")]
        assert "管辖范围" in report.errors[0].message
        org = [["310101013009", "越界居委会", "居委会", "310101013000"]]
        report = run_import("org_units", csv_bytes(KINDS["org_units"].headers, org), "o.csv")
        assert [(e.row, e.column) for e in report.errors] == [(2, "区划代码")]
        assert count(Person) == 0 and count(OrgUnit) == 7


def test_c10_id_number_registered_in_another_street_is_refused(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        row = person_row(所属单位代码=COMMITTEE_B1, 身份证号=id_number())
        assert run_import("people", csv_bytes(PEOPLE_HEADERS, [row]), "p.csv").ok
    with app.app_context(), acting_as(as_user("street_a")):
        report = run_import("people", csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE[:1]), "p.csv")
        assert [(e.row, e.column) for e in report.errors] == [(2, "身份证号")]
        assert "管辖范围以外" in report.errors[0].message
        assert count(Person) == 1


def test_roles_that_may_not_import_a_kind_get_one_message(app: Flask) -> None:
    org = csv_bytes(KINDS["org_units"].headers, [["310101002009", "新", "居委会", STREET_A]])
    with app.app_context():
        with acting_as(as_user("committee_a1")), pytest.raises(FileProblem, match="不能导入"):
            run_import("org_units", org, "o.csv")
        people = csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE)
        with acting_as(as_user("auditor")), pytest.raises(FileProblem, match="审计员"):
            run_import("people", people, "p.csv")


# ------------------------------------------------------------------ CLI


def test_cli_template_writes_headers_widths_and_explanation(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    out = tmp_path / "people.xlsx"
    result = runner.invoke(args=["import", "--template", "people", "-o", str(out)])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(out)
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == PEOPLE_HEADERS
    assert sheet["A1"].font.bold and sheet.column_dimensions["E"].width >= 20
    assert workbook.sheetnames[1] == "说明"
    explained = [row[0] for row in workbook["说明"].iter_rows(values_only=True)]
    assert set(PEOPLE_HEADERS) <= set(explained)
    result = runner.invoke(
        args=["import", "--template", "positions", "-o", str(tmp_path / "p.xlsx")]
    )
    positions_sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["说明"]
    assert "居委会主任" in [row[0] for row in positions_sheet.iter_rows(values_only=True)]
    csv_out = tmp_path / "h.csv"
    result = runner.invoke(
        args=["import", "--template", "households", "--format", "csv", "-o", str(csv_out)]
    )
    assert result.exit_code == 0
    assert csv_out.read_bytes().decode("utf-8-sig").strip() == ",".join(KINDS["households"].headers)


def test_cli_import_prints_each_error_and_exits_1(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    wrong = id_number()[:17] + ("0" if id_number()[17] != "0" else "1")
    path.write_bytes(
        csv_bytes(PEOPLE_HEADERS, [GOOD_PEOPLE[0], person_row(姓名="错", 身份证号=wrong)])
    )
    result = app.test_cli_runner().invoke(args=["import", "people", str(path)])
    assert result.exit_code == 1
    assert "row 3, 身份证号: 身份证号校验位错误" in result.output
    assert "nothing was imported" in result.output
    with app.app_context():
        assert count(Person) == 0
    path.write_bytes(csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE))
    result = app.test_cli_runner().invoke(args=["import", "people", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 created" in result.output
    with app.app_context():
        assert count(Person) == 3


def test_cli_import_as_a_user_applies_their_scope(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(
        csv_bytes(PEOPLE_HEADERS, [person_row(所属单位代码=COMMITTEE_B1, 出生日期="1970-01-01")])
    )
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "people", str(path), "--as", "street_a"])
    assert result.exit_code == 1 and "row 2, 所属单位代码" in result.output
    result = runner.invoke(args=["import", "people", str(path), "--as", "nobody"])
    assert result.exit_code == 1 and "no user" in result.output
    bad = tmp_path / "people.txt"
    bad.write_text("x")
    result = runner.invoke(args=["import", "people", str(bad)])
    assert result.exit_code == 1 and "只能导入 .xlsx 或 .csv" in result.output
    with app.app_context():
        assert count(Person) == 0


def test_cli_shows_progress_bars_on_large_files(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import core.cli.imports

    monkeypatch.setattr(core.cli.imports, "PROGRESS_FROM", 2)
    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx_bytes(PEOPLE_HEADERS, GOOD_PEOPLE))
    result = app.test_cli_runner().invoke(args=["import", "people", str(path)])
    assert result.exit_code == 0, result.output
    assert "校验" in result.output and "写入" in result.output


def test_cli_export_writes_the_users_records(app: Flask, tmp_path: Path) -> None:
    with app.app_context(), acting_as(SYSTEM):
        assert run_import("people", csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE), "p.csv").ok
    out = tmp_path / "out.csv"
    result = app.test_cli_runner().invoke(
        args=["import", "--export", "people", "-o", str(out), "--as", "street_b"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().decode("utf-8-sig").count("\n") == 1  # street B: headers only


# ------------------------------------------------------------------ UI


def test_ui_template_download_and_page(client: Any) -> None:
    login(client, "committee_a1")
    page = client.get("/admin/imports/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "导入导出" in html and 'name="csrf_token"' in html
    assert 'value="org_units"' not in html  # committee staff may not import org units
    response = client.get("/admin/imports/template/people.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == PEOPLE_HEADERS
    assert client.get("/admin/imports/template/people.pdf").status_code == 404
    assert client.get("/admin/imports/template/cats.xlsx").status_code == 404


def test_ui_upload_shows_errors_and_writes_nothing(client: Any, app: Flask) -> None:
    login(client, "street_a")
    rows = [
        GOOD_PEOPLE[0],
        person_row(姓名="越界", 所属单位代码=COMMITTEE_B1, 出生日期="1970-01-01"),
    ]
    response = client.post(
        "/admin/imports/upload",
        data={"kind": "people", "file": (io.BytesIO(csv_bytes(PEOPLE_HEADERS, rows)), "p.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="juwei-import-errors"' in html
    assert "<td>3</td><td>所属单位代码</td>" in html and "管辖范围" in html
    with app.app_context():
        assert count(Person) == 0
    response = client.post(
        "/admin/imports/upload",
        data={"kind": "people", "file": (io.BytesIO(b"\x00\xff" * 10), "p.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "不是有效的 .xlsx" in response.get_data(as_text=True)


def test_ui_upload_imports_and_export_matches(client: Any, app: Flask) -> None:
    login(client, "street_a")
    response = client.post(
        "/admin/imports/upload",
        data={
            "kind": "people",
            "file": (io.BytesIO(xlsx_bytes(PEOPLE_HEADERS, GOOD_PEOPLE)), "p.xlsx"),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert 'id="juwei-import-done"' in html, html[-2000:]
    with app.app_context():
        assert count(Person) == 3
    export = client.get("/admin/imports/export/people.csv")
    assert export.status_code == 200
    assert export.data.decode("utf-8-sig").count(id_number()) == 1  # street officers see it whole
    other = app.test_client()
    login(other, "street_b")
    assert "张三" not in other.get("/admin/imports/export/people.csv").data.decode("utf-8-sig")


def test_ui_upload_needs_the_csrf_token(db_url: str, tmp_path: Path, app: Flask) -> None:
    secured = make_app(db_url, tmp_path, WTF_CSRF_ENABLED=True)
    try:
        client = secured.test_client()
        token = csrf_token(client)
        client.post(
            "/login",
            data={"username": "street_a", "password": "correct-horse-battery", "csrf_token": token},
        )
        upload = {
            "kind": "people",
            "file": (io.BytesIO(csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE)), "p.csv"),
        }
        refused = client.post(
            "/admin/imports/upload", data=upload, content_type="multipart/form-data"
        )
        assert refused.status_code == 400
        token = csrf_token(client, "/admin/imports/")
        upload = {
            "kind": "people",
            "csrf_token": token,
            "file": (io.BytesIO(csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE)), "p.csv"),
        }
        accepted = client.post(
            "/admin/imports/upload", data=upload, content_type="multipart/form-data"
        )
        assert 'id="juwei-import-done"' in accepted.get_data(as_text=True)
    finally:
        dispose(secured)


def test_auditor_sees_no_upload_form_and_cannot_post(client: Any, app: Flask) -> None:
    login(client, "auditor")
    html = client.get("/admin/imports/").get_data(as_text=True)
    assert 'id="juwei-import-form"' not in html
    response = client.post(
        "/admin/imports/upload",
        data={
            "kind": "people",
            "file": (io.BytesIO(csv_bytes(PEOPLE_HEADERS, GOOD_PEOPLE)), "p.csv"),
        },
        content_type="multipart/form-data",
    )
    assert "审计员" in response.get_data(as_text=True)
    with app.app_context():
        assert count(Person) == 0


# ------------------------------------------------------------------ set-based validation


def test_validation_queries_do_not_grow_with_the_number_of_rows(app: Flask) -> None:
    def statements_for(n: int) -> int:
        rows = [
            person_row(姓名=f"人{i}", 性别="", 身份证号=id_number(seq=f"{i:03d}"), 户号=str(i % 7))
            for i in range(n)
        ]
        seen: list[str] = []

        def record(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                seen.append(statement)

        with app.app_context():
            engine = db.engine
            event.listen(engine, "before_cursor_execute", record)
            try:
                with acting_as(SYSTEM):
                    report = run_import("people", csv_bytes(PEOPLE_HEADERS, rows), "p.csv")
                    assert report.ok, messages(report)[:3]
                    db.session.rollback()
            finally:
                event.remove(engine, "before_cursor_execute", record)
            with acting_as(SYSTEM):
                db.session.query(Person).delete()
                db.session.query(Household).delete()
                db.session.commit()
        return len(seen)

    assert statements_for(20) == statements_for(400)


def test_template_of_every_kind_is_a_valid_empty_import(app: Flask) -> None:
    with app.app_context():
        for kind in KINDS:
            for fmt in ("xlsx", "csv"):
                data = template_file(kind, fmt)
                with acting_as(SYSTEM), pytest.raises(FileProblem, match="没有数据行"):
                    run_import(kind, data, f"t.{fmt}")
