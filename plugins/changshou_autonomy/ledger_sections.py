"""The five ledger sections: what each requires and which items a committee has (S1, S2).

The requirements (the seed's 附件1 lists the contents; these are the
project's defaults, named in the UI by :data:`REQUIREMENTS`):

1. minutes (工作台账或会议记录): in the year at least one 听证会, one 协调会 and
   one 评议会 (the three meetings, core kinds of C9), one 联席会议 and one
   居民会议 / 居民代表会议 / 业主会议; and every three-meeting held in the year
   has its standard procedure complete (S1: each of the five stages filled
   in, the notice dated). The minutes stay in core's meetings: ``completeness``
   reads them by kind (``kinds.MINUTES_HEADINGS``) and never copies them;
   沟通协商议事会 and other meetings are listed but not required;
2. social organisations: at least one with a headcount above 0, and at least
   one activity record in the year;
3. rules: one document of each kind of ``kinds.REQUIRED_RULES`` (adopted by
   the year's end, or undated);
4. public opinion: both registers have at least one entry recorded in the year;
5. featured work: at least one project, activity or mechanism of the year.

The data (:class:`Item`, :class:`Section`, :class:`MeetingRef`,
:class:`CommitteeLedger`) and the pure builders that turn a committee's
counts into ticked items; the queries are in ``completeness``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from plugins.changshou_autonomy.kinds import (
    FEATURED_KINDS,
    LEDGER_SECTIONS,
    MINUTES_HEADINGS,
    OWNERS_MEETING,
    PROCEDURE_STAGES,
    REGISTERS,
    REQUIRED_RULES,
    RULES_KINDS,
    THREE_MEETINGS,
)
from plugins.changshou_autonomy.models import MeetingProcedure

#: The requirement of each section, as the UI states it (S2).
REQUIREMENTS = {
    1: "本年度听证会、协调会、评议会（“三会”）各至少1次，联席会议至少1次，"
    "居民会议（居民代表会议）或业主会议至少1次；"
    "每次“三会”的标准流程五个环节齐全、会前通知注明日期 (S1)",
    2: "至少1个人数大于0的社会组织（群团组织），本年度至少1条自治活动记录",
    3: "各类会议制度、居务公开制度、民主评议制度、居委会岗位责任制度、居民公约各至少1份",
    4: "社区公共议题记录和居民需求记录本年度各至少1条",
    5: "本年度特色自治项目、活动或机制至少1项（三者至少选一项）",
}

#: Meeting kinds required once a year besides the three meetings (S2 section 1).
RESIDENTS_KINDS = MINUTES_HEADINGS["residents"][1]
JOINT_KINDS = MINUTES_HEADINGS["joint"][1]


@dataclasses.dataclass(frozen=True)
class Item:
    """One requirement of a section: present or missing, with what was found.

    ``where`` names the page to add it on (the admin maps it to a link).
    """

    code: str
    label: str
    present: bool
    detail: str
    where: str


@dataclasses.dataclass(frozen=True)
class Section:
    """One of the five ledger sections with its items (S2)."""

    number: int
    title: str
    requirement: str
    items: tuple[Item, ...]

    @property
    def complete(self) -> bool:
        """Every item present."""
        return all(item.present for item in self.items)

    @property
    def missing(self) -> list[str]:
        """The labels of the missing items."""
        return [item.label for item in self.items if not item.present]


@dataclasses.dataclass(frozen=True)
class MeetingRef:
    """A core meeting in the minutes, with its S1 checklist status if a three-meeting."""

    id: int
    kind: str
    title: str
    held_on: dt.date
    heading: str
    procedure_id: int | None = None
    #: Stages not done (S1); empty for a complete procedure or a meeting of another kind.
    stages_missing: tuple[str, ...] = ()

    @property
    def three_meeting(self) -> bool:
        """A hearing, coordination or evaluation meeting (S1)."""
        return self.kind in THREE_MEETINGS

    @property
    def procedure_complete(self) -> bool:
        """The S1 checklist exists and every stage is done."""
        return self.procedure_id is not None and not self.stages_missing


@dataclasses.dataclass(frozen=True)
class CommitteeLedger:
    """A committee's ledger of a year: its five sections and the meetings behind section 1."""

    committee_id: int
    committee_code: str
    committee_name: str
    street_id: int | None
    street_name: str
    year: int
    sections: tuple[Section, ...]
    meetings: tuple[MeetingRef, ...]

    @property
    def complete_count(self) -> int:
        """How many of the five sections are complete."""
        return sum(1 for s in self.sections if s.complete)

    @property
    def summary(self) -> str:
        """ "3/5 部分齐全"."""
        return f"{self.complete_count}/{len(self.sections)} 部分齐全"

    @property
    def missing(self) -> list[str]:
        """Every missing item as "section: item"."""
        return [f"{s.title}：{label}" for s in self.sections for label in s.missing]


def stages_missing(procedure: MeetingProcedure | None) -> tuple[str, ...]:
    """The labels of the S1 stages not done: blank text, or a notice without its date."""
    if procedure is None:
        return tuple(PROCEDURE_STAGES.values())
    missing = []
    for code, label in PROCEDURE_STAGES.items():
        text = (getattr(procedure, code, "") or "").strip()
        if not text or (code == "notice" and procedure.notice_on is None):
            missing.append(label)
    return tuple(missing)


def _section(number: int, items: Sequence[Item]) -> Section:
    return Section(number, LEDGER_SECTIONS[number], REQUIREMENTS[number], tuple(items))


def _count(n: int, unit: str = "次") -> str:
    return f"{n} {unit}" if n else "无"


def minutes_section(refs: Sequence[MeetingRef]) -> Section:
    """Section 1: the meetings required, and the S1 checklists of the three meetings."""
    by_kind: dict[str, int] = {}
    for ref in refs:
        by_kind[ref.kind] = by_kind.get(ref.kind, 0) + 1
    items = [
        Item(kind, label, by_kind.get(kind, 0) > 0, _count(by_kind.get(kind, 0)), "meeting")
        for kind, label in THREE_MEETINGS.items()
    ]
    joint = sum(by_kind.get(k, 0) for k in JOINT_KINDS)
    items.append(Item("joint", "联席会议", joint > 0, _count(joint), "meeting"))
    residents = sum(by_kind.get(k, 0) for k in RESIDENTS_KINDS)
    owners = by_kind.get(OWNERS_MEETING, 0)
    items.append(
        Item(
            "residents",
            "居民会议或业主会议",
            residents > 0,
            f"{_count(residents)}（其中业主会议 {owners} 次）" if residents else "无",
            "meeting",
        )
    )
    three = [r for r in refs if r.three_meeting]
    incomplete = [r for r in three if not r.procedure_complete]
    if not three:
        detail = "本年度没有“三会”，无流程可查"
    elif incomplete:
        detail = "；".join(
            f"{r.held_on.isoformat()} {r.title} 缺：{'、'.join(r.stages_missing)}"
            for r in incomplete
        )
    else:
        detail = f"{len(three)} 次“三会”流程齐全"
    items.append(
        Item(
            "procedure", "“三会”标准流程 (S1)", bool(three) and not incomplete, detail, "procedure"
        )
    )
    return _section(1, items)


def organisations_section(organisations: dict[str, int], activities: dict[str, int]) -> Section:
    """Section 2: an organisation with members, and an activity record of the year."""
    names = "、".join(sorted(organisations))
    done = sum(activities.values())
    return _section(
        2,
        [
            Item(
                "organisation",
                "社会组织（人数大于0）",
                bool(organisations),
                names or "无",
                "organisation",
            ),
            Item(
                "activity",
                "本年度自治活动记录",
                done > 0,
                "；".join(f"{name} {n} 条" for name, n in sorted(activities.items())) or "无",
                "activity",
            ),
        ],
    )


def rules_section(found: dict[str, int]) -> Section:
    """Section 3: one document of each required kind."""
    return _section(
        3,
        [
            Item(kind, RULES_KINDS[kind], kind in found, _count(found.get(kind, 0), "份"), "rules")
            for kind in REQUIRED_RULES
        ],
    )


def registers_section(found: dict[str, int]) -> Section:
    """Section 4: both registers have an entry of the year."""
    return _section(
        4,
        [
            Item(code, label, code in found, _count(found.get(code, 0), "条"), "register")
            for code, label in REGISTERS.items()
        ],
    )


def featured_section(found: dict[str, int]) -> Section:
    """Section 5: at least one featured work of the year, of any kind."""
    detail = "、".join(f"{FEATURED_KINDS.get(k, k)} {n} 项" for k, n in sorted(found.items()))
    return _section(
        5,
        [Item("featured", "特色工作（项目、活动或机制）", bool(found), detail or "无", "featured")],
    )
