"""The fund's balance and the checks that keep it whole (S4).

Balance = budget + adjustments − awards, always. Payments are recorded
against awards and never exceed them. These checks run before every flush,
whatever path writes (admin, API, CLI).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import object_session

from core.extensions import SessionLike

if TYPE_CHECKING:
    from plugins.changshou_autonomy.models import FundAdjustment, FundYear, Payment

ZERO = Decimal("0.00")


def awarded(session: SessionLike, fund_year_id: int) -> Decimal:
    """The sum of the awards of a fund year's applications."""
    from plugins.changshou_autonomy.models import Application, Award

    total = session.scalar(
        select(func.coalesce(func.sum(Award.amount), 0))
        .join(Application, Application.id == Award.application_id)
        .where(Application.fund_year_id == fund_year_id)
    )
    return Decimal(total or 0).quantize(Decimal("0.01"))


def adjusted(session: SessionLike, fund_year_id: int) -> Decimal:
    """The sum of a fund year's adjustments (positive adds to the budget)."""
    from plugins.changshou_autonomy.models import FundAdjustment

    total = session.scalar(
        select(func.coalesce(func.sum(FundAdjustment.amount), 0)).where(
            FundAdjustment.fund_year_id == fund_year_id
        )
    )
    return Decimal(total or 0).quantize(Decimal("0.01"))


def balance(session: SessionLike, fund_year: FundYear) -> Decimal:
    """Budget + adjustments − awards of ``fund_year`` (S4)."""
    if fund_year.id is None:
        return Decimal(fund_year.budget or 0)
    return (
        Decimal(fund_year.budget) + adjusted(session, fund_year.id) - awarded(session, fund_year.id)
    )


def check_fund_year(fund_year: FundYear) -> None:
    """Raise ``ValueError`` unless the fund is a street's and its budget covers its awards."""
    unit = fund_year.org_unit
    if unit is not None and unit.kind != "street":
        raise ValueError(f"自治家园专项资金由街道设立，不能属于“{unit.name}” (S4)")
    if fund_year.budget is None or Decimal(fund_year.budget) < 0:
        raise ValueError("预算不能为负数 (S4)")
    session = object_session(fund_year)
    if session is None or fund_year.id is None:
        return
    with session.no_autoflush:
        left = balance(session, fund_year)
    if left < 0:
        raise ValueError(
            f"预算 {Decimal(fund_year.budget):,.2f} 元少于已资助金额，余额将为 {left:,.2f} 元 (S4)"
        )


def check_payment(payment: Payment) -> None:
    """Raise ``ValueError`` when the award's payments would exceed the award (S4)."""
    award = payment.award
    if award is None:
        return
    session = object_session(payment)
    others = [p for p in award.payments if p is not payment]
    paid = sum((Decimal(p.amount) for p in others), ZERO) + Decimal(payment.amount or 0)
    if session is not None and paid > Decimal(award.amount):
        raise ValueError(
            f"拨付合计 {paid:,.2f} 元超过资助金额 {Decimal(award.amount):,.2f} 元 (S4)"
        )


def check_adjustment(adjustment: FundAdjustment) -> None:
    """Raise ``ValueError`` without a reason, or when a cut leaves the balance below zero (S4)."""
    from plugins.changshou_autonomy.models import FundAdjustment

    if not (adjustment.reason or "").strip():
        raise ValueError("请写明调整原因 (S4)")
    fund_year = adjustment.fund_year
    session = object_session(adjustment)
    if fund_year is None or session is None or fund_year.id is None:
        return
    with session.no_autoflush:
        others = select(func.coalesce(func.sum(FundAdjustment.amount), 0)).where(
            FundAdjustment.fund_year_id == fund_year.id
        )
        if adjustment.id is not None:
            others = others.where(FundAdjustment.id != adjustment.id)
        other_total = Decimal(session.scalar(others) or 0)
        spent = awarded(session, fund_year.id)
    left = Decimal(fund_year.budget) + other_total + Decimal(adjustment.amount or 0) - spent
    if left < 0:
        raise ValueError(f"调整后余额将为 {left:,.2f} 元，不能低于 0 (S4)")
