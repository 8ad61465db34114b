"""The demo: 长寿路街道 with ledgers, applications, awards, phases and surveys (S2–S7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.models import OrgUnit, User
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.demo import STREET, load_demo
from plugins.changshou_autonomy.fund import balance
from plugins.changshou_autonomy.models import (
    Application,
    AreaProfile,
    Assessment,
    DeadlineExtension,
    FundYear,
)

TODAY = dt.date(2026, 11, 21)


def test_s3_s4_demo_has_area_types_applications_and_a_fund_in_balance(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        load_demo(db.session, "310101000000", today=TODAY)
        db.session.commit()
        load_demo(db.session, "310101000000", today=TODAY)  # idempotent
        street = db.session.scalar(select(OrgUnit).where(OrgUnit.code == STREET[0]))
        assert street is not None and len(street.children) == 8
        types = db.session.scalars(select(AreaProfile.area_type)).all()
        assert sorted(set(types)) == ["current", "modern", "transitional"]
        this_year = db.session.scalar(select(FundYear).where(FundYear.year == 2026))
        assert this_year is not None
        submitted = db.session.scalar(
            select(func.count(Application.id)).where(
                Application.fund_year_id == this_year.id, Application.status == "submitted"
            )
        )
        assert submitted == 7  # one committee has not applied (S4 flag)
        assert db.session.scalar(select(func.count(Assessment.id))) == (8 + 7) * 3
        assert db.session.scalar(select(func.count(DeadlineExtension.id))) == 1
        assert balance(db.session, this_year) == Decimal("100000.00")  # not decided yet
        last_year = db.session.scalar(select(FundYear).where(FundYear.year == 2025))
        assert last_year is not None and 0 < balance(db.session, last_year) < Decimal("120000")
        assert db.session.scalar(select(User).where(User.username == "cs_changshou"))
