"""The station's post pay (B6) and the renewal recommendation from appraisals (B5, B8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from flask import Flask

from core import policy
from core.extensions import db
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.models import Agreement, Applicant, Appraisal, PostAssignment
from plugins.beijing_workstation.parameters import pay_key
from plugins.beijing_workstation.rules.pay import month_pay
from plugins.beijing_workstation.rules.renewal import recommend
from plugins.beijing_workstation.station import pay_table, renewal_for
from tests.beijing_workstation.conftest import A1
from tests.beijing_workstation.factories import id_number, named, posting
from tests.factories import unit_by_code


def test_b6_month_pay_rule_full_part_and_empty_months() -> None:
    full = month_pay(
        "社工专干", 3, Decimal("4500.00"), dt.date(2026, 2, 1), dt.date(2025, 1, 1), None
    )
    assert (full.amount, full.explanation) == (
        Decimal("4500.00"),
        "社工专干 3档 4500.00 元/月 (B6)",
    )
    part = month_pay(
        "社工专干", 1, Decimal("5600.00"), dt.date(2026, 1, 1), dt.date(2026, 1, 17), None
    )
    assert part.amount == Decimal("2709.68") and (part.days, part.month_days) == (15, 31)
    assert "× 15/31 天" in part.explanation and "按日历日折算" in part.explanation
    left = month_pay(
        "社工主任", 2, Decimal("6200.00"), dt.date(2026, 2, 1), dt.date(2025, 1, 1),
        dt.date(2026, 2, 14),
    )  # fmt: skip
    assert left.amount == Decimal("3100.00")
    none = month_pay("社工专干", 3, Decimal("4500"), dt.date(2026, 2, 1), dt.date(2026, 3, 1), None)
    assert none.amount == Decimal("0.00")


def test_b8_renewal_recommendation_rule() -> None:
    assert recommend([]).code == "unknown"
    assert recommend(["称职", "优秀", "基本称职"]).label == "可以续聘"
    careful = recommend(["称职", "基本称职", "基本称职"])
    assert careful.label == "慎重续聘"
    assert careful.explanation.startswith("聘期内考核 3 次：称职 1 次、基本称职 2 次")
    refused = recommend(["优秀", "不称职"], penalties=1)
    assert refused.label == "不予续聘" and "受处罚 1 次" in refused.explanation
    assert refused.explanation.endswith("(B8)")
    with pytest.raises(ValueError, match="B8"):
        recommend(["良好"])


def test_b6_pay_table_follows_the_parameter_in_force_on_the_first_of_the_month(
    bj_app: Flask,
) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        unit = unit_by_code(A1)
        db.session.add_all(
            [
                PostAssignment(org_unit=unit, person=named(A1, "居民7"), post="worker", grade=3,
                               start_date=dt.date(2025, 1, 1)),
                PostAssignment(org_unit=unit, person=named(A1, "居民8"), post="worker", grade=1,
                               start_date=dt.date(2026, 1, 17)),
            ]
        )  # fmt: skip
        policy.set_value(db.session, pay_key("worker", 3), "4800.00", dt.date(2026, 2, 1))
        policy.set_value(db.session, pay_key("worker", 1), "6000.00", dt.date(2026, 2, 15))
        db.session.commit()

        january = pay_table(db.session, unit, dt.date(2026, 1, 20))
        assert [line.pay.amount for line in january.lines if line.pay] == [
            Decimal("2709.68"),
            Decimal("4500.00"),
        ]
        assert january.total == Decimal("7209.68") and "合计 7209.68 元" in january.explanation
        february = pay_table(db.session, unit, dt.date(2026, 2, 1))
        by_name = {line.name: line for line in february.lines}
        assert by_name["001居民7"].explanation == "社工专干 3档 4800.00 元/月 (B6)"
        # Changed on 2026-02-15: February is still paid at the rate of 2026-02-01.
        assert by_name["001居民8"].pay is not None
        assert by_name["001居民8"].pay.amount == Decimal("5600.00")
        assert pay_table(db.session, unit, dt.date(2026, 3, 1)).total == Decimal("10800.00")


def test_b5_b8_renewal_rests_on_the_appraisals_of_the_agreement_ending_soonest(
    bj_app: Flask,
) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        worker = named(A1, "居民8")
        job = posting(A1, notice_from=dt.date(2026, 4, 1), notice_until=dt.date(2026, 4, 10))
        applicant = Applicant(
            posting=job, name=worker.name, id_number=id_number(dt.date(1990, 5, 1)),
            applied_on=dt.date(2026, 3, 5), sex="",
        )  # fmt: skip
        db.session.add(applicant)
        db.session.flush()
        db.session.add(
            Agreement(
                applicant=applicant, person=worker, signed_on=dt.date(2026, 4, 13),
                start_date=dt.date(2026, 4, 13), end_date=dt.date(2029, 4, 12), post="worker",
                grade=3, monthly_pay=Decimal("4500.00"),
            )
        )  # fmt: skip
        unit = unit_by_code(A1)
        for day, grade in (
            (dt.date(2025, 12, 20), "不称职"),  # before the agreement: not counted
            (dt.date(2026, 12, 20), "基本称职"),
            (dt.date(2027, 6, 20), "基本称职"),
        ):
            db.session.add(
                Appraisal(org_unit=unit, person=worker, year=day.year, half=1 + (day.month > 6),
                          appraised_on=day, grade=grade, penalties="")
            )  # fmt: skip
        db.session.commit()

        result = renewal_for(db.session, worker.id, dt.date(2028, 1, 1))
        assert result.agreement is not None and len(result.appraisals) == 2
        assert result.recommendation.label == "慎重续聘"
        assert result.basis.startswith("聘用协议 2026-04-13 至 2029-04-12")
        # Without an agreement every appraisal counts.
        other = renewal_for(db.session, named(A1, "居民7").id, dt.date(2028, 1, 1))
        assert other.recommendation.code == "unknown" and "没有聘用协议" in other.basis
