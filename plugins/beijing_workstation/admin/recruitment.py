"""社工招聘: postings, applicants, stages, scores, the 公示 and the agreements (rule B7).

``/admin/beijing/postings`` lists the postings in scope (committee staff
their committee's, street officers their street's) and creates one through
``pipeline.create_posting``. A posting's page (``/recruit/?id=N``) shows its
stages, the applicants with stage, status, scores, composite score, rank and
explanation, and the stage history; holders of ``RECRUIT`` add applicants
(C10-checked), pass them on (通过本环节), turn them down with a reason
(不通过), enter all scores at once (all or nothing), record the check
(考察), publish the 公示 (and a 补充公示 when a place is freed before
signing) and sign the agreements — those POST actions are
in :mod:`.recruitment_actions`, the base of this view. Printable 招聘公告, 公示 and
聘用协议书 (``documents``) and the xlsx of applicants (``export``) hang off it.
Refusals are flashed in Chinese and nothing changes.
"""

from __future__ import annotations

import io
from typing import Any

from flask import abort, flash, request, send_file, url_for
from flask_admin import BaseView, expose
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms.validators import DataRequired

from core.admin.base import label_of
from core.admin.structure import committees_query, today
from core.disclosure import render_notice
from core.extensions import db
from core.permissions import has_permission
from core.personal import log_whole_view, may_see_identity
from core.rules.identity import mask_id_number
from core.scoping import current_actor
from plugins.beijing_workstation import documents, hiring, pipeline
from plugins.beijing_workstation.admin import CATEGORY
from plugins.beijing_workstation.admin.recruitment_actions import REFUSED, PostingActions
from plugins.beijing_workstation.kinds import (
    APPLICANT_STATUSES,
    GRADES,
    POSTING_STATUSES,
    POSTS,
    STAGES,
)
from plugins.beijing_workstation.models import Agreement, Applicant, Posting, StageChange
from plugins.beijing_workstation.permissions import RECRUIT
from plugins.beijing_workstation.stages import PipelineError, stages_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


def _title_link(_view: Any, _context: Any, model: Posting, _name: str) -> Markup:
    href = url_for("bj_posting.recruit", id=model.id)
    return Markup(f'<a href="{escape(href)}">{escape(model.title)}</a>')


class PostingView(PostingActions):
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
            raise PipelineError("招聘已进入公示或已结束，不能再修改招聘公告 (B7)")
        for name in ("conditions", "duties", "contact"):
            setattr(model, name, getattr(model, name) or "")
        super().on_model_change(form, model, is_created)

    def get_save_return_url(self, model: Any, is_created: bool = False) -> str:
        """After saving, the posting's page."""
        return url_for(".recruit", id=model.id)

    # --- the posting's page ---------------------------------------------------------------

    @expose("/recruit/")
    def recruit(self) -> Any:
        """The posting's stages, applicants with scores and rank, history and agreements (B7)."""
        posting = self._posting(request.args.get("id"))
        problem = ""
        try:
            rows = hiring.ranking(db.session, posting)
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
        stages = stages_of(db.session, posting)
        supplementary = hiring.supplementary_candidates(posting, rows) if may_recruit() else []
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
            supplementary=supplementary,
            free_places=hiring.free_places(posting),
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
