"""Visit records and visit coverage per group (rule J7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from core.extensions import db
from core.kinds import GROUP_LEADER, GROUP_MEMBER
from core.scoping import SYSTEM, acting_as
from plugins.jiayuguan_groups.models import Visit
from plugins.jiayuguan_groups.rules.coverage import coverage_share
from plugins.jiayuguan_groups.visits import coverage
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, login, unit_by_code
from tests.jiayuguan_groups.factories import hold, households, person

FIRST, LAST = dt.date(2024, 1, 1), dt.date(2024, 6, 30)


def test_j7_coverage_share_is_explained() -> None:
    result = coverage_share(18, 24)
    assert result.share == Decimal("75.0")
    assert result.explanation == "已走访 18/24 户 = 75.0% (J7)"
    assert coverage_share(1, 3).share == Decimal("33.3")
    assert coverage_share(2, 3).share == Decimal("66.7")  # half up
    assert coverage_share(6, 6).complete
    empty = coverage_share(0, 0, FIRST, LAST)
    assert empty.share is None and "无法计算覆盖率" in empty.explanation
    assert empty.explanation.startswith("2024-01-01—2024-06-30")
    with pytest.raises(ValueError):
        coverage_share(-1, 3)


def _visit(member: Any, household: Any, day: dt.date, kind: str = "full") -> None:
    db.session.add(Visit(member=member, household=household, visited_on=day, kind=kind))


def _seed(app: Flask) -> dict[str, int]:
    """A1 第一组 (6 households): 3 visited in the first half of 2024, one of them twice."""
    with app.app_context(), acting_as(SYSTEM):
        leader = person(COMMITTEE_A1, "张组长")
        hold(leader, GROUP_LEADER, dt.date(2021, 3, 1), None, "第一组")
        late = person(COMMITTEE_A1, "新组员")
        hold(late, GROUP_MEMBER, dt.date(2024, 5, 1), None, "第二组")
        outsider = person(COMMITTEE_A1, "普通居民")
        homes = households(COMMITTEE_A1)
        _visit(leader, homes[0], dt.date(2024, 2, 1))
        _visit(leader, homes[0], dt.date(2024, 3, 1), "key")
        _visit(leader, homes[1], dt.date(2024, 3, 2))
        _visit(leader, homes[4], dt.date(2024, 6, 30))
        _visit(leader, homes[5], dt.date(2024, 7, 1))  # after the period
        b1 = person(COMMITTEE_B1, "孙组长")
        hold(b1, GROUP_LEADER, dt.date(2021, 3, 1), None, "第一组")
        _visit(b1, households(COMMITTEE_B1)[0], dt.date(2024, 2, 1))
        db.session.commit()
        return {
            "leader": leader.id,
            "late": late.id,
            "outsider": outsider.id,
            "home": homes[2].id,
            "home_group2": homes[6].id,
            "a1": unit_by_code(COMMITTEE_A1).id,
        }


@pytest.fixture
def count_queries(jy_app: Flask) -> Iterator[list[str]]:
    """The SQL statements run while the test body runs."""
    statements: list[str] = []
    with jy_app.app_context():
        engine = db.engine

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine, "before_cursor_execute", record)


def test_j7_coverage_counts_households_once_in_a_few_queries(
    jy_app: Flask, count_queries: list[str]
) -> None:
    ids = _seed(jy_app)
    with jy_app.app_context(), acting_as(SYSTEM):
        count_queries.clear()
        rows = coverage(db.session, FIRST, LAST, [ids["a1"]])
        assert len(count_queries) <= 4
        first, second = rows
        assert first.group_name == "第一组"
        assert (first.coverage.visited, first.coverage.households) == (3, 6)
        assert first.coverage.share == Decimal("50.0")
        assert first.visits == 4 and first.key_visits == 1
        assert "已走访 3/6 户 = 50.0% (J7)" in first.coverage.explanation
        assert second.coverage.visited == 0 and second.coverage.share == Decimal("0.0")
        assert len(coverage(db.session, FIRST, LAST)) == 4  # both committees as system


def test_j7_coverage_page_is_scoped_and_defaults_to_this_half_year(
    jy_app: Flask, jy_client: FlaskClient
) -> None:
    _seed(jy_app)
    login(jy_client, "committee_a1")
    html = jy_client.get(f"/admin/jiayuguan/coverage/?first={FIRST}&last={LAST}").get_data(
        as_text=True
    )
    assert "已走访 3/6 户 = 50.0% (J7)" in html
    assert "贵州路居委会" not in html
    html = jy_client.get("/admin/jiayuguan/coverage/").get_data(as_text=True)
    assert "已走访 0/6 户 = 0.0% (J7)" in html  # this half-year: no visits yet
    assert jy_client.get("/admin/jiayuguan/coverage/?first=x&last=2024-01-01").status_code == 200


def test_j7_visit_record_with_findings_and_follow_up(jy_app: Flask, jy_client: FlaskClient) -> None:
    ids = _seed(jy_app)
    login(jy_client, "committee_a1")
    form = jy_client.get("/admin/jiayuguan/visit/new/").get_data(as_text=True)
    assert "张组长" in form and "新组员" in form
    assert "普通居民" not in form and "孙组长" not in form
    assert "全覆盖走访" in form and "重点走访" in form
    data = {
        "member": ids["leader"],
        "household": ids["home"],
        "visited_on": "2024-04-02",
        "kind": "key",
        "people": "独居老人一名",
        "places": "楼道",
        "things": "楼道堆放杂物，有火灾隐患",
        "events": "邻里噪音纠纷",
        "organisations": "物业公司",
        "follow_up": "通知物业清理",
        "followed_up_on": "2024-04-05",
    }
    jy_client.post("/admin/jiayuguan/visit/new/", data=data, follow_redirects=True)
    with jy_app.app_context(), acting_as(SYSTEM):
        visit = db.session.scalar(select(Visit).where(Visit.people == "独居老人一名"))
        assert visit is not None and visit.kind == "key" and visit.things.startswith("楼道")
        assert visit.org_unit_id == ids["a1"]
    details = jy_client.get(f"/admin/jiayuguan/visit/details/?id={visit.id}").get_data(as_text=True)
    assert "重点走访" in details and "物业公司" in details
    # Follow-up before the visit, and a visitor not yet a group member, are refused.
    html = jy_client.post(
        "/admin/jiayuguan/visit/new/",
        data={**data, "people": "x", "followed_up_on": "2024-04-01"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "跟进日期不能早于走访日期" in html
    html = jy_client.post(
        "/admin/jiayuguan/visit/new/",
        data={**data, "people": "y", "member": ids["late"], "household": ids["home_group2"]},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "2024-04-02 不是居民小组成员" in html
    with jy_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count()).select_from(Visit)) == 7
