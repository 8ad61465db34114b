"""Installing changshou_autonomy, and the checks every write path goes through (S1, S3, S4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import inspect

from core.extensions import db
from core.migrate import upgrade_all
from core.plugins import install
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.applications import ApplicationError, submit, withdraw
from plugins.changshou_autonomy.fund import balance
from plugins.changshou_autonomy.kinds import AREA_TYPES
from plugins.changshou_autonomy.models import (
    AreaProfile,
    Award,
    DeadlineExtension,
    FundAdjustment,
    MeetingProcedure,
    Payment,
)
from tests.changshou_autonomy.conftest import A1, A2, B1
from tests.changshou_autonomy.factories import application, assess, fund_year, meeting
from tests.conftest import dispose, make_app
from tests.factories import unit_by_code


def test_install_creates_the_tables_and_parameters(db_url: str, tmp_path: Path) -> None:
    app = make_app(db_url, tmp_path)
    with app.app_context(), acting_as(SYSTEM):
        upgrade_all(app)
        assert not any(
            t.startswith("changshou_autonomy_") for t in inspect(db.engine).get_table_names()
        )
        install(app.extensions["juwei"].discovered, "changshou_autonomy")
        tables = [t for t in inspect(db.engine).get_table_names() if t.startswith("changshou_")]
        assert len(tables) == 19
    dispose(app)
    after = make_app(db_url, tmp_path)
    assert "changshou_autonomy.award.bands" in after.extensions["juwei"].parameters
    dispose(after)


def test_s3_area_types_have_their_focus(cs_app: Flask) -> None:
    assert [t.label for t in AREA_TYPES.values()] == ["现代型", "现实型", "过渡型"]
    assert "业委会" in AREA_TYPES["modern"].focus
    assert "楼组长" in AREA_TYPES["current"].focus
    assert "旧区改造" in AREA_TYPES["transitional"].focus
    with cs_app.app_context(), acting_as(SYSTEM):
        db.session.add(AreaProfile(org_unit=unit_by_code(A1), area_type="current"))
        db.session.commit()
        db.session.add(AreaProfile(org_unit=unit_by_code("310101002000"), area_type="modern"))
        with pytest.raises(ValueError, match="只能属于居委会"):
            db.session.flush()
        db.session.rollback()


def test_s1_procedure_only_for_the_three_meetings_and_dates_in_order(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        hearing = meeting(A1, "hearing", dt.date(2026, 4, 10), "加装电梯听证会")
        db.session.add(
            MeetingProcedure(
                meeting=hearing,
                notice_on=dt.date(2026, 4, 3),
                notice="张贴通知，告知议题和时间",
                participants="居民代表12人、业委会、物业",
            )
        )
        db.session.commit()
        joint = meeting(A1, "joint_meeting", dt.date(2026, 4, 12))
        db.session.add(MeetingProcedure(meeting=joint))
        with pytest.raises(ValueError, match="S1"):
            db.session.flush()
        db.session.rollback()
        late = meeting(A1, "coordination", dt.date(2026, 4, 20))
        db.session.add(MeetingProcedure(meeting=late, notice_on=dt.date(2026, 4, 21)))
        with pytest.raises(ValueError, match="晚于会议日期"):
            db.session.flush()
        db.session.rollback()


def test_s4_late_submission_refused_unless_the_street_reopens(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = fund_year(deadline=dt.date(2026, 5, 15))
        on_time = application(A1, fund, submitted_on=dt.date(2026, 5, 15))  # the deadline itself
        db.session.commit()
        late = application(A2, fund, submitted_on=None)
        with pytest.raises(ApplicationError, match="已逾期"):
            submit(db.session, late, dt.date(2026, 5, 16))
        db.session.rollback()
        db.session.add(
            DeadlineExtension(
                fund_year=fund,
                org_unit=unit_by_code(A2),
                until=dt.date(2026, 5, 31),
                reason="居委会换届，延期申报",
            )
        )
        db.session.commit()
        late = db.session.get(type(late), late.id) or application(A2, fund, submitted_on=None)
        submit(db.session, late, dt.date(2026, 5, 20))
        db.session.commit()
        assert late.status == "submitted"
        # Frozen once submitted; withdrawn only until scored.
        on_time.title = "改名"
        with pytest.raises(ApplicationError, match="不能再修改"):
            db.session.flush()
        db.session.rollback()
        assess(on_time, "街道评估组甲", ["8", "7", "9", "6"])
        db.session.commit()
        with pytest.raises(ApplicationError, match="不能撤回"):
            withdraw(db.session, on_time)
        # Street B's committee cannot apply to street A's fund.
        with pytest.raises(ApplicationError, match="不属于"):
            application(B1, fund)
        db.session.rollback()


def test_s4_assessor_scoring_outside_the_range_is_refused(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = fund_year()
        app = application(A1, fund)
        db.session.commit()
        with pytest.raises(ValueError, match=r"超出 0–10 的范围"):
            assess(app, "评估人乙", ["8", "11", "9", "6"])
        db.session.rollback()
        with pytest.raises(ValueError, match="超出"):
            assess(app, "评估人乙", ["-1", "7", "9", "6"])
        db.session.rollback()


def test_s4_balance_is_budget_plus_adjustments_minus_awards(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = fund_year(budget="50000.00")
        app = application(A1, fund)
        db.session.add(
            Award(application=app, amount=Decimal("30000.00"), decided_on=dt.date(2026, 6, 1))
        )
        db.session.add(
            FundAdjustment(
                fund_year=fund,
                made_on=dt.date(2026, 6, 2),
                amount=Decimal("5000.00"),
                reason="追加",
            )
        )
        db.session.commit()
        assert balance(db.session, fund) == Decimal("25000.00")
        db.session.add(
            FundAdjustment(
                fund_year=fund,
                made_on=dt.date(2026, 6, 3),
                amount=Decimal("-25000.01"),
                reason="调减",
            )
        )
        with pytest.raises(ValueError, match="不能低于 0"):
            db.session.flush()
        db.session.rollback()
        fund.budget = Decimal("20000.00")
        with pytest.raises(ValueError, match="少于已资助金额"):
            db.session.flush()
        db.session.rollback()
        award = app.award
        assert award is not None
        db.session.add(Payment(award=award, paid_on=dt.date(2026, 7, 1), amount=Decimal("20000")))
        db.session.commit()
        db.session.add(
            Payment(award=award, paid_on=dt.date(2026, 8, 1), amount=Decimal("10000.01"))
        )
        with pytest.raises(ValueError, match="超过资助金额"):
            db.session.flush()
        db.session.rollback()
