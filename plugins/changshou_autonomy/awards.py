"""Ranking, deciding and summing up the awards of a fund year (以奖代补, rule S4).

- ``ranking(session, fund_year)``: every submitted application of the year with
  its assessors' totals, combined score (``rules.scoring``), place, band and
  the award the matching rule (``rules.matching``) would give now, next to the
  award decided, if any.
- ``decide(session, fund_year, today)``: writes the matching as ``Award`` rows,
  one per submitted application (0 for those not funded, with the reason), in
  one flush; audited like every write.
- ``missing_applications``: committees that applied fewer times than the
  minimum (S4 flag). ``fund_summary``: budget, adjustments, awards, payments,
  balance and per-committee totals. ``fund_report``: all of it for exports.

The pool the matching shares out is budget + adjustments: ``decide`` replaces
every award of the year, so awards decided before return to the pool first.
Once any award of the year has a payment, the decision is final. Parameters
are those in force on the fund year's deadline for its street. Reads take a
fixed number of queries whatever the number of applications.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from core.extensions import SessionLike
from core.models import OrgUnit
from core.policy import resolve
from plugins.changshou_autonomy import fund as fund_rules
from plugins.changshou_autonomy import parameters as p
from plugins.changshou_autonomy.kinds import CRITERIA
from plugins.changshou_autonomy.models import (
    Application,
    Award,
    BudgetLine,
    FundYear,
    Payment,
)
from plugins.changshou_autonomy.rules import matching, scoring

ZERO = Decimal("0.00")


@dataclasses.dataclass(frozen=True)
class Settings:
    """The S4 parameters in force for a fund year."""

    weights: dict[str, Decimal]
    score_max: Decimal
    combine: str
    bands: tuple[tuple[Decimal, Decimal], ...]
    shortfall: str
    min_applications: int


@dataclasses.dataclass(frozen=True)
class Ranked:
    """An application with its combined score, the would-be matching line and its award."""

    application: Application
    score: scoring.Combined
    line: matching.Line
    award: Award | None

    @property
    def decided(self) -> bool:
        """Whether an award has been decided for it."""
        return self.award is not None

    @property
    def amount(self) -> Decimal:
        """The amount decided, or else the amount the matching would give now."""
        return Decimal(self.award.amount) if self.award is not None else self.line.amount

    @property
    def rank(self) -> int | None:
        """The rank decided, or else the would-be place."""
        return self.award.rank if self.award is not None else self.line.rank

    @property
    def paid(self) -> Decimal:
        """The sum paid of the award (0 before a decision)."""
        return self.award.paid if self.award is not None else ZERO

    @property
    def explanation(self) -> str:
        """The decided award's explanation, or else the would-be one."""
        if self.award is not None:
            return self.award.explanation
        return f"{self.score.explanation}；{self.line.explanation}"


@dataclasses.dataclass(frozen=True)
class CommitteeTotal:
    """A committee's applications, amount requested, awarded and paid in a fund year."""

    committee_id: int
    code: str
    name: str
    applications: int
    requested: Decimal
    awarded: Decimal
    paid: Decimal


@dataclasses.dataclass(frozen=True)
class FundSummary:
    """The fund year's figures: balance = budget + adjustments − awards (S4)."""

    budget: Decimal
    adjusted: Decimal
    awarded: Decimal
    paid: Decimal
    balance: Decimal
    committees: tuple[CommitteeTotal, ...]
    explanation: str


@dataclasses.dataclass(frozen=True)
class FundReport:
    """A fund year with its ranking, summary and committees without applications."""

    fund_year: FundYear
    settings: Settings
    ranked: tuple[Ranked, ...]
    #: The would-be matching now, with where the money would run out.
    matched: matching.Matching
    summary: FundSummary
    missing: tuple[OrgUnit, ...]


def settings(session: SessionLike, fund_year: FundYear) -> Settings:
    """The S4 parameters in force on the fund year's deadline for its street."""
    day, street = fund_year.deadline, fund_year.org_unit

    def value(key: str) -> object:
        return resolve(session, key, day, street).value

    return Settings(
        weights={c: Decimal(str(value(p.weight_key(c)))) for c in CRITERIA},
        score_max=Decimal(str(value(p.SCORE_MAX))),
        combine=str(value(p.COMBINE)),
        bands=p.parse_bands(str(value(p.BANDS))),
        shortfall=str(value(p.SHORTFALL)),
        min_applications=int(str(value(p.MIN_APPLICATIONS))),
    )


def _submitted(session: SessionLike, fund_year: FundYear) -> list[Application]:
    stmt = (
        select(Application)
        .where(Application.fund_year_id == fund_year.id, Application.status == "submitted")
        .options(
            joinedload(Application.org_unit),
            selectinload(Application.budget_lines),
            selectinload(Application.assessments),
            selectinload(Application.award).selectinload(Award.payments),
        )
        .order_by(Application.id)
    )
    return list(session.scalars(stmt).unique())


def _score(application: Application, rules: Settings) -> scoring.Combined:
    assessments = [
        (a.assessor, {c: getattr(a, c) for c in CRITERIA}) for a in application.assessments
    ]
    return scoring.combined_score(assessments, rules.weights, rules.score_max, rules.combine)


def _rank(
    session: SessionLike, fund_year: FundYear, rules: Settings
) -> tuple[list[Ranked], matching.Matching]:
    applications = _submitted(session, fund_year)
    scores = {a.id: _score(a, rules) for a in applications}
    candidates = [
        matching.Candidate(
            id=a.id,
            score=scores[a.id].value,
            requested=a.requested,
            submitted_on=a.submitted_on,
            committee=a.org_unit.name,
            title=a.title,
        )
        for a in applications
    ]
    pool = Decimal(fund_year.budget) + fund_rules.adjusted(session, fund_year.id)
    result = matching.match(candidates, rules.bands, pool, rules.shortfall)
    by_id = {a.id: a for a in applications}
    ranked = [
        Ranked(
            by_id[line.candidate.id],
            scores[line.candidate.id],
            line,
            by_id[line.candidate.id].award,
        )
        for line in result.lines
    ]
    return ranked, result


def ranking(session: SessionLike, fund_year: FundYear) -> list[Ranked]:
    """Every submitted application of the year in matching order, scored and matched (S4)."""
    return _rank(session, fund_year, settings(session, fund_year))[0]


def decide(session: SessionLike, fund_year: FundYear, today: dt.date) -> list[Award]:
    """Decide the year's awards by the matching rule, replacing earlier ones, in one flush (S4).

    Raises ``ValueError`` (Chinese) when an award already has a payment, an
    application has not been scored, or nothing has been submitted. The
    caller commits, or rolls back on error.
    """
    existing = list(
        session.scalars(
            select(Award)
            .join(Application, Application.id == Award.application_id)
            .where(Application.fund_year_id == fund_year.id)
            .options(selectinload(Award.payments), joinedload(Award.application))
        ).unique()
    )
    paid = [a.application.title for a in existing if a.payments]
    if paid:
        raise ValueError(
            f"“{'”、“'.join(paid)}”已拨付资金，本年度资助决定已为最终，不能重新决定 (S4)"
        )
    rules = settings(session, fund_year)
    ranked, _ = _rank(session, fund_year, rules)
    if not ranked:
        raise ValueError(f"{fund_year.year}年还没有已申报的项目，无需决定资助 (S4)")
    unscored = [
        f"{r.application.org_unit.name}“{r.application.title}”"
        for r in ranked
        if r.score.value is None
    ]
    if unscored:
        raise ValueError(f"尚未评分：{'、'.join(unscored)}；请评估小组评分后再决定资助 (S4)")
    keep = {r.application.id for r in ranked}
    for award in existing:
        if award.application_id not in keep:
            session.delete(award)
    awards = []
    for r in ranked:
        award = r.application.award or Award(application=r.application)
        award.amount = r.line.amount
        award.score = r.score.value
        award.rank = r.line.rank
        award.decided_on = today
        award.explanation = f"{r.score.explanation}；{r.line.explanation}"
        session.add(award)
        awards.append(award)
    session.flush()
    left = fund_rules.balance(session, fund_year)
    if left < 0:  # the matching never lets this happen; the books say so too
        raise ValueError(f"资助后余额将为 {left:,.2f} 元，不能低于 0 (S4)")
    return awards


def missing_applications(session: SessionLike, fund_year: FundYear) -> list[OrgUnit]:
    """The street's committees with fewer submitted applications than the minimum (S4 flag)."""
    least = settings(session, fund_year).min_applications
    counts = _grouped(
        session,
        select(Application.org_unit_id, func.count(Application.id)).where(
            Application.fund_year_id == fund_year.id, Application.status == "submitted"
        ),
    )
    return [c for c in _committees(session, fund_year) if counts.get(c.id, 0) < least]


def _committees(session: SessionLike, fund_year: FundYear) -> list[OrgUnit]:
    stmt = select(OrgUnit).where(
        OrgUnit.parent_id == fund_year.org_unit_id, OrgUnit.kind == "committee"
    )
    return list(session.scalars(stmt.order_by(OrgUnit.code)))


def _grouped(session: SessionLike, stmt: object) -> dict[int, Decimal]:
    query = stmt.group_by(Application.org_unit_id)  # type: ignore[attr-defined]
    return {unit: value for unit, value in session.execute(query)}


def fund_summary(session: SessionLike, fund_year: FundYear) -> FundSummary:
    """Budget, adjustments, awards, payments, balance and per-committee totals (S4)."""
    year = Application.fund_year_id == fund_year.id
    submitted = (Application.status == "submitted") & year
    counts = _grouped(
        session, select(Application.org_unit_id, func.count(Application.id)).where(submitted)
    )
    requested = _grouped(
        session,
        select(Application.org_unit_id, func.sum(BudgetLine.amount))
        .join(BudgetLine, BudgetLine.application_id == Application.id)
        .where(submitted),
    )
    awarded = _grouped(
        session,
        select(Application.org_unit_id, func.sum(Award.amount))
        .join(Award, Award.application_id == Application.id)
        .where(year),
    )
    paid = _grouped(
        session,
        select(Application.org_unit_id, func.sum(Payment.amount))
        .join(Award, Award.application_id == Application.id)
        .join(Payment, Payment.award_id == Award.id)
        .where(year),
    )

    def cents(values: dict[int, Decimal], unit: int) -> Decimal:
        return matching.money(Decimal(values.get(unit) or 0))

    committees = tuple(
        CommitteeTotal(
            c.id,
            c.code,
            c.name,
            int(counts.get(c.id, 0)),
            cents(requested, c.id),
            cents(awarded, c.id),
            cents(paid, c.id),
        )
        for c in _committees(session, fund_year)
    )
    budget = matching.money(Decimal(fund_year.budget))
    adjusted = fund_rules.adjusted(session, fund_year.id)
    total_awarded = fund_rules.awarded(session, fund_year.id)
    total_paid = matching.money(sum((Decimal(v or 0) for v in paid.values()), ZERO))
    left = budget + adjusted - total_awarded
    explanation = f"预算 {budget} + 调整 {adjusted} − 已资助 {total_awarded} = 余额 {left} (S4)"
    return FundSummary(budget, adjusted, total_awarded, total_paid, left, committees, explanation)


def fund_report(session: SessionLike, fund_year: FundYear) -> FundReport:
    """The fund year's ranking, summary and missing committees together (for exports)."""
    rules = settings(session, fund_year)
    ranked, result = _rank(session, fund_year, rules)
    return FundReport(
        fund_year,
        rules,
        tuple(ranked),
        result,
        fund_summary(session, fund_year),
        tuple(missing_applications(session, fund_year)),
    )


def fund_years(
    session: SessionLike, year: int, street: OrgUnit | None = None
) -> Sequence[FundYear]:
    """The fund years of ``year``, of every street in scope or of ``street``, by street code."""
    stmt = (
        select(FundYear)
        .join(OrgUnit, OrgUnit.id == FundYear.org_unit_id)
        .where(FundYear.year == year)
        .options(joinedload(FundYear.org_unit))
        .order_by(OrgUnit.code)
    )
    if street is not None:
        stmt = stmt.where(FundYear.org_unit_id == street.id)
    return list(session.scalars(stmt).unique())
