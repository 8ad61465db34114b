"""The three meetings' procedure check (S1).

What each ledger section requires is in ``ledger_sections.py``; the
per-committee and per-street completeness in ``completeness.py`` (S2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plugins.changshou_autonomy.kinds import THREE_MEETINGS

if TYPE_CHECKING:
    from plugins.changshou_autonomy.models import MeetingProcedure


def check_procedure(procedure: MeetingProcedure) -> None:
    """Raise ``ValueError`` unless the meeting is one of the three and the dates fit (S1)."""
    meeting = procedure.meeting
    if meeting is None:
        return
    if meeting.kind not in THREE_MEETINGS:
        names = "、".join(THREE_MEETINGS.values())
        raise ValueError(f"只有{names}按标准流程登记，“{meeting.title}”不是 (S1)")
    if procedure.notice_on is not None and procedure.notice_on > meeting.held_on:
        raise ValueError(
            f"会前通知日期 {procedure.notice_on.isoformat()} 晚于会议日期"
            f" {meeting.held_on.isoformat()} (S1)"
        )
    if procedure.followed_up_on is not None and procedure.followed_up_on < meeting.held_on:
        raise ValueError("跟进落实日期不能早于会议日期 (S1)")
