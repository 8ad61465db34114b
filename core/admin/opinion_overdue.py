"""逾期未答复: the opinions and rectifications past their deadline (rule C14).

Days overdue are calendar days, not working days; the page says so. Who gave
an opinion is not shown here at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import request
from flask_admin import expose
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core.admin.base import ProtectedBaseView
from core.admin.i18n import lazy_gettext as _l
from core.admin.opinions import STATUS_NAMES, due_text
from core.extensions import db
from core.models.opinions import Opinion, Rectification
from core.opinions import overdue_clause

#: At most this many rows per section; the list's 逾期未答复 filter shows all.
OVERDUE_PAGE_ROWS = 500


class OverdueView(ProtectedBaseView):
    """逾期未答复: opinions past their deadline, late rectifications, incomputable deadlines."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            name=_l("逾期未答复"), category=_l("群众意见"), endpoint="opinionoverdue", **kwargs
        )

    @expose("/")
    def index(self) -> Any:
        today = dt.date.today()
        session = db.session
        overdue = session.scalars(
            select(Opinion)
            .where(overdue_clause(today))
            .order_by(Opinion.reply_due_on, Opinion.id)
            .limit(OVERDUE_PAGE_ROWS)
        ).all()
        late = session.scalars(
            select(Rectification)
            .options(
                joinedload(Rectification.opinion), joinedload(Rectification.responsible_person)
            )
            .where(Rectification.done_on.is_(None), Rectification.deadline < today)
            .order_by(Rectification.deadline, Rectification.id)
            .limit(OVERDUE_PAGE_ROWS)
        ).all()
        unknown = session.scalars(
            select(Opinion)
            .where(Opinion.replied_on.is_(None), Opinion.reply_due_on.is_(None))
            .order_by(Opinion.received_on, Opinion.id)
            .limit(OVERDUE_PAGE_ROWS)
        ).all()
        return self.render(
            "juwei/opinion_overdue.html",
            today=today,
            overdue=overdue,
            late=late,
            unknown=unknown,
            limit=OVERDUE_PAGE_ROWS,
            due_text=due_text,
            status_names=STATUS_NAMES,
            return_url=request.full_path,
        )
