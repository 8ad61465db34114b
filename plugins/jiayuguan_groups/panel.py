"""The plugin's panel on a committee's overview page: groups, subsidies, visits (J2, J4, J7)."""

from __future__ import annotations

import dataclasses
import logging
from decimal import Decimal
from typing import Any

from flask import render_template
from markupsafe import Markup

from core.admin.structure import today
from core.extensions import db
from core.panels import Panel
from plugins.jiayuguan_groups.groups import group_rows
from plugins.jiayuguan_groups.rules.coverage import Coverage, coverage_share
from plugins.jiayuguan_groups.rules.director import director_note
from plugins.jiayuguan_groups.rules.schedule import half_year_of
from plugins.jiayuguan_groups.visits import coverage

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Subsidies:
    """This month's subsidies of one committee (J4); ``amount`` None when not computed."""

    amount: Decimal | None
    people: int
    note: str


def committee_subsidies(committee_id: int) -> Subsidies:
    """This month's payroll total and people paid for the committee, from the payroll service."""
    from plugins.jiayuguan_groups.payroll import payroll

    month = today().replace(day=1)
    try:
        result = payroll(db.session, month)
    except NotImplementedError:
        return Subsidies(None, 0, "尚未计算")
    except Exception:
        log.exception("payroll for the committee panel failed")
        return Subsidies(None, 0, "暂时无法计算，请联系系统管理员")
    lines = [line for line in result.lines if line.committee_id == committee_id]
    paid = [line for line in lines if line.amount > 0]
    amount = sum((line.amount for line in paid), Decimal("0.00"))
    return Subsidies(amount, len(paid), f"{month:%Y年%m月}，非在职人员按高位取酬 (J4)")


def director_remark(committee_id: int, day: Any) -> tuple[str, bool]:
    """The J3 remark on the committee's director on ``day``, and whether it is in order."""
    from sqlalchemy import select

    from core.kinds import DIRECTOR
    from core.models import Person, Position
    from core.positions import in_force

    row = db.session.execute(
        select(Person.name, Person.party_member)
        .join(Position, Position.person_id == Person.id)
        .where(Position.org_unit_id == committee_id, Position.kind == DIRECTOR, *in_force(day))
        .limit(1)
    ).first()
    if row is None:
        return director_note(None, False), False
    return director_note(row.name, bool(row.party_member)), bool(row.party_member)


def committee_panel(committee: Any) -> Panel:
    """The panel of ``committee``: its groups, members, this month's subsidies, visit coverage."""
    day = today()
    half = half_year_of(day)
    groups = group_rows(db.session, [committee.id], day)
    visits = coverage(db.session, half.first, half.last, [committee.id])
    total: Coverage = coverage_share(
        sum(row.coverage.visited for row in visits),
        sum(row.coverage.households for row in visits),
        half.first,
        min(day, half.last),
    )
    html = render_template(
        "jiayuguan_groups/panel.html",
        committee=committee,
        day=day,
        half=half,
        groups=groups,
        visits={row.group_id: row for row in visits},
        total=total,
        subsidies=committee_subsidies(committee.id),
        director=director_remark(committee.id, day),
    )
    return Panel("居民小组（嘉峪关）", Markup(html), order=50)
