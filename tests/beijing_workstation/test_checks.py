"""The checks every write path goes through: B2 representatives, B4 deputies and
sub-committees, B6/B9 the station director, B7 applicants and agreements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from flask import Flask

from core.extensions import db
from core.kinds import DEPUTY
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.kinds import PARTY_SECRETARY, STATION_DIRECTOR
from plugins.beijing_workstation.models import (
    Agreement,
    Applicant,
    AssemblyMember,
    SubCommittee,
    SubCommitteeMember,
)
from tests.beijing_workstation.conftest import A1
from tests.beijing_workstation.factories import hold, id_number, named, person, posting
from tests.factories import unit_by_code


def test_b2_representatives_are_adults_with_voting_rights(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(A1)
        db.session.add(
            AssemblyMember(
                org_unit=unit,
                name="赵大年",
                birth_date=dt.date(2008, 3, 1),
                kind="resident",
                start_date=dt.date(2026, 3, 1),  # the 18th birthday counts (C3)
            )
        )
        db.session.commit()
        db.session.add(
            AssemblyMember(
                org_unit=unit,
                name="钱小年",
                birth_date=dt.date(2008, 3, 2),
                kind="migrant",
                start_date=dt.date(2026, 3, 1),
            )
        )
        with pytest.raises(ValueError, match=r"年满 17 周岁.*B2"):
            db.session.flush()
        db.session.rollback()
        db.session.add(
            AssemblyMember(
                org_unit=unit,
                name="孙无权",
                birth_date=dt.date(1970, 1, 1),
                kind="resident",
                voting_rights=False,
                start_date=dt.date(2026, 3, 1),
            )
        )
        with pytest.raises(ValueError, match="选举权"):
            db.session.flush()
        db.session.rollback()
        db.session.add(
            AssemblyMember(
                org_unit=unit,
                name="李单位",
                birth_date=dt.date(1970, 1, 1),
                kind="unit",
                start_date=dt.date(2026, 3, 1),
            )
        )
        with pytest.raises(ValueError, match="所代表的单位"):
            db.session.flush()
        db.session.rollback()


def test_b4_a_third_deputy_is_refused(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        hold(person(A1, "第二副主任"), DEPUTY, dt.date(2026, 1, 1))
        db.session.commit()
        hold(person(A1, "第三副主任"), DEPUTY, dt.date(2026, 6, 1))
        with pytest.raises(ValueError, match=r"1—2人.*B4"):
            db.session.flush()
        db.session.rollback()


def test_b4_subcommittee_of_two_is_flagged_six_refused_chair_from_the_committee(
    bj_app: Flask,
) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        sub = SubCommittee(org_unit=unit_by_code(A1), kind="environment")
        db.session.add(sub)
        sub.members.append(
            SubCommitteeMember(
                person=named(A1, "委员1"), role="chair", start_date=dt.date(2026, 1, 1)
            )
        )
        sub.members.append(
            SubCommitteeMember(
                person=named(A1, "居民1"), role="member", start_date=dt.date(2026, 1, 1)
            )
        )
        db.session.commit()  # two members: saved, and flagged in the views (B4)
        for i in range(2, 6):
            sub.members.append(
                SubCommitteeMember(
                    person=named(A1, f"居民{i}"), source="楼门组长", start_date=dt.date(2026, 1, 1)
                )
            )
        with pytest.raises(ValueError, match=r"已有 5 人.*B4"):
            db.session.flush()
        db.session.rollback()
        sub.members.append(
            SubCommitteeMember(
                person=named(A1, "居民7"), role="chair", start_date=dt.date(2026, 2, 1)
            )
        )
        with pytest.raises(ValueError, match="只能有一名主任"):
            db.session.flush()
        db.session.rollback()
        other = SubCommittee(org_unit=unit_by_code(A1), kind="culture")
        db.session.add(other)
        other.members.append(
            SubCommitteeMember(
                person=named(A1, "居民8"), role="chair", start_date=dt.date(2026, 1, 1)
            )
        )
        with pytest.raises(ValueError, match="不是居委会成员"):
            db.session.flush()
        db.session.rollback()


def test_b6_b9_station_director_is_the_director_or_a_deputy(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        deputy = named(A1, "副主任")
        hold(deputy, STATION_DIRECTOR, dt.date(2026, 1, 1))
        hold(named(A1, "主任"), PARTY_SECRETARY, dt.date(2026, 1, 1))  # B9: cross-appointment
        db.session.commit()
        hold(named(A1, "委员1"), STATION_DIRECTOR, dt.date(2026, 1, 1))
        with pytest.raises(ValueError, match=r"主任或副主任兼任.*B6, B9"):
            db.session.flush()
        db.session.rollback()


def test_b7_applicant_under_18_or_with_an_invalid_id_is_refused(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        job = posting(A1)
        adult = Applicant(
            posting=job,
            name="周成年",
            id_number=id_number(dt.date(2008, 3, 15)),  # 18 on the last day of application
            applied_on=dt.date(2026, 3, 5),
            sex="",
        )
        db.session.add(adult)
        db.session.commit()
        assert adult.birth_date == dt.date(2008, 3, 15) and adult.sex == "male"
        db.session.add(
            Applicant(
                posting=job,
                name="吴未满",
                id_number=id_number(dt.date(2008, 3, 16)),
                applied_on=dt.date(2026, 3, 5),
                sex="",
            )
        )
        with pytest.raises(ValueError, match=r"未满18周岁.*B7"):
            db.session.flush()
        db.session.rollback()
        bad = id_number(dt.date(1990, 5, 1))
        bad = bad[:-1] + ("0" if bad[-1] != "0" else "1")
        db.session.add(
            Applicant(
                posting=job, name="郑错号", id_number=bad, applied_on=dt.date(2026, 3, 5), sex=""
            )
        )
        with pytest.raises(ValueError, match="郑错号"):
            db.session.flush()
        db.session.rollback()


def test_b7_no_agreement_before_the_notice_ends_nor_beyond_the_places(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        job = posting(
            A1, places=1, notice_from=dt.date(2026, 4, 1), notice_until=dt.date(2026, 4, 10)
        )
        first, second = (
            Applicant(
                posting=job,
                name=name,
                id_number=id_number(dt.date(1990, 5, i), serial=i),
                applied_on=dt.date(2026, 3, 5),
                sex="",
            )
            for i, name in ((1, "王一"), (2, "王二"))
        )
        db.session.add_all([first, second])
        db.session.commit()

        def agreement(who: Applicant, signed: dt.date) -> Agreement:
            return Agreement(
                applicant=who,
                signed_on=signed,
                start_date=signed,
                end_date=dt.date(2029, 4, 30),
                post="worker",
                grade=3,
                monthly_pay=Decimal("4500.00"),
            )

        db.session.add(agreement(first, dt.date(2026, 4, 10)))  # last day of the notice
        with pytest.raises(ValueError, match="还在公示期内"):
            db.session.flush()
        db.session.rollback()
        db.session.add(agreement(first, dt.date(2026, 4, 13)))
        db.session.commit()
        db.session.add(agreement(second, dt.date(2026, 4, 13)))
        with pytest.raises(ValueError, match=r"招聘 1 人.*不能再聘用"):
            db.session.flush()
        db.session.rollback()
