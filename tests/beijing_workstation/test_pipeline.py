"""The recruitment service end to end (B7): posting to agreement, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.models import Person, Position
from core.models.audit import AuditEntry
from core.policy import set_value
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.hiring import (
    publish_notice,
    publish_supplementary_notice,
    ranking,
    sign_agreement,
)
from plugins.beijing_workstation.kinds import SOCIAL_WORKER
from plugins.beijing_workstation.models import Applicant, PostAssignment, Posting, StageChange
from plugins.beijing_workstation.parameters import STAGES_KEY
from plugins.beijing_workstation.pipeline import (
    advance,
    apply,
    create_posting,
    open_posting,
    record_check,
    record_scores,
    reject,
    withdraw,
)
from plugins.beijing_workstation.stages import PipelineError
from tests.beijing_workstation.conftest import A1
from tests.beijing_workstation.factories import id_number
from tests.factories import unit_by_code

D = Decimal
APPLIED = dt.date(2026, 3, 5)
OFFICER = "街道招聘专员"


def _posting(places: int = 1) -> Posting:
    return create_posting(
        db.session,
        unit_by_code(A1),
        today=dt.date(2026, 2, 25),
        title="社区工作站社工专干",
        post="worker",
        grade=3,
        places=places,
        conditions="年满18周岁，大专及以上学历",
        apply_from=dt.date(2026, 3, 1),
        apply_until=dt.date(2026, 3, 15),
        written_on=dt.date(2026, 3, 22),
        interview_on=dt.date(2026, 3, 29),
    )


def _apply(job: Posting, name: str, born: dt.date, serial: int) -> Applicant:
    return apply(
        db.session,
        job,
        today=APPLIED,
        name=name,
        id_number=id_number(born, serial),
        phone="13800138000",
        education="本科",
    )


def _advance_all(people: list[Applicant], day: dt.date) -> None:
    for who in people:
        advance(db.session, who, day, OFFICER)


def test_b7_full_pipeline_from_posting_to_agreement(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        job = _posting(places=1)
        assert job.status == "draft" and job.stages.startswith("posting,application,eligibility")
        with pytest.raises(PipelineError, match="现在不接受报名"):
            _apply(job, "张早", dt.date(1990, 1, 1), 9)
        open_posting(db.session, job, dt.date(2026, 2, 26))
        with pytest.raises(PipelineError, match=r"报名时间为 2026-03-01 至 2026-03-15"):
            apply(db.session, job, today=dt.date(2026, 3, 16), name="李迟", id_number="x")
        best = _apply(job, "王优", dt.date(1992, 6, 1), 1)
        second = _apply(job, "刘良", dt.date(1995, 2, 10), 2)
        third = _apply(job, "陈中", dt.date(1998, 9, 9), 3)
        with pytest.raises(PipelineError, match="不能重复报名"):
            _apply(job, "王优", dt.date(1992, 6, 1), 1)
        db.session.commit()
        assert (best.stage, best.status, best.sex) == ("application", "active", "male")

        # stage order: one stage at a time, and a score only once its stage is reached
        _advance_all([best, second, third], dt.date(2026, 3, 16))  # → eligibility
        with pytest.raises(PipelineError, match="王优尚未进入笔试环节"):
            record_scores(db.session, job, {best.id: ("80.0", None)})
        _advance_all([best, second, third], dt.date(2026, 3, 18))  # → written
        with pytest.raises(PipelineError, match="王优尚未录入笔试成绩，不能结束“笔试”环节"):
            advance(db.session, best, dt.date(2026, 3, 23), OFFICER)
        with pytest.raises(PipelineError) as refused:
            record_scores(
                db.session, job, {best.id: ("82.0", None), second.id: ("100.5", None),
                                  third.id: ("7.25", None), 999: ("60", None)}
            )  # fmt: skip
        message = str(refused.value)
        assert "刘良的笔试成绩 100.5 超出 0–100 的范围" in message
        assert "陈中的笔试成绩 7.25 最多保留一位小数" in message
        assert "报名编号 999 不是" in message
        assert best.written_score is None  # all or nothing
        record_scores(
            db.session, job, {best.id: ("82.0", None), second.id: (D("86"), None),
                              third.id: (75, None)}
        )  # fmt: skip
        _advance_all([best, second, third], dt.date(2026, 3, 23))  # → interview
        record_scores(
            db.session, job, {best.id: (None, "88.5"), second.id: (None, "83.0"),
                              third.id: (None, "60.0")}
        )  # fmt: skip
        with pytest.raises(PipelineError, match="请填写陈中未通过“面试”的理由"):
            reject(db.session, third, dt.date(2026, 3, 30), OFFICER, "  ")
        reject(db.session, third, dt.date(2026, 3, 30), OFFICER, "面试成绩未达合格线")
        db.session.commit()
        with pytest.raises(PipelineError, match="陈中已被确定为未通过"):
            advance(db.session, third, dt.date(2026, 3, 30), OFFICER)
        _advance_all([best, second], dt.date(2026, 3, 30))  # → composite
        _advance_all([best, second], dt.date(2026, 3, 31))  # → check
        with pytest.raises(PipelineError, match="王优尚未完成考察"):
            advance(db.session, best, dt.date(2026, 4, 3), OFFICER)
        record_check(db.session, best, True, "政治素质好，群众评价高")
        record_check(db.session, second, True)
        with pytest.raises(PipelineError, match="须通过发布公示进入"):
            advance(db.session, best, dt.date(2026, 4, 3), OFFICER)
        db.session.commit()

        rows = ranking(db.session, job)
        assert [(r.applicant.name, r.rank, r.proposed) for r in rows] == [
            ("王优", 1, True),
            ("刘良", 2, False),
            ("陈中", None, False),
        ]
        assert rows[0].composite.value == D("85.9")
        assert rows[0].explanation.startswith("笔试 82.0 × 40% + 面试 88.5 × 60% = 85.9 (B7)")
        assert "未进入拟聘用名单" in rows[1].explanation  # 34.4 + 49.8 = 84.2
        assert "面试成绩未达合格线，不参加排名" in rows[2].explanation

        notice = publish_notice(db.session, job, dt.date(2026, 4, 13), OFFICER)
        db.session.commit()
        assert (job.notice_from, job.notice_until) == (dt.date(2026, 4, 13), dt.date(2026, 4, 21))
        assert notice.period.explanation.startswith("公示 7 个工作日：2026-04-13 至 2026-04-21")
        assert [r.applicant.name for r in notice.proposed] == ["王优"] and notice.shortfall == ""
        assert (job.status, best.stage, second.stage) == ("notice", "notice", "check")
        with pytest.raises(PipelineError, match="成绩不能再修改"):
            record_scores(db.session, job, {second.id: (None, "99.0")})
        with pytest.raises(PipelineError, match="已公示或已结束"):
            publish_notice(db.session, job, dt.date(2026, 4, 14))

        with pytest.raises(ValueError, match="2026-04-21 还在公示期内，不能签订聘用协议"):
            sign_agreement(db.session, best, dt.date(2026, 4, 21), dt.date(2026, 5, 1), OFFICER)
        db.session.rollback()
        agreement = sign_agreement(
            db.session, best, dt.date(2026, 4, 22), dt.date(2026, 5, 1), OFFICER
        )
        db.session.commit()
        assert (agreement.end_date, agreement.monthly_pay) == (dt.date(2029, 4, 30), D("4500.00"))
        assert (best.status, best.stage, job.status) == ("hired", "agreement", "done")
        person = agreement.person
        assert person is not None and person.org_unit.code == A1 and person.employed
        assert person.id_number == best.id_number and person.birth_date == dt.date(1992, 6, 1)
        position = db.session.scalar(select(Position).where(Position.person_id == person.id))
        assert position is not None and position.kind == SOCIAL_WORKER
        assert (position.start_date, position.end_date) == (
            dt.date(2026, 5, 1),
            dt.date(2029, 4, 30),
        )
        post = db.session.scalar(
            select(PostAssignment).where(PostAssignment.person_id == person.id)
        )
        assert post is not None and (post.post, post.grade) == ("worker", 3)
        assert post.term is not None and post.term.number == 2
        with pytest.raises(PipelineError, match="刘良不在拟聘用人员公示名单中"):
            sign_agreement(db.session, second, dt.date(2026, 4, 22), dt.date(2026, 5, 1))

        # every move recorded; the rejection with its reason, in the audit trail too
        moves = [(c.from_stage, c.to_stage, c.outcome) for c in best.changes]
        assert moves == [
            ("application", "eligibility", "passed"),
            ("eligibility", "written", "passed"),
            ("written", "interview", "passed"),
            ("interview", "composite", "passed"),
            ("composite", "check", "passed"),
            ("check", "notice", "passed"),
            ("notice", "agreement", "hired"),
        ]
        turned_down = db.session.scalars(
            select(StageChange).where(StageChange.applicant_id == third.id)
        ).all()
        last = turned_down[-1]
        assert (last.from_stage, last.to_stage, last.outcome) == (
            "interview",
            "interview",
            "rejected",
        )
        assert (last.reason, last.by, last.changed_on) == (
            "面试成绩未达合格线", OFFICER, dt.date(2026, 3, 30)
        )  # fmt: skip
        entries = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "beijing_workstation_applicant",
                AuditEntry.record_key == str(third.id),
            )
        ).all()
        rejected = [e for e in entries if "status" in e.changes]
        assert rejected[-1].changes["status"] == ["active", "rejected"]
        assert rejected[-1].changes["reason"] == ["", "面试成绩未达合格线"]
        assert db.session.scalar(
            select(AuditEntry.id).where(
                AuditEntry.table_name == "beijing_workstation_stage_change",
                AuditEntry.record_key == str(last.id),
                AuditEntry.action == "insert",
            )
        )
        assert db.session.scalar(select(Person.id).where(Person.name == "刘良")) is None


def test_b7_stages_are_a_snapshot_and_fewer_hires_than_places_are_said(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(A1)
        set_value(
            db.session,
            STAGES_KEY,
            "posting,application,written,interview,check,notice,agreement",
            dt.date(2026, 1, 1),
            unit,
        )
        job = _posting(places=2)
        # a later change of the parameter does not move a running recruitment
        set_value(db.session, STAGES_KEY, "posting,application,notice,agreement",
                  dt.date(2026, 2, 26), unit)  # fmt: skip
        open_posting(db.session, job, dt.date(2026, 2, 26))
        one = _apply(job, "赵甲", dt.date(1990, 1, 1), 11)
        two = _apply(job, "钱乙", dt.date(1991, 1, 1), 12)
        db.session.commit()
        assert job.stages == "posting,application,written,interview,check,notice,agreement"
        change = advance(db.session, one, dt.date(2026, 3, 16), OFFICER, "资格审查通过")
        assert (change.from_stage, change.to_stage) == ("application", "written")
        withdraw(db.session, two, dt.date(2026, 3, 17), "", "另有工作")
        assert two.status == "withdrawn" and two.changes[-1].by == "system"
        record_scores(db.session, job, {one.id: ("90.0", None)})
        advance(db.session, one, dt.date(2026, 3, 22), OFFICER)
        record_scores(db.session, job, {one.id: (None, "91.0")})
        advance(db.session, one, dt.date(2026, 3, 29), OFFICER)  # interview → check
        assert one.stage == "check"
        with pytest.raises(PipelineError, match="赵甲尚未通过考察"):
            publish_notice(db.session, job, dt.date(2026, 9, 28))
        with pytest.raises(PipelineError, match="钱乙已放弃"):
            record_scores(db.session, job, {two.id: ("50.0", None)})
        record_check(db.session, one, True)
        notice = publish_notice(db.session, job, dt.date(2026, 9, 28))
        db.session.commit()
        assert job.notice_until == dt.date(2026, 10, 12)  # across National Day
        assert "调休上班日 2026-10-10 计为工作日" in notice.period.explanation
        assert (
            notice.shortfall == "招聘 2 人，符合条件的拟聘用人员只有 1 人，其余 1 个名额空缺 (B7)"
        )
        sign_agreement(db.session, one, dt.date(2026, 10, 13), dt.date(2026, 11, 1))
        db.session.commit()
        assert job.status == "notice"  # one of two places filled


def _to_check(job: Posting, scored: dict[Applicant, tuple[str, str | None]]) -> None:
    """Open ``job`` and take ``scored`` applicants as far as their scores allow (to check)."""
    day = dt.date(2026, 3, 16)
    _advance_all(list(scored), day)  # → eligibility
    _advance_all(list(scored), day)  # → written
    record_scores(db.session, job, {a.id: (w, None) for a, (w, _i) in scored.items()})
    _advance_all(list(scored), day)  # → interview
    full = [a for a, (_w, i) in scored.items() if i is not None]
    record_scores(db.session, job, {a.id: (None, scored[a][1]) for a in full})
    _advance_all(full, day)  # → composite
    _advance_all(full, day)  # → check


def test_b7_supplementary_notice_fills_a_place_freed_during_the_notice(bj_app: Flask) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        job = _posting(places=2)
        open_posting(db.session, job, dt.date(2026, 2, 26))
        best = _apply(job, "王优", dt.date(1992, 6, 1), 1)
        second = _apply(job, "刘良", dt.date(1995, 2, 10), 2)
        third = _apply(job, "陈中", dt.date(1998, 9, 9), 3)
        _to_check(job, {best: ("82.0", "88.5"), second: ("86.0", "83.0"), third: ("75", "80")})
        for who in (best, second, third):
            record_check(db.session, who, True)
        publish_notice(db.session, job, dt.date(2026, 4, 13), OFFICER)
        db.session.commit()
        assert (job.notice_from, job.notice_until) == (dt.date(2026, 4, 13), dt.date(2026, 4, 21))
        assert (best.stage, second.stage, third.stage) == ("notice", "notice", "check")

        # both places taken: no 补充公示
        with pytest.raises(PipelineError, match="没有空出的名额，不能发布补充公示"):
            publish_supplementary_notice(db.session, job, dt.date(2026, 4, 14), OFFICER)

        # the first proposed is turned down during the 公示: the next in the ranking follows
        reject(db.session, best, dt.date(2026, 4, 15), OFFICER, "公示期间反映其不符合报名条件")
        notice = publish_supplementary_notice(db.session, job, dt.date(2026, 4, 16), OFFICER)
        db.session.commit()
        assert [r.applicant.name for r in notice.proposed] == ["陈中"] and notice.shortfall == ""
        assert (notice.period.start, notice.period.end) == (
            dt.date(2026, 4, 16), dt.date(2026, 4, 24)
        )  # fmt: skip
        assert notice.period.explanation.startswith("公示 7 个工作日：2026-04-16 至 2026-04-24")
        assert (job.notice_from, job.notice_until) == (dt.date(2026, 4, 16), dt.date(2026, 4, 24))
        assert (job.status, third.stage, third.status) == ("notice", "notice", "active")
        last = third.changes[-1]
        assert (last.from_stage, last.to_stage, last.outcome, last.by, last.changed_on) == (
            "check", "notice", "passed", OFFICER, dt.date(2026, 4, 16)
        )  # fmt: skip
        assert db.session.scalar(
            select(AuditEntry.id).where(
                AuditEntry.table_name == "beijing_workstation_stage_change",
                AuditEntry.record_key == str(last.id),
                AuditEntry.action == "insert",
            )
        )
        with pytest.raises(PipelineError, match="没有空出的名额"):
            publish_supplementary_notice(db.session, job, dt.date(2026, 4, 17), OFFICER)

        # the new end holds for everyone unsigned: the new one and the earlier one alike
        with pytest.raises(ValueError, match="2026-04-24 还在公示期内，不能签订聘用协议"):
            sign_agreement(db.session, third, dt.date(2026, 4, 24), dt.date(2026, 5, 1), OFFICER)
        db.session.rollback()
        with pytest.raises(ValueError, match="公示期到 2026-04-24 为止，2026-04-22 还在公示期内"):
            sign_agreement(db.session, second, dt.date(2026, 4, 22), dt.date(2026, 5, 1), OFFICER)
        db.session.rollback()
        sign_agreement(db.session, third, dt.date(2026, 4, 27), dt.date(2026, 5, 1), OFFICER)
        sign_agreement(db.session, second, dt.date(2026, 4, 27), dt.date(2026, 5, 1), OFFICER)
        db.session.commit()
        assert (second.status, third.status, best.status) == ("hired", "hired", "rejected")
        assert job.status == "done"
        with pytest.raises(PipelineError, match="不在公示阶段，不能发布补充公示"):
            publish_supplementary_notice(db.session, job, dt.date(2026, 4, 28), OFFICER)


def test_b7_supplementary_notice_refuses_a_pending_check_and_an_empty_ranking(
    bj_app: Flask,
) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        job = _posting(places=1)
        open_posting(db.session, job, dt.date(2026, 2, 26))
        best = _apply(job, "王优", dt.date(1992, 6, 1), 1)
        second = _apply(job, "刘良", dt.date(1995, 2, 10), 2)
        third = _apply(job, "陈中", dt.date(1998, 9, 9), 3)
        _to_check(job, {best: ("82.0", "88.5"), second: ("86.0", "83.0"), third: ("75", None)})
        record_check(db.session, best, True)
        with pytest.raises(PipelineError, match="不在公示阶段"):
            publish_supplementary_notice(db.session, job, dt.date(2026, 4, 13), OFFICER)
        publish_notice(db.session, job, dt.date(2026, 4, 13), OFFICER)
        db.session.commit()
        # after the 公示 ended, the proposed one withdraws before signing
        withdraw(db.session, best, dt.date(2026, 4, 23), OFFICER, "另有工作")
        with pytest.raises(PipelineError, match="不能发布补充公示：刘良尚未通过考察"):
            publish_supplementary_notice(db.session, job, dt.date(2026, 4, 23), OFFICER)
        db.session.rollback()
        assert (second.stage, job.notice_until) == ("check", dt.date(2026, 4, 21))
        withdraw(db.session, best, dt.date(2026, 4, 23), OFFICER, "另有工作")
        record_check(db.session, second, False, "考察不合格")
        with pytest.raises(
            PipelineError, match=r"已没有可以递补的人员（陈中成绩不全，未参加排名）"
        ):
            publish_supplementary_notice(db.session, job, dt.date(2026, 4, 23), OFFICER)
        db.session.rollback()
        assert job.notice_until == dt.date(2026, 4, 21) and second.stage == "check"


def test_b7_supplementary_notice_button_on_the_posting_page(
    bj_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.beijing_workstation.test_recruitment_admin import (
        URL,
        client_of,
        seed_to_notice,
        set_today,
    )

    with bj_app.app_context(), acting_as(SYSTEM):
        posting_id, ids = seed_to_notice(places=1)  # 赵一 on the 公示 2026-03-23 … 03-31
    set_today(monkeypatch, dt.date(2026, 3, 24))
    street = client_of(bj_app, "street_a")
    recruit = f"{URL}/recruit/?id={posting_id}"
    assert 'id="bj-supplementary"' not in street.get(recruit).get_data(as_text=True)
    refused = street.post(f"{URL}/supplementary/", data={"id": posting_id}, follow_redirects=True)
    assert "发布补充公示失败" in refused.get_data(as_text=True)
    assert "没有空出的名额" in refused.get_data(as_text=True)
    street.post(f"{URL}/reject/", data={"applicant": ids[0], "reason": "公示期间反映有问题"})
    page = street.get(recruit).get_data(as_text=True)
    assert 'id="bj-supplementary"' in page and "可按排名递补：钱二" in page
    set_today(monkeypatch, dt.date(2026, 3, 25))
    done = street.post(f"{URL}/supplementary/", data={"id": posting_id}, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "已发布补充公示（递补钱二）" in text and "2026-03-25 至 2026-04-02" in text
    assert 'id="bj-supplementary"' not in text
    with bj_app.app_context(), acting_as(SYSTEM):
        record = db.session.get(Posting, posting_id)
        assert record is not None
        assert (record.notice_from, record.notice_until) == (
            dt.date(2026, 3, 25), dt.date(2026, 4, 2)
        )  # fmt: skip
        assert db.session.get(Applicant, ids[1]).stage == "notice"  # type: ignore[union-attr]
