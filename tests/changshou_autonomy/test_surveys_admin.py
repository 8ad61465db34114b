"""Surveys and the service-ability assessment page (S7)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.models import Survey
from tests.changshou_autonomy.conftest import A1, A2
from tests.factories import login, unit_by_code

P = "/admin/changshou"


def _survey(committee: str, kind: str, respondents: int, first: int, second: int) -> None:
    db.session.add(
        Survey(
            org_unit=unit_by_code(committee),
            year=2026,
            kind=kind,
            held_on=dt.date(2026, 6, 1),
            respondents=respondents,
            first=first,
            second=second,
        )
    )


def test_s7_survey_figures_per_committee_and_refused_counts(
    cs_app: Flask, cs_client: FlaskClient
) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        _survey(A1, "satisfaction", 60, 40, 10)
        _survey(A1, "satisfaction", 40, 20, 20)  # pooled: 100 asked, 60 + 30
        _survey(A1, "awareness", 100, 50, 20)
        _survey(A2, "satisfaction", 50, 25, 20)
        db.session.commit()
        a1_id = unit_by_code(A1).id

    login(cs_client, "street_a")
    page = cs_client.get(f"{P}/ability/?year=2026").get_data(as_text=True)
    # Satisfaction (60+30)/100 = 90.0%; awareness (50+20×0.5)/100 = 60.0%;
    # ability 90.0 × 60% + 60.0 × 40% = 78.0 (S7).
    assert "100 / 60 / 30" in page and "90.0%" in page and "60.0%" in page
    assert "<strong>78.0</strong>" in page
    assert "满意度 (60+30)/100 = 90.0%" in page
    assert "尚无社情民意知晓度调查，无法评估服务能力 (S7)" in page  # A2
    assert "权重：满意度 0.60，知晓度 0.40" in page
    assert cs_client.get(f"{P}/surveys/").status_code == 200

    cs_client.post("/logout")
    login(cs_client, "committee_a1")
    page = cs_client.get(f"{P}/ability/?year=2026").get_data(as_text=True)
    assert "福州路居委会" in page and "金陵东路居委会" not in page
    listing = cs_client.get(f"{P}/surveys/").get_data(as_text=True)
    assert listing.count("<td") > 0 and "金陵东路居委会" not in listing
    response = cs_client.post(
        f"{P}/surveys/new/",
        data={
            "org_unit": str(a1_id),
            "year": "2026",
            "kind": "awareness",
            "held_on": "2026-07-01",
            "respondents": "30",
            "first": "20",
            "second": "15",
        },
    )
    assert "保存失败：20 + 15 人多于受访人数 30 人 (S7)" in response.get_data(as_text=True)
    with cs_app.app_context(), acting_as(SYSTEM):
        assert db.session.scalar(select(func.count(Survey.id))) == 4
