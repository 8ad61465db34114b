"""The committees page and a committee's overview, with plugin panels (C2, C7, C12, C14)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask

from core.extensions import db
from core.kinds import DIRECTOR, MEMBER, RESIDENTS_MEETING, SUPERVISION_MEMBER
from core.migrate import upgrade_all
from core.models import Meeting, Opinion, Person, Position
from core.scoping import SYSTEM, acting_as
from tests.conftest import dispose, make_app
from tests.factories import load_tree, login, unit_by_code

A1 = "310101002001"


def _person(unit: Any, name: str, born: dt.date = dt.date(1970, 5, 1)) -> Person:
    person = Person(org_unit=unit, name=name, sex="female", birth_date=born)
    db.session.add(person)
    return person


def _seed(app: Flask) -> int:
    with app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(A1)
        today = dt.date.today()
        start = today - dt.timedelta(days=400)
        db.session.add(
            Position(person=_person(unit, "王主任"), kind=DIRECTOR, org_unit=unit, start_date=start)
        )
        for index in range(3):
            db.session.add(
                Position(
                    person=_person(unit, f"委员{index}"),
                    kind=MEMBER,
                    org_unit=unit,
                    start_date=start,
                )
            )
        db.session.add(
            Position(
                person=_person(unit, "监督员"),
                kind=SUPERVISION_MEMBER,
                org_unit=unit,
                start_date=start,
            )
        )
        db.session.add(
            Meeting(
                org_unit=unit,
                kind=RESIDENTS_MEETING,
                title="年度居民会议",
                held_on=today - dt.timedelta(days=300),
                eligible_count=100,
                eligible_reason="人员信息尚未录入完整",
                present_count=60,
            )
        )
        opinion = Opinion(
            org_unit=unit, received_on=dt.date(2026, 3, 2), channel="visit", content="楼道灯坏了"
        )
        db.session.add(opinion)
        db.session.commit()
        return int(unit.id)


def test_c2_c7_c12_overview_shows_members_convening_supervision(app: Flask, client: Any) -> None:
    committee_id = _seed(app)
    login(client, "street_a")
    html = client.get(f"/admin/committee/{committee_id}").get_data(as_text=True)
    assert "王主任" in html and "委员2" in html
    # Four people: fewer than five is a warning (C2), one supervisor is unusual (C12).
    assert "成员不足 5 人，现有 4 人" in html
    assert "居务监督小组 1 人" in html
    # The last residents' meeting is 300 days ago: more than half a year (C7).
    assert "已逾期 (C7)" in html
    assert "逾期未答复 1 件" in html


def test_c7_committee_list_flags_overdue_and_counts_opinions(app: Flask, client: Any) -> None:
    _seed(app)
    login(client, "street_a")
    html = client.get("/admin/committee/").get_data(as_text=True)
    assert "310101002001" in html and "310101002002" in html
    assert "没有居民会议记录" in html  # committees without any meeting are overdue too
    assert "310101013001" not in html  # another street's committees are not listed


def test_overview_shows_plugin_panels(db_url: str, tmp_path: Any) -> None:
    first = make_app(db_url, tmp_path)
    with first.app_context(), acting_as(SYSTEM):
        upgrade_all(first)
        load_tree()
    result = first.test_cli_runner().invoke(args=["plugins", "install", "sample_plugin"])
    assert result.exit_code == 0, result.output
    dispose(first)
    app = make_app(db_url, tmp_path)
    committee_id = _seed(app)
    client = app.test_client()
    login(client, "committee_a1")
    html = client.get(f"/admin/committee/{committee_id}").get_data(as_text=True)
    assert 'data-plugin="tests.sample_plugin.plugin"' in html or "示例插件" in html
    assert "示例便签 0 条" in html
    dispose(app)


def test_overview_of_another_streets_committee_is_404(app: Flask, client: Any) -> None:
    committee_id = _seed(app)
    login(client, "street_b")
    assert client.get(f"/admin/committee/{committee_id}").status_code == 404
    with app.app_context():
        street = unit_by_code("310101002000")
        assert client.get(f"/admin/committee/{street.id}").status_code == 404
