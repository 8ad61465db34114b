"""Committee composition and terms (rules C2, C12), pure.

The rules take counts and dates, never records: the caller counts the
positions in force on a day (``core.positions``) and the UI, the API and
the import all call these same functions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

#: A term lasts five years (rule C2).
TERM_YEARS = 5
#: The committee has 5 to 9 members in all, director and deputies included (rule C2).
MIN_MEMBERS = 5
MAX_MEMBERS = 9
#: The supervision group usually has 3 members (rule C12).
USUAL_SUPERVISION_SIZE = 3


def term_end(start: dt.date, years: int = TERM_YEARS) -> dt.date:
    """The day a term starting on ``start`` ends: the day before its fifth anniversary (C2).

    A 29 February start ends on 28 February five years on.
    """
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February into a common year
        anniversary = dt.date(start.year + years, 3, 1)
    return anniversary - dt.timedelta(days=1)


def check_term_dates(start: dt.date | None, end: dt.date | None) -> None:
    """Raise ``ValueError`` in Chinese unless ``start`` and ``end`` make a term (C2)."""
    if start is None or end is None:
        raise ValueError("届期须填写开始和结束日期 (C2)")
    if end <= start:
        raise ValueError(f"届期结束日期 {end} 必须晚于开始日期 {start} (C2)")
    if end > term_end(start) + dt.timedelta(days=366):
        raise ValueError(f"届期不能超过 {TERM_YEARS} 年太多：{start} 至 {end} (C2)")


def check_position_dates(start: dt.date | None, end: dt.date | None) -> None:
    """Raise ``ValueError`` unless a position's end, if any, is not before its start (C2)."""
    if start is None:
        raise ValueError("职务须填写任职开始日期 (C2)")
    if end is not None and end < start:
        raise ValueError(f"任职结束日期 {end} 早于开始日期 {start} (C2)")


@dataclasses.dataclass(frozen=True)
class Composition:
    """A committee's make-up on a day: counts, refusals (errors) and warnings (rule C2)."""

    directors: int
    deputies: int
    members: int
    errors: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def total(self) -> int:
        """Everyone on the committee: director, deputies and members (C2's 5–9)."""
        return self.directors + self.deputies + self.members

    @property
    def explanation(self) -> str:
        """One line saying what the committee is made of and whether that is lawful."""
        head = (
            f"主任 {self.directors} 人、副主任 {self.deputies} 人、委员 {self.members} 人，"
            f"共 {self.total} 人"
        )
        problems = [*self.errors, *self.warnings]
        if not problems:
            return f"{head}，符合“主任1人、成员{MIN_MEMBERS}至{MAX_MEMBERS}人” (C2)"
        return f"{head}：" + "；".join(problems) + " (C2)"


def composition(directors: int, deputies: int, members: int) -> Composition:
    """Check a committee of ``directors``, ``deputies`` and ``members`` (rule C2).

    Two directors at once, or more than nine people, is an error: the record
    that would cause it is refused. No director, or fewer than five people,
    is a warning: a committee being formed or after a resignation is a fact
    to record and to fix by a by-election, not to refuse.
    """
    for name, count in (("主任", directors), ("副主任", deputies), ("委员", members)):
        if count < 0:
            raise ValueError(f"{name}人数不能为负数：{count} (C2)")
    total = directors + deputies + members
    errors: list[str] = []
    warnings: list[str] = []
    if directors > 1:
        errors.append(f"同一时间只能有1名主任，现有 {directors} 名")
    if total > MAX_MEMBERS:
        errors.append(f"成员不得超过 {MAX_MEMBERS} 人，现有 {total} 人")
    if directors == 0:
        warnings.append("缺主任")
    if total < MIN_MEMBERS:
        warnings.append(f"成员不足 {MIN_MEMBERS} 人，现有 {total} 人")
    return Composition(directors, deputies, members, tuple(errors), tuple(warnings))


@dataclasses.dataclass(frozen=True)
class SupervisionCheck:
    """The supervision group's size on a day and whether it is usual (rule C12)."""

    size: int
    warning: str | None

    @property
    def explanation(self) -> str:
        """What the group is and, when unusual, why it is flagged."""
        if self.warning is None:
            return f"居务监督小组 {self.size} 人 (C12)"
        return f"居务监督小组 {self.size} 人：{self.warning} (C12)"


def supervision_group(size: int) -> SupervisionCheck:
    """Check the size of a supervision group (rule C12): usually three, never none.

    Other sizes are flagged, not refused: the law says "usually", and a
    committee may lawfully choose more.
    """
    if size < 0:
        raise ValueError(f"人数不能为负数：{size} (C12)")
    if size == 0:
        return SupervisionCheck(size, "尚未组成居务监督小组")
    if size != USUAL_SUPERVISION_SIZE:
        return SupervisionCheck(size, f"一般由 {USUAL_SUPERVISION_SIZE} 人组成，请核实")
    return SupervisionCheck(size, None)
