"""How groups are led and changed: the leader's choice and approved changes (rule J2)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import OrgScoped, ScopedChild, Timestamped, Versioned, require_committee

if TYPE_CHECKING:
    from core.models import Meeting, Position, ResidentGroup, User


class LeaderChoice(ScopedChild, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """The group meeting that chose a group leader (居民小组长由居民小组会议推选产生, J2)."""

    __tablename__ = "jiayuguan_groups_leader_choice"
    scope_parent = "position"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The leader's position (kind ``group.leader``); one choice per position.
    position_id: Mapped[int] = mapped_column(
        ForeignKey("position.id", ondelete="CASCADE"), unique=True
    )
    #: The group meeting (居民小组会议) that chose the leader.
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    #: Votes for the leader at that meeting, where recorded.
    votes_for: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    position: Mapped[Position] = relationship()
    meeting: Mapped[Meeting] = relationship()

    def check(self) -> None:
        """Raise ``ValueError`` unless a meeting of the leader's group chose them (J2)."""
        from plugins.jiayuguan_groups.groups import check_leader_choice

        check_leader_choice(self)

    def __str__(self) -> str:
        return f"{self.position}：{self.meeting}"


#: Kinds of change to the groups of a committee (J2).
CHANGE_KINDS = {
    "create": "新设居民小组",
    "adjust": "调整范围或成员",
    "merge": "合并",
    "dissolve": "撤销",
}
#: Where a change request stands; street → city (调整方案由街道办事处报市政府批准).
CHANGE_STATUSES = {
    "submitted": "待街道审核",
    "street_approved": "街道已同意，待市政府批准",
    "approved": "市政府已批准",
    "rejected": "未批准",
}


class GroupChange(OrgScoped, Timestamped, Versioned, db.Model):  # type: ignore[name-defined]
    """A request to change a committee's groups, approved by the street, then the city (J2)."""

    __tablename__ = "jiayuguan_groups_group_change"
    __table_args__ = (
        CheckConstraint(
            "status in ('submitted', 'street_approved', 'approved', 'rejected')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A key of ``CHANGE_KINDS``.
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    #: What changes and why: buildings moved, members, the new group's name.
    description: Mapped[str] = mapped_column(Text, default="")
    #: The group concerned, none for a new group.
    resident_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("resident_group.id"), index=True
    )
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    #: A key of ``CHANGE_STATUSES``.
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    street_decided_on: Mapped[dt.date | None] = mapped_column(Date)
    street_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    street_note: Mapped[str] = mapped_column(Text, default="")
    city_decided_on: Mapped[dt.date | None] = mapped_column(Date)
    city_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    city_note: Mapped[str] = mapped_column(Text, default="")

    resident_group: Mapped[ResidentGroup | None] = relationship()
    street_decided_by: Mapped[User | None] = relationship(foreign_keys=[street_decided_by_id])
    city_decided_by: Mapped[User | None] = relationship(foreign_keys=[city_decided_by_id])

    def check(self) -> None:
        """Raise ``ValueError`` unless the request and its decisions are in order (J2)."""
        from plugins.jiayuguan_groups.groups import check_group_change

        require_committee(self, "居民小组调整申请")
        check_group_change(self)

    def __str__(self) -> str:
        return self.title
