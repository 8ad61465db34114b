"""Decision 2: policy parameters, effective-dated and org-scoped, resolved by date and unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from core.extensions import db
from core.models import PolicyValue
from core.policy import InvalidParameterValue, ParameterSpec, ParamType, resolve, set_value
from core.rules.policy import Candidate, NoValueInForce, choose
from core.scoping import SYSTEM, acting_as
from tests.factories import COMMITTEE_A1, DISTRICT, STREET_A, login, unit_by_code

D = dt.date


def test_policy_resolution_most_specific_unit_wins_then_latest_date() -> None:
    candidates = [
        Candidate("1/2", D(2000, 1, 1), 0),
        Candidate("3/5", D(2024, 1, 1), 1, "310101000000", "黄浦区"),
        Candidate("2/3", D(2025, 7, 1), 2, "310101002000", "外滩街道"),
        Candidate("3/4", D(2026, 1, 1), 2, "310101002000", "外滩街道"),
    ]
    assert choose("k", candidates, D(2023, 12, 31)).value == "1/2"
    assert choose("k", candidates, D(2024, 1, 1)).value == "3/5"
    assert choose("k", candidates, D(2025, 7, 1)).value == "2/3"
    chosen = choose("k", candidates, D(2026, 3, 1))
    assert chosen.value == "3/4"
    assert chosen.explanation == "k = 3/4（外滩街道，自 2026-01-01 起）"


def test_policy_date_with_no_value_in_force_is_a_clear_error() -> None:
    with pytest.raises(NoValueInForce, match="在 1999-12-31 没有生效的取值"):
        choose("k", [Candidate("1", D(2000, 1, 1), 0)], D(1999, 12, 31))


@given(
    st.lists(
        st.tuples(st.dates(D(2000, 1, 1), D(2030, 1, 1)), st.integers(0, 3)), min_size=1, max_size=8
    ),
    st.dates(D(2000, 1, 1), D(2030, 1, 1)),
)
def test_policy_chosen_value_is_in_force_and_none_more_specific_is(
    rows: list[tuple[dt.date, int]], on: dt.date
) -> None:
    candidates = [Candidate(str(i), start, depth) for i, (start, depth) in enumerate(rows)]
    in_force = [c for c in candidates if c.effective_from <= on]
    if not in_force:
        with pytest.raises(NoValueInForce):
            choose("k", candidates, on)
        return
    chosen = choose("k", candidates, on).candidate
    assert chosen.effective_from <= on
    assert not any(c.depth > chosen.depth for c in in_force)
    assert not any(
        c.depth == chosen.depth and c.effective_from > chosen.effective_from for c in in_force
    )


def test_parameter_types_parse_exactly_and_refuse_bad_text() -> None:
    money = ParameterSpec("x.rate", "补贴", ParamType.DECIMAL, "300.00")
    assert money.parse("300.50") == Decimal("300.50")
    assert ParameterSpec("x.f", "比例", ParamType.FRACTION, "1/5").parse("4/5") == Fraction(4, 5)
    assert ParameterSpec("x.b", "含等号", ParamType.BOOLEAN, "true").parse("否") is False
    with pytest.raises(InvalidParameterValue, match="不是有效的数值"):
        money.parse("三百")
    with pytest.raises(InvalidParameterValue, match="不是有效的数值"):
        money.parse("NaN")


def test_resolve_reads_stored_values_by_unit_and_date(app: Flask) -> None:
    with app.app_context(), acting_as(SYSTEM):
        session = db.session
        district, street, committee = (unit_by_code(c) for c in (DISTRICT, STREET_A, COMMITTEE_A1))
        other_street = unit_by_code("310101013000")
        key = "core.opinion.reply_working_days"
        set_value(session, key, "20", D(2025, 1, 1), district, note="区规定")
        set_value(session, key, "10", D(2026, 1, 1), street, note="外滩街道加快")
        session.commit()
        assert resolve(session, key, D(2024, 6, 1), committee).value == 15  # shipped default
        assert resolve(session, key, D(2025, 6, 1), committee).value == 20  # district
        assert resolve(session, key, D(2026, 6, 1), committee).value == 10  # street
        assert resolve(session, key, D(2026, 6, 1), other_street).value == 20  # not A's value
        resolved = resolve(session, key, D(2026, 6, 1), committee)
        assert "外滩街道" in resolved.explanation and "2026-01-01" in resolved.explanation
        with pytest.raises(NoValueInForce):
            resolve(session, key, D(1999, 1, 1), committee)
        with pytest.raises(InvalidParameterValue):
            set_value(session, key, "0", D(2027, 1, 1), district)


def test_district_admin_edits_a_parameter_in_the_ui_and_it_is_audited(
    client: Any, app: Flask
) -> None:
    with app.app_context(), acting_as(SYSTEM):
        district_id = unit_by_code(DISTRICT).id
    login(client, "district")
    overview = client.get("/admin/policyoverview/").get_data(as_text=True)
    assert "群众意见答复期限（工作日）" in overview and "C14" in overview
    bad = client.post(
        "/admin/policyvalue/new/",
        data={
            "key": "core.opinion.reply_working_days",
            "value": "十五",
            "effective_from": "2027-01-01",
            "org_unit": str(district_id),
            "note": "x",
        },
        follow_redirects=True,
    )
    assert "不是有效的整数" in bad.get_data(as_text=True)
    good = client.post(
        "/admin/policyvalue/new/",
        data={
            "key": "core.opinion.reply_working_days",
            "value": "12",
            "effective_from": "2027-01-01",
            "org_unit": str(district_id),
            "note": "区务会",
        },
    )
    assert good.status_code == 302
    with app.app_context(), acting_as(SYSTEM):
        rows = db.session.query(PolicyValue).filter_by(key="core.opinion.reply_working_days").all()
        assert sorted(r.value for r in rows) == ["12", "15"]
        from core.models import AuditEntry

        entry = (
            db.session.query(AuditEntry)
            .filter_by(table_name="policy_value", actor="district", action="insert")
            .one()
        )
        assert entry.changes["value"] == [None, "12"]


def test_street_officer_cannot_edit_parameters(client: Any, app: Flask) -> None:
    login(client, "street_a")
    assert client.get("/admin/policyoverview/").status_code == 200
    assert client.get("/admin/policyvalue/new/").status_code == 302
    response = client.post(
        "/admin/policyvalue/new/",
        data={
            "key": "core.opinion.reply_working_days",
            "value": "1",
            "effective_from": "2027-01-01",
        },
    )
    assert response.status_code == 302
    with app.app_context(), acting_as(SYSTEM):
        values = db.session.scalars(
            select(PolicyValue.value).where(PolicyValue.key == "core.opinion.reply_working_days")
        ).all()
        assert values == ["15"]  # only the shipped default: nothing was written
