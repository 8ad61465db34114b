"""Kinds that plugins extend: meeting kinds (C9), position kinds (C2), agenda items (C8).

Core declares the national kinds below through its own hooks
(``core.builtin``); plugins add theirs through the same hooks. Records store
the ``code``; the UI shows the ``label``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable


@dataclasses.dataclass(frozen=True)
class Kind:
    """A code stored in records and the Chinese label shown for it.

    ``rule`` names the DOMAIN.md rule the kind comes from (``"C9"``, ``"B2"``).
    ``body`` says, for a position kind, which body the position sits in
    (one of ``BODIES``); other kinds leave it empty.
    """

    code: str
    label: str
    rule: str = ""
    body: str = ""


#: Bodies a position may sit in (rules C2, C4, C11, C12, J2).
BODIES = {
    "committee": "居委会",
    "group": "居民小组",
    "representatives": "居民代表",
    "supervision": "居务监督小组",
    "other": "其他",
}

# --- C9: meeting kinds --------------------------------------------------------

RESIDENTS_MEETING = "residents_meeting"
REPRESENTATIVES_MEETING = "representatives_meeting"
GROUP_MEETING = "group_meeting"

MEETING_KINDS = (
    Kind(RESIDENTS_MEETING, "居民会议", "C9"),
    Kind(REPRESENTATIVES_MEETING, "居民代表会议", "C9"),
    Kind("hearing", "听证会", "C9"),
    Kind("coordination", "协调会", "C9"),
    Kind("evaluation", "评议会", "C9"),
    Kind("topic_consultation", "议题征询会", "C9"),
    Kind("democratic_dialogue", "民主恳谈会", "C9"),
    Kind("supervision_review", "监督合议会", "C9"),
    Kind("joint_meeting", "联席会议", "C9"),
    Kind(GROUP_MEETING, "居民小组会议", "C9"),
)

#: Meeting kinds whose body is formed under rule C4 and need a quorum (C5).
BODY_MEETING_KINDS = frozenset({RESIDENTS_MEETING, REPRESENTATIVES_MEETING})

# --- C8: agenda-item kinds ----------------------------------------------------

AGENDA_ITEM_KINDS = (
    Kind("election", "选举、罢免、补选居委会成员", "C8"),
    Kind("convention", "制定、修改居民公约和居民自治章程", "C8"),
    Kind("important_matter", "讨论决定涉及全体居民利益的重要事项", "C8"),
    Kind("work_report", "听取、审议居委会工作报告和经费收支情况报告", "C8"),
    Kind("plan", "决定发展规划、年度工作计划和实事项目", "C8"),
    Kind("opinions", "反映居民意见和建议", "C8"),
    Kind("member_evaluation", "评议居委会成员", "C8"),
    Kind("correction", "撤销或改变居委会不适当的决定", "C8"),
)

# --- C2, C4, C11, C12: position kinds ----------------------------------------

DIRECTOR = "committee.director"
DEPUTY = "committee.deputy"
MEMBER = "committee.member"
GROUP_LEADER = "group.leader"
GROUP_MEMBER = "group.member"
REPRESENTATIVE = "representative"
SUPERVISION_LEADER = "supervision.leader"
SUPERVISION_MEMBER = "supervision.member"

POSITION_KINDS = (
    Kind(DIRECTOR, "居委会主任", "C2", "committee"),
    Kind(DEPUTY, "居委会副主任", "C2", "committee"),
    Kind(MEMBER, "居委会委员", "C2", "committee"),
    Kind(GROUP_LEADER, "居民小组组长", "C1", "group"),
    Kind(GROUP_MEMBER, "居民小组成员", "C1", "group"),
    Kind(REPRESENTATIVE, "居民代表", "C11", "representatives"),
    Kind(SUPERVISION_LEADER, "居务监督小组组长", "C12", "supervision"),
    Kind(SUPERVISION_MEMBER, "居务监督小组成员", "C12", "supervision"),
)

#: The committee kinds rule C2 counts, and what each counts as.
COMMITTEE_KINDS = {DIRECTOR: "directors", DEPUTY: "deputies", MEMBER: "members"}


def labels(kinds: Iterable[Kind]) -> dict[str, str]:
    """``{code: label}`` of ``kinds``, for select fields and column formatters."""
    return {kind.code: kind.label for kind in kinds}


def registered(which: str) -> list[Kind]:
    """The kinds of this app: ``which`` is ``meeting``, ``position`` or ``agenda_item``.

    Outside an application context, core's own kinds.
    """
    from flask import current_app, has_app_context

    if has_app_context() and "juwei" in current_app.extensions:
        return list(getattr(current_app.extensions["juwei"], f"{which}_kinds"))
    return list(
        {"meeting": MEETING_KINDS, "position": POSITION_KINDS, "agenda_item": AGENDA_ITEM_KINDS}[
            which
        ]
    )


def kind_of(which: str, code: str) -> Kind | None:
    """The registered kind with ``code``, or None."""
    return next((kind for kind in registered(which) if kind.code == code), None)
