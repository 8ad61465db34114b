"""Rule C14 in the UI: the reply deadline, the overdue list, the submitter's protection.

The 2026 holiday facts are chinese-calendar 1.11's (see tests/test_rules_workdays.py);
the 2027 entries are fictional test data, not the official arrangement.
"""

from __future__ import annotations

import datetime as dt
import types
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.models import Opinion, Person, Rectification, User
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, PASSWORD, login, unit_by_code

D = dt.date
SUBMITTER = "李秘密"
CONTACT = "13800001111"


def _person(name: str, code: str = COMMITTEE_A1) -> Person:
    person = Person(name=name, sex="male", birth_date=D(1970, 1, 1), org_unit=unit_by_code(code))
    db.session.add(person)
    db.session.commit()
    return person


def _opinion(
    received: dt.date,
    code: str = COMMITTEE_A1,
    **fields: Any,
) -> Opinion:
    """An opinion saved through the ORM: check() runs on flush and stores the deadline."""
    values: dict[str, Any] = {
        "channel": "card",
        "content": f"{received} 楼道堆物",
        "submitter_name": SUBMITTER,
        "submitter_contact": CONTACT,
    }
    values.update(fields)
    opinion = Opinion(received_on=received, org_unit=unit_by_code(code), **values)
    db.session.add(opinion)
    db.session.commit()
    return opinion


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "org_unit": "",
        "received_on": "2026-09-28",
        "channel": "visit",
        "content": "小区路灯不亮",
        "submitter_name": "王五",
        "submitter_contact": "13900000000",
        "about_text": "物业",
        "status": "open",
        "reply": "",
        "replied_on": "",
    }
    data.update(overrides)
    return data


def freeze_today(monkeypatch: pytest.MonkeyPatch, today: dt.date) -> None:
    """Make ``core.opinions`` (the check run on every flush) believe it is ``today``."""

    class Frozen(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return today

    fake = types.SimpleNamespace(date=Frozen, datetime=dt.datetime, timedelta=dt.timedelta)
    monkeypatch.setattr("core.opinions.dt", fake)


@pytest.fixture
def about(app: Flask) -> dict[str, int]:
    """Person 张主任 of committee A1, an account linked to them, an opinion about them."""
    with app.app_context(), acting_as(SYSTEM):
        person = _person("张主任")
        user = User(
            username="zhang",
            role="committee_staff",
            org_unit=unit_by_code(COMMITTEE_A1),
            display_name="张主任",
            person_id=person.id,
        )
        user.set_password(PASSWORD)
        db.session.add(user)
        opinion = _opinion(D(2026, 3, 2), about_person=person, content="张主任态度粗暴")
        return {"person": person.id, "opinion": opinion.id, "unit": opinion.org_unit_id}


# --- the deadline -------------------------------------------------------------------


def test_c14_reply_due_across_spring_festival_2026(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        opinion = _opinion(D(2026, 2, 13))
        # Sat 02-14 make-up day counts; 02-15..23 off; Sat 02-28 counts.
        assert opinion.reply_due_on == D(2026, 3, 12)
        assert "调休上班日 2026-02-14、2026-02-28 计为工作日" in opinion.reply_due_explanation
        assert "当日不计" in opinion.reply_due_explanation


def test_c14_day_of_receipt_not_counted_even_on_a_holiday(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        assert _opinion(D(2026, 2, 16)).reply_due_on == D(2026, 3, 13)
        assert _opinion(D(2026, 10, 1)).reply_due_on == D(2026, 10, 27)


def test_c14_reply_due_across_national_day_2026_through_the_form(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit_id = unit_by_code(COMMITTEE_A1).id
    login(client, "committee_a1")
    response = client.post(
        "/admin/opinion/new/", data=_form(org_unit=str(unit_id)), follow_redirects=True
    )
    assert "保存失败" not in response.get_data(as_text=True)
    with app.app_context(), acting_as(SYSTEM):
        opinion = db.session.scalar(select(Opinion).where(Opinion.content == "小区路灯不亮"))
        assert opinion is not None
        # 09-29, 09-30 (2), Sun 09-20 is before; 10-01..07 off; Sat 10-10 worked.
        assert opinion.reply_due_on == D(2026, 10, 23)
        assert "调休上班日 2026-10-10 计为工作日" in opinion.reply_due_explanation
        opinion_id = opinion.id
    details = client.get(f"/admin/opinion/details/?id={opinion_id}").get_data(as_text=True)
    assert "2026-10-23" in details
    assert "次日起算第 15 个工作日为 2026-10-23" in details


def test_c14_deadline_into_2027_without_data_says_so(
    client: Any, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze_today(monkeypatch, D(2027, 1, 20))
    with app.app_context(), acting_as(SYSTEM):
        opinion = _opinion(D(2026, 12, 20))
        assert opinion.reply_due_on is None
        assert "缺少 2027 年的节假日安排数据" in opinion.reply_due_explanation
    login(client, "street_a")
    page = client.get("/admin/opinion/").get_data(as_text=True)
    assert "无法计算：缺少2027年节假日安排" in page
    overdue = client.get("/admin/opinionoverdue/").get_data(as_text=True)
    assert "无法计算答复期限" in overdue
    assert "2026-12-20 楼道堆物" in overdue


def test_c14_future_receipt_is_refused(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit_id = unit_by_code(COMMITTEE_A1).id
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    login(client, "committee_a1")
    response = client.post(
        "/admin/opinion/new/",
        data=_form(org_unit=str(unit_id), received_on=tomorrow),
        follow_redirects=True,
    )
    assert "是将来的日期" in response.get_data(as_text=True)
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(Opinion.id)) is None


def test_c14_reply_before_receipt_is_refused(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit_id = unit_by_code(COMMITTEE_A1).id
    login(client, "committee_a1")
    response = client.post(
        "/admin/opinion/new/",
        data=_form(
            org_unit=str(unit_id), status="replied", reply="已修复", replied_on="2026-09-27"
        ),
        follow_redirects=True,
    )
    assert "早于收到日期" in response.get_data(as_text=True)
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(Opinion.id)) is None


# --- the submitter is hidden from whom the opinion is about -------------------------


def test_c14_about_person_does_not_see_the_submitter(
    client: Any, app: Flask, about: dict[str, int]
) -> None:
    login(client, "zhang")
    listing = client.get("/admin/opinion/").get_data(as_text=True)
    assert "张主任态度粗暴" in listing
    assert "（对被反映人保密）" in listing
    details = client.get(f"/admin/opinion/details/?id={about['opinion']}").get_data(as_text=True)
    exported = client.get("/admin/opinion/export/csv/").get_data(as_text=True)
    edit = client.get(f"/admin/opinion/edit/?id={about['opinion']}").get_data(as_text=True)
    for page in (listing, details, exported, edit):
        assert SUBMITTER not in page
        assert CONTACT not in page
    assert "（对被反映人保密）" in details
    assert "（对被反映人保密）" in exported
    assert "（对被反映人保密）" in edit


def test_c14_another_account_sees_the_submitter(
    client: Any, app: Flask, about: dict[str, int]
) -> None:
    login(client, "committee_a1")
    details = client.get(f"/admin/opinion/details/?id={about['opinion']}").get_data(as_text=True)
    exported = client.get("/admin/opinion/export/csv/").get_data(as_text=True)
    assert SUBMITTER in details and CONTACT in details
    assert SUBMITTER in exported
    assert "（对被反映人保密）" not in details


def test_c14_edit_by_the_about_person_keeps_the_submitter(
    client: Any, app: Flask, about: dict[str, int]
) -> None:
    login(client, "zhang")
    with app.app_context(), acting_as(SYSTEM):
        version = db.session.get(Opinion, about["opinion"]).version_id
    response = client.post(
        f"/admin/opinion/edit/?id={about['opinion']}",
        data=_form(
            org_unit=str(about["unit"]),
            received_on="2026-03-02",
            content="张主任态度粗暴（已核实）",
            submitter_name="（对被反映人保密）",
            submitter_contact="",
            about_person="",
            juwei_version=str(version),
        ),
        follow_redirects=True,
    )
    assert "保存失败" not in response.get_data(as_text=True)
    with app.app_context(), acting_as(SYSTEM):
        opinion = db.session.get(Opinion, about["opinion"])
        assert opinion.content == "张主任态度粗暴（已核实）"
        assert opinion.submitter_name == SUBMITTER
        assert opinion.submitter_contact == CONTACT
        assert opinion.about_person_id == about["person"]


# --- the overdue list ---------------------------------------------------------------


def test_c14_overdue_list_shows_overdue_not_replied(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        late = _opinion(D(2026, 2, 13), content="井盖缺失")
        _opinion(
            D(2026, 2, 13),
            content="绿化修剪",
            status="replied",
            reply="已修剪",
            replied_on=D(2026, 2, 20),
        )
        db.session.add(
            Rectification(
                opinion=late, measure="更换井盖", responsible_name="物业", deadline=D(2026, 4, 1)
            )
        )
        db.session.add(
            Rectification(
                opinion=late,
                measure="加装护栏",
                responsible_name="物业",
                deadline=D(2026, 4, 1),
                done_on=D(2026, 3, 30),
            )
        )
        db.session.commit()
    login(client, "committee_a1")
    page = client.get("/admin/opinionoverdue/").get_data(as_text=True)
    assert "井盖缺失" in page
    assert "绿化修剪" not in page
    assert "更换井盖" in page and "加装护栏" not in page
    assert "自然日" in page
    listing = client.get("/admin/opinion/?flt0_0=1").get_data(as_text=True)
    assert "井盖缺失" in listing and "绿化修剪" not in listing


# --- scoping --------------------------------------------------------------------------


def test_c14_opinions_of_another_street_are_not_found(
    client: Any, app: Flask, about: dict[str, int]
) -> None:
    with app.app_context(), acting_as(SYSTEM):
        _opinion(D(2026, 3, 3), code=COMMITTEE_B1, content="南京东路的意见")
    login(client, "street_b")
    assert client.get(f"/admin/opinion/details/?id={about['opinion']}").status_code == 404
    assert client.get(f"/admin/opinion/edit/?id={about['opinion']}").status_code == 404
    listing = client.get("/admin/opinion/").get_data(as_text=True)
    assert "南京东路的意见" in listing and "张主任态度粗暴" not in listing
    overdue = client.get("/admin/opinionoverdue/").get_data(as_text=True)
    assert "张主任态度粗暴" not in overdue
    assert "南京东路的意见" in overdue


# --- rectifications -----------------------------------------------------------------------


def test_c14_rectification_entered_with_the_opinion(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit_id = unit_by_code(COMMITTEE_A1).id
    login(client, "committee_a1")
    rectification = {
        "rectifications-0-measure": "修复路灯",
        "rectifications-0-responsible_name": "物业王经理",
        "rectifications-0-deadline": "2026-10-30",
        "rectifications-0-done_on": "",
    }
    bad = dict(rectification, **{"rectifications-0-deadline": "2026-09-01"})
    page = client.post(
        "/admin/opinion/new/", data={**_form(org_unit=str(unit_id)), **bad}, follow_redirects=True
    ).get_data(as_text=True)
    assert "整改期限 2026-09-01 早于意见收到日期 2026-09-28" in page
    no_owner = dict(rectification, **{"rectifications-0-responsible_name": ""})
    page = client.post(
        "/admin/opinion/new/",
        data={**_form(org_unit=str(unit_id)), **no_owner},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "整改须明确责任人" in page
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(Opinion.id)) is None
    page = client.post(
        "/admin/opinion/new/",
        data={**_form(org_unit=str(unit_id)), **rectification},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "保存失败" not in page
    with app.app_context(), acting_as(SYSTEM):
        saved = db.session.scalar(select(Rectification))
        assert saved is not None and saved.measure == "修复路灯"
        assert saved.org_unit_id == unit_id
        opinion_id = saved.opinion_id
    details = client.get(f"/admin/opinion/details/?id={opinion_id}").get_data(as_text=True)
    assert "修复路灯" in details and "物业王经理" in details


def test_c14_about_person_must_be_of_the_opinions_committee(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit_id = unit_by_code("310101002002").id
        person_id = _person("赵委员").id  # of committee A1, not of 金陵东路
    login(client, "street_a")
    page = client.post(
        "/admin/opinion/new/",
        data=_form(org_unit=str(unit_id), about_person=str(person_id)),
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "被反映人“赵委员”不属于金陵东路居委会" in page
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(Opinion.id)) is None


def test_c14_people_of_another_street_are_not_offered(
    client: Any, app: Flask, about: dict[str, int]
) -> None:
    login(client, "street_b")
    found = client.get("/admin/opinion/ajax/lookup/?name=about_person&query=张")
    assert found.status_code == 200
    assert found.get_json() == []
    other = app.test_client()
    login(other, "street_a")
    found = other.get("/admin/opinion/ajax/lookup/?name=about_person&query=张")
    assert [name for _id, name in found.get_json()] == ["张主任"]


def test_c14_channel_and_status_names_agree_with_the_model() -> None:
    from core.admin.opinions import CHANNEL_NAMES, STATUS_NAMES
    from core.models.opinions import CHANNELS, STATUSES

    # Outside a request a lazy text is its message id.
    assert {key: str(name) for key, name in CHANNEL_NAMES.items()} == CHANNELS
    assert {key: str(name) for key, name in STATUS_NAMES.items()} == STATUSES
