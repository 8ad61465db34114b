"""The groups' work programme: duties J5, meetings J6, summaries J8, trainings J9, evaluations J10.

Pure: dates and counts in, judgements with their explanations out. The
counting is in ``plugins.jiayuguan_groups.schedule``.

Half-years are calendar half-years: 上半年 January–June, 下半年 July–December.

- J8: a half-year of the current term is covered when a summary meeting of
  the group was held inside it. A completed half-year (its last day before
  today) without one is a warning; the half-year under way is pending; a
  half-year only partly inside the term counts like any other.
- J9 (每届至少2次): a committee falls behind when its term is over with
  fewer trainings than required, or when more than half of the term has
  passed (today after its midpoint) with none at all. Otherwise it is on
  track (enough held) or pending (more to hold before the term ends).
- J10: each group is evaluated for the last completed half-year by the
  street and by the committee.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

#: The duties of resident groups (二、工作职责), rule J5.
DUTIES = (
    "贯彻执行党和政府的各项方针政策，贯彻落实居民委员会的各项决定，办好居民小组的各项事务",
    "组织召开居民小组会议，推荐选举本小组的社区居民代表",
    "协助调解居民间一般纠纷，及时上报社区居民委员会",
    "向社区及时反映辖区内安全隐患，协助排除险情或险情发生时立即阻止扩散并报警",
    "对物业管理进行监督，协助管理辖区内环境卫生",
    "维护居民合法权益，遇事开展民主协商，及时反映居民的意见、要求和建议",
    "积极引导社区居民践行居民公约，弘扬公序良俗",
    "完成社区居民委员会交给的其他工作任务",
)

#: Bodies a group meeting may be held together with (J6), and the words that name them.
JOINT_BODIES = {
    "社区党支部": ("党支部", "党组织", "支部"),
    "业委会": ("业委会", "业主委员会"),
    "网格协调会": ("网格",),
}


@dataclasses.dataclass(frozen=True, order=True)
class HalfYear:
    """A calendar half-year: ``half`` 1 is January–June, 2 is July–December."""

    year: int
    half: int

    @property
    def first(self) -> dt.date:
        """Its first day."""
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last(self) -> dt.date:
        """Its last day."""
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """E.g. 2024年上半年."""
        return f"{self.year}年{'上' if self.half == 1 else '下'}半年"

    def previous(self) -> HalfYear:
        """The half-year before this one."""
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)

    def next(self) -> HalfYear:
        """The half-year after this one."""
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)


def half_year_of(day: dt.date) -> HalfYear:
    """The half-year ``day`` falls in."""
    return HalfYear(day.year, 1 if day.month <= 6 else 2)


def last_completed_half(today: dt.date) -> HalfYear:
    """The latest half-year that ended before ``today`` (the one J10 evaluates)."""
    return half_year_of(today).previous()


def joint_with(text: str) -> list[str]:
    """The bodies a group meeting was held together with, as its title or minutes say (J6).

    A group meeting may be held together with the party branch, the owners'
    committee or the grid meeting (可与社区党支部、业委会、网格协调会等会议
    同时召开); the record says so in its title or minutes, e.g. "与业委会联合召开".
    """
    return [body for body, words in JOINT_BODIES.items() if any(w in text for w in words)]


@dataclasses.dataclass(frozen=True)
class SummaryHalf:
    """One half-year of a group's term and its summary meeting (J8)."""

    half: HalfYear
    #: "held", "missing" (a completed half without one: a warning) or "pending".
    status: str
    held_on: dt.date | None
    explanation: str

    @property
    def warning(self) -> bool:
        """A completed half-year without a summary meeting."""
        return self.status == "missing"


def summary_status(
    term_start: dt.date, term_end: dt.date, today: dt.date, held: Iterable[dt.date]
) -> list[SummaryHalf]:
    """Each half-year of the term begun by ``today``, judged by J8 (每半年组织1次小结会).

    ``held`` are the days the group's summary meetings were held.
    """
    days = sorted(held)
    result = []
    half = half_year_of(term_start)
    while half.first <= min(today, term_end):
        inside = [d for d in days if half.first <= d <= half.last]
        if inside:
            status = "held"
            text = f"{half.label}已于 {inside[0].isoformat()} 召开小结会 (J8)"
        elif half.last < today:
            status = "missing"
            text = f"{half.label}未召开小结会：每半年应组织1次小结会 (J8)"
        else:
            status = "pending"
            text = f"{half.label}尚未召开小结会，应于 {half.last.isoformat()} 前召开 (J8)"
        result.append(SummaryHalf(half, status, inside[0] if inside else None, text))
        half = half.next()
    return result


@dataclasses.dataclass(frozen=True)
class TrainingStatus:
    """The trainings of a term against the minimum of J9."""

    held: int
    required: int
    #: "done", "pending" or "behind".
    status: str
    explanation: str

    @property
    def behind(self) -> bool:
        """Whether the street has fallen behind for this committee (a warning)."""
        return self.status == "behind"


def training_status(
    term_start: dt.date, term_end: dt.date, today: dt.date, held: int, required: int = 2
) -> TrainingStatus:
    """Judge ``held`` trainings in the term by J9 (每届至少2次); see the module docstring.

    Behind: the term is over with fewer than ``required``, or more than half
    of it has passed (``today`` after the midpoint) with none.
    """
    midpoint = term_start + (term_end - term_start) / 2
    term = f"本届（{term_start.isoformat()}—{term_end.isoformat()}）"
    counted = f"{term}已培训 {held} 次，每届至少 {required} 次 (J9)"
    if held >= required:
        return TrainingStatus(held, required, "done", counted)
    if today > term_end:
        return TrainingStatus(held, required, "behind", f"{counted}；届期已满，落后")
    if held == 0 and today > midpoint:
        return TrainingStatus(
            held,
            required,
            "behind",
            f"{counted}；任期已过半（{midpoint.isoformat()}）仍未培训，落后",
        )
    return TrainingStatus(
        held,
        required,
        "pending",
        f"{counted}；尚需 {required - held} 次，应于 {term_end.isoformat()} 前完成",
    )
