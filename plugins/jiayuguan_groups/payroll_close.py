"""Closing and reopening a street's payroll month: frozen lines (J4).

**Closing** stores one ``PayrollLine`` per line (bulk insert) and marks the
street's ``PayrollMonth`` closed, with who, when, the total and the count
(that row is written through the flush, so audited). While closed the lines
are the payroll (``payroll_compute`` reads them back): later rate or position
changes do not alter it. **Reopening** needs a reason, deletes the lines and
records who, when and why (the update is audited); the month is then
computed live again.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from core.extensions import SessionLike
from core.models.base import utcnow
from core.scoping import current_actor
from plugins.jiayuguan_groups.payroll import payroll
from plugins.jiayuguan_groups.payroll_compute import month_first
from plugins.jiayuguan_groups.payroll_reads import STREET
from plugins.jiayuguan_groups.rules.subsidies import ZERO

if TYPE_CHECKING:
    from core.models import OrgUnit
    from plugins.jiayuguan_groups.models import PayrollMonth


def close_month(session: SessionLike, month: dt.date, street: OrgUnit) -> PayrollMonth:
    """Freeze ``street``'s payroll of ``month``: store its lines (J4). The caller commits.

    Refuses (``ValueError``, Chinese) a unit that is not a street, a month
    already closed, and a month that has not begun. The PayrollMonth row is
    written through the ORM flush (audited); its lines are bulk-inserted.
    """
    from plugins.jiayuguan_groups.models import PayrollLine, PayrollMonth

    first = month_first(month)
    if street.kind != STREET:
        raise ValueError(f"{street.name} 不是街道，只能按街道结账 (J4)")
    if first > dt.date.today():
        raise ValueError(f"{first:%Y年%m月} 尚未开始，不能结账 (J4)")
    row = session.scalar(
        select(PayrollMonth).where(
            PayrollMonth.org_unit_id == street.id, PayrollMonth.month == first
        )
    )
    if row is not None and row.closed:
        raise ValueError(f"{street.name} {first:%Y年%m月} 已结账；如需更正请先重新开账 (J4)")
    sheet = payroll(session, first, street.code)
    actor = current_actor()
    if row is None:
        row = PayrollMonth(org_unit=street, month=first)
        session.add(row)
    row.closed = True
    row.closed_at = utcnow()
    row.closed_by_id = actor.user_id if actor else None
    row.total = sheet.total
    row.line_count = len(sheet.lines)
    session.flush()
    if sheet.lines:
        session.execute(
            insert(PayrollLine),
            [
                {
                    "payroll_month_id": row.id,
                    "org_unit_id": ln.committee_id,
                    "person_id": ln.person_id,
                    "person_name": ln.person_name,
                    "paid_kind": ln.paid_kind,
                    "years_served": ln.years_served,
                    "days_paid": ln.days_paid,
                    "amount": ln.amount,
                    "explanation": ln.explanation,
                }
                for ln in sheet.lines
            ],
        )
    return row


def reopen_month(
    session: SessionLike, month: dt.date, street: OrgUnit, reason: str
) -> PayrollMonth:
    """Reopen a closed month with a reason (audited); it is computed live again (J4).

    The frozen lines are deleted; the row keeps who reopened it, when and
    why, and the update is written to the audit trail by the flush.
    """
    from plugins.jiayuguan_groups.models import PayrollLine, PayrollMonth

    first = month_first(month)
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("请填写重新开账的原因 (J4)")
    row = session.scalar(
        select(PayrollMonth).where(
            PayrollMonth.org_unit_id == street.id, PayrollMonth.month == first
        )
    )
    if row is None or not row.closed:
        raise ValueError(f"{street.name} {first:%Y年%m月} 尚未结账，无需重新开账 (J4)")
    actor = current_actor()
    session.execute(
        delete(PayrollLine).where(PayrollLine.payroll_month_id == row.id),
        execution_options={"synchronize_session": False},
    )
    row.closed = False
    row.reopened_at = utcnow()
    row.reopened_by_id = actor.user_id if actor else None
    row.reopen_reason = reason
    row.total = ZERO
    row.line_count = 0
    session.flush()
    return row
