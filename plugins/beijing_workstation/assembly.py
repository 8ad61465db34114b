"""The assembly: checks on its representatives (B2).

Its sessions, their quorum (core's C5 rule) and the regular sessions due
each year are in ``sessions.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.rules.age import age_on
from plugins.beijing_workstation.kinds import REPRESENTATIVE_KINDS

if TYPE_CHECKING:
    from plugins.beijing_workstation.models import AssemblyMember

ADULT = 18


def check_member(member: AssemblyMember) -> None:
    """Raise ``ValueError`` for a representative under 18 or without voting rights (B2)."""
    if member.kind not in REPRESENTATIVE_KINDS:
        raise ValueError(f"未知的代表类别“{member.kind}” (B2)")
    if member.person is not None:
        member.name = member.name or member.person.name
        member.birth_date = member.birth_date or member.person.birth_date
    if member.birth_date is None or member.start_date is None:
        raise ValueError("请填写出生日期和任职开始日期 (B2)")
    age = age_on(member.birth_date, member.start_date)
    if age < ADULT:
        raise ValueError(
            f"{member.name}在 {member.start_date.isoformat()} 年满 {age} 周岁，"
            f"社区成员代表须年满{ADULT}周岁 (B2)"
        )
    if member.voting_rights is False:  # None: the column default (True) applies on insert
        raise ValueError(f"{member.name}不享有选举权和被选举权，不能担任社区成员代表 (B2)")
    if member.kind == "unit" and not (member.unit_name or "").strip():
        raise ValueError("社区单位代表请填写所代表的单位 (B2)")
    if member.end_date is not None and member.end_date < member.start_date:
        raise ValueError("任职结束日期不能早于开始日期")
