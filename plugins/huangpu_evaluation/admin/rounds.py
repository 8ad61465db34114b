"""测评轮次: the rounds, creating one, a round's page and its status buttons (H4, H5, H9, D1, D4).

``/admin/huangpu/rounds/`` lists the rounds in scope; ``/new/`` creates one with
``rounds.create_round`` (staff and participants filled from core's
positions); ``/view/?id=N`` shows, per committee, the staff evaluated, the
participants and who took part, the D1 turnout verdict, whether the
supervision group takes part (H9) and, for a D1 round, the D4 month check;
the buttons 开始测评 / 结束测评 / 公布结果 / 重新开启 call
``rounds.transition``. Refusals are Chinese flashes and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from sqlalchemy import func, select
from werkzeug.routing import BuildError

from core.admin.base import ProtectedBaseView
from core.admin.structure import committees_query, today
from core.extensions import db
from core.models import OrgUnit, Person
from core.permissions import has_permission, require
from core.scoping import ScopeViolation, current_actor
from plugins.huangpu_evaluation.admin import CATEGORY
from plugins.huangpu_evaluation.kinds import (
    BALLOT_KINDS,
    HALF_YEAR_KINDS,
    MEMBER_D1,
    METHODS,
    PARTICIPANT_CATEGORIES,
    ROUND_KINDS,
    ROUND_RULES,
    STATUSES,
    SUBJECT_ROLES,
    SUPERVISION,
)
from plugins.huangpu_evaluation.models import Round, RoundCommittee, RoundSubject
from plugins.huangpu_evaluation.permissions import ROUND_MANAGE
from plugins.huangpu_evaluation.rounds import (
    SUPERVISED_KINDS,
    RoundError,
    create_round,
    d1_month_ok,
    transition,
    turnouts,
)

#: The buttons of a round's page: (target status, label) per current status.
ACTIONS = {
    "draft": (("open", "开始测评"),),
    "open": (("closed", "结束测评"),),
    "closed": (("published", "公布结果"), ("open", "重新开启")),
    "published": (),
}
#: Errors of a write that the page shows as a flash, nothing changed.
REFUSALS = (RoundError, ValueError, ScopeViolation)


def views() -> list[BaseView]:
    """The round views, in menu order."""
    return [RoundsView()]


def endpoint_url(endpoint: str, **values: Any) -> str | None:
    """``url_for(endpoint, ...)``, or None when no view has that endpoint (yet)."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def may(code: str) -> bool:
    """Whether the current actor holds permission ``code``."""
    actor = current_actor()
    return actor is not None and not actor.read_only and has_permission(actor.role, code)


def half_label(round_: Round) -> str:
    """E.g. ``2025年上半年`` or ``2025年``."""
    if round_.half is None:
        return f"{round_.year}年"
    return f"{round_.year}年{'上' if round_.half == 1 else '下'}半年"


def get_round(round_id: int | None) -> Round:
    """The round ``round_id`` in scope, or 404."""
    if round_id is None:
        abort(404)
    found = db.session.scalar(select(Round).where(Round.id == round_id))
    if found is None:
        abort(404)
    return found


class RoundsView(ProtectedBaseView):
    """测评轮次: rounds of the user's street (committee staff: their street's)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            name="测评轮次",
            category=CATEGORY,
            endpoint="hp_rounds",
            url="/admin/huangpu/rounds",
            **kwargs,
        )

    @expose("/")
    def index(self) -> Any:
        """The rounds in scope, newest first, with the number of committees in each."""
        rounds = list(
            db.session.scalars(select(Round).order_by(Round.year.desc(), Round.id.desc()))
        )
        counts = dict(
            db.session.execute(
                select(RoundCommittee.round_id, func.count(RoundCommittee.id)).group_by(
                    RoundCommittee.round_id
                )
            ).all()
        )
        return self.render(
            "huangpu_evaluation/round_list.html",
            rounds=rounds,
            counts=counts,
            kinds=ROUND_KINDS,
            statuses=STATUSES,
            half_label=half_label,
            may_manage=may(ROUND_MANAGE),
        )

    @expose("/new/", methods=["GET", "POST"])
    def new(self) -> Any:
        """Create a draft round with ``rounds.create_round`` (H4, H5, D1, D3)."""
        require(ROUND_MANAGE)
        committees = list(committees_query())
        form = request.form if request.method == "POST" else {}
        if request.method == "POST":
            try:
                round_ = self._create(committees)
                db.session.commit()
            except REFUSALS as exc:
                db.session.rollback()
                flash(f"创建失败：{exc}", "danger")
            else:
                flash(f"已创建测评“{round_.title}”（草稿）", "success")
                return redirect(url_for(".view", id=round_.id))
        return self.render(
            "huangpu_evaluation/round_new.html",
            form=form,
            chosen={int(v) for v in request.form.getlist("committees") if v.isdigit()},
            committees=committees,
            kinds=ROUND_KINDS,
            rules=ROUND_RULES,
            methods=METHODS,
            half_kinds=sorted(HALF_YEAR_KINDS),
            ballot_kinds=sorted(BALLOT_KINDS),
            this_year=today().year,
        )

    def _create(self, committees: list[OrgUnit]) -> Round:
        """The round the form asks for; raises ``RoundError`` with a Chinese message."""
        kind = request.form.get("kind", "")
        if kind not in ROUND_KINDS:
            raise RoundError("请选择测评类型")
        year = _int(request.form.get("year"), "年度")
        half = None
        if kind in HALF_YEAR_KINDS:
            half = _int(request.form.get("half"), "上半年或下半年")
        method = request.form.get("method") or "meeting"
        if method not in METHODS:
            raise RoundError(f"未知的测评方式“{method}” (D3)")
        start = _date(request.form.get("period_start"), "开始日期")
        end = _date(request.form.get("period_end"), "结束日期")
        if (start is None) != (end is None):
            raise RoundError("测评期间须同时填写开始和结束日期，或都不填（按年度或半年）")
        ids = {int(v) for v in request.form.getlist("committees") if v.isdigit()}
        chosen = [c for c in committees if c.id in ids]
        if not chosen:
            raise RoundError("请至少选择一个居委会")
        return create_round(
            db.session,
            _organiser(chosen),
            kind,
            year,
            chosen,
            half=half,
            period_start=start,
            period_end=end,
            title=request.form.get("title", "").strip(),
            method=method,
        )

    @expose("/view/")
    def view(self) -> Any:
        """A round: per committee the staff, participants, turnout (D1), H9 and D4."""
        round_ = get_round(request.args.get("id", type=int))
        counts = turnouts(db.session, round_)
        month = d1_month_ok(db.session, round_) if round_.kind == MEMBER_D1 else None
        rows = []
        for rc in round_.committees:
            supervision = [p.name for p in rc.participants if p.category == SUPERVISION]
            rows.append(
                {
                    "rc": rc,
                    "turnout": counts.get(rc.id),
                    "supervision": supervision,
                    "people": {p.id: p.name for p in _committee_people(rc)}
                    if round_.status == "draft" and may(ROUND_MANAGE)
                    else {},
                    "desk": endpoint_url("hp_desk.index", rc=rc.id),
                    "street": endpoint_url("hp_street.entry", rc=rc.id)
                    if round_.kind == "street"
                    else None,
                }
            )
        return self.render(
            "huangpu_evaluation/round_view.html",
            round=round_,
            rows=rows,
            month=month,
            kinds=ROUND_KINDS,
            rules=ROUND_RULES,
            statuses=STATUSES,
            methods=METHODS,
            roles=SUBJECT_ROLES,
            categories=PARTICIPANT_CATEGORIES,
            ballot_round=round_.kind in BALLOT_KINDS,
            supervised=round_.kind in SUPERVISED_KINDS,
            half_label=half_label(round_),
            actions=ACTIONS[round_.status] if may(ROUND_MANAGE) else (),
            may_manage=may(ROUND_MANAGE),
        )

    @expose("/transition/", methods=["POST"])
    def change_status(self) -> Any:
        """开始 / 结束 / 公布 / 重新开启: ``rounds.transition``; a refusal changes nothing."""
        require(ROUND_MANAGE)
        round_ = get_round(request.form.get("id", type=int))
        to = request.form.get("to", "")
        label = dict(ACTIONS.get(round_.status, ())).get(to, "更改状态")
        try:
            transition(db.session, round_, to, today(), request.form.get("reason", ""))
            db.session.commit()
        except REFUSALS as exc:
            db.session.rollback()
            flash(f"{label}失败：{exc}", "danger")
        else:
            flash(f"“{round_.title}”已{label}，现为{STATUSES[round_.status]}", "success")
        return redirect(url_for(".view", id=round_.id))

    @expose("/subject/", methods=["POST"])
    def subject(self) -> Any:
        """Remove a staff member from, or add a person to, a draft round's committee (H2)."""
        require(ROUND_MANAGE)
        rc = db.session.scalar(
            select(RoundCommittee).where(RoundCommittee.id == request.form.get("rc", type=int))
        )
        if rc is None:
            abort(404)
        back = redirect(url_for(".view", id=rc.round_id))
        if rc.round.status != "draft":
            flash("测评已开始，不能再修改被测评人员", "danger")
            return back
        try:
            message = self._change_subject(rc)
            db.session.commit()
        except REFUSALS as exc:
            db.session.rollback()
            flash(f"修改失败：{exc}", "danger")
        else:
            flash(message, "success")
        return back

    def _change_subject(self, rc: RoundCommittee) -> str:
        remove = request.form.get("remove", type=int)
        if remove is not None:
            found = next((s for s in rc.subjects if s.id == remove), None)
            if found is None:
                raise RoundError("该人员不在本居委会的被测评名单中")
            rc.subjects.remove(found)
            db.session.flush()
            return f"已将{found.person.name}移出被测评名单"
        person_id = request.form.get("person", type=int)
        person = next((p for p in _committee_people(rc) if p.id == person_id), None)
        if person is None:
            raise RoundError("请选择本居委会的人员")
        if any(s.person_id == person.id for s in rc.subjects):
            raise RoundError(f"{person.name}已在被测评名单中")
        role = request.form.get("role", "member")
        if role not in SUBJECT_ROLES:
            raise RoundError("请选择人员类别")
        title = request.form.get("title", "").strip() or SUBJECT_ROLES[role]
        rc.subjects.append(RoundSubject(person_id=person.id, person=person, role=role, title=title))
        db.session.flush()
        return f"已将{person.name}加入被测评名单"


def _committee_people(rc: RoundCommittee) -> list[Person]:
    """The people on record in ``rc``'s committee, by name (for adding a staff member)."""
    return list(
        db.session.scalars(
            select(Person).where(Person.org_unit_id == rc.org_unit_id).order_by(Person.name)
        )
    )


def _organiser(chosen: list[OrgUnit]) -> OrgUnit:
    """The unit a new round belongs to: the user's street, else the committees' street (H4)."""
    actor = current_actor()
    if actor is not None and actor.org_unit_id is not None:
        own = db.session.get(OrgUnit, actor.org_unit_id)
        if own is not None and own.kind == "street":
            return own
    parents = {c.parent_id for c in chosen}
    if len(parents) == 1:
        parent = db.session.scalar(select(OrgUnit).where(OrgUnit.id == parents.pop()))
        if parent is not None:
            return parent
    district = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "district"))
    if district is None:
        raise RoundError("找不到组织测评的街道或区")
    return district


def _int(text: str | None, what: str) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        raise RoundError(f"请填写{what}（整数）") from None


def _date(text: str | None, what: str) -> dt.date | None:
    value = (text or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RoundError(f"{what}“{value}”格式不对，应为 YYYY-MM-DD") from None
