"""社工招聘's actions: the POST routes of a posting's page that run its recruitment (rule B7).

``PostingActions`` is the base of the 社工招聘 view (:mod:`.recruitment`, the
list, the create form and the posting's page) and carries, under the same
endpoint ``bj_posting``, the routes holders of ``RECRUIT`` post from that
page: 发布招聘公告 and 结束报名, 登记报名 (C10-checked), 通过本环节, 不通过
with a reason, 录入考察结果, the scores grid (all or nothing), 发布公示,
补充公示 (the next in the ranking for a place freed before signing) and
签订聘用协议. Each runs one step of :mod:`..pipeline` or :mod:`..hiring` and
commits; a refusal is flashed in Chinese, rolled back, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy import select

from core.admin.base import ScopedModelView
from core.admin.structure import today
from core.extensions import db
from core.permissions import require
from core.rules.policy import NoValueInForce
from core.rules.workdays import WorkdayUnknown
from core.scoping import ScopeViolation, current_actor
from plugins.beijing_workstation import documents, hiring, pipeline
from plugins.beijing_workstation.kinds import STAGES
from plugins.beijing_workstation.models import Agreement, Applicant, Posting
from plugins.beijing_workstation.permissions import RECRUIT

REFUSED = (ValueError, ScopeViolation, NoValueInForce, WorkdayUnknown)


def _by() -> str:
    actor = current_actor()
    return actor.name if actor is not None else ""


def parse_day(text: str | None, label: str) -> dt.date:
    """A date from a form field; ``ValueError`` in Chinese when it is not YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError as exc:
        raise ValueError(f"{label}“{text or ''}”格式不对，应为 YYYY-MM-DD") from exc


def commit(what: str, action: Callable[[], Any]) -> bool:
    """Run ``action`` and commit; on a rule's refusal flash it, roll back and return False."""
    try:
        action()
        db.session.commit()
    except REFUSED as exc:
        db.session.rollback()
        flash(f"{what}失败：{exc}", "danger")
        return False
    return True


class PostingActions(ScopedModelView):
    """The POST actions of a posting's page, each one step of the recruitment (B7)."""

    def _posting(self, value: Any) -> Posting:
        if not str(value or "").strip().isdigit():
            abort(404)
        return self.get_one(str(value).strip())  # type: ignore[no-any-return]

    def _applicant(self, value: Any) -> Applicant:
        """The applicant ``value`` in scope (a SELECT: scoped), else 404."""
        if not str(value or "").strip().isdigit():
            abort(404)
        found = db.session.scalar(select(Applicant).where(Applicant.id == int(str(value))))
        if found is None:
            abort(404)
        return found

    def _back(self, posting_id: int) -> Any:
        return redirect(url_for(".recruit", id=posting_id))

    @expose("/open/", methods=["POST"])
    def open_posting(self) -> Any:
        """发布招聘公告: a draft posting starts taking applications (B7)."""
        require(RECRUIT)
        posting = self._posting(request.form.get("id"))
        if commit("发布招聘公告", lambda: pipeline.open_posting(db.session, posting, today())):
            flash(f"已发布“{posting.title}”，开始接受报名", "success")
        return self._back(posting.id)

    @expose("/close/", methods=["POST"])
    def close(self) -> Any:
        """结束报名, once the last day of application has passed (B7)."""
        require(RECRUIT)
        posting = self._posting(request.form.get("id"))
        if commit("结束报名", lambda: pipeline.close_applications(db.session, posting, today())):
            flash(f"“{posting.title}”报名已结束", "success")
        return self._back(posting.id)

    @expose("/apply/", methods=["POST"])
    def add_applicant(self) -> Any:
        """登记报名: personal data, the ID number checked (C10), age on the last day (B7)."""
        require(RECRUIT)
        posting = self._posting(request.form.get("posting"))
        form = request.form
        added: list[Applicant] = []

        def add() -> None:
            applied = form.get("applied_on", "").strip()
            day = parse_day(applied, "报名日期") if applied else today()
            if day > today():
                raise ValueError(f"报名日期 {day.isoformat()} 晚于今天")
            added.append(
                pipeline.apply(
                    db.session,
                    posting,
                    today=day,
                    name=form.get("name", ""),
                    id_number=form.get("id_number", ""),
                    phone=form.get("phone", ""),
                    education=form.get("education", ""),
                    address=form.get("address", ""),
                )
            )

        if commit("登记报名", add):
            flash(f"已登记{added[0].name}的报名", "success")
        return self._back(posting.id)

    @expose("/advance/", methods=["POST"])
    def advance(self) -> Any:
        """通过本环节: the applicant moves on to the next stage (B7)."""
        require(RECRUIT)
        applicant = self._applicant(request.form.get("applicant"))
        passed = STAGES.get(applicant.stage, applicant.stage)
        step = lambda: pipeline.advance(  # noqa: E731
            db.session, applicant, today(), _by(), request.form.get("note", "")
        )
        if commit("通过本环节", step):
            nxt = STAGES.get(applicant.stage, applicant.stage)
            flash(f"{applicant.name}通过“{passed}”，进入“{nxt}”", "success")
        return self._back(applicant.posting_id)

    @expose("/reject/", methods=["POST"])
    def reject(self) -> Any:
        """不通过: the applicant is turned down at the current stage, with a reason (B7)."""
        require(RECRUIT)
        applicant = self._applicant(request.form.get("applicant"))
        reason = request.form.get("reason", "")
        step = lambda: pipeline.reject(db.session, applicant, today(), _by(), reason)  # noqa: E731
        if commit("不通过", step):
            flash(f"{applicant.name}未通过“{STAGES.get(applicant.stage)}”：{reason}", "success")
        return self._back(applicant.posting_id)

    @expose("/check/", methods=["POST"])
    def check(self) -> Any:
        """录入考察结果: 合格 or 不合格, with the check's note (B7)."""
        require(RECRUIT)
        applicant = self._applicant(request.form.get("applicant"))
        verdict = request.form.get("passed", "")
        note = request.form.get("note", "")

        def step() -> None:
            if verdict not in ("yes", "no"):
                raise ValueError("请选择考察结果：合格或不合格")
            pipeline.record_check(db.session, applicant, verdict == "yes", note)

        if commit("录入考察结果", step):
            word = "合格" if verdict == "yes" else "不合格"
            flash(f"已录入{applicant.name}的考察结果：{word}", "success")
        return self._back(applicant.posting_id)

    @expose("/scores/", methods=["POST"])
    def scores(self) -> Any:
        """The scores grid: every applicant's written and interview scores, all or nothing (B7)."""
        require(RECRUIT)
        posting = self._posting(request.form.get("posting"))
        entered: dict[int, tuple[Any, Any]] = {}
        for applicant in posting.applicants:
            pair = tuple(
                (request.form.get(f"{kind}-{applicant.id}") or "").strip() or None
                for kind in ("written", "interview")
            )
            if pair != (None, None):
                entered[applicant.id] = (pair[0], pair[1])
        if not entered:
            flash("没有填写任何成绩", "warning")
            return self._back(posting.id)
        step = lambda: pipeline.record_scores(db.session, posting, entered)  # noqa: E731
        if commit("录入成绩", step):
            flash(f"已录入 {len(entered)} 人的成绩", "success")
        return self._back(posting.id)

    @expose("/publish/", methods=["POST"])
    def publish(self) -> Any:
        """发布公示: the proposed hires go on the 公示 for its working days (B7)."""
        require(RECRUIT)
        posting = self._posting(request.form.get("id"))
        result: list[hiring.Notice] = []
        step = lambda: result.append(  # noqa: E731
            hiring.publish_notice(db.session, posting, today(), _by())
        )
        if commit("发布公示", step):
            names = "、".join(r.applicant.name for r in result[0].proposed)
            flash(f"已发布拟聘用人员公示（{names}）。{result[0].period.explanation}", "success")
            if result[0].shortfall:
                flash(result[0].shortfall, "warning")
        return self._back(posting.id)

    @expose("/supplementary/", methods=["POST"])
    def supplementary(self) -> Any:
        """补充公示: the next in the ranking take places freed before signing (B7)."""
        require(RECRUIT)
        posting = self._posting(request.form.get("id"))
        result: list[hiring.Notice] = []
        step = lambda: result.append(  # noqa: E731
            hiring.publish_supplementary_notice(db.session, posting, today(), _by())
        )
        if commit("发布补充公示", step):
            names = "、".join(r.applicant.name for r in result[0].proposed)
            flash(
                f"已发布补充公示（递补{names}）。{result[0].period.explanation}；"
                "尚未签订聘用协议的拟聘用人员均须待新的公示期满后签订",
                "success",
            )
            if result[0].shortfall:
                flash(result[0].shortfall, "warning")
        return self._back(posting.id)

    @expose("/sign/", methods=["POST"])
    def sign(self) -> Any:
        """签订聘用协议 with a proposed hire: after the 公示, within the places (B7)."""
        require(RECRUIT)
        applicant = self._applicant(request.form.get("applicant"))
        signed: list[Agreement] = []

        def step() -> None:
            signed_on = parse_day(request.form.get("signed_on"), "签订日期")
            start = parse_day(request.form.get("start_date"), "聘用开始日期")
            signed.append(hiring.sign_agreement(db.session, applicant, signed_on, start, _by()))

        if commit("签订聘用协议", step):
            a = signed[0]
            flash(
                f"已与{applicant.name}签订聘用协议：{a.start_date.isoformat()} 至 "
                f"{a.end_date.isoformat()}，月岗位工资 {documents.money(a.monthly_pay)} 元",
                "success",
            )
        return self._back(applicant.posting_id)
