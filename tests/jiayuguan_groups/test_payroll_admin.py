"""The 工作补贴发放 page: lines with explanations, totals, files, closing and reopening (J4)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.admin.structure import today
from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.jiayuguan_groups.admin import payroll as payroll_admin
from tests.conftest import dispose, make_app
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, STREET_A, STREET_B, login
from tests.jiayuguan_groups.test_api import seed_payroll_people

PAGE = "/admin/jiayuguan_payroll/"
MONTH = "2026-03"


@pytest.fixture
def seeded(jy_app: Flask) -> None:
    """The leader, members and outsider of ``seed_payroll_people`` in A1 and B1."""
    with jy_app.app_context(), acting_as(SYSTEM):
        seed_payroll_people(COMMITTEE_A1)
        seed_payroll_people(COMMITTEE_B1)


def _page(client: FlaskClient, query: str = f"?month={MONTH}") -> str:
    response = client.get(PAGE + query)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _months(app: Flask) -> list[tuple[str, bool]]:
    from plugins.jiayuguan_groups.models import PayrollMonth

    with app.app_context(), acting_as(SYSTEM):
        rows = db.session.execute(
            select(PayrollMonth.month, PayrollMonth.closed).order_by(PayrollMonth.month)
        ).all()
        return [(f"{m:%Y-%m}", closed) for m, closed in rows]


def test_j4_payroll_page_shows_explanation(
    jy_app: Flask, jy_client: FlaskClient, seeded: None
) -> None:
    login(jy_client, "street_a")
    html = _page(jy_client)
    for header in (
        "街道",
        "居委会",
        "姓名",
        "发放职务",
        "满年数",
        "天数",
        "金额（元）",
        "计算说明",
    ):
        assert f"<th>{header}</th>" in html
    row = re.search(
        r'<tr data-person-id="\d+">\s*<td>外滩街道</td>\s*<td>福州路居委会</td>'
        r"\s*<td>组长甲A</td>(.*?)</tr>",
        html,
        re.S,
    )
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert cells[:4] == ["居民小组组长", "2", "31", "400.00"]
    assert cells[4].startswith("居民小组组长 300") and cells[4].endswith("(J4)")
    assert "居委会委员" in cells[4]
    assert 'id="juwei-payroll-rates"' in html and "jiayuguan_groups.rate" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="juwei-chart"' in html
    chart = html.split('id="juwei-payroll-chart"')[1].split("</svg>")[0]
    assert "<script" not in chart and 'class="juwei-series" data-street="外滩街道"' in chart
    assert 'id="juwei-payroll-streets"' in html and "未关闭" in html
    assert "关闭本月" in html


def test_j4_payroll_page_is_scoped_to_the_officers_street(
    jy_app: Flask, jy_client: FlaskClient, seeded: None
) -> None:
    login(jy_client, "street_b")
    html = _page(jy_client)
    assert "组长甲B" in html and "贵州路居委会" in html
    assert "组长甲A" not in html and "外滩街道" not in html
    # Asking for street A by code is refused with a flash; nothing of A shows.
    html = _page(jy_client, f"?month={MONTH}&street={STREET_A}")
    assert "不存在或不在您的管辖范围内" in html
    assert "组长甲A" not in html
    response = jy_client.post(
        PAGE + "close", data={"month": MONTH, "street": STREET_A}, follow_redirects=True
    )
    assert "关闭失败" in response.get_data(as_text=True)
    assert _months(jy_app) == []


def test_payroll_page_defaults_to_this_month_and_flashes_a_bad_month(
    jy_app: Flask, jy_client: FlaskClient, seeded: None
) -> None:
    login(jy_client, "street_a")
    this_month = today().replace(day=1)
    assert f'value="{this_month:%Y-%m}"' in _page(jy_client, "")
    for bad in ("2026-13", "三月", "2026-3-1"):
        html = _page(jy_client, f"?month={bad}")
        assert "格式不对：应为 YYYY-MM" in html
        assert f"已改为显示本月（{this_month:%Y-%m}）" in html


def test_j4_close_and_reopen_the_month_from_the_page(
    jy_app: Flask, jy_client: FlaskClient, seeded: None
) -> None:
    login(jy_client, "street_a")
    form = {"month": MONTH, "street": STREET_A}
    response = jy_client.post(PAGE + "close", data=form, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "已关闭 外滩街道 2026年03月的工作补贴发放表" in html
    assert "juwei-closed" in html and "street_a 于" in html
    assert "重新打开" in html
    assert _months(jy_app) == [(MONTH, True)]

    again = jy_client.post(PAGE + "close", data=form, follow_redirects=True)
    assert "关闭失败：" in again.get_data(as_text=True)
    assert _months(jy_app) == [(MONTH, True)]

    blank = jy_client.post(PAGE + "reopen", data={**form, "reason": "  "}, follow_redirects=True)
    assert "须填写重新打开的原因" in blank.get_data(as_text=True)
    assert _months(jy_app) == [(MONTH, True)]

    reopened = jy_client.post(
        PAGE + "reopen", data={**form, "reason": "漏报一名组员"}, follow_redirects=True
    )
    html = reopened.get_data(as_text=True)
    assert "已重新打开 外滩街道 2026年03月" in html
    assert "重新打开，原因：漏报一名组员" in html
    assert _months(jy_app) == [(MONTH, False)]


def test_j4_closing_a_future_month_is_refused_with_a_flash(
    jy_app: Flask, jy_client: FlaskClient, seeded: None
) -> None:
    login(jy_client, "street_a")
    future = today().replace(day=1) + dt.timedelta(days=40)
    response = jy_client.post(
        PAGE + "close", data={"month": f"{future:%Y-%m}", "street": STREET_A}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "关闭失败：" in response.get_data(as_text=True)
    bad = jy_client.post(
        PAGE + "close", data={"month": "下个月", "street": STREET_A}, follow_redirects=True
    )
    assert "关闭失败：月份“下个月”格式不对" in bad.get_data(as_text=True)
    assert _months(jy_app) == []


def test_payroll_close_needs_the_permission(
    jy_app: Flask, jy_client: FlaskClient, seeded: None
) -> None:
    login(jy_client, "committee_a1")
    html = _page(jy_client)
    assert "组长甲A" in html and "组长甲B" not in html
    assert "关闭本月" not in html
    response = jy_client.post(PAGE + "close", data={"month": MONTH, "street": STREET_A})
    assert response.status_code == 403
    assert _months(jy_app) == []


def test_payroll_auditor_reads_but_gets_no_buttons(
    jy_app: Flask, jy_client: FlaskClient, seeded: None
) -> None:
    login(jy_client, "auditor")
    html = _page(jy_client)
    assert "组长甲A" in html and "组长甲B" in html
    assert "关闭本月" not in html
    assert (
        jy_client.post(PAGE + "close", data={"month": MONTH, "street": STREET_B}).status_code == 403
    )


def test_payroll_close_needs_the_csrf_token(
    jy_app: Flask, seeded: None, db_url: str, tmp_path: Path
) -> None:
    app = make_app(db_url, tmp_path, WTF_CSRF_ENABLED=True)
    try:
        client = app.test_client()
        from tests.factories import csrf_token

        client.post(
            "/login",
            data={
                "username": "street_a",
                "password": "correct-horse-battery",
                "csrf_token": csrf_token(client),
            },
        )
        response = client.post(PAGE + "close", data={"month": MONTH, "street": STREET_A})
        assert response.status_code == 400
        assert _months(jy_app) == []
        html = client.get(PAGE + f"?month={MONTH}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token is not None
        ok = client.post(
            PAGE + "close",
            data={"month": MONTH, "street": STREET_A, "csrf_token": token.group(1)},
        )
        assert ok.status_code == 302
        assert _months(jy_app) == [(MONTH, True)]
    finally:
        dispose(app)


def test_payroll_page_filters_by_committee_and_pages_long_lists(
    jy_app: Flask, jy_client: FlaskClient, seeded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    login(jy_client, "admin")
    with jy_app.app_context(), acting_as(SYSTEM):
        from core.models import OrgUnit

        b1 = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == COMMITTEE_B1))
    html = _page(jy_client, f"?month={MONTH}&committee={b1}")
    assert "组长甲B" in html and "组长甲A" not in html
    assert "仅所选居委会" in html
    # The totals above still cover every street.
    assert "外滩街道" in html.split('id="juwei-payroll-lines-title"')[0]
    monkeypatch.setattr(payroll_admin, "PAGE_LINES", 2)
    first = _page(jy_client, f"?month={MONTH}")
    rows = first.split('id="juwei-payroll-lines"')[1].count("<tr data-person-id=")
    assert rows == 2 and "第 1/" in first
    last = _page(jy_client, f"?month={MONTH}&page=99")  # clamped to the last page
    assert "第 1/" not in last and 'class="page-item active"' in last
    unknown = _page(jy_client, f"?month={MONTH}&committee=999999")
    assert "所选居委会不在本月发放表中" in unknown


def test_j4_payroll_page_downloads_xlsx_and_csv(
    jy_app: Flask, jy_client: FlaskClient, seeded: None
) -> None:
    import openpyxl

    login(jy_client, "street_a")
    response = jy_client.get(PAGE + f"download?fmt=xlsx&month={MONTH}&street={STREET_A}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    # The Chinese file name travels as filename*=UTF-8'' (a raw header fails on a real server).
    response.headers["Content-Disposition"].encode("latin-1")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert "组长甲A" in cells and "组长甲B" not in cells
    csv = jy_client.get(PAGE + f"download?fmt=csv&month={MONTH}")
    assert csv.status_code == 200 and "组长甲A" in csv.data.decode("utf-8-sig")
    bad = jy_client.get(PAGE + f"download?fmt=pdf&month={MONTH}", follow_redirects=True)
    assert "不支持的文件格式“pdf”" in bad.get_data(as_text=True)
    bad_month = jy_client.get(PAGE + "download?fmt=csv&month=2026-00", follow_redirects=True)
    assert "格式不对" in bad_month.get_data(as_text=True)


def test_payroll_page_of_a_city_size_month_renders_one_page_quickly(
    jy_app: Flask, jy_client: FlaskClient
) -> None:
    import time

    from core.kinds import MEMBER
    from core.models import Person, Position
    from tests.factories import unit_by_code

    with jy_app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        for n in range(1200):
            someone = Person(
                name=f"委员{n:04d}", sex="male", birth_date=dt.date(1970, 1, 1), org_unit=unit
            )
            db.session.add(someone)
            db.session.add(
                Position(person=someone, kind=MEMBER, start_date=dt.date(2024, 1, 1), org_unit=unit)
            )
        db.session.commit()
    login(jy_client, "street_a")
    started = time.perf_counter()
    html = _page(jy_client)
    elapsed = time.perf_counter() - started
    assert "共 1200 人，第 1/6 页" in html
    assert html.count("<tr data-person-id=") == payroll_admin.PAGE_LINES
    assert "360,000.00" in html  # 1,200 × (200 + 2 × 50): the total covers every line
    assert elapsed < 5
