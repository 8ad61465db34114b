"""The monthly payroll service (rule J4): set-based, closed months frozen, scoped."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from decimal import Decimal

from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.kinds import DEPUTY, DIRECTOR, GROUP_LEADER, GROUP_MEMBER, MEMBER
from core.models import AuditEntry, User
from core.policy import set_value
from core.scoping import SYSTEM, Actor, acting_as, actor_for
from plugins.jiayuguan_groups.kinds import rate_key
from plugins.jiayuguan_groups.models import Employment, PayrollLine, PayrollMonth
from plugins.jiayuguan_groups.payroll import payroll
from plugins.jiayuguan_groups.payroll_close import close_month, reopen_month
from plugins.jiayuguan_groups.payroll_compute import PayLine
from plugins.jiayuguan_groups.payroll_series import monthly_totals
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, STREET_A, unit_by_code
from tests.jiayuguan_groups.factories import hold, person

MARCH = dt.date(2026, 3, 1)


def _line(sheet_lines: list[PayLine], name: str) -> PayLine:
    (found,) = [ln for ln in sheet_lines if ln.person_name == name]
    return found


def _as(username: str) -> AbstractContextManager[Actor | None]:
    with acting_as(SYSTEM):
        user = db.session.scalar(select(User).where(User.username == username))
        assert user is not None
        return acting_as(actor_for(user))


def test_j4_payroll_pays_rate_plus_full_years(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        leader = person(COMMITTEE_A1, "张组长")
        hold(leader, GROUP_LEADER, dt.date(2024, 3, 1), group_name="第一组")
        db.session.commit()
        sheet = payroll(db.session, MARCH)
        line = _line(sheet.lines, "张组长")
        assert line.amount == Decimal("400.00")
        assert line.years_served == 2
        assert line.days_paid == 31
        assert line.paid_kind == GROUP_LEADER
        assert line.explanation == "居民小组组长 300 + 满2年 × 50 = 400 (J4)"
        assert sheet.total == Decimal("400.00")


def test_j4_reelection_into_the_next_term_does_not_reset_years(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        leader = person(COMMITTEE_A1, "连任组长")
        hold(leader, GROUP_LEADER, dt.date(2024, 3, 1), dt.date(2025, 12, 31), "第一组")
        hold(leader, GROUP_LEADER, dt.date(2026, 1, 1), group_name="第一组")
        db.session.commit()
        line = _line(payroll(db.session, MARCH).lines, "连任组长")
        assert (line.years_served, line.amount) == (2, Decimal("400.00"))


def test_j4_employment_periods_stop_the_subsidy_mid_month(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        back = person(COMMITTEE_A1, "离职者")
        hold(back, GROUP_LEADER, dt.date(2024, 3, 1), group_name="第一组")
        db.session.add(
            Employment(person=back, start_date=dt.date(2020, 1, 1), end_date=dt.date(2026, 3, 15))
        )
        gone = person(COMMITTEE_A1, "入职者", employed=True)
        hold(gone, GROUP_MEMBER, dt.date(2024, 3, 1), group_name="第一组")
        db.session.add(Employment(person=gone, start_date=dt.date(2026, 3, 16)))
        db.session.commit()
        lines = payroll(db.session, MARCH).lines
        assert _line(lines, "离职者").amount == Decimal("206.45")
        assert _line(lines, "离职者").days_paid == 16
        # Marked employed, but the period on record governs: paid 1–15 March.
        joined = _line(lines, "入职者")
        assert joined.amount == Decimal("145.16")  # (200 + 2 × 50) × 15/31
        assert "16—31日 在职，不发放" in joined.explanation


def test_j4_employed_flag_without_periods_is_listed_at_zero(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        busy = person(COMMITTEE_A1, "在职者", employed=True)
        hold(busy, MEMBER, dt.date(2026, 1, 1))
        db.session.commit()
        line = _line(payroll(db.session, MARCH).lines, "在职者")
        assert line.amount == Decimal("0.00")
        assert line.paid_kind is None
        assert line.explanation == "居委会委员：人员信息标记为在职，未发放 (J4)"


def test_j4_committee_director_is_not_paid_nor_listed(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        director = person(COMMITTEE_A1, "主任")
        hold(director, DIRECTOR, dt.date(2021, 1, 1))
        db.session.commit()
        assert [ln for ln in payroll(db.session, MARCH).lines if ln.person_name == "主任"] == []


def test_j4_highest_only_with_different_years_in_the_payroll(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        both = person(COMMITTEE_A1, "兼职者")
        hold(both, MEMBER, dt.date(2021, 1, 1))
        hold(both, GROUP_LEADER, dt.date(2026, 1, 1), group_name="第二组")
        db.session.commit()
        line = _line(payroll(db.session, MARCH).lines, "兼职者")
        assert line.paid_kind == MEMBER
        assert line.amount == Decimal("450.00")
        assert (
            line.explanation
            == "居委会委员 200 + 满5年 × 50 = 450；另任居民小组组长 300，高位取酬 (J4)"
        )


def test_j4_rates_changed_mid_year_apply_from_their_month(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        leader = person(COMMITTEE_A1, "组长")
        hold(leader, GROUP_LEADER, dt.date(2026, 1, 1), group_name="第一组")
        set_value(db.session, rate_key(GROUP_LEADER), "350", dt.date(2026, 7, 1))
        set_value(db.session, rate_key(GROUP_LEADER), "380", dt.date(2026, 8, 15))
        db.session.commit()
        amount = {
            m: _line(payroll(db.session, dt.date(2026, m, 1)).lines, "组长").amount
            for m in (6, 7, 8, 9)
        }
        # New rate from July: June old, July new; a rate from 15 August applies from September.
        assert amount == {
            6: Decimal("300.00"),
            7: Decimal("350.00"),
            8: Decimal("350.00"),
            9: Decimal("380.00"),
        }
        assert any(
            "350" in text for text in payroll(db.session, dt.date(2026, 7, 1)).rates_explained
        )


def test_j4_closed_month_unchanged_after_a_rate_change(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        leader = person(COMMITTEE_A1, "组长")
        hold(leader, GROUP_LEADER, dt.date(2024, 3, 1), group_name="第一组")
        street = unit_by_code(STREET_A)
        row = close_month(db.session, MARCH, street)
        db.session.commit()
        assert (row.closed, row.total, row.line_count) == (True, Decimal("400.00"), 1)
        set_value(db.session, rate_key(GROUP_LEADER), "999", dt.date(2026, 1, 1))
        db.session.commit()
        sheet = payroll(db.session, MARCH)
        assert _line(sheet.lines, "组长").amount == Decimal("400.00")
        assert [t.closed for t in sheet.streets if t.unit_id == street.id] == [True]
        # Street B's month is still live.
        assert [t.closed for t in sheet.streets if t.unit_id != street.id] == [False]
        try:
            close_month(db.session, MARCH, street)
        except ValueError as exc:
            assert "已结账" in str(exc)
        else:
            raise AssertionError("closing twice must be refused")


def test_j4_a_month_not_begun_cannot_be_closed(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        later = dt.date.today().replace(day=1) + dt.timedelta(days=40)
        try:
            close_month(db.session, later, unit_by_code(STREET_A))
        except ValueError as exc:
            assert "尚未开始" in str(exc)
        else:
            raise AssertionError("a future month must not close")


def test_j4_reopen_is_audited_and_recomputed(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        leader = person(COMMITTEE_A1, "组长")
        hold(leader, GROUP_LEADER, dt.date(2024, 3, 1), group_name="第一组")
        street = unit_by_code(STREET_A)
        close_month(db.session, MARCH, street)
        db.session.commit()
        set_value(db.session, rate_key(GROUP_LEADER), "320", dt.date(2026, 1, 1))
        db.session.commit()
        for reason in ("", "  "):
            try:
                reopen_month(db.session, MARCH, street, reason)
            except ValueError as exc:
                assert "原因" in str(exc)
            else:
                raise AssertionError("a reason is required")
    with jy_app.app_context(), _as("street_a"):
        row = reopen_month(db.session, MARCH, unit_by_code(STREET_A), "费率更正")
        db.session.commit()
        assert (row.closed, row.reopen_reason) == (False, "费率更正")
        assert row.reopened_by_id is not None
        assert _line(payroll(db.session, MARCH).lines, "组长").amount == Decimal("420.00")
    with jy_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalars(select(PayrollLine)).all() == []
        entries = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == PayrollMonth.__tablename__, AuditEntry.action == "update"
            )
        ).all()
        assert any(e.changes.get("reopen_reason") == ["", "费率更正"] for e in entries)
        assert any(e.actor == "street_a" for e in entries)


def test_j4_totals_per_committee_and_street(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        hold(person(COMMITTEE_A1, "甲"), GROUP_LEADER, dt.date(2026, 1, 1), group_name="第一组")
        hold(person(COMMITTEE_A1, "乙"), GROUP_MEMBER, dt.date(2026, 1, 1), group_name="第一组")
        hold(person(COMMITTEE_B1, "丙"), DEPUTY, dt.date(2026, 1, 1))
        db.session.commit()
        sheet = payroll(db.session, MARCH)
        committees = {t.name: (t.people, t.amount, t.parent_name) for t in sheet.committees}
        assert committees["福州路居委会"] == (2, Decimal("500.00"), "外滩街道")
        assert committees["贵州路居委会"] == (1, Decimal("500.00"), "南京东路街道")
        assert committees["金陵东路居委会"] == (0, Decimal("0.00"), "外滩街道")
        streets = {t.name: (t.people, t.amount) for t in sheet.streets}
        assert streets == {
            "外滩街道": (2, Decimal("500.00")),
            "南京东路街道": (1, Decimal("500.00")),
        }
        assert sheet.total == Decimal("1000.00")
        only_a = payroll(db.session, MARCH, STREET_A)
        assert [t.name for t in only_a.streets] == ["外滩街道"]
        assert only_a.total == Decimal("500.00")
        series = monthly_totals(db.session, dt.date(2025, 12, 1), MARCH)
        assert [s.street_name for s in series] == ["外滩街道", "南京东路街道"]
        assert series[0].amounts == [
            Decimal("0.00"),
            Decimal("500.00"),
            Decimal("500.00"),
            Decimal("500.00"),
        ]


def test_j4_payroll_is_scoped(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        hold(person(COMMITTEE_A1, "甲"), GROUP_LEADER, dt.date(2026, 1, 1), group_name="第一组")
        hold(person(COMMITTEE_B1, "丙"), DEPUTY, dt.date(2026, 1, 1))
        db.session.commit()
        close_month(db.session, MARCH, unit_by_code(STREET_A))
        db.session.commit()
    with jy_app.app_context(), _as("street_b"):
        for month in (MARCH, dt.date(2026, 4, 1)):  # closed (frozen lines) and live
            sheet = payroll(db.session, month)
            assert [ln.person_name for ln in sheet.lines] == ["丙"]
            assert [t.name for t in sheet.streets] == ["南京东路街道"]
        try:
            payroll(db.session, MARCH, STREET_A)
        except ValueError as exc:
            assert STREET_A in str(exc)
        else:
            raise AssertionError("street A is out of street_b's scope")
    with jy_app.app_context(), _as("committee_a1"):
        sheet = payroll(db.session, MARCH)
        assert [ln.person_name for ln in sheet.lines] == ["甲"]
        assert [t.closed for t in sheet.streets] == [True]


def test_j4_leaving_mid_month_is_paid_pro_rata_and_then_not_listed(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        leaving = person(COMMITTEE_A1, "离任者")
        hold(leaving, GROUP_MEMBER, dt.date(2026, 1, 1), dt.date(2026, 3, 10), "第二组")
        db.session.commit()
        line = _line(payroll(db.session, MARCH).lines, "离任者")
        assert (line.amount, line.days_paid) == (Decimal("64.52"), 10)  # 200 × 10/31
        assert line.explanation == (
            "1—10日 居民小组成员 200 × 10/31天；11—31日 未任职；合计 64.52 (J4)"
        )
        april = payroll(db.session, dt.date(2026, 4, 1))
        assert [ln for ln in april.lines if ln.person_name == "离任者"] == []


def test_j4_monthly_totals_read_closed_months_as_frozen(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        hold(person(COMMITTEE_A1, "甲"), GROUP_LEADER, dt.date(2026, 1, 1), group_name="第一组")
        db.session.commit()
        close_month(db.session, dt.date(2026, 2, 1), unit_by_code(STREET_A))
        set_value(db.session, rate_key(GROUP_LEADER), "330", dt.date(2026, 1, 1))
        db.session.commit()
        (street_a,) = monthly_totals(db.session, dt.date(2026, 1, 1), MARCH, STREET_A)
        assert street_a.months == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), MARCH]
        assert street_a.amounts == [Decimal("330.00"), Decimal("300.00"), Decimal("330.00")]


def test_j4_rates_are_those_of_the_persons_street(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        hold(person(COMMITTEE_A1, "甲"), GROUP_LEADER, dt.date(2026, 1, 1), group_name="第一组")
        hold(person(COMMITTEE_B1, "丙"), GROUP_LEADER, dt.date(2026, 1, 1), group_name="第一组")
        set_value(
            db.session, rate_key(GROUP_LEADER), "310", dt.date(2026, 3, 1), unit_by_code(STREET_A)
        )
        db.session.commit()
        lines = payroll(db.session, MARCH).lines
        assert _line(lines, "甲").amount == Decimal("310.00")
        assert _line(lines, "丙").amount == Decimal("300.00")
        feb = payroll(db.session, dt.date(2026, 2, 1)).lines
        assert _line(feb, "甲").amount == Decimal("300.00")
