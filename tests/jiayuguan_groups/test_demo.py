"""Rule J1: the demo reproduces Jiayuguan's 31 committees and 135 groups, and shows J4 at work."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from core.extensions import db
from core.models import OrgUnit, ResidentGroup, User
from core.scoping import SYSTEM, acting_as
from plugins.jiayuguan_groups.demo import CITY, load_demo
from plugins.jiayuguan_groups.groups import group_rows
from plugins.jiayuguan_groups.payroll import payroll

TODAY = dt.date(2026, 11, 21)


def test_j1_demo_has_31_committees_and_135_groups_and_every_payroll_rule(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        load_demo(db.session, today=TODAY)
        db.session.commit()
        load_demo(db.session, today=TODAY)  # idempotent: never loaded twice
        street, committee = aliased(OrgUnit), aliased(OrgUnit)
        per_street = (
            select(
                street.name, func.count(func.distinct(committee.id)), func.count(ResidentGroup.id)
            )
            .join(committee, committee.parent_id == street.id)
            .outerjoin(ResidentGroup, ResidentGroup.org_unit_id == committee.id)
            .where(street.code.like(CITY[0][:6] + "%"), street.kind == "street")
            .group_by(street.name)
        )
        counts = {name: (c, g) for name, c, g in db.session.execute(per_street).all()}
        assert counts == {"雄关街道": (17, 80), "钢城街道": (14, 55)}  # 31 and 135 in all

        city_ids = db.session.scalars(
            select(OrgUnit.id).where(OrgUnit.code.like("620200%"), OrgUnit.kind == "committee")
        ).all()
        rows = group_rows(db.session, city_ids, TODAY)
        assert len(rows) == 135
        assert all(row.size.members <= 5 for row in rows)
        short = [(row.committee_id, row.name, row.members) for row in rows if row.size.warnings]
        assert len(short) == 2, short  # one group per street short of three (J2 flag)
        assert any("推选记录" in note for row in rows for note in row.notes)

        month = payroll(db.session, TODAY, street_code="620200001000")
        text = "\n".join(line.explanation for line in month.lines)
        assert "高位取酬" in text  # a committee member who also leads a group
        assert "满5年" in text and "满3年" in text  # service since 2021 and since 2023
        assert any(line.amount == 0 for line in month.lines)  # employed: not paid
        assert any(0 < line.days_paid < 30 for line in month.lines)  # pro rata this month
        assert month.total > 0
        assert db.session.scalar(select(User).where(User.username == "jyg_xiongguan"))
