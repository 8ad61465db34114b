"""Rule J2: groups of 3–5, the committee's term, a chosen leader, changes approved street → city."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.models import Meeting, Position, Term
from core.scoping import SYSTEM, acting_as
from plugins.jiayuguan_groups.groups import flagged, group_rows
from plugins.jiayuguan_groups.models import GroupChange, LeaderChoice
from plugins.jiayuguan_groups.rules.groups import group_size
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, unit_by_code
from tests.jiayuguan_groups.factories import group, hold, person

START = dt.date(2026, 1, 1)


def _members(n: int, group_name: str = "第一组", start: dt.date = START) -> list[Position]:
    return [
        hold(person(COMMITTEE_A1, f"组员{group_name}{i}"), "group.member", start, None, group_name)
        for i in range(n)
    ]


def test_j2_group_size_rule_refuses_six_and_flags_two() -> None:
    assert group_size(5).ok
    assert group_size(3).ok
    six = group_size(6)
    assert six.errors == ("居民小组成员 6 人，超过 5 人 (J2)",)
    two = group_size(2)
    assert not two.errors and two.warnings == ("居民小组成员 2 人，少于 3 人 (J2)",)
    assert group_size(4).explanation == "成员 4 人，应为 3—5 人 (J2)"


def test_j2_a_sixth_member_is_refused_and_nothing_saved(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        _members(5)
        db.session.commit()
        sixth = person(COMMITTEE_A1, "第六人")
        db.session.commit()
        with pytest.raises(ValueError, match="超过 5 人 \\(J2\\)"):
            hold(sixth, "group.member", dt.date(2026, 3, 1), None, "第一组")
        db.session.rollback()
        count = len(
            db.session.scalars(
                select(Position).where(Position.resident_group_id == group(COMMITTEE_A1).id)
            ).all()
        )
        assert count == 5
        # The other group still has room, and a member who left frees a place.
        hold(sixth, "group.member", dt.date(2026, 3, 1), None, "第二组")
        db.session.commit()


def test_j2_six_in_one_import_flush_are_refused(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        people = [person(COMMITTEE_A1, f"导入{i}") for i in range(6)]
        g = group(COMMITTEE_A1)
        for someone in people:
            db.session.add(
                Position(
                    person=someone,
                    kind="group.member",
                    start_date=START,
                    org_unit=someone.org_unit,
                    resident_group=g,
                )
            )
        with pytest.raises(ValueError, match="J2"):
            db.session.flush()
        db.session.rollback()


def test_j2_member_who_left_frees_a_place(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        first, *_ = _members(5)
        first.end_date = dt.date(2026, 2, 28)
        db.session.commit()
        hold(person(COMMITTEE_A1, "接任者"), "group.member", dt.date(2026, 3, 1), None, "第一组")
        db.session.commit()


def test_j2_group_term_is_the_committees_term(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        member = _members(1)[0]
        term = db.session.get(Term, member.term_id)
        assert term is not None and term.start_date == START and term.number == 2
        someone = person(COMMITTEE_A1, "跨届者")
        with pytest.raises(ValueError, match=r"须在本届.*之内 \(J2\)"):
            hold(someone, "group.member", dt.date(2025, 6, 1), dt.date(2026, 6, 1), "第一组")
        db.session.rollback()
        with pytest.raises(ValueError, match="不在本居委会任何一届的任期内"):
            hold(person(COMMITTEE_A1, "太早"), "group.member", dt.date(2019, 1, 1), None, "第一组")
        db.session.rollback()


def test_j2_one_leader_at_a_time(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        hold(person(COMMITTEE_A1, "组长甲"), "group.leader", START, None, "第一组")
        db.session.commit()
        with pytest.raises(ValueError, match="已有组长 \\(J2\\)"):
            hold(person(COMMITTEE_A1, "组长乙"), "group.leader", START, None, "第一组")
        db.session.rollback()


def _group_meeting(code: str, group_name: str, held_on: dt.date) -> Meeting:
    meeting = Meeting(
        kind="group_meeting",
        title="推选组长",
        held_on=held_on,
        org_unit=unit_by_code(code),
        resident_group=group(code, group_name),
        present_count=12,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def test_j2_leader_is_chosen_by_a_recorded_group_meeting(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        _members(2)
        chosen = person(COMMITTEE_A1, "组长")
        leader = hold(chosen, "group.leader", dt.date(2026, 2, 1), None, "第一组")
        db.session.commit()
        a1 = [unit_by_code(COMMITTEE_A1).id]
        rows = {row.name: row for row in group_rows(db.session, a1, dt.date(2026, 3, 1))}
        assert "组长无居民小组会议推选记录 (J2)" in rows["第一组"].notes
        assert "未设组长 (J2)" in rows["第二组"].notes

        other = _group_meeting(COMMITTEE_A1, "第二组", dt.date(2026, 1, 20))
        with pytest.raises(ValueError, match="该居民小组的会议"):
            db.session.add(LeaderChoice(position=leader, meeting=other))
            db.session.flush()
        db.session.rollback()

        late = _group_meeting(COMMITTEE_A1, "第一组", dt.date(2026, 2, 10))
        with pytest.raises(ValueError, match="晚于组长任职日期"):
            db.session.add(LeaderChoice(position=leader, meeting=late))
            db.session.flush()
        db.session.rollback()

        meeting = _group_meeting(COMMITTEE_A1, "第一组", dt.date(2026, 1, 25))
        db.session.add(LeaderChoice(position=leader, meeting=meeting, votes_for=9))
        db.session.commit()
        rows = {row.name: row for row in group_rows(db.session, a1, dt.date(2026, 3, 1))}
        first = rows["第一组"]
        assert first.leader == "组长" and first.leader_chosen_on == dt.date(2026, 1, 25)
        assert "组长" in first.members and len(first.members) == 3
        assert first.buildings == ("1号楼", "2号楼")
        assert first.notes == []  # three members, a leader, chosen
        assert [row.name for row in flagged(rows.values())] == ["第二组"]


def test_j2_group_rows_only_in_scope(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        committees = {row.committee_id for row in group_rows(db.session, None, START)}
        assert committees == {unit_by_code(COMMITTEE_A1).id, unit_by_code(COMMITTEE_B1).id}


def test_j2_change_is_approved_by_the_street_then_the_city(jy_app: Flask) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        change = GroupChange(
            kind="merge",
            title="第一组与第二组合并",
            org_unit=unit,
            resident_group=group(COMMITTEE_A1),
            submitted_on=dt.date(2026, 4, 1),
        )
        db.session.add(change)
        db.session.commit()
        change.status, change.city_decided_on = "approved", dt.date(2026, 4, 3)
        with pytest.raises(ValueError, match="须先经街道办事处审核同意"):
            db.session.flush()
        db.session.rollback()
        change.status, change.street_decided_on = "street_approved", dt.date(2026, 3, 30)
        with pytest.raises(ValueError, match="不能早于申请日期"):
            db.session.flush()
        db.session.rollback()
        change.status, change.street_decided_on = "street_approved", dt.date(2026, 4, 2)
        db.session.commit()
        change.status, change.city_decided_on = "approved", dt.date(2026, 4, 10)
        db.session.commit()
        with pytest.raises(ValueError, match="须选择所涉居民小组"):
            db.session.add(
                GroupChange(kind="dissolve", title="撤销", org_unit=unit, submitted_on=START)
            )
            db.session.flush()
        db.session.rollback()
