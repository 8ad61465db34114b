"""Assembly sessions: body, quorum by core's C5 rule, agenda, quota, sessions due (B2, B3)."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from core.extensions import db
from core.models import AgendaItem, Meeting, Resolution
from core.scoping import SYSTEM, acting_as
from plugins.beijing_workstation.kinds import ASSEMBLY, ASSEMBLY_EXTRA
from plugins.beijing_workstation.models import AssemblyMember, AssemblyQuota
from plugins.beijing_workstation.sessions import periods_of, session_figures, sessions_due
from tests.beijing_workstation.conftest import A1
from tests.factories import unit_by_code

KINDS = ("resident", "resident", "unit", "migrant")


def representatives(code: str, start: dt.date = dt.date(2025, 1, 1)) -> None:
    """Four representatives of ``code``: two residents, a unit's, a migrant."""
    unit = unit_by_code(code)
    for i, kind in enumerate(KINDS, start=1):
        db.session.add(
            AssemblyMember(
                org_unit=unit,
                name=f"代表{i}",
                birth_date=dt.date(1970, 1, i),
                kind=kind,
                unit_name="西城副食店" if kind == "unit" else "",
                start_date=start,
            )
        )


def session(code: str, day: dt.date, present: int | None, kind: str = ASSEMBLY) -> Meeting:
    """An assembly session of ``code`` on ``day``."""
    meeting = Meeting(
        org_unit=unit_by_code(code), kind=kind, title="社区成员代表大会", held_on=day,
        present_count=present,
    )  # fmt: skip
    db.session.add(meeting)
    return meeting


def test_b3_b2_c5_agenda_kinds_and_quorum_exactly_half_is_not_enough_half_plus_one_is(
    bj_app: Flask,
) -> None:
    with bj_app.app_context(), acting_as(SYSTEM):
        representatives(A1)
        db.session.add(
            AssemblyQuota(org_unit=unit_by_code(A1), number=5, decided_on=dt.date(2024, 12, 1))
        )
        half = session(A1, dt.date(2025, 3, 10), 2)
        half.resolutions.append(Resolution(text="通过社区自治章程", votes_for=2))
        more = session(A1, dt.date(2025, 9, 10), 3)
        more.agenda_items.append(
            AgendaItem(number=1, kind="beijing.work_report", title="居委会年度工作报告")
        )
        more.agenda_items.append(AgendaItem(number=2, kind="beijing.charter", title="修改章程"))
        more.resolutions.append(Resolution(text="通过年度工作报告", votes_for=3))
        db.session.commit()

        figures = session_figures(db.session, half)
        assert figures.members == {"resident": 2, "unit": 1, "migrant": 1}
        assert figures.body == 4 and figures.quorum is not None and not figures.quorum.met
        assert figures.verdict.startswith("应到 4 人，实到 2 人，未超过半数，不能召开")
        assert "决定一律无效" in figures.verdict and "(B2, C5)" in figures.verdict
        assert "出席 2/4 = 50.0%" in figures.quorum.explanation  # core's C5 arithmetic
        ((_, outcome),) = figures.resolutions
        assert outcome is not None and not outcome.passed
        assert figures.quota_note == "代表名额 5 人，在任代表 4 人，不一致 (B2)"

        figures = session_figures(db.session, more)
        assert (
            figures.valid and figures.verdict == "应到 4 人，实到 3 人，超过半数，可以召开 (B2, C5)"
        )
        assert [(label[:4], title, b3) for label, title, b3 in figures.agenda] == [
            ("听取、审", "居委会年度工作报告", True),
            ("制定、修", "修改章程", True),
        ]
        ((_, outcome),) = figures.resolutions
        assert outcome is not None and outcome.passed

        # A representative whose term ended is not in the body of a later session.
        gone = db.session.query(AssemblyMember).filter_by(name="代表4").one()
        gone.end_date = dt.date(2025, 6, 30)
        db.session.commit()
        assert session_figures(db.session, more).body == 3


def test_b2_sessions_due_flags_a_half_year_without_a_regular_session(bj_app: Flask) -> None:
    assert [p[0] for p in periods_of(2025, 2)] == ["2025年上半年", "2025年下半年"]
    assert periods_of(2025, 2)[0][2] == dt.date(2025, 6, 30)
    with bj_app.app_context(), acting_as(SYSTEM):
        representatives(A1)
        session(A1, dt.date(2025, 2, 20), 2)  # no quorum: does not count
        session(A1, dt.date(2025, 5, 20), 3)
        session(A1, dt.date(2025, 10, 8), 4, ASSEMBLY_EXTRA)  # extraordinary: does not count
        db.session.commit()
        unit = unit_by_code(A1)

        (due,) = sessions_due(db.session, [unit], 2025, dt.date(2025, 11, 1))
        assert (due.expected, due.held, len(due.extra), due.missed) == (2, 1, 1, 0)
        assert "应于 2025-12-31 前召开" in due.periods[1].note

        (due,) = sessions_due(db.session, [unit], 2025, dt.date(2026, 1, 5))
        assert due.missed == 1 and not due.periods[0].missed and due.periods[1].missed
        assert due.periods[1].note.startswith("2025年下半年未召开例会")
        assert "临时会议 1 次（不计入例会）" in due.explanation

        # The first half with only the session without quorum is missed too.
        db.session.query(Meeting).filter_by(held_on=dt.date(2025, 5, 20)).delete()
        db.session.commit()
        (due,) = sessions_due(db.session, [unit], 2025, dt.date(2026, 1, 5))
        assert due.missed == 2 and "1 次未达法定人数，不计" in due.periods[0].note


def test_b2_c5_core_meeting_pages_judge_the_assembly_over_its_representatives(
    bj_app: Flask,
) -> None:
    """Core's meeting figures ask the plugin for the assembly's body (hook juwei_meeting_body)."""
    from core.meetings import meeting_figures

    with bj_app.app_context(), acting_as(SYSTEM):
        representatives(A1)
        held = session(A1, dt.date(2026, 3, 20), 3)
        short = session(A1, dt.date(2026, 9, 18), 2)
        other = Meeting(
            org_unit=unit_by_code(A1), kind="joint_meeting", title="联席会议",
            held_on=dt.date(2026, 3, 21), present_count=5,
        )  # fmt: skip
        db.session.add(other)
        db.session.commit()
        figures = meeting_figures(db.session, held)
        assert figures.eligible == 4
        assert "社区成员代表大会在任代表（居民代表 2、社区单位代表 1、外来人口代表 1）(B2)" in (
            figures.eligible_explanation
        )
        assert figures.quorum is not None and figures.quorum.met
        lacking = meeting_figures(db.session, short).quorum
        assert lacking is not None and not lacking.met  # exactly half is not more than half
        unknown = meeting_figures(db.session, other)
        assert unknown.eligible is None and unknown.eligible_explanation == "未确定应到人数"
