"""The plugin's panel on a committee's overview page: 两会一站 at a glance (B2, B4, B6).

Assembly representatives against the quota, this year's regular sessions
against those expected, the six sub-committees with their flags, and the
station's director and social workers. A handful of queries: the counts are
grouped in SQL, the sub-committees and their members loaded in two selects.
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from markupsafe import Markup

from core.admin.structure import today
from core.extensions import db
from core.panels import Panel
from plugins.beijing_workstation.kinds import POSTS, REPRESENTATIVE_KINDS
from plugins.beijing_workstation.sessions import members_on, quota_note, quota_on, sessions_due
from plugins.beijing_workstation.station import station_staff
from plugins.beijing_workstation.structure import subcommittee_rows


def committee_panel(committee: Any) -> Panel:
    """The 两会一站 panel of ``committee`` on today's date."""
    day = today()
    members = members_on(db.session, committee.id, day)
    total = sum(members.values())
    quota = quota_on(db.session, committee.id, day)
    (due,) = sessions_due(db.session, [committee], day.year, day)
    html = render_template(
        "beijing_workstation/panel.html",
        committee=committee,
        day=day,
        members=members,
        total=total,
        quota=quota,
        quota_note=quota_note(quota, total),
        due=due,
        subs=subcommittee_rows(db.session, committee.id, day),
        staff=station_staff(db.session, committee.id, day),
        kinds=REPRESENTATIVE_KINDS,
        posts=POSTS,
    )
    return Panel("两会一站（西城）", Markup(html), order=60)
