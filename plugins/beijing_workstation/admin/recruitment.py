"""社工招聘: postings, applicants, stages, scores, the 公示 and the agreements (rule B7).

``/admin/beijing/postings`` lists the postings in scope (committee staff
their committee's, street officers their street's) and creates one through
``pipeline.create_posting``. A posting's page (``/recruit/?id=N``) shows its
stages, the applicants with stage, status, scores, composite score, rank and
explanation, and the stage history; holders of ``RECRUIT`` add applicants
(C10-checked), pass them on (通过本环节), turn them down with a reason
(不通过), enter all scores at once (all or nothing), record the check
(考察), publish the 公示 and sign the agreements. Printable 招聘公告, 公示 and
聘用协议书 (``documents``) and the xlsx of applicants (``export``) hang off it.
Refusals are flashed in Chinese and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, request, send_file, url_for
from flask_admin import BaseView, expose
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms.validators import DataRequired

from core.admin.base import ScopedModelView, label_of
from core.admin.structure import committees_query, today
from core.disclosure import render_notice
from core.extensions import db
from core.permissions import has_permission, require
from core.personal import log_whole_view, may_see_identity
from core.rules.identity import mask_id_number
from core.rules.policy import NoValueInForce
from core.rules.workdays import WorkdayUnknown
from core.scoping import ScopeViolation, current_actor
from plugins.beijing_workstation import documents, pipeline
from plugins.beijing_workstation.admin import CATEGORY
from plugins.beijing_workstation.kinds import (
    APPLICANT_STATUSES,
    GRADES,
    POSTING_STATUSES,
    POSTS,
    STAGES,
)
from plugins.beijing_workstation.models import Agreement, Applicant, Posting, StageChange
from plugins.beijing_workstation.permissions import RECRUIT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSED = (ValueError, ScopeViolation, NoValueInForce, WorkdayUnknown)
#: The posting fields of the create form that ``pipeline.create_posting`` takes.
POSTING_FIELDS = (
    "title", "post", "grade", "places", "conditions", "duties", "contact", "published_on",
    "apply_from", "apply_until", "written_on", "interview_on", "status",
)  # fmt: skip
OUTCOMES = {"passed": "通过", "rejected": "未通过", "withdrawn": "放弃", "hired": "聘用"}


def views() -> list[BaseView]:
    """The recruitment view."""
    return [PostingView()]


def may_recruit() -> bool:
    """Whether the current actor may run recruitments (``RECRUIT``, never read-only)."""
    actor = current_actor()
    return actor is not None and not actor.read_only and has_permission(actor.role, RECRUIT)


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


def _title_link(_view: Any, _context: Any, model: Posting, _name: str) -> Markup:
    href = url_for("bj_posting.recruit", id=model.id)
    return Markup(f'<a href="{escape(href)}">{escape(model.title)}</a>')


class PostingView(ScopedModelView):
    """社工招聘: the postings in scope; each one's page runs its recruitment (B7)."""

    write_permission = RECRUIT
    allow_delete = False
    can_view_details = False
    column_list = [
        "title", "org_unit", "post", "grade", "places", "apply_until", "notice_until", "status",
    ]  # fmt: skip
    column_labels = {
        "org_unit": "居委会",
        "title": "招聘公告",
        "post": "岗位",
        "grade": "岗位档次",
        "places": "招聘名额",
        "conditions": "报名条件",
        "duties": "岗位职责",
        "contact": "报名地点及联系方式",
        "published_on": "公告发布日期",
        "apply_from": "报名开始日期",
        "apply_until": "报名截止日期",
        "written_on": "笔试日期",
        "interview_on": "面试日期",
        "notice_until": "公示截止日期",
        "status": "状态",
    }
    column_formatters = {
        "title": _title_link,
        "post": label_of(POSTS),
        "status": label_of(POSTING_STATUSES),
    }
    column_filters = ["status", "apply_until"]
    column_searchable_list = ["title"]
    column_default_sort = ("id", True)
    form_columns = ["org_unit", *POSTING_FIELDS]
    form_choices = {
        "post": sorted(POSTS.items(), key=lambda item: item[0] != "worker"),
        "grade": [(str(g), f"{g}档") for g in GRADES],
        "status": [("open", "报名中（立即接受报名）"), ("draft", "草稿")],
    }
    form_args: dict[str, Any] = {
        "org_unit": {
            "label": "居委会",
            "query_factory": committees_query,
            "validators": [DataRequired()],
        },
        "title": {"validators": [DataRequired()]},
        "grade": {"coerce": int, "default": 3},
        "places": {"validators": [DataRequired()]},
        "apply_from": {"validators": [DataRequired()]},
        "apply_until": {"validators": [DataRequired()]},
    }
    column_descriptions = {
        "places": "签订聘用协议的人数不能超过招聘名额 (B7)",
        "apply_until": "报名人须在此日年满 18 周岁 (B7)",
        "grade": "任期岗位工资按岗位和档次确定 (B6)",
    }

    def __init__(self) -> None:
        super().__init__(
            Posting,
            name="社工招聘",
            category=CATEGORY,
            endpoint="bj_posting",
            url="/admin/beijing/postings",
        )

    # --- the posting itself ---------------------------------------------------------------

    def create_form(self, obj: Any = None) -> Any:
        """The form of a new posting, taking applications at once unless kept as a draft."""
        form = super().create_form(obj)
        if request.method == "GET":
            form.status.data = "open"
        return form

    def edit_form(self, obj: Any = None) -> Any:
        """The form without the status: a posting moves on through its page's actions."""
        form = super().edit_form(obj)
        del form.status
        return form

    def create_model(self, form: Any) -> Any:
        """A new posting through ``pipeline.create_posting`` (its stages snapshotted, B7)."""
        fields = {name: getattr(form, name).data for name in POSTING_FIELDS}
        for name in ("conditions", "duties", "contact"):
            fields[name] = (fields[name] or "").strip()
        try:
            posting = pipeline.create_posting(
                db.session, form.org_unit.data, today=today(), **fields
            )
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            if not self.handle_view_exception(exc):
                raise
            return False
        return posting

    def on_model_change(self, form: Any, model: Posting, is_created: bool) -> None:
        """A posting is edited only before its 公示 (B7); then the model's own check."""
        if not is_created and model.status not in ("draft", "open", "closed"):
            raise pipeline.PipelineError("招聘已进入公示或已结束，不能再修改招聘公告 (B7)")
        for name in ("conditions", "duties", "contact"):
            setattr(model, name, getattr(model, name) or "")
        super().on_model_change(form, model, is_created)

    def get_save_return_url(self, model: Any, is_created: bool = False) -> str:
        """After saving, the posting's page."""
        return url_for(".recruit", id=model.id)

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

    # --- the posting's page ---------------------------------------------------------------

    @expose("/recruit/")
    def recruit(self) -> Any:
        """The posting's stages, applicants with scores and rank, history and agreements (B7)."""
        posting = self._posting(request.args.get("id"))
        problem = ""
        try:
            rows = pipeline.ranking(db.session, posting)
        except REFUSED as exc:
            rows, problem = [], str(exc)
        changes = db.session.scalars(
            select(StageChange)
            .join(Applicant, Applicant.id == StageChange.applicant_id)
            .where(Applicant.posting_id == posting.id)
            .order_by(StageChange.applicant_id, StageChange.id)
        ).all()
        agreements = db.session.scalars(
            select(Agreement)
            .join(Applicant, Applicant.id == Agreement.applicant_id)
            .where(Applicant.posting_id == posting.id)
            .order_by(Agreement.id)
        ).all()
        day = today()
        stages = pipeline.stages_of(db.session, posting)
        return self.render(
            "beijing_workstation/recruitment_posting.html",
            posting=posting,
            stages=stages,
            stage_labels=STAGES,
            rows=rows,
            problem=problem,
            changes=changes,
            agreements=agreements,
            notice_explanation=documents.notice_explanation(db.session, posting),
            notice_over=posting.notice_until is not None and day > posting.notice_until,
            may_recruit=may_recruit(),
            posts=POSTS,
            posting_statuses=POSTING_STATUSES,
            applicant_statuses=APPLICANT_STATUSES,
            outcomes=OUTCOMES,
            masked=mask_id_number,
            score=documents.shown_score,
            money=documents.money,
            next_stage=lambda a: _next_stage(stages, a),
            today=day,
        )

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
        result: list[pipeline.Notice] = []
        step = lambda: result.append(  # noqa: E731
            pipeline.publish_notice(db.session, posting, today(), _by())
        )
        if commit("发布公示", step):
            names = "、".join(r.applicant.name for r in result[0].proposed)
            flash(f"已发布拟聘用人员公示（{names}）。{result[0].period.explanation}", "success")
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
            signed.append(pipeline.sign_agreement(db.session, applicant, signed_on, start, _by()))

        if commit("签订聘用协议", step):
            a = signed[0]
            flash(
                f"已与{applicant.name}签订聘用协议：{a.start_date.isoformat()} 至 "
                f"{a.end_date.isoformat()}，月岗位工资 {documents.money(a.monthly_pay)} 元",
                "success",
            )
        return self._back(applicant.posting_id)

    # --- documents and files -------------------------------------------------------------

    @expose("/print/announcement/")
    def print_announcement(self) -> Any:
        """The printable 招聘公告 (B7, C13)."""
        posting = self._posting(request.args.get("id"))
        try:
            notice = documents.recruitment_notice(db.session, posting, today())
        except REFUSED as exc:
            flash(f"无法生成招聘公告：{exc}", "danger")
            return self._back(posting.id)
        return render_notice(notice, back_url=url_for(".recruit", id=posting.id))

    @expose("/print/notice/")
    def print_notice(self) -> Any:
        """The printable 拟聘用人员公示, ID numbers masked (B7, C10, C13)."""
        posting = self._posting(request.args.get("id"))
        if posting.notice_from is None:
            flash("尚未发布公示，暂无拟聘用人员公示", "warning")
            return self._back(posting.id)
        notice = documents.results_notice(db.session, posting, today())
        return render_notice(notice, back_url=url_for(".recruit", id=posting.id))

    @expose("/print/agreement/")
    def print_agreement(self) -> Any:
        """The printable 聘用协议书; the ID number whole only for those who may see it (C10)."""
        value = request.args.get("id", "")
        if not value.isdigit():
            abort(404)
        agreement = db.session.scalar(select(Agreement).where(Agreement.id == int(value)))
        if agreement is None:
            abort(404)
        whole = may_see_identity() and agreement.person is not None
        page = render_notice(
            documents.agreement_document(agreement, whole_identity=whole),
            back_url=url_for(".recruit", id=agreement.applicant.posting_id),
        )
        if whole and agreement.person is not None:
            log_whole_view([agreement.person], "details")
        return page

    @expose("/download/")
    def download(self) -> Any:
        """The applicants with scores, composite and rank as xlsx, ID numbers masked (B7)."""
        from plugins.beijing_workstation.export import applicants_xlsx

        posting = self._posting(request.args.get("id"))
        try:
            content = applicants_xlsx(posting)
        except REFUSED as exc:
            flash(f"无法导出：{exc}", "danger")
            return self._back(posting.id)
        return send_file(
            io.BytesIO(content),
            XLSX,
            as_attachment=True,
            download_name=f"{posting.title}报名人员及成绩.xlsx",
        )


def _next_stage(stages: tuple[str, ...], applicant: Applicant) -> str | None:
    """The stage 通过本环节 would move ``applicant`` to, or None when another action does."""
    if applicant.status != "active" or applicant.stage not in stages:
        return None
    index = stages.index(applicant.stage)
    if index + 1 >= len(stages) or stages[index + 1] in ("notice", "agreement"):
        return None
    return stages[index + 1]
