"""The 两会一站 overview: assembly, committee, sub-committees, station, cross-appointments."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.kinds import PARTY_SECRETARY, SOCIAL_WORKER, STATION_DIRECTOR
from plugins.beijing_workstation.models import PostAssignment, SubCommittee, SubCommitteeMember
from plugins.beijing_workstation.structure import overview
from tests.beijing_workstation.conftest import A1
from tests.beijing_workstation.factories import hold, named
from tests.beijing_workstation.test_sessions import representatives
from tests.factories import unit_by_code

DAY = dt.date(2026, 3, 1)


def seed_station(code: str) -> None:
    """The director runs the station and the party organisation; 居民8 is a social worker."""
    start = dt.date(2026, 1, 1)
    hold(named(code, "主任"), STATION_DIRECTOR, start)
    hold(named(code, "主任"), PARTY_SECRETARY, start)
    worker = named(code, "居民8")
    hold(worker, SOCIAL_WORKER, start)
    db.session.add(
        PostAssignment(
            org_unit=unit_by_code(code), person=worker, post="worker", grade=3, start_date=start
        )
    )
    db.session.add(
        PostAssignment(
            org_unit=unit_by_code(code),
            person=named(code, "主任"),
            post="director",
            grade=2,
            start_date=start,
        )
    )


def seed_subcommittees(code: str) -> None:
    """环境 with three members and a chair; 治安 with two members and no chair."""
    unit, start = unit_by_code(code), dt.date(2026, 1, 1)
    full = SubCommittee(org_unit=unit, kind="environment")
    full.members.append(
        SubCommitteeMember(person=named(code, "委员1"), role="chair", start_date=start)
    )
    for i in (1, 2):
        full.members.append(
            SubCommitteeMember(person=named(code, f"居民{i}"), source="楼门组长", start_date=start)
        )
    small = SubCommittee(org_unit=unit, kind="security")
    for i in (3, 4):
        small.members.append(SubCommitteeMember(person=named(code, f"居民{i}"), start_date=start))
    db.session.add_all([full, small])


def test_b1_b4_b9_overview_flags_a_subcommittee_of_two_and_shows_cross_appointments(
    bj_app: Flask,
) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        representatives(A1)
        seed_station(A1)
        seed_subcommittees(A1)
        db.session.commit()
        view = overview(db.session, unit_by_code(A1), DAY)

        assert [v[0] for v in view.bodies.values()] == [
            "社区成员代表大会",
            "社区居委会",
            "社区工作站",
        ]
        assert view.assembly == {
            "resident": ["代表1", "代表2"],
            "unit": ["代表3"],
            "migrant": ["代表4"],
        }
        assert view.quota is None and "尚未确定代表名额" in view.quota_note
        assert (view.director, view.director_retired) == ("001主任", True)
        assert view.deputies == ["001副主任"] and view.committee_notes == []
        assert view.members == ["001委员1", "001委员2", "001委员3"]

        subs = {row.kind: row for row in view.subcommittees}
        assert len(subs) == 6
        assert subs["environment"].chair == "001委员1" and subs["environment"].notes == []
        assert subs["environment"].members[0] == ("001委员1", "主任", "")
        assert subs["security"].notes == ["仅 2 人，少于 3 人 (B4)", "未设委员会主任 (B4)"]
        assert subs["health"].notes == ["尚未设立 (B4)"]

        staff = {row.name: row for row in view.staff}
        assert staff["001主任"].roles == ["社工主任"] and staff["001主任"].post == "director"
        assert (staff["001居民8"].post, staff["001居民8"].grade) == ("worker", 3)
        assert view.station_notes == [] and all(not row.notes for row in view.staff)
        assert view.cross == [("001主任", ["居委会主任", "社工主任", "党组织书记"])]
        assert "交叉任职（提倡，非必须） (B9)" in view.cross_note

        # Before the station existed: no station director, nobody cross-appointed.
        before = overview(db.session, unit_by_code(A1), dt.date(2025, 6, 1))
        assert (
            before.station_notes and before.cross == [] and "目前没有交叉任职" in before.cross_note
        )
