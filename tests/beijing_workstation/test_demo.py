"""The demo: 西城区月坛街道 under 两会一站, every record passing the plugin's checks (B1–B9)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.models import Meeting, OrgUnit, Position, User
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.demo import STREET, load_demo
from plugins.beijing_workstation.kinds import ASSEMBLY, STATION_DIRECTOR
from plugins.beijing_workstation.models import (
    Agreement,
    Applicant,
    AssemblyMember,
    SubCommittee,
)

TODAY = dt.date(2026, 11, 21)


def test_b1_demo_has_both_committees_and_the_station(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        load_demo(db.session, "310101000000", today=TODAY)
        db.session.commit()
        load_demo(db.session, "310101000000", today=TODAY)  # idempotent
        street = db.session.scalar(select(OrgUnit).where(OrgUnit.code == STREET[0]))
        assert street is not None and len(street.children) == 2
        kinds = dict(
            db.session.execute(
                select(AssemblyMember.kind, func.count()).group_by(AssemblyMember.kind)
            ).all()
        )
        assert set(kinds) == {"resident", "unit", "migrant"}
        assert db.session.scalar(select(func.count(SubCommittee.id))) == 12
        assert (
            db.session.scalar(select(func.count(Meeting.id)).where(Meeting.kind == ASSEMBLY)) == 3
        )
        assert (
            db.session.scalar(
                select(func.count(Position.id)).where(Position.kind == STATION_DIRECTOR)
            )
            == 2
        )
        assert db.session.scalar(select(func.count(Agreement.id))) == 1
        assert db.session.scalar(select(func.count(Applicant.id))) == 9
        assert db.session.scalar(select(User).where(User.username == "bj_yuetan"))
