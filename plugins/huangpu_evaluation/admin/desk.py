"""评议组织: the ballot desk of a round committee (D1, D3, H4, H9).

``/admin/huangpu/desk/`` lists the ballot rounds' committees in the user's
scope (committee staff: their own committee only, by scoping);
``?rc=ID`` is one committee's desk: the counts (应参与/已参与/已收选票) and
the D1 turnout verdict, the participants with their sign-in, adding a
participant, issuing codes (→ printable slips, shown once), voiding unused
codes, entering a batch of paper ballots (one row per ballot) and the
comments received, each of which may become an opinion (C14). Every change
is a POST with the CSRF token and needs ``BALLOT_DESK``; a refusal is a
Chinese flash and nothing changes.
"""

from __future__ import annotations

from typing import Any

import segno
from flask import abort, flash, redirect, render_template, request, url_for
from flask_admin import BaseView, expose
from markupsafe import Markup
from sqlalchemy import select

from core.admin.base import ProtectedBaseView
from core.admin.structure import today
from core.extensions import db
from core.models import Person
from core.permissions import has_permission, require
from core.scoping import ScopeViolation, current_actor
from plugins.huangpu_evaluation.admin import CATEGORY
from plugins.huangpu_evaluation.ballots import (
    PaperBallot,
    ballot_subjects,
    comment_to_opinion,
    enter_paper_batch,
)
from plugins.huangpu_evaluation.codes import BallotError, code_counts, issue_codes, void_unused
from plugins.huangpu_evaluation.kinds import BALLOT_KINDS, PARTICIPANT_CATEGORIES, STATUSES
from plugins.huangpu_evaluation.models import Ballot, Participant, Round, RoundCommittee
from plugins.huangpu_evaluation.permissions import BALLOT_DESK
from plugins.huangpu_evaluation.rounds import turnouts
from plugins.huangpu_evaluation.vote import parse_marks

#: Rows of the paper-ballot grid by default, and at most.
PAPER_ROWS, MAX_PAPER_ROWS = 10, 100


def views() -> list[BaseView]:
    """This module's admin views."""
    return [DeskView()]


def slips_page(rc: RoundCommittee, codes: list[str]) -> str:
    """The printable A4 page of slips: title, committee, code, QR code of the vote page (D1)."""
    slips = []
    for code in codes:
        url = url_for("huangpu_vote.vote", code=code, _external=True)
        svg = segno.make(url, error="m").svg_inline(border=2, omitsize=True)
        slips.append((code, Markup(svg)))
    return render_template(
        "huangpu_evaluation/slips.html",
        rc=rc,
        round=rc.round,
        slips=slips,
        vote_url=url_for("huangpu_vote.vote", _external=True),
        back_url=url_for("hp_desk.index", rc=rc.id),
    )


class DeskView(ProtectedBaseView):
    """评议组织: participants, sign-in, codes, paper ballots and comments per committee."""

    def __init__(self) -> None:
        super().__init__(
            name="评议组织", category=CATEGORY, endpoint="hp_desk", url="/admin/huangpu/desk"
        )

    def _rc(self, value: Any) -> RoundCommittee:
        """The round committee ``value`` if in scope and a ballot round, else 404."""
        try:
            rc_id = int(value)
        except (TypeError, ValueError):
            abort(404)
        rc = db.session.scalar(select(RoundCommittee).where(RoundCommittee.id == rc_id))
        if rc is None or rc.round.kind not in BALLOT_KINDS:
            abort(404)
        return rc

    @staticmethod
    def may_change(rc: RoundCommittee) -> bool:
        """Whether the user may change this desk: permission, not read-only, in scope."""
        actor = current_actor()
        return (
            actor is not None
            and not actor.read_only
            and has_permission(actor.role, BALLOT_DESK)
            and actor.sees_code(rc.org_unit.code)
        )

    @expose("/")
    def index(self) -> Any:
        """The list of round committees, or one committee's desk (``?rc=``)."""
        if request.args.get("rc"):
            return self._desk(self._rc(request.args.get("rc")))
        rows = db.session.scalars(
            select(RoundCommittee)
            .join(Round, Round.id == RoundCommittee.round_id)
            .where(Round.kind.in_(BALLOT_KINDS))
            .order_by(Round.year.desc(), Round.id.desc(), RoundCommittee.id)
        ).all()
        by_round: dict[int, list[RoundCommittee]] = {}
        for rc in rows:
            by_round.setdefault(rc.round_id, []).append(rc)
        counts: dict[int, Any] = {}
        for rcs in by_round.values():
            counts.update(turnouts(db.session, rcs[0].round, [rc.id for rc in rcs]))
        return self.render(
            "huangpu_evaluation/desk_list.html",
            groups=[(rcs[0].round, rcs) for rcs in by_round.values()],
            counts=counts,
            statuses=STATUSES,
        )

    def _desk(self, rc: RoundCommittee) -> Any:
        round_ = rc.round
        rows = min(
            max(request.args.get("rows", PAPER_ROWS, type=int) or PAPER_ROWS, 1), MAX_PAPER_ROWS
        )
        comments = db.session.scalars(
            select(Ballot)
            .where(Ballot.round_committee_id == rc.id, Ballot.comment != "")
            .order_by(Ballot.id)
        ).all()
        return self.render(
            "huangpu_evaluation/desk_committee.html",
            rc=rc,
            round=round_,
            turnout=turnouts(db.session, round_, [rc.id])[rc.id],
            codes=code_counts(db.session, rc),
            parts=ballot_subjects(rc),
            comments=comments,
            categories=PARTICIPANT_CATEGORIES,
            statuses=STATUSES,
            may_change=self.may_change(rc),
            editable=round_.status in ("draft", "open"),
            paper_rows=rows,
        )

    # --- changes --------------------------------------------------------------------

    def _change(self, action: Any) -> Any:
        """Run ``action(rc)`` on the posted ``rc``; commit and flash its message, or say why not."""
        require(BALLOT_DESK)
        rc = self._rc(request.form.get("rc"))
        back = redirect(url_for(".index", rc=rc.id))
        if not self.may_change(rc):
            abort(403)
        try:
            message = action(rc)
            db.session.commit()
        except (BallotError, ScopeViolation, ValueError) as exc:
            db.session.rollback()
            flash(f"操作失败：{exc}", "error")
            return back
        flash(message, "success")
        return back

    @expose("/took-part", methods=["POST"])
    def took_part(self) -> Any:
        """Save the sign-in (签到、领取选票) of the committee's participants (D1)."""

        def save(rc: RoundCommittee) -> str:
            _editable(rc)
            present = set(request.form.getlist("took_part", type=int))
            for participant in rc.participants:
                participant.took_part = participant.id in present
            db.session.flush()
            return f"已保存签到：{len(present & {p.id for p in rc.participants})} 人已参与评议"

        return self._change(save)

    @expose("/participant", methods=["POST"])
    def add_participant(self) -> Any:
        """Add one participant: name, category, optionally the person on record (H4, H9)."""

        def add(rc: RoundCommittee) -> str:
            _editable(rc)
            name = request.form.get("name", "").strip()
            category = request.form.get("category", "")
            if not name or len(name) > 50:
                raise BallotError("请填写参评人员姓名（不超过50字）")
            if category not in PARTICIPANT_CATEGORIES:
                raise BallotError("请选择参评人员类别")
            person = None
            person_id = request.form.get("person_id", "").strip()
            if person_id:
                person = db.session.get(Person, int(person_id)) if person_id.isdigit() else None
                if person is None or person.org_unit_id != rc.org_unit_id:
                    raise BallotError(f"居民编号 {person_id} 不是{rc.org_unit.name}的居民")
            rc.participants.append(
                Participant(name=name, category=category, person=person, took_part=False)
            )
            db.session.flush()
            return f"已添加参评人员 {name}（{PARTICIPANT_CATEGORIES[category]}）"

        return self._change(add)

    @expose("/codes", methods=["POST"])
    def codes(self) -> Any:
        """Issue codes and answer with the printable slips: the codes are shown only once (D1)."""

        def issue(rc: RoundCommittee) -> Any:
            text = request.form.get("count", "").strip()
            if text and not text.isdigit():
                raise BallotError("发放数量须为整数")
            codes = issue_codes(db.session, rc, int(text) if text else None)
            if not codes:
                return "每位参评人员都已有可用的评议码，没有发放新码；如需重印请先作废未用的评议码"
            return codes

        require(BALLOT_DESK)
        rc = self._rc(request.form.get("rc"))
        if not self.may_change(rc):
            abort(403)
        try:
            result = issue(rc)
            db.session.commit()
        except (BallotError, ScopeViolation) as exc:
            db.session.rollback()
            flash(f"发放失败：{exc}", "error")
            return redirect(url_for(".index", rc=rc.id))
        if isinstance(result, str):
            flash(result, "info")
            return redirect(url_for(".index", rc=rc.id))
        return slips_page(rc, result)

    @expose("/void", methods=["POST"])
    def void(self) -> Any:
        """Void every unused code of the committee (lost slips, a reprint) (D1)."""
        return self._change(lambda rc: f"已作废 {void_unused(db.session, rc)} 个未使用的评议码")

    @expose("/paper", methods=["POST"])
    def paper(self) -> Any:
        """Enter the grid's rows as one batch of paper ballots, all or nothing (D1, D3)."""

        def enter(rc: RoundCommittee) -> str:
            papers = []
            for row in range(1, MAX_PAPER_ROWS + 1):
                prefix = f"p{row}_"
                fields = {
                    name[len(prefix) :]: value
                    for name, value in request.form.items()
                    if name.startswith(prefix)
                }
                comment = fields.pop("comment", "").strip()
                blank = fields.pop("blank", "") == "1"
                marks = parse_marks(fields)
                if any(a for answers in marks.values() for a in answers) or comment or blank:
                    papers.append(PaperBallot(marks, comment))
            batch = enter_paper_batch(db.session, rc, papers, request.form.get("note", "").strip())
            return f"已录入纸质选票 {batch.count} 张"

        return self._change(enter)

    @expose("/opinion", methods=["POST"])
    def opinion(self) -> Any:
        """转为群众意见: a ballot's comment becomes an opinion with the C14 follow-up (D3)."""

        def convert(rc: RoundCommittee) -> str:
            ballot = db.session.scalar(
                select(Ballot).where(
                    Ballot.id == request.form.get("ballot", ""),
                    Ballot.round_committee_id == rc.id,
                )
            )
            if ballot is None:
                raise BallotError("这张选票不存在或不在您的管辖范围内")
            opinion = comment_to_opinion(db.session, ballot, today())
            due = opinion.reply_due_on.isoformat() if opinion.reply_due_on else "无法计算"
            return f"已转为群众意见（编号 {opinion.id}），答复期限 {due} (C14)"

        return self._change(convert)


def _editable(rc: RoundCommittee) -> None:
    if rc.round.status not in ("draft", "open"):
        raise BallotError(
            f"测评“{rc.round.title}”{STATUSES[rc.round.status]}，不能再改参评人员或签到 (D1)"
        )
