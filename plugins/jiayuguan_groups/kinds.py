"""Jiayuguan's kinds and the positions its subsidies pay (rules J2, J4, J8).

Core's position kinds are reused: the supervision group's leader
(``supervision.leader``) is the 居务监督委员会主任 of the seed text. The
committee director is not paid from this fund: by J3 the director is the
party secretary concurrently, paid as such.
"""

from __future__ import annotations

from core.kinds import (
    DEPUTY,
    GROUP_LEADER,
    GROUP_MEMBER,
    MEMBER,
    SUPERVISION_LEADER,
    Kind,
)

#: Meeting kind of the half-yearly summary meeting of a group (rule J8).
SUMMARY_MEETING = "jiayuguan.summary"
#: Agenda item: the group meeting chooses the group leader (rule J2).
LEADER_CHOICE = "jiayuguan.leader_choice"

MEETING_KINDS = (Kind(SUMMARY_MEETING, "居民小组半年小结会", "J8"),)
AGENDA_ITEM_KINDS = (Kind(LEADER_CHOICE, "推选居民小组组长", "J2"),)

#: Paid position kind → (policy parameter suffix, label in the payroll) (rule J4).
#: Order matters: on equal amounts the earlier kind is the one paid.
PAID_KINDS: dict[str, tuple[str, str]] = {
    DEPUTY: ("committee_deputy", "居委会副主任"),
    SUPERVISION_LEADER: ("supervision_director", "居务监督委员会主任"),
    GROUP_LEADER: ("group_leader", "居民小组组长"),
    MEMBER: ("committee_member", "居委会委员"),
    GROUP_MEMBER: ("group_member", "居民小组成员"),
}

#: Position kinds that make a person a member of a resident group (J2).
GROUP_KINDS = (GROUP_LEADER, GROUP_MEMBER)


def rate_key(kind: str) -> str:
    """The policy parameter holding the monthly rate of a paid position kind (J4)."""
    return f"jiayuguan_groups.rate.{PAID_KINDS[kind][0]}"


#: The policy parameter of the yearly raise (J4).
RAISE_KEY = "jiayuguan_groups.rate.yearly_raise"
