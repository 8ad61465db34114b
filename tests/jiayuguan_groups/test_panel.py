"""The committee panel: groups and flags (J2), this month's subsidies (J4), visits (J7)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core.admin.structure import today
from core.extensions import db
from core.kinds import GROUP_LEADER, GROUP_MEMBER
from core.scoping import SYSTEM, acting_as
from plugins.jiayuguan_groups import payroll
from plugins.jiayuguan_groups.models import Visit
from plugins.jiayuguan_groups.rules.schedule import half_year_of
from tests.factories import COMMITTEE_A1, COMMITTEE_B1, login, unit_by_code
from tests.jiayuguan_groups.factories import hold, households, person

TERM_2 = dt.date(2026, 1, 1)


def _seed(app: Flask) -> int:
    """A1 第一组: a paid leader (not employed) and an employed member; one visit this half."""
    with app.app_context(), acting_as(SYSTEM):
        leader = person(COMMITTEE_A1, "张组长")
        hold(leader, GROUP_LEADER, TERM_2, None, "第一组")
        hold(person(COMMITTEE_A1, "李在职", employed=True), GROUP_MEMBER, TERM_2, None, "第一组")
        db.session.add(
            Visit(
                member=leader,
                household=households(COMMITTEE_A1)[0],
                visited_on=half_year_of(today()).first,
                kind="full",
            )
        )
        hold(person(COMMITTEE_B1, "孙组长"), GROUP_LEADER, TERM_2, None, "第一组")
        db.session.commit()
        return unit_by_code(COMMITTEE_A1).id


def test_j2_j4_j7_committee_panel_shows_groups_subsidies_and_coverage(
    jy_app: Flask, jy_client: FlaskClient
) -> None:
    a1 = _seed(jy_app)
    login(jy_client, "committee_a1")
    html = jy_client.get(f"/admin/committee/{a1}").get_data(as_text=True)
    panel = html[html.index('data-plugin="jiayuguan_groups"') :]
    assert "居民小组（嘉峪关）" in panel
    assert "2 人（组长 张组长）" in panel
    assert "少于 3 人 (J2)" in panel and "未设组长 (J2)" in panel  # 第二组 is empty
    assert "已走访 1/12 户 = 8.3% (J7)" in panel
    assert "16.7%" in panel  # 第一组: 1 of its 6 households
    # The leader is paid 300 (first year); the employed member nothing (J4).
    assert "<strong>300.00</strong> 元，1 人领取" in panel
    assert "孙组长" not in panel


def test_j4_panel_says_when_the_payroll_is_not_computed(
    jy_app: Flask, jy_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    a1 = _seed(jy_app)

    def not_yet(*_args: object, **_kwargs: object) -> payroll.Payroll:
        raise NotImplementedError

    monkeypatch.setattr(payroll, "payroll", not_yet)
    login(jy_client, "committee_a1")
    html = jy_client.get(f"/admin/committee/{a1}").get_data(as_text=True)
    panel = html[html.index('data-plugin="jiayuguan_groups"') :]
    assert "本月工作补贴：" in panel and "尚未计算" in panel
    assert "已走访 1/12 户" in panel


def test_j3_director_is_the_party_secretary_or_flagged(jy_app: Flask) -> None:
    from plugins.jiayuguan_groups.panel import director_remark
    from plugins.jiayuguan_groups.rules.director import director_note

    assert director_note(None, False) == "暂无居委会主任；主任应经选举由社区党组织书记兼任 (J3)"
    assert director_note("王芳", True) == "居委会主任王芳（党员），由社区党组织书记兼任 (J3)"
    with jy_app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(COMMITTEE_A1)
        day = dt.date(2026, 3, 1)
        assert director_remark(unit.id, day) == (director_note(None, False), False)
        director = person(COMMITTEE_A1, "李主任")
        hold(director, "committee.director", dt.date(2026, 1, 1))
        db.session.commit()
        assert director_remark(unit.id, day) == (
            "居委会主任李主任不是党员，不能兼任社区党组织书记 (J3)",
            False,
        )
        director.party_member = True
        db.session.commit()
        assert director_remark(unit.id, day)[1] is True
