"""The records UI of jiayuguan_groups: groups, leader choices, change requests, employment.

Rules J2 (groups, leader chosen by the group meeting, street → city changes),
J4 (employment periods), J5 (duties shown) and J6 (joint group meetings).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.admin.structure import today
from core.extensions import db
from core.kinds import GROUP_LEADER, GROUP_MEETING, GROUP_MEMBER
from core.models import AuditEntry, Meeting, Position, User
from core.scoping import SYSTEM, acting_as
from plugins.jiayuguan_groups.models import Employment, GroupChange, LeaderChoice
from plugins.jiayuguan_groups.rules.schedule import DUTIES, joint_with
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, login, unit_by_code
from tests.jiayuguan_groups.factories import group, hold, person

DAY = dt.date(2024, 6, 1)


def _meeting(code: str, group_name: str, held_on: dt.date, title: str = "居民小组会议") -> Meeting:
    meeting = Meeting(
        kind=GROUP_MEETING,
        title=title,
        held_on=held_on,
        org_unit=unit_by_code(code),
        resident_group=group(code, group_name),
        present_count=20,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _seed(app: Flask) -> dict[str, int]:
    """A1 第一组: leader chosen by a meeting and two members; 第二组: one member, no leader."""
    with app.app_context(), acting_as(SYSTEM):
        leader = hold(
            person(COMMITTEE_A1, "张组长"), GROUP_LEADER, dt.date(2021, 3, 1), None, "第一组"
        )
        hold(person(COMMITTEE_A1, "李一"), GROUP_MEMBER, dt.date(2021, 3, 1), None, "第一组")
        hold(person(COMMITTEE_A1, "王二"), GROUP_MEMBER, dt.date(2021, 3, 1), None, "第一组")
        hold(person(COMMITTEE_A1, "赵三"), GROUP_MEMBER, dt.date(2021, 3, 1), None, "第二组")
        chose = _meeting(COMMITTEE_A1, "第一组", dt.date(2021, 2, 20), "推选组长的居民小组会议")
        other = _meeting(COMMITTEE_A1, "第二组", dt.date(2021, 2, 21))
        b1_leader = hold(
            person(COMMITTEE_B1, "孙组长"), GROUP_LEADER, dt.date(2021, 3, 1), None, "第一组"
        )
        db.session.commit()
        return {
            "leader": leader.id,
            "meeting": chose.id,
            "other_meeting": other.id,
            "b1_leader": b1_leader.id,
            "a1": unit_by_code(COMMITTEE_A1).id,
            "b1": unit_by_code(COMMITTEE_B1).id,
            "group1": group(COMMITTEE_A1).id,
        }


def _count(app: Flask, model: type, **where: Any) -> int:
    with app.app_context(), acting_as(SYSTEM):
        return int(
            db.session.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0
        )


def test_j2_overview_lists_members_leader_first_buildings_term_and_flags(
    jy_app: Flask, jy_client: FlaskClient
) -> None:
    ids = _seed(jy_app)
    login(jy_client, "committee_a1")
    html = jy_client.get(f"/admin/jiayuguan/groups/?on={DAY}").get_data(as_text=True)
    assert "<strong>张组长</strong>（组长）" in html
    assert html.index("张组长") < html.index("李一") and html.index("张组长") < html.index("王二")
    assert "1号楼、2号楼" in html and "3号楼、4号楼" in html
    assert "第1届" in html  # the committee's term on that day
    assert "少于 3 人" in html and "未设组长 (J2)" in html  # 第二组
    assert "组长无居民小组会议推选记录" in html  # no choice recorded yet
    assert "孙组长" not in html  # another street's committee
    assert f"/admin/committee/{ids['a1']}" in html  # core's committee overview

    with jy_app.app_context(), acting_as(SYSTEM):
        db.session.add(
            LeaderChoice(
                position=db.session.get_one(Position, ids["leader"]),
                meeting=db.session.get_one(Meeting, ids["meeting"]),
            )
        )
        db.session.commit()
    html = jy_client.get(f"/admin/jiayuguan/groups/?on={DAY}").get_data(as_text=True)
    assert "组长无居民小组会议推选记录" not in html
    assert "2021-02-20 居民小组会议" in html


def test_j2_overview_filters_by_committee_and_survives_bad_input(
    jy_app: Flask, jy_client: FlaskClient
) -> None:
    ids = _seed(jy_app)
    login(jy_client, "admin")
    html = jy_client.get(f"/admin/jiayuguan/groups/?on={DAY}&committee={ids['b1']}").get_data(
        as_text=True
    )
    assert "孙组长" in html and "张组长" not in html
    response = jy_client.get("/admin/jiayuguan/groups/?on=2024-13-40&committee=abc")
    assert response.status_code == 200
    assert "格式不对" in response.get_data(as_text=True)


def test_j2_leader_choice_offers_leaders_and_group_meetings_and_checks(
    jy_app: Flask, jy_client: FlaskClient
) -> None:
    ids = _seed(jy_app)
    login(jy_client, "committee_a1")
    form = jy_client.get("/admin/jiayuguan/leader-choice/new/").get_data(as_text=True)
    assert "张组长" in form and "李一" not in form  # leaders only
    assert "孙组长" not in form  # scoped
    # A meeting of another group is refused with the check's message.
    html = jy_client.post(
        "/admin/jiayuguan/leader-choice/new/",
        data={"position": ids["leader"], "meeting": ids["other_meeting"], "votes_for": "12"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "推选组长的会议须是该居民小组的会议" in html
    assert _count(jy_app, LeaderChoice) == 0
    html = jy_client.post(
        "/admin/jiayuguan/leader-choice/new/",
        data={"position": ids["leader"], "meeting": ids["meeting"], "votes_for": "30"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "赞成票数须在 0 和出席人数之间" in html
    jy_client.post(
        "/admin/jiayuguan/leader-choice/new/",
        data={"position": ids["leader"], "meeting": ids["meeting"], "votes_for": "15"},
        follow_redirects=True,
    )
    assert _count(jy_app, LeaderChoice) == 1


def _new_change(client: FlaskClient, ids: dict[str, int], title: str = "第一组调整楼栋") -> int:
    client.post(
        "/admin/jiayuguan/group-change/new/",
        data={
            "org_unit": ids["a1"],
            "kind": "adjust",
            "title": title,
            "resident_group": ids["group1"],
            "submitted_on": "2026-10-01",
            "description": "2号楼划入第二组",
            "status": "approved",  # not a form field: ignored
        },
        follow_redirects=True,
    )
    with acting_as(SYSTEM):
        found = db.session.scalar(select(GroupChange).where(GroupChange.title == title))
        assert found is not None
        return found.id


def _decide(client: FlaskClient, change_id: int, level: str, decision: str, note: str = "") -> Any:
    return client.post(
        "/admin/jiayuguan/group-change/decide/",
        data={"id": change_id, "level": level, "decision": decision, "note": note},
        follow_redirects=True,
    )


def test_j2_group_change_is_decided_street_then_city_and_audited(
    jy_app: Flask, jy_client: FlaskClient
) -> None:
    ids = _seed(jy_app)
    login(jy_client, "committee_a1")
    with jy_app.app_context():
        change_id = _new_change(jy_client, ids)
    with jy_app.app_context(), acting_as(SYSTEM):
        assert db.session.get_one(GroupChange, change_id).status == "submitted"
    # Committee staff can decide at neither level; the details page offers no buttons.
    details = jy_client.get(f"/admin/jiayuguan/group-change/details/?id={change_id}")
    assert "街道同意" not in details.get_data(as_text=True)
    assert _decide(jy_client, change_id, "street", "approve").status_code == 403
    assert _decide(jy_client, change_id, "city", "approve").status_code == 403

    # Before the street decides, the committee may still correct the request.
    content = {
        "org_unit": ids["a1"],
        "kind": "adjust",
        "title": "第一组调整楼栋",
        "resident_group": ids["group1"],
        "submitted_on": "2026-10-01",
    }
    jy_client.post(
        f"/admin/jiayuguan/group-change/edit/?id={change_id}",
        data={**content, "description": "2号楼划入第二组（补充理由）"},
        follow_redirects=True,
    )
    with jy_app.app_context(), acting_as(SYSTEM):
        assert "补充理由" in db.session.get_one(GroupChange, change_id).description

    jy_client.post("/logout")
    login(jy_client, "district")
    html = _decide(jy_client, change_id, "city", "approve").get_data(as_text=True)
    assert "须先经街道办事处审核同意" in html  # out of order

    jy_client.post("/logout")
    login(jy_client, "street_a")
    details = jy_client.get(f"/admin/jiayuguan/group-change/details/?id={change_id}")
    assert "街道同意" in details.get_data(as_text=True)
    html = _decide(jy_client, change_id, "street", "approve", "同意调整").get_data(as_text=True)
    assert "街道办事处已同意" in html
    with jy_app.app_context(), acting_as(SYSTEM):
        change = db.session.get_one(GroupChange, change_id)
        street_a = db.session.execute(select(User).where(User.username == "street_a")).scalar_one()
        assert change.status == "street_approved"
        assert change.street_decided_by_id == street_a.id
        assert change.street_decided_on == today()
        assert change.street_note == "同意调整"
        audited = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "jiayuguan_groups_group_change",
                AuditEntry.record_key == str(change_id),
                AuditEntry.action == "update",
            )
        ).all()
        assert any("street_approved" in str(entry.changes) for entry in audited)
        assert any(entry.user_id == street_a.id for entry in audited)
    # The street cannot decide twice, nor edit the request's content now.
    assert "不能再作街道办事处的决定" in _decide(jy_client, change_id, "street", "reject").get_data(
        as_text=True
    )
    html = jy_client.post(
        f"/admin/jiayuguan/group-change/edit/?id={change_id}",
        data={
            "org_unit": ids["a1"],
            "kind": "adjust",
            "title": "改过的标题",
            "resident_group": ids["group1"],
            "submitted_on": "2026-10-01",
            "description": "改了",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "申请内容不能再修改" in html
    with jy_app.app_context(), acting_as(SYSTEM):
        assert db.session.get_one(GroupChange, change_id).title == "第一组调整楼栋"

    jy_client.post("/logout")
    login(jy_client, "district")
    html = _decide(jy_client, change_id, "city", "approve", "批准").get_data(as_text=True)
    assert "市政府已批准" in html
    with jy_app.app_context(), acting_as(SYSTEM):
        change = db.session.get_one(GroupChange, change_id)
        assert change.status == "approved" and change.city_note == "批准"
        assert change.city_decided_on == today()


def test_j2_street_refusal_ends_the_request(jy_app: Flask, jy_client: FlaskClient) -> None:
    ids = _seed(jy_app)
    login(jy_client, "street_a")
    with jy_app.app_context():
        change_id = _new_change(jy_client, ids, "新设第三组")
    html = _decide(jy_client, change_id, "street", "reject", "范围不合理").get_data(as_text=True)
    assert "街道办事处已不同意" in html
    jy_client.post("/logout")
    login(jy_client, "district")
    html = _decide(jy_client, change_id, "city", "approve").get_data(as_text=True)
    assert "不能再作市政府的决定" in html
    with jy_app.app_context(), acting_as(SYSTEM):
        change = db.session.get_one(GroupChange, change_id)
        assert change.status == "rejected" and change.city_decided_on is None
    # A decided request cannot be deleted either.
    jy_client.post("/logout")
    login(jy_client, "street_a")
    jy_client.post(
        "/admin/jiayuguan/group-change/delete/", data={"id": change_id}, follow_redirects=True
    )
    assert _count(jy_app, GroupChange) == 1


def test_j4_employment_periods_are_checked_on_save(jy_app: Flask, jy_client: FlaskClient) -> None:
    with jy_app.app_context(), acting_as(SYSTEM):
        someone = person(COMMITTEE_A1, "钱在职")
        db.session.commit()
        person_id = someone.id
    login(jy_client, "committee_a1")
    new = "/admin/jiayuguan/employment/new/"
    jy_client.post(
        new,
        data={"person": person_id, "start_date": "2024-01-01", "end_date": "2024-06-30"},
        follow_redirects=True,
    )
    assert _count(jy_app, Employment) == 1
    html = jy_client.post(
        new,
        data={"person": person_id, "start_date": "2024-06-01", "end_date": ""},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "重叠" in html
    html = jy_client.post(
        new,
        data={"person": person_id, "start_date": "2024-09-01", "end_date": "2024-08-01"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "在职结束日期不能早于开始日期" in html
    assert _count(jy_app, Employment) == 1
    listing = jy_client.get("/admin/jiayuguan/employment/").get_data(as_text=True)
    assert "钱在职" in listing and "2024-06-30" in listing


def test_j5_group_duties_are_shown_where_the_work_is_recorded(
    jy_app: Flask, jy_client: FlaskClient
) -> None:
    assert len(DUTIES) == 8
    login(jy_client, "committee_a1")
    html = jy_client.get("/admin/jiayuguan/groups/").get_data(as_text=True)
    assert all(duty in html for duty in DUTIES)
    form = jy_client.get("/admin/jiayuguan/visit/new/").get_data(as_text=True)
    assert "(J5)" in form and "调解纠纷" in form


def test_j6_group_meeting_held_jointly_is_shown(jy_app: Flask, jy_client: FlaskClient) -> None:
    assert joint_with("第一组与业委会、网格协调会联合召开") == ["业委会", "网格协调会"]
    assert joint_with("第一组居民小组会议") == []
    _seed(jy_app)
    with jy_app.app_context(), acting_as(SYSTEM):
        meeting = _meeting(COMMITTEE_A1, "第一组", dt.date(2024, 5, 10), "第一组居民小组会议")
        meeting.minutes = "与社区党支部联合召开，讨论楼道堆物"
        db.session.commit()
    login(jy_client, "committee_a1")
    html = jy_client.get(f"/admin/jiayuguan/groups/?on={DAY}").get_data(as_text=True)
    section = html[html.index('id="jy-meetings"') :]
    assert "联合召开</span> 社区党支部" in section
    assert "可与社区党支部、业委会、网格协调会等会议同时召开 (J6)" in html
