"""Convening the residents' meeting (rule C7): proposals and the half-yearly duty.

以上 (≥) and 超过 (>) differ exactly at the share: 20 households of 100 is
enough with the national default (≥), not with the Huangpu wording (>).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from sqlalchemy import select

from core import policy
from core.convening import convening_overview
from core.extensions import db
from core.meetings import convening_status
from core.models import ConveningProposal, Household, Meeting, OrgUnit, Person, ResidentGroup
from core.rules.meetings import add_months
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, login, unit_by_code

RECEIVED = dt.date(2025, 3, 8)


def _households(n: int) -> list[int]:
    unit = unit_by_code(COMMITTEE_A1)
    rows = [Household(number=f"H{i:04d}", org_unit=unit) for i in range(n)]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


def _exclusive(from_day: dt.date = dt.date(2020, 1, 1)) -> None:
    """The street of committee A1 chooses 超过 (>), as Huangpu's text says."""
    policy.set_value(
        db.session, "core.convening.inclusive", "false", from_day, unit_by_code("310101002000")
    )
    db.session.commit()


def _propose(client: Any, app: Flask, kind: str, field: str, ids: list[int], **extra: Any) -> str:
    with app.app_context(), acting_as(SYSTEM):
        committee = unit_by_code(COMMITTEE_A1).id
    data = {
        "org_unit": str(committee),
        "received_on": RECEIVED.isoformat(),
        "proposer_kind": kind,
        field: ",".join(str(i) for i in ids),
        "subject": "讨论加装电梯",
        "total_count": "",
        "total_reason": "",
    }
    data.update({k: str(v) for k, v in extra.items()})
    response = client.post("/admin/conveningproposal/new/", data=data, follow_redirects=True)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def _listing(client: Any) -> str:
    return str(client.get("/admin/conveningproposal/").get_data(as_text=True))


def test_c7_households_at_exactly_one_fifth_inclusive_passes(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        ids = _households(100)
    login(client, "street_a")
    html = _propose(client, app, "households", "households", ids[:20])
    assert "保存失败" not in html, html
    listing = _listing(client)
    assert "提议户 20/100 = 20.0% ≥ 1/5，达到法定提议户数 (C7)" in listing
    assert "应召开" in listing
    assert "户总数 100（按 2025-03-08 的登记信息）" in listing
    export = client.get("/admin/conveningproposal/export/csv/").get_data(as_text=True)
    assert "提议户 20/100 = 20.0% ≥ 1/5" in export and "<span" not in export


def test_c7_households_at_exactly_one_fifth_exclusive_fails(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        ids = _households(100)
        _exclusive()
    login(client, "street_a")
    _propose(client, app, "households", "households", ids[:20])
    _propose(client, app, "households", "households", ids[:21])
    listing = _listing(client)
    assert "提议户 20/100 = 20.0%，未超过 1/5，未达到法定提议户数 (C7)" in listing
    assert "提议户 21/100 = 21.0% &gt; 1/5，达到法定提议户数 (C7)" in listing


def test_c7_groups_at_exactly_one_third(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        groups = [
            ResidentGroup(name=f"第{i}居民小组", number=i, org_unit=unit) for i in range(1, 5)
        ]
        # A group dissolved before the proposal no longer counts: 3 groups, not 4.
        groups[3].dissolved_on = dt.date(2024, 12, 31)
        db.session.add_all(groups)
        db.session.commit()
        first = groups[0].id
    login(client, "street_a")
    _propose(client, app, "resident_groups", "resident_groups", [first])
    listing = _listing(client)
    assert "提议居民小组 1/3 = 33.3% ≥ 1/3，达到法定提议小组数 (C7)" in listing
    with app.app_context(), acting_as(SYSTEM):
        _exclusive()
    listing = _listing(client)
    assert "提议居民小组 1/3 = 33.3%，未超过 1/3，未达到法定提议小组数 (C7)" in listing


def test_c7_residents_counted_on_the_day_and_minors_refused(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        adults = [
            Person(name=f"居民{i}", sex="male", birth_date=dt.date(1960, 1, 1), org_unit=unit)
            for i in range(9)
        ]
        # Turns 18 on the very day the proposal is received: counts (C3).
        adults.append(
            Person(name="刚满十八", sex="female", birth_date=dt.date(2007, 3, 8), org_unit=unit)
        )
        minor = Person(name="未成年", sex="female", birth_date=dt.date(2007, 3, 9), org_unit=unit)
        db.session.add_all([*adults, minor])
        db.session.commit()
        adult_ids, minor_id = [p.id for p in adults], minor.id
    login(client, "street_a")
    html = _propose(client, app, "residents", "persons", [adult_ids[0], minor_id])
    assert "保存失败" in html and "未满18周岁" in html
    html = _propose(client, app, "residents", "persons", [adult_ids[-1], adult_ids[0]])
    assert "保存失败" not in html
    assert "提议居民 2/10 = 20.0% ≥ 1/5，达到法定提议人数 (C7)" in _listing(client)


def test_c7_total_by_hand_needs_a_reason_and_kinds_are_not_mixed(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        ids = _households(10)
        person = Person(
            name="居民",
            sex="male",
            birth_date=dt.date(1960, 1, 1),
            org_unit=unit_by_code(COMMITTEE_A1),
        )
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    login(client, "street_a")
    html = _propose(client, app, "households", "households", ids[:3], total_count=40)
    assert "保存失败" in html and "须说明原因" in html
    html = _propose(
        client,
        app,
        "households",
        "households",
        ids[:3],
        persons=person_id,
        total_count=40,
        total_reason="x",
    )
    assert "保存失败" in html and "请只选择" in html
    with app.app_context(), acting_as(SYSTEM):
        assert db.session.scalars(select(ConveningProposal)).all() == []
    html = _propose(
        client,
        app,
        "households",
        "households",
        ids[:3],
        total_count=40,
        total_reason="户籍信息尚未录入完整",
    )
    assert "保存失败" not in html
    listing = _listing(client)
    assert "提议户 3/40 = 7.5% &lt; 1/5，未达到法定提议户数 (C7)" in listing
    assert "手工填写：户籍信息尚未录入完整" in listing


def test_c7_overdue_after_six_months_and_one_day(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        last = dt.date(2025, 1, 31)
        db.session.add(
            Meeting(
                kind="residents_meeting",
                title="上半年居民会议",
                held_on=last,
                body_form="households",
                org_unit=unit,
            )
        )
        db.session.commit()
        committees = list(
            db.session.scalars(
                select(OrgUnit).where(OrgUnit.kind == "committee").order_by(OrgUnit.code)
            )
        )
        due = add_months(last, 6)
        assert due == dt.date(2025, 7, 31)
        for on, overdue in [(due, False), (due + dt.timedelta(days=1), True)]:
            rows = dict(convening_overview(db.session, committees, on))
            assert rows[unit].overdue is overdue
            # The batched overview says what convening_status says, committee by committee.
            for committee, verdict in rows.items():
                assert verdict == convening_status(db.session, committee.id, on)
        late = dict(convening_overview(db.session, committees, due + dt.timedelta(days=1)))
        assert "至 2025-08-01 已逾期 (C7)" in late[unit].explanation


def test_c7_status_page_flags_overdue_committees_in_red(client: Any, app: Flask) -> None:
    today = dt.date.today()
    with app.app_context(), acting_as(SYSTEM):
        db.session.add(
            Meeting(
                kind="residents_meeting",
                title="居民会议",
                held_on=add_months(today, -6),
                body_form="households",
                org_unit=unit_by_code(COMMITTEE_A1),
            )
        )
        db.session.commit()
    login(client, "street_a")
    html = client.get("/admin/conveningstatus/").get_data(as_text=True)
    rows = {
        name: row
        for row in html.split("<tr")[1:]
        for name in ("福州路居委会", "金陵东路居委会")
        if name in row
    }
    assert "table-danger" not in rows["福州路居委会"] and "尚未逾期" in rows["福州路居委会"]
    assert "table-danger" in rows["金陵东路居委会"] and "没有居民会议记录" in rows["金陵东路居委会"]
    assert "贵州路居委会" not in html
    only = client.get("/admin/conveningstatus/?overdue=1").get_data(as_text=True)
    assert "金陵东路居委会" in only and "福州路居委会" not in only.split("<tbody>")[1]


def test_c7_edit_form_shows_the_proposers_and_lookups_are_scoped(client: Any, app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        ids = _households(5)
        db.session.add(
            Person(
                name="南京东路居民",
                sex="male",
                birth_date=dt.date(1960, 1, 1),
                org_unit=unit_by_code("310101013001"),
            )
        )
        db.session.commit()
    login(client, "street_a")
    _propose(client, app, "households", "households", ids[:2])
    with app.app_context(), acting_as(SYSTEM):
        proposal_id = db.session.scalar(select(ConveningProposal.id))
    edit = client.get(f"/admin/conveningproposal/edit/?id={proposal_id}").get_data(as_text=True)
    assert "H0000" in edit and "H0001" in edit and "H0002" not in edit
    details = client.get(f"/admin/conveningproposal/details/?id={proposal_id}")
    assert "H0000" in details.get_data(as_text=True)
    lookup = client.get("/admin/conveningproposal/ajax/lookup/?name=persons&query=居民")
    assert lookup.status_code == 200 and lookup.get_json() == []
    lookup = client.get("/admin/conveningproposal/ajax/lookup/?name=households&query=H000")
    assert [label for _id, label in lookup.get_json()][:2] == [
        "H0000（福州路居委会）",
        "H0001（福州路居委会）",
    ]
