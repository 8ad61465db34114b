"""Meetings in the admin (rules C4–C9): body, quorum, votes, agenda, kinds and files.

Every meeting here is saved through the admin form, as staff would; the
figures are read back from the details page, where the rules explain them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.kinds import DIRECTOR, MEMBER, REPRESENTATIVE, Kind
from core.models import Household, Meeting, MeetingFile, Person, Position, Resolution
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, login, unit_by_code

DAY = dt.date(2025, 3, 8)


def _people(adults: int = 0, minors: int = 0, households: int = 0) -> None:
    """Residents and households in 福州路居委会 (call as SYSTEM inside an app context)."""
    unit = unit_by_code(COMMITTEE_A1)
    for n in range(households):
        db.session.add(Household(number=f"H{n:04d}", address=f"{n}号", org_unit=unit))
    for n in range(adults):
        db.session.add(
            Person(name=f"成人{n}", sex="male", birth_date=dt.date(1970, 1, 1), org_unit=unit)
        )
    for n in range(minors):
        db.session.add(
            Person(name=f"少年{n}", sex="female", birth_date=dt.date(2010, 1, 1), org_unit=unit)
        )
    db.session.commit()


def _committee_id(app: Flask, code: str = COMMITTEE_A1) -> int:
    with app.app_context(), acting_as(SYSTEM):
        return unit_by_code(code).id


def _meeting_form(app: Flask, **fields: Any) -> dict[str, Any]:
    data = {
        "kind": "residents_meeting",
        "title": "2025年第一次居民会议",
        "held_on": DAY.isoformat(),
        "location": "居委会会议室",
        "org_unit": str(_committee_id(app)),
        "body_form": "households",
        "ex_officio_count": "0",
        "eligible_count": "",
        "eligible_reason": "",
        "present_count": "",
        "minutes": "",
    }
    data.update({k: str(v) for k, v in fields.items()})
    return data


def _create(client: Any, data: dict[str, Any]) -> str:
    response = client.post("/admin/meeting/new/", data=data, follow_redirects=True)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def _meeting_ids(app: Flask) -> list[int]:
    with app.app_context(), acting_as(SYSTEM):
        return list(db.session.scalars(select(Meeting.id).order_by(Meeting.id)))


def _details(client: Any, meeting_id: int) -> str:
    response = client.get(f"/admin/meeting/details/?id={meeting_id}")
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def _count(app: Flask, model: type) -> int:
    with app.app_context(), acting_as(SYSTEM):
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


# --- C4 body ---------------------------------------------------------------------


def test_c4_body_computed_from_records_for_the_three_forms(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        _people(adults=7, minors=2, households=4)
        unit = unit_by_code(COMMITTEE_A1)
        adults = db.session.scalars(select(Person).where(Person.name.like("成人%"))).all()
        # Three group representatives; one of them also sits on the committee.
        for person in adults[:3]:
            db.session.add(
                Position(person=person, kind=REPRESENTATIVE, start_date=DAY, org_unit=unit)
            )
        db.session.add(Position(person=adults[0], kind=DIRECTOR, start_date=DAY, org_unit=unit))
        db.session.add(Position(person=adults[5], kind=MEMBER, start_date=DAY, org_unit=unit))
        db.session.commit()
    login(client, "street_a")
    expected = {
        # 7 adults (the committee members among them) + 2 party-branch members entered by hand.
        "all_residents": "全体18周岁以上居民 7 人 + 当然代表（未在前项计入者）2 人 = 9 人 (C4)",
        # 4 households + 2 committee members on record + 2 by hand.
        "households": "每户派代表1人 4 人 + 当然代表（未在前项计入者）4 人 = 8 人 (C4)",
        # 3 representatives + the member who is not one (the director is) + 2 by hand.
        "group_representatives": (
            "每个居民小组推选代表2至3人 3 人 + 当然代表（未在前项计入者）3 人 = 6 人 (C4)"
        ),
    }
    for form, explanation in expected.items():
        html = _create(client, _meeting_form(app, body_form=form, ex_officio_count=2))
        assert "保存失败" not in html, html
        html = _details(client, _meeting_ids(app)[-1])
        assert explanation in html, (form, re.findall(r"组成方式[^<]*", html))


def test_c4_bad_input_is_refused_with_a_chinese_message(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        _people(households=10)
    login(client, "street_a")
    cases = [
        (_meeting_form(app, present_count=11), "出席人数 11 超过应到人数 10"),
        (_meeting_form(app, eligible_count=30), "须说明原因"),
        (_meeting_form(app, body_form=""), "居民会议须选择组成方式"),
        (
            _meeting_form(app, eligible_count=30, eligible_reason="登记未完成", present_count=31),
            "出席人数 31 超过应到人数 30",
        ),
    ]
    for data, message in cases:
        html = _create(client, data)
        assert "保存失败" in html and message in html, message
    assert _meeting_ids(app) == []


# --- C5 quorum ----------------------------------------------------------------------


def test_c5_quorum_exactly_half_fails_and_half_plus_one_passes(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        _people(households=300)
    login(client, "street_a")
    _create(client, _meeting_form(app, present_count=150))
    _create(client, _meeting_form(app, present_count=151))
    half, more = _meeting_ids(app)
    html = _details(client, half)
    assert "未达到法定人数" in html
    assert "出席 150/300 = 50.0%，未超过 50%，未达到法定人数，会议表决无效 (C5)" in html
    html = _details(client, more)
    assert "出席 151/300 = 50.3% &gt; 50%，达到法定人数 (C5)" in html
    listing = client.get("/admin/meeting/").get_data(as_text=True)
    assert "150/300" in listing and "151/300" in listing
    assert "未达到" in listing and "达到" in listing
    assert "居民会议" in listing and "福州路居委会" in listing
    export = client.get("/admin/meeting/export/csv/").get_data(as_text=True)
    assert "未达到：出席 150/300 = 50.0%，未超过 50%" in export and "<span" not in export


# --- C6 resolutions ----------------------------------------------------------------


def _with_resolution(app: Flask, present: int, votes: tuple[int, int, int], **extra: Any) -> Any:
    data = _meeting_form(app, present_count=present, **extra)
    data.update(
        {
            "resolutions-0-text": "同意实施加装电梯实事项目",
            "resolutions-0-votes_for": str(votes[0]),
            "resolutions-0-votes_against": str(votes[1]),
            "resolutions-0-votes_abstain": str(votes[2]),
        }
    )
    return data


def test_c6_abstentions_count_against(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        _people(households=10)
    login(client, "street_a")
    _create(client, _with_resolution(app, 6, (3, 1, 2)))
    _create(client, _with_resolution(app, 6, (4, 0, 2)))
    tied, passed = _meeting_ids(app)
    html = _details(client, tied)
    assert (
        "赞成 3/6 = 50.0%，未超过出席人数的 50%（弃权和未投票视为不赞成），决议未通过 (C6)" in html
    )
    html = _details(client, passed)
    assert "赞成 4/6 = 66.7% &gt; 50%，决议通过 (C6)" in html
    notice = client.get(f"/admin/meeting/notice/?id={passed}").get_data(as_text=True)
    assert "同意实施加装电梯实事项目" in notice and "决议通过 (C6)" in notice


def test_c6_votes_above_attendance_refused_inline_and_on_later_edit(
    client: Any, app: Flask
) -> None:
    with app.app_context(), acting_as(SYSTEM):
        _people(households=10)
    login(client, "street_a")
    html = _create(client, _with_resolution(app, 6, (5, 1, 1)))
    assert "保存失败" in html and "超过出席人数 6 (C6)" in html
    assert _meeting_ids(app) == [] and _count(app, Resolution) == 0

    _create(client, _with_resolution(app, 6, (4, 1, 1)))
    (meeting_id,) = _meeting_ids(app)
    with app.app_context(), acting_as(SYSTEM):
        resolution_id = db.session.scalar(select(Resolution.id))
    form = client.get(f"/admin/meeting/edit/?id={meeting_id}").get_data(as_text=True)
    assert "同意实施加装电梯实事项目" in form and f'value="{resolution_id}"' in form
    # Lowering attendance below the votes already on record is refused too.
    edit = _with_resolution(app, 5, (4, 1, 1))
    edit["resolutions-0-id"] = str(resolution_id)
    response = client.post(
        f"/admin/meeting/edit/?id={meeting_id}", data=edit, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert "保存失败" in html and "超过出席人数 5 (C6)" in html
    # Adding a second resolution with too many votes on edit is refused as well.
    edit = _with_resolution(app, 6, (4, 1, 1))
    edit["resolutions-0-id"] = str(resolution_id)
    edit.update(
        {
            "resolutions-1-text": "第二项",
            "resolutions-1-votes_for": "7",
            "resolutions-1-votes_against": "0",
            "resolutions-1-votes_abstain": "0",
        }
    )
    html = client.post(
        f"/admin/meeting/edit/?id={meeting_id}", data=edit, follow_redirects=True
    ).get_data(as_text=True)
    assert "保存失败" in html and "超过出席人数 6 (C6)" in html
    with app.app_context(), acting_as(SYSTEM):
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting is not None and meeting.present_count == 6
        assert [r.votes_for for r in meeting.resolutions] == [4]


def test_c5_no_resolution_passes_without_quorum(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        _people(households=10)
    login(client, "street_a")
    _create(client, _with_resolution(app, 5, (5, 0, 0)))
    (meeting_id,) = _meeting_ids(app)
    html = _details(client, meeting_id)
    assert "未达到法定人数" in html
    assert "会议未达到法定人数，决议不能通过 (C5, C6)" in html
    assert "决议通过 (C6)" not in html


# --- C8 agenda items, C9 kinds ------------------------------------------------------


def test_c8_agenda_items_have_a_c8_kind(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        _people(households=10)
    login(client, "street_a")
    form = client.get("/admin/meeting/new/").get_data(as_text=True)
    for label in ["选举、罢免、补选居委会成员", "评议居委会成员", "撤销或改变居委会不适当的决定"]:
        assert label in form
    data = _meeting_form(app, present_count=6)
    data.update(
        {
            "agenda_items-0-number": "1",
            "agenda_items-0-kind": "plan",
            "agenda_items-0-title": "实事项目",
        }
    )
    html = _create(client, data)
    assert "保存失败" not in html
    (meeting_id,) = _meeting_ids(app)
    assert "决定发展规划、年度工作计划和实事项目" in _details(client, meeting_id)
    data["agenda_items-0-kind"] = "no_such_kind"
    _create(client, data)
    assert len(_meeting_ids(app)) == 1


def test_c9_meeting_kinds_include_a_plugin_kind(client: Any, app: Flask) -> None:
    state = app.extensions["juwei"]
    state.meeting_kinds = [*state.meeting_kinds, Kind("owners_meeting", "业主大会", "S2")]
    login(client, "street_a")
    form = client.get("/admin/meeting/new/").get_data(as_text=True)
    for label in [
        "居民会议",
        "居民代表会议",
        "听证会",
        "协调会",
        "评议会",
        "议题征询会",
        "民主恳谈会",
        "监督合议会",
        "联席会议",
        "居民小组会议",
        "业主大会",
    ]:
        assert f">{label}</option>" in form, label
    html = _create(
        client, _meeting_form(app, kind="owners_meeting", body_form="", present_count=40)
    )
    assert "保存失败" not in html
    listing = client.get("/admin/meeting/").get_data(as_text=True)
    assert "业主大会" in listing
    # The kind filter offers the kinds by name (those registered when the app was built).
    groups = json.loads(re.search(r'id="filter-groups-data"[^>]*>([^<]*)<', listing)[1])
    options = {tuple(option) for entry in groups["会议类型"] for option in entry["options"] or []}
    assert ("hearing", "听证会") in options and ("residents_meeting", "居民会议") in options
    _create(client, _meeting_form(app, kind="made_up", body_form=""))
    assert len(_meeting_ids(app)) == 1


def test_meeting_must_belong_to_a_committee_of_the_users_scope(client: Any, app: Flask) -> None:
    login(client, "street_a")
    form = client.get("/admin/meeting/new/").get_data(as_text=True)
    assert "福州路居委会" in form and "贵州路居委会" not in form
    html = _create(
        client,
        _meeting_form(
            app,
            org_unit=_committee_id(app, "310101013001"),
            body_form="",
            eligible_count=9,
            eligible_reason="x",
        ),
    )
    assert _meeting_ids(app) == []
    assert "贵州路居委会" not in html


# --- files -----------------------------------------------------------------------------


def _saved_meeting(client: Any, app: Flask) -> int:
    _create(client, _meeting_form(app, kind="hearing", body_form=""))
    return _meeting_ids(app)[-1]


def test_meeting_files_upload_download_delete(client: Any, app: Flask) -> None:
    login(client, "street_a")
    meeting_id = _saved_meeting(client, app)
    content = "会议记录扫描件".encode() * 100
    response = client.post(
        f"/admin/meeting/files/upload/?id={meeting_id}",
        data={"file": (io.BytesIO(content), "../会议记录 2025-03-08.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "已上传：会议记录 2025-03-08.pdf" in html
    with app.app_context(), acting_as(SYSTEM):
        record = db.session.scalar(select(MeetingFile))
        assert record is not None and record.size == len(content)
        assert record.content_type == "application/pdf"
        file_id, stored = record.id, record.stored_name
    assert stored not in html and ".." not in stored
    download = client.get(f"/admin/meeting/files/download/?file_id={file_id}")
    assert download.status_code == 200 and download.data == content
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition

    deleted = client.post(
        "/admin/meeting/files/delete/", data={"file_id": file_id}, follow_redirects=True
    )
    assert "已删除附件" in deleted.get_data(as_text=True)
    assert _count(app, MeetingFile) == 0
    assert client.get(f"/admin/meeting/files/download/?file_id={file_id}").status_code == 404
    assert _stored_files(app) == []

    # Deleting the meeting takes its files' bytes with it.
    client.post(
        f"/admin/meeting/files/upload/?id={meeting_id}",
        data={"file": (io.BytesIO(b"scan"), "scan.pdf")},
        content_type="multipart/form-data",
    )
    assert len(_stored_files(app)) == 1
    client.post("/admin/meeting/delete/", data={"id": meeting_id})
    assert _meeting_ids(app) == [] and _count(app, MeetingFile) == 0
    assert _stored_files(app) == []


def _stored_files(app: Flask) -> list[Path]:
    return [p for p in Path(app.config["JUWEI_STORAGE"]).rglob("*") if p.is_file()]


def test_meeting_file_too_large_or_empty_is_refused(client: Any, app: Flask) -> None:
    app.config["JUWEI_MAX_UPLOAD_BYTES"] = 2 * 1024 * 1024
    login(client, "street_a")
    meeting_id = _saved_meeting(client, app)
    for payload, message in [
        (b"x" * (2 * 1024 * 1024 + 1), "超过 2 MB 的上传限制"),
        (b"", "是空文件"),
    ]:
        response = client.post(
            f"/admin/meeting/files/upload/?id={meeting_id}",
            data={"file": (io.BytesIO(payload), "scan.pdf")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        assert message in response.get_data(as_text=True)
    assert _count(app, MeetingFile) == 0
    assert _stored_files(app) == []


def test_meeting_files_of_another_street_are_404(client: Any, app: Flask) -> None:
    login(client, "street_a")
    meeting_id = _saved_meeting(client, app)
    client.post(
        f"/admin/meeting/files/upload/?id={meeting_id}",
        data={"file": (io.BytesIO(b"secret"), "minutes.txt")},
        content_type="multipart/form-data",
    )
    with app.app_context(), acting_as(SYSTEM):
        file_id = db.session.scalar(select(MeetingFile.id))
    other = app.test_client()
    login(other, "street_b")
    assert other.get(f"/admin/meeting/files/download/?file_id={file_id}").status_code == 404
    assert other.post("/admin/meeting/files/delete/", data={"file_id": file_id}).status_code == 404
    upload = other.post(
        f"/admin/meeting/files/upload/?id={meeting_id}",
        data={"file": (io.BytesIO(b"x"), "x.txt")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 404
    assert other.get(f"/admin/meeting/details/?id={meeting_id}").status_code == 404
    assert other.get(f"/admin/meeting/notice/?id={meeting_id}").status_code == 404
    assert _count(app, MeetingFile) == 1
    # The auditor reads and downloads, never uploads or deletes.
    auditor = app.test_client()
    login(auditor, "auditor")
    assert auditor.get(f"/admin/meeting/files/download/?file_id={file_id}").status_code == 200
    assert (
        auditor.post("/admin/meeting/files/delete/", data={"file_id": file_id}).status_code == 403
    )
    assert _count(app, MeetingFile) == 1
