"""Employment periods: checks and the days of a month a person was employed (rule J4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import object_session

from core.rules.committees import check_position_dates

if TYPE_CHECKING:
    from plugins.jiayuguan_groups.models import Employment


def check_employment(period: Employment) -> None:
    """Raise ``ValueError`` if the dates are reversed or overlap another period (J4)."""
    from plugins.jiayuguan_groups.models import Employment

    try:
        check_position_dates(period.start_date, period.end_date)
    except ValueError:
        raise ValueError("在职结束日期不能早于开始日期 (J4)") from None
    session = object_session(period)
    person_id = (
        period.person_id if period.person_id is not None else getattr(period.person, "id", None)
    )
    if session is None or person_id is None:
        return
    stmt = select(Employment.start_date, Employment.end_date).where(
        Employment.person_id == person_id,
        or_(Employment.end_date.is_(None), Employment.end_date >= period.start_date),
    )
    if period.end_date is not None:
        stmt = stmt.where(Employment.start_date <= period.end_date)
    if period.id is not None:
        stmt = stmt.where(Employment.id != period.id)
    with session.no_autoflush:
        clash = session.execute(stmt.limit(1)).first()
    if clash is not None:
        end = clash.end_date.isoformat() if clash.end_date else "至今"
        raise ValueError(f"与已登记的在职期间 {clash.start_date.isoformat()}—{end} 重叠 (J4)")
