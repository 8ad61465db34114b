"""Deciding the awards of a fund year on both databases (rule S4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import event, select

from core.extensions import db
from core.models import AuditEntry
from core.scoping import SYSTEM, acting_as
from plugins.changshou_autonomy.awards import (
    decide,
    fund_summary,
    missing_applications,
    ranking,
)
from plugins.changshou_autonomy.fund import balance
from plugins.changshou_autonomy.models import Award, FundAdjustment, FundYear, Payment
from tests.changshou_autonomy.conftest import A1, A2
from tests.changshou_autonomy.factories import application, assess, fund_year

DECIDED_ON = dt.date(2026, 6, 10)


def seed_year(budget: str = "32000.00", score_last: bool = True) -> FundYear:
    """Street A's 2026 fund: 92 → 100% of 10000, 85 → 80% of 20000, 72 → 60% of 10000, 55 → 0.

    All four are A1's; A2 only has a draft, so it is flagged for not applying. Everything scored
    the same on each criterion gives ten times that score.
    """
    fund = fund_year(budget=budget)
    plans = [
        (A1, "楼道微更新", "20000.00", ("8.5", "8.5"), dt.date(2026, 5, 2)),
        (A1, "睦邻点建设", "10000.00", ("9.0", "9.4"), dt.date(2026, 5, 3)),
        (A1, "议事厅制度", "10000.00", ("7.2",), dt.date(2026, 5, 4)),
        (A1, "花园认养", "5000.00", ("5.5",), dt.date(2026, 5, 5)),
    ]
    for index, (unit, title, amount, given, day) in enumerate(plans):
        app = application(unit, fund, title, [("费用", amount)], submitted_on=day)
        if index == len(plans) - 1 and not score_last:
            continue
        for n, score in enumerate(given):
            assess(app, f"评估人{n + 1}", [score] * 4)
    application(A2, fund, "草稿项目", submitted_on=None)
    db.session.commit()
    return fund


@contextmanager
def count_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_s4_decide_end_to_end(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = seed_year(score_last=False)
        with pytest.raises(ValueError, match=r"尚未评分：.*“花园认养”"):
            decide(db.session, fund, DECIDED_ON)
        db.session.rollback()
        last = next(a for a in fund.applications if a.title == "花园认养")
        assess(last, "评估人1", ["5.5"] * 4)
        db.session.commit()

        would_be = ranking(db.session, fund)
        assert [r.application.title for r in would_be] == [
            "睦邻点建设", "楼道微更新", "议事厅制度", "花园认养"
        ]  # fmt: skip
        assert [r.score.value for r in would_be] == [
            Decimal(v) for v in ("92.0", "85.0", "72.0", "55.0")
        ]
        assert not any(r.decided for r in would_be)
        assert would_be[0].score.explanation == "评估人 2 名：90.0、94.0，平均 92.0 (S4)"
        assert [r.amount for r in would_be] == [
            Decimal(v) for v in ("10000.00", "16000.00", "6000.00", "0.00")
        ]

        awards = decide(db.session, fund, DECIDED_ON)
        db.session.commit()
        assert [a.rank for a in awards] == [1, 2, 3, 4]
        assert [a.amount for a in awards] == [Decimal(v) for v in ("10000", "16000", "6000", "0")]
        assert balance(db.session, fund) == Decimal("0.00")  # ran out exactly at the last eligible
        assert "资金恰好用完" in awards[2].explanation and awards[2].explanation.startswith(
            "评估人 1 名"
        )
        assert "未达最低档 60 分" in awards[3].explanation
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "changshou_autonomy_award")
        ).all()
        assert len(entries) == 4 and {e.action for e in entries} == {"insert"}
        assert all(r.decided for r in ranking(db.session, fund))

        # More money: deciding again replaces the awards in place (updates, audited).
        db.session.add(
            FundAdjustment(
                fund_year=fund, made_on=DECIDED_ON, amount=Decimal("1000.00"), reason="追加"
            )
        )
        db.session.commit()
        again = decide(db.session, fund, DECIDED_ON + dt.timedelta(days=1))
        db.session.commit()
        assert [a.id for a in again] == [a.id for a in awards]
        assert len(db.session.scalars(select(Award)).all()) == 4
        updates = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "changshou_autonomy_award", AuditEntry.action == "update"
            )
        ).all()
        assert len(updates) == 4  # every award's decided_on changed; the amounts where they did
        assert balance(db.session, fund) == Decimal("1000.00")
        summary = fund_summary(db.session, fund)
        assert (summary.budget, summary.adjusted, summary.awarded, summary.balance) == (
            Decimal("32000.00"), Decimal("1000.00"), Decimal("32000.00"), Decimal("1000.00")
        )  # fmt: skip
        assert (
            summary.explanation
            == "预算 32000.00 + 调整 1000.00 − 已资助 32000.00 = 余额 1000.00 (S4)"
        )
        per = {c.code: (c.applications, c.requested, c.awarded) for c in summary.committees}
        assert per == {
            A1: (4, Decimal("45000.00"), Decimal("32000.00")),
            A2: (0, Decimal("0.00"), Decimal("0.00")),
        }
        assert [u.code for u in missing_applications(db.session, fund)] == [A2]

        # Once paid, the decision is final.
        db.session.add(
            Payment(award=awards[0], paid_on=dt.date(2026, 7, 1), amount=Decimal("5000"))
        )
        db.session.commit()
        assert fund_summary(db.session, fund).paid == Decimal("5000.00")
        with pytest.raises(ValueError, match="已拨付资金，本年度资助决定已为最终"):
            decide(db.session, fund, dt.date(2026, 7, 2))
        db.session.rollback()


def test_s4_one_yuan_short_and_ranking_takes_a_fixed_number_of_queries(cs_app: Flask) -> None:
    with cs_app.app_context(), acting_as(SYSTEM):
        fund = seed_year(budget="31999.00")
        awards = decide(db.session, fund, DECIDED_ON)
        db.session.commit()
        assert [a.amount for a in awards][2] == Decimal("5999.00")
        assert balance(db.session, fund) == Decimal("0.00")
        db.session.expire_all()
        with count_queries() as before:
            ranking(db.session, fund)
        for n in range(3):
            app = application(A2, fund, f"新项目{n}", submitted_on=dt.date(2026, 5, 6))
            assess(app, "评估人1", ["6"] * 4)
            assess(app, "评估人2", ["7"] * 4)
        db.session.commit()
        db.session.expire_all()
        with count_queries() as after:
            rows = ranking(db.session, fund)
        assert len(rows) == 7 and 0 < len(after) == len(before)
