"""Reminders: evaluations a committee is due and has not had (H4, H5, D4).

- H4: a mass evaluation (年度群众评议) once a year, a street evaluation every
  half year. A year or half that has ended without a round containing the
  committee is listed; the current one is "待进行".
- H5: before re-election, a term evaluation. A term ending within
  ``TERM_NOTICE_DAYS`` (or already ended) without a term round whose period
  ends inside it is listed.
- D4: a D1 democratic evaluation held outside the evaluation months.

Set-based: one query per kind of record, whatever the number of committees.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select

from core.extensions import SessionLike
from core.models import OrgUnit, Term
from core.policy import resolve
from plugins.huangpu_evaluation.kinds import ANNUAL, MEMBER_D1, STREET, TERM
from plugins.huangpu_evaluation.models import Round, RoundCommittee
from plugins.huangpu_evaluation.parameters import D1_MONTHS, parse_months

#: How long before a term ends its evaluation is due (H5): six months.
TERM_NOTICE_DAYS = 183


@dataclasses.dataclass(frozen=True)
class Reminder:
    """One thing a committee is due: the rule, the sentence, and whether it is overdue."""

    rule: str
    text: str
    overdue: bool


@dataclasses.dataclass(frozen=True)
class CommitteeReminders:
    """A committee's reminders for a year."""

    committee_id: int
    committee_name: str
    street_name: str
    reminders: tuple[Reminder, ...]

    @property
    def overdue(self) -> int:
        """How many reminders are overdue."""
        return sum(1 for r in self.reminders if r.overdue)


def _half_end(year: int, half: int) -> dt.date:
    return dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)


def reminders(
    session: SessionLike, year: int, today: dt.date, committees: Sequence[OrgUnit]
) -> list[CommitteeReminders]:
    """The H4, H5 and D4 reminders of ``committees`` for ``year`` as of ``today``."""
    ids = [c.id for c in committees]
    if not ids:
        return []
    rows = session.execute(
        select(RoundCommittee.org_unit_id, Round)
        .join(Round, Round.id == RoundCommittee.round_id)
        .where(RoundCommittee.org_unit_id.in_(ids))
    ).all()
    rounds_of: dict[int, list[Round]] = defaultdict(list)
    for unit_id, round_ in rows:
        rounds_of[unit_id].append(round_)
    terms_of: dict[int, list[Term]] = defaultdict(list)
    for term in session.scalars(select(Term).where(Term.org_unit_id.in_(ids))):
        terms_of[term.org_unit_id].append(term)
    months_cache: dict[int, tuple[int, ...]] = {}
    result = []
    for committee in committees:
        mine = rounds_of.get(committee.id, [])
        found: list[Reminder] = []
        found.extend(_annual(mine, year, today))
        found.extend(_street(mine, year, today))
        found.extend(_terms(terms_of.get(committee.id, []), mine, today))
        for round_ in mine:
            if round_.kind != MEMBER_D1 or round_.year != year:
                continue
            if round_.id not in months_cache:
                text = resolve(session, D1_MONTHS, round_.period_end, round_.org_unit).value
                months_cache[round_.id] = parse_months(str(text))
            held = round_.opened_on or round_.period_end
            months = months_cache[round_.id]
            if held.month not in months:
                listed = "、".join(f"{m}月" for m in months)
                found.append(
                    Reminder(
                        "D4",
                        f"“{round_.title}”于{held.month}月评议，不在每年{listed}的评议时间内 (D4)",
                        False,
                    )
                )
        street = committee.parent
        result.append(
            CommitteeReminders(
                committee.id, committee.name, street.name if street else "", tuple(found)
            )
        )
    return result


def _annual(mine: list[Round], year: int, today: dt.date) -> list[Reminder]:
    done = [r for r in mine if r.kind == ANNUAL and r.year == year]
    if any(r.status in ("closed", "published") for r in done):
        return []
    if done:
        return [Reminder("H4", f"{year}年度群众评议进行中，尚未结束 (H4)", False)]
    ended = today > dt.date(year, 12, 31)
    word = "没有进行" if ended else "尚未进行"
    return [Reminder("H4", f"{year}年度群众评议{word}（每年一次）(H4)", ended)]


def _street(mine: list[Round], year: int, today: dt.date) -> list[Reminder]:
    found = []
    for half in (1, 2):
        name = "上半年" if half == 1 else "下半年"
        start = dt.date(year, 1 if half == 1 else 7, 1)
        if today < start:
            continue
        if any(r.kind == STREET and r.year == year and r.half == half for r in mine):
            continue
        ended = today > _half_end(year, half)
        word = "没有进行" if ended else "尚未进行"
        found.append(Reminder("H4", f"{year}年{name}街道评价{word}（每半年一次）(H4)", ended))
    return found


def _terms(terms: list[Term], mine: list[Round], today: dt.date) -> list[Reminder]:
    found = []
    for term in terms:
        if term.end_date - today > dt.timedelta(days=TERM_NOTICE_DAYS):
            continue
        if term.end_date < today - dt.timedelta(days=366):
            continue  # long past: no longer a reminder
        if any(r.kind == TERM and term.start_date <= r.period_end <= term.end_date for r in mine):
            continue
        ended = term.end_date < today
        when = "已于" if ended else "将于"
        found.append(
            Reminder(
                "H5",
                f"第{term.number}届{when} {term.end_date.isoformat()} 届满，"
                "换届前须进行届期评价 (H5)",
                ended,
            )
        )
    return found
