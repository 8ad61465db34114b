"""Rule C14, decision 9: the holiday table administrators keep for years chinese-calendar lacks.

The 2027 entries are fictional test data: the official 2027 arrangement is
not published, and nothing here claims to be it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.holidays import check_day, check_year, known_to_chinese_calendar
from core.models import AuditEntry, HolidayDay, HolidayYear, Opinion
from core.scoping import SYSTEM, acting_as
from tests.factories import ACCOUNTS, COMMITTEE_A1, login, unit_by_code
from tests.test_opinions import freeze_today

D = dt.date


def _count(model: type) -> int:
    with acting_as(SYSTEM):
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _year(client: Any, year: int, complete: bool = False) -> str:
    data = {"year": str(year), "source": "测试用虚构通知"}
    if complete:
        data["complete"] = "y"
    return client.post("/admin/holidayyear/new/", data=data, follow_redirects=True).get_data(
        as_text=True
    )


def _day(client: Any, day: str, workday: bool = False, name: str = "元旦") -> str:
    data = {"day": day, "workday": "1" if workday else "0", "name": name}
    return client.post("/admin/holidayday/new/", data=data, follow_redirects=True).get_data(
        as_text=True
    )


def _complete(client: Any, app: Flask, year: int, complete: bool = True) -> str:
    with app.app_context(), acting_as(SYSTEM):
        version = db.session.get(HolidayYear, year).version_id
    data = {"year": str(year), "source": "测试用虚构通知", "juwei_version": str(version)}
    if complete:
        data["complete"] = "y"
    return client.post(
        f"/admin/holidayyear/edit/?id={year}", data=data, follow_redirects=True
    ).get_data(as_text=True)


# --- who reads and who writes ----------------------------------------------------------


@pytest.mark.parametrize("username", sorted(ACCOUNTS))
def test_c14_every_role_reads_the_holiday_table(app: Flask, username: str) -> None:
    client = app.test_client()
    login(client, username)
    assert client.get("/admin/holidayyear/").status_code == 200
    assert client.get("/admin/holidayday/").status_code == 200


@pytest.mark.parametrize("username", ["street_a", "committee_a1", "auditor"])
def test_c14_only_holders_of_the_permission_write_holidays(app: Flask, username: str) -> None:
    client = app.test_client()
    login(client, username)
    _year(client, 2027)
    assert client.get("/admin/holidayyear/new/").status_code in (302, 403)
    with app.app_context():
        assert _count(HolidayYear) == 0


def test_c14_district_admin_enters_a_year_and_its_days(client: Any, app: Flask) -> None:
    login(client, "district")
    _year(client, 2027)
    page = _day(client, "2027-01-01")
    assert "保存失败" not in page
    listing = client.get("/admin/holidayday/").get_data(as_text=True)
    assert "2027-01-01（星期五）" in listing
    with app.app_context(), acting_as(SYSTEM):
        day = db.session.scalar(select(HolidayDay))
        assert (day.day, day.workday, day.name) == (D(2027, 1, 1), False, "元旦")


# --- refusals -------------------------------------------------------------------------------


def test_c14_holiday_entries_that_mean_nothing_are_refused(client: Any, app: Flask) -> None:
    login(client, "district")
    assert "已内置于系统" in _year(client, 2026)
    _year(client, 2027)
    assert "已内置于系统" in _day(client, "2026-10-08", name="国庆节")
    assert "本来就是工作日" in _day(client, "2027-01-04", workday=True, name="调休上班")
    assert "本来就休息" in _day(client, "2027-01-02", name="元旦")
    assert "请先在“节假日年份”中登记 2028 年" in _day(client, "2028-01-03")
    assert "不能标记为已录全" in _complete(client, app, 2027)
    with app.app_context(), acting_as(SYSTEM):
        version = db.session.get(HolidayYear, 2027).version_id
    moved = client.post(
        "/admin/holidayyear/edit/?id=2027",
        data={"year": "2028", "source": "改年份", "juwei_version": str(version)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "年份不能修改" in moved
    with app.app_context(), acting_as(SYSTEM):
        assert _count(HolidayDay) == 0
        assert db.session.get(HolidayYear, 2027).complete is False
        assert db.session.get(HolidayYear, 2026) is None


def test_c14_a_year_with_days_is_not_deleted(client: Any, app: Flask) -> None:
    login(client, "district")
    _year(client, 2027)
    _day(client, "2027-01-01")
    page = client.post(
        "/admin/holidayyear/delete/", data={"id": "2027"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "请先删除这些日期" in page
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.get(HolidayYear, 2027) is not None


def test_c14_entry_rules_as_functions() -> None:
    assert known_to_chinese_calendar(2026)
    assert not known_to_chinese_calendar(2027)
    check_day(D(2027, 1, 1), False)  # a Friday off
    check_day(D(2027, 1, 9), True)  # a Saturday worked
    with pytest.raises(ValueError, match="2026 年的节假日安排已内置"):
        check_day(D(2026, 10, 1), False)
    with pytest.raises(ValueError, match="星期六"):
        check_day(D(2027, 1, 2), False)
    with pytest.raises(ValueError, match="不在"):
        check_year(1899)


# --- the deadline follows the table ----------------------------------------------------


def test_c14_completing_2027_recomputes_open_deadlines(
    client: Any, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, D(2027, 1, 20))
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        open_one = Opinion(
            received_on=D(2026, 12, 20), channel="forum", content="停车难", org_unit=unit
        )
        replied = Opinion(
            received_on=D(2026, 12, 21),
            channel="forum",
            content="垃圾分类",
            org_unit=unit,
            status="replied",
            reply="已答复",
            replied_on=D(2026, 12, 28),
        )
        db.session.add_all([open_one, replied])
        db.session.commit()
        assert open_one.reply_due_on is None
        assert "缺少 2027 年的节假日安排数据" in open_one.reply_due_explanation
        ids = (open_one.id, replied.id)

    login(client, "district")
    _year(client, 2027)
    _day(client, "2027-01-01")
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.get(Opinion, ids[0]).reply_due_on is None  # 2027 not complete yet
    page = _complete(client, app, 2027)
    assert "已重新计算 1 条未答复意见的答复期限" in page
    with app.app_context(), acting_as(SYSTEM):
        opinion = db.session.get(Opinion, ids[0])
        # Dec 21-25 (5), Dec 28-31 (9), Fri Jan 1 off, Jan 4-8 (14), Mon Jan 11 (15).
        assert opinion.reply_due_on == D(2027, 1, 11)
        assert "放假 1 天" in opinion.reply_due_explanation
        assert db.session.get(Opinion, ids[1]).reply_due_on is None  # replied: left alone
        entry = db.session.scalar(
            select(AuditEntry)
            .where(AuditEntry.table_name == "opinion", AuditEntry.action == "update")
            .order_by(AuditEntry.id.desc())
        )
        assert entry is not None and entry.actor == "system"
        # A new opinion into 2027 is computed straight away.
        fresh = Opinion(
            received_on=D(2026, 12, 22),
            channel="visit",
            content="噪音",
            org_unit=unit_by_code(COMMITTEE_A1),
        )
        db.session.add(fresh)
        db.session.commit()
        assert fresh.reply_due_on == D(2027, 1, 13)

    _complete(client, app, 2027, complete=False)
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.get(Opinion, ids[0]).reply_due_on is None


def test_c14_changing_a_day_of_a_complete_year_recomputes(
    client: Any, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, D(2027, 1, 20))
    with app.app_context(), acting_as(SYSTEM):
        opinion = Opinion(
            received_on=D(2026, 12, 20),
            channel="forum",
            content="停车难",
            org_unit=unit_by_code(COMMITTEE_A1),
        )
        db.session.add(opinion)
        db.session.commit()
        opinion_id = opinion.id
    login(client, "district")
    _year(client, 2027)
    _day(client, "2027-01-01")
    _complete(client, app, 2027)
    page = _day(client, "2027-01-09", workday=True, name="元旦调休上班")
    assert "已重新计算 1 条" in page
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.get(Opinion, opinion_id).reply_due_on == D(2027, 1, 9)
