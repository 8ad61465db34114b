"""Ledger completeness per committee and year: the set-based queries of the ledger (S1, S2).

What each of the five sections requires, and how counts become ticked
items, is in ``ledger_sections``; this module counts, per committee of the
year, the meetings (with their S1 procedures), organisations and
activities, rules, register entries and featured work, and groups the
ledgers per street (:func:`street_tables`).

:func:`ledger` is set-based: nine statements whatever the number of
committees, all through the ORM session, so scoping narrows them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_, select

from core.extensions import SessionLike
from core.models import Meeting, OrgUnit
from plugins.changshou_autonomy.kinds import LEDGER_SECTIONS, MINUTES_HEADINGS, THREE_MEETINGS
from plugins.changshou_autonomy.ledger_sections import (
    CommitteeLedger,
    MeetingRef,
    featured_section,
    minutes_section,
    organisations_section,
    registers_section,
    rules_section,
    stages_missing,
)
from plugins.changshou_autonomy.models import (
    FeaturedWork,
    MeetingProcedure,
    OrganisationActivity,
    RegisterEntry,
    RulesDocument,
    SocialOrganisation,
)


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _heading_of(kind: str) -> str:
    for title, kinds in MINUTES_HEADINGS.values():
        if kind in kinds:
            return title
    return "其他相关会议记录"


def _grouped(session: SessionLike, stmt: Any) -> dict[int, dict[str, int]]:
    """``{committee id: {key: count}}`` of a ``(org_unit_id, key, count)`` statement."""
    found: dict[int, dict[str, int]] = {}
    for unit_id, key, n in session.execute(stmt).all():
        found.setdefault(int(unit_id), {})[str(key)] = int(n)
    return found


def ledger(session: SessionLike, committee_ids: Iterable[int], year: int) -> list[CommitteeLedger]:
    """Each committee's ledger of ``year`` (S2), in code order; a fixed number of statements.

    Committees out of the actor's scope are not found and so not listed.
    """
    ids = sorted(set(committee_ids))
    if not ids:
        return []
    first, last = _year_range(year)
    units = list(
        session.scalars(
            select(OrgUnit)
            .where(OrgUnit.id.in_(ids), OrgUnit.kind == "committee")
            .order_by(OrgUnit.code)
        )
    )
    parents = {
        u.id: u
        for u in session.scalars(
            select(OrgUnit).where(OrgUnit.id.in_({u.parent_id for u in units if u.parent_id}))
        )
    }
    ids = [u.id for u in units]
    meeting_rows = session.execute(
        select(Meeting.id, Meeting.org_unit_id, Meeting.kind, Meeting.title, Meeting.held_on)
        .where(Meeting.org_unit_id.in_(ids), Meeting.held_on.between(first, last))
        .order_by(Meeting.held_on, Meeting.id)
    ).all()
    procedures = {
        p.meeting_id: p
        for p in session.scalars(
            select(MeetingProcedure)
            .join(Meeting, Meeting.id == MeetingProcedure.meeting_id)
            .where(
                Meeting.org_unit_id.in_(ids),
                Meeting.held_on.between(first, last),
                Meeting.kind.in_(tuple(THREE_MEETINGS)),
            )
        )
    }
    organisations = _grouped(
        session,
        select(SocialOrganisation.org_unit_id, SocialOrganisation.name, func.count())
        .where(
            SocialOrganisation.org_unit_id.in_(ids),
            SocialOrganisation.headcount > 0,
            or_(SocialOrganisation.founded_on.is_(None), SocialOrganisation.founded_on <= last),
        )
        .group_by(SocialOrganisation.org_unit_id, SocialOrganisation.name),
    )
    activities = _grouped(
        session,
        select(SocialOrganisation.org_unit_id, SocialOrganisation.name, func.count())
        .join(OrganisationActivity, OrganisationActivity.organisation_id == SocialOrganisation.id)
        .where(
            SocialOrganisation.org_unit_id.in_(ids),
            OrganisationActivity.held_on.between(first, last),
        )
        .group_by(SocialOrganisation.org_unit_id, SocialOrganisation.name),
    )
    rules = _grouped(
        session,
        select(RulesDocument.org_unit_id, RulesDocument.kind, func.count())
        .where(
            RulesDocument.org_unit_id.in_(ids),
            or_(RulesDocument.adopted_on.is_(None), RulesDocument.adopted_on <= last),
        )
        .group_by(RulesDocument.org_unit_id, RulesDocument.kind),
    )
    registers = _grouped(
        session,
        select(RegisterEntry.org_unit_id, RegisterEntry.register, func.count())
        .where(RegisterEntry.org_unit_id.in_(ids), RegisterEntry.recorded_on.between(first, last))
        .group_by(RegisterEntry.org_unit_id, RegisterEntry.register),
    )
    featured = _grouped(
        session,
        select(FeaturedWork.org_unit_id, FeaturedWork.kind, func.count())
        .where(FeaturedWork.org_unit_id.in_(ids), FeaturedWork.year == year)
        .group_by(FeaturedWork.org_unit_id, FeaturedWork.kind),
    )
    meetings: dict[int, list[MeetingRef]] = {}
    for m_id, unit_id, kind, title, held_on in meeting_rows:
        procedure = procedures.get(m_id)
        meetings.setdefault(unit_id, []).append(
            MeetingRef(
                id=m_id,
                kind=kind,
                title=title,
                held_on=held_on,
                heading=_heading_of(kind),
                procedure_id=procedure.id if procedure is not None else None,
                stages_missing=stages_missing(procedure) if kind in THREE_MEETINGS else (),
            )
        )
    result = []
    for unit in units:
        refs = meetings.get(unit.id, [])
        street = parents.get(unit.parent_id) if unit.parent_id else None
        sections = (
            minutes_section(refs),
            organisations_section(organisations.get(unit.id, {}), activities.get(unit.id, {})),
            rules_section(rules.get(unit.id, {})),
            registers_section(registers.get(unit.id, {})),
            featured_section(featured.get(unit.id, {})),
        )
        result.append(
            CommitteeLedger(
                committee_id=unit.id,
                committee_code=unit.code,
                committee_name=unit.name,
                street_id=street.id if street is not None else None,
                street_name=street.name if street is not None else "",
                year=year,
                sections=sections,
                meetings=tuple(refs),
            )
        )
    return result


@dataclasses.dataclass(frozen=True)
class StreetTable:
    """A street's committees with their ledgers, and how many are complete per section."""

    street_id: int | None
    street_name: str
    rows: tuple[CommitteeLedger, ...]

    @property
    def section_totals(self) -> list[int]:
        """Per section, how many committees have it complete."""
        return [
            sum(1 for row in self.rows if row.sections[i].complete)
            for i in range(len(LEDGER_SECTIONS))
        ]

    @property
    def fully_complete(self) -> int:
        """How many committees have all five sections complete."""
        return sum(1 for row in self.rows if row.complete_count == len(LEDGER_SECTIONS))


def committee_ids(session: SessionLike, street_id: int | None = None) -> list[int]:
    """The committees in scope (of ``street_id`` if given), by code."""
    stmt = select(OrgUnit.id).where(OrgUnit.kind == "committee").order_by(OrgUnit.code)
    if street_id is not None:
        stmt = stmt.where(OrgUnit.parent_id == street_id)
    return list(session.scalars(stmt))


def street_tables(
    session: SessionLike, year: int, street_id: int | None = None
) -> list[StreetTable]:
    """The year's ledgers grouped by street (S2): one table per street in scope."""
    rows = ledger(session, committee_ids(session, street_id), year)
    tables: dict[int | None, list[CommitteeLedger]] = {}
    names: dict[int | None, str] = {}
    for row in rows:
        tables.setdefault(row.street_id, []).append(row)
        names[row.street_id] = row.street_name
    return [StreetTable(key, names[key], tuple(group)) for key, group in tables.items()]
