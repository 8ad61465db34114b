"""Ledger completeness: a full ledger, an empty one, S1 checklists, the street table (S1, S2)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import event

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.completeness import ledger, street_tables
from plugins.changshou_autonomy.kinds import OWNERS_MEETING, REQUIRED_RULES, THREE_MEETINGS
from plugins.changshou_autonomy.ledger_sections import stages_missing
from plugins.changshou_autonomy.models import (
    FeaturedWork,
    MeetingProcedure,
    OrganisationActivity,
    RegisterEntry,
    RulesDocument,
    SocialOrganisation,
)
from tests.changshou_autonomy.conftest import A1, A2, B1
from tests.changshou_autonomy.factories import meeting
from tests.factories import unit_by_code

YEAR = 2026


def full_procedure(m: object, notice_on: dt.date) -> MeetingProcedure:
    """A checklist with all five stages filled in (S1)."""
    record = MeetingProcedure(
        meeting=m,
        notice_on=notice_on,
        notice="提前一周张贴通知，告知议题",
        participants="居民代表、业委会、物业",
        statements="各方陈述意见",
        conclusion="形成一致意见",
        follow_up="由居委会跟进落实",
    )
    db.session.add(record)
    return record


def full_ledger(committee: str, year: int = YEAR) -> None:
    """Every item of the five sections for ``committee`` in ``year`` (S2)."""
    unit = unit_by_code(committee)
    for i, kind in enumerate(THREE_MEETINGS, start=1):
        m = meeting(committee, kind, dt.date(year, 3, 10 * i), f"{kind}会议")
        full_procedure(m, dt.date(year, 3, 10 * i - 5))
    meeting(committee, "joint_meeting", dt.date(year, 4, 1), "五位一体联席会议")
    meeting(committee, OWNERS_MEETING, dt.date(year, 4, 8), "业主会议")
    org = SocialOrganisation(org_unit=unit, name="楼组长团队", headcount=18)
    org.activities.append(
        OrganisationActivity(held_on=dt.date(year, 5, 1), title="楼道清洁日", participants=30)
    )
    db.session.add(org)
    for kind in REQUIRED_RULES:
        db.session.add(RulesDocument(org_unit=unit, kind=kind, title=f"{kind}制度"))
    for register in ("public_issue", "resident_need"):
        db.session.add(
            RegisterEntry(
                org_unit=unit, register=register, recorded_on=dt.date(year, 2, 1), title="停车难"
            )
        )
    db.session.add(FeaturedWork(org_unit=unit, year=year, kind="mechanism", title="楼道议事会"))
    db.session.flush()


def test_s2_full_ledger_is_complete_and_empty_one_names_every_missing_item(
    cs_app: Flask,
) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        full_ledger(A1)
        # Last year's records do not count for this year.
        full_ledger(A2, YEAR - 1)
        db.session.commit()
        ids = [unit_by_code(c).id for c in (A1, A2, B1)]
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            full, last_year, empty = ledger(db.session, ids, YEAR)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert len(statements) <= 10  # set-based: no statement per committee

        assert full.committee_name == "福州路居委会" and full.street_name == "外滩街道"
        assert full.complete_count == 5 and full.summary == "5/5 部分齐全"
        assert full.missing == []
        assert [m.heading for m in full.meetings][-2:] == ["联席会议记录", "居民会议、业主会议记录"]
        assert all(m.procedure_complete for m in full.meetings if m.three_meeting)

        # Standing records (organisations, rules) carry over; the year's records do not.
        assert last_year.summary == "1/5 部分齐全"
        assert [s.complete for s in last_year.sections] == [False, False, True, False, False]
        assert last_year.missing[-4:-1] == [
            "社会组织（群团组织）材料：本年度自治活动记录",
            "社情民意记录：社区公共议题记录",
            "社情民意记录：居民需求记录",
        ]
        assert empty.summary == "0/5 部分齐全"
        assert empty.committee_name == "贵州路居委会" and empty.street_name == "南京东路街道"
        missing = empty.missing
        for label in ("听证会", "协调会", "评议会", "联席会议", "居民会议或业主会议"):
            assert f"工作台账或会议记录：{label}" in missing
        assert "工作台账或会议记录：“三会”标准流程 (S1)" in missing
        assert "社会组织（群团组织）材料：社会组织（人数大于0）" in missing
        assert "社会组织（群团组织）材料：本年度自治活动记录" in missing
        for label in (
            "各类会议制度",
            "居务公开制度",
            "民主评议制度",
            "居委会岗位责任制度",
            "居民公约",
        ):
            assert f"规章制度：{label}" in missing
        assert "社情民意记录：社区公共议题记录" in missing
        assert "社情民意记录：居民需求记录" in missing
        assert "特色工作：特色工作（项目、活动或机制）" in missing
        assert len(missing) == 16


def test_s1_three_meeting_procedure_must_have_every_stage(cs_app: Flask) -> None:
    assert stages_missing(None) == ("会前通知", "参加人员", "各方陈述", "形成结论", "跟进落实")
    with cs_app.app_context(), acting_as(SYSTEM):
        full_ledger(A1)
        hearing = meeting(A1, "hearing", dt.date(YEAR, 6, 1), "加装电梯听证会")
        undated = MeetingProcedure(
            meeting=hearing,
            notice="口头通知",
            participants="居民代表",
            statements="",
            conclusion="同意",
        )
        db.session.add(undated)
        db.session.commit()
        assert stages_missing(undated) == ("会前通知", "各方陈述", "跟进落实")
        (row,) = ledger(db.session, [unit_by_code(A1).id], YEAR)
        minutes = row.sections[0]
        assert not minutes.complete and minutes.missing == ["“三会”标准流程 (S1)"]
        item = next(i for i in minutes.items if i.code == "procedure")
        assert "加装电梯听证会 缺：会前通知、各方陈述、跟进落实" in item.detail
        assert row.complete_count == 4

        undated.notice_on = dt.date(YEAR, 5, 25)
        undated.statements = "赞成和反对的居民分别陈述"
        undated.follow_up = "报街道审批"
        db.session.commit()
        (row,) = ledger(db.session, [unit_by_code(A1).id], YEAR)
        assert row.sections[0].complete and row.complete_count == 5


def test_s2_street_table_ticks_and_totals(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        full_ledger(A1)
        a2 = unit_by_code(A2)
        db.session.add(FeaturedWork(org_unit=a2, year=YEAR, kind="project", title="睦邻花园"))
        db.session.commit()
        street_a = unit_by_code("310101002000")
        (table,) = street_tables(db.session, YEAR, street_a.id)
        assert table.street_name == "外滩街道"
        assert [r.committee_name for r in table.rows] == ["福州路居委会", "金陵东路居委会"]
        assert table.section_totals == [1, 1, 1, 1, 2]
        assert table.fully_complete == 1
        everything = street_tables(db.session, YEAR)
        assert [t.street_name for t in everything] == ["外滩街道", "南京东路街道"]
