"""街道评价: the street's half-yearly scores per committee and per staff member (H1, H2, H4).

``/admin/huangpu/street/`` lists the open street rounds in scope and, per
committee, whether its scores are in. ``/entry/?rc=N`` is one committee's
form: its work in the four H1 categories and each staff member on the five
H2 dimensions, 0–100 with one decimal, the sources combined (departments,
party organisation, residents, police, local units) and a note. Saving
writes every row at once or none: a refusal (``street.check_street_evaluation``
or a malformed number) is shown with the user's input kept in the form.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from sqlalchemy import select

from core.admin.base import ProtectedBaseView
from core.extensions import db
from plugins.huangpu_evaluation.admin import CATEGORY
from plugins.huangpu_evaluation.admin.rounds import REFUSALS, half_label
from plugins.huangpu_evaluation.kinds import STREET, STREET_SOURCES, Form, forms_of
from plugins.huangpu_evaluation.models import Round, RoundCommittee, StreetEvaluation
from plugins.huangpu_evaluation.permissions import STREET_SCORE

#: Form field prefix of the committee's own row; staff rows use ``s<subject id>``.
COMMITTEE_KEY = "c"


def views() -> list[BaseView]:
    """The street-score views, in menu order."""
    return [StreetScoresView()]


class StreetScoresView(ProtectedBaseView):
    """街道评价: enter the street's half-yearly scores (H4); needs ``STREET_SCORE``."""

    permission = STREET_SCORE

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            name="街道评价",
            category=CATEGORY,
            endpoint="hp_street",
            url="/admin/huangpu/street",
            **kwargs,
        )

    @expose("/")
    def index(self) -> Any:
        """Open street rounds in scope, each committee with how many scores are entered."""
        rounds = list(
            db.session.scalars(
                select(Round)
                .where(Round.kind == STREET, Round.status == "open")
                .order_by(Round.year.desc(), Round.half.desc(), Round.id)
            )
        )
        ids = [rc.id for round_ in rounds for rc in round_.committees]
        entered: dict[int, int] = {}
        if ids:
            for rc_id in db.session.scalars(
                select(StreetEvaluation.round_committee_id).where(
                    StreetEvaluation.round_committee_id.in_(ids)
                )
            ):
                entered[rc_id] = entered.get(rc_id, 0) + 1
        return self.render(
            "huangpu_evaluation/street_index.html",
            rounds=rounds,
            entered=entered,
            half_label=half_label,
        )

    @expose("/entry/", methods=["GET", "POST"])
    def entry(self) -> Any:
        """One committee's scores: GET shows them, POST saves all rows or none (H4)."""
        rc = db.session.scalar(
            select(RoundCommittee).where(RoundCommittee.id == request.args.get("rc", type=int))
        )
        if rc is None:
            abort(404)
        round_ = rc.round
        if round_.kind != STREET:
            flash(f"“{round_.title}”不是街道半年评价，不能录入街道评分 (H4)", "warning")
            return redirect(url_for(".index"))
        committee_form, staff_form = forms_of(STREET)
        assert committee_form is not None and staff_form is not None
        existing = {
            e.subject_id: e
            for e in db.session.scalars(
                select(StreetEvaluation).where(StreetEvaluation.round_committee_id == rc.id)
            )
        }
        rows = [(COMMITTEE_KEY, "居委会工作 (H1)", None, committee_form)] + [
            (f"s{s.id}", f"{s.person.name}（{s.title}）", s, staff_form) for s in rc.subjects
        ]
        errors: list[str] = []
        if request.method == "POST":
            errors = self._save(rc, rows, existing)
            if not errors:
                flash(f"已保存{rc.org_unit.name}的街道评价", "success")
                return redirect(url_for(".entry", rc=rc.id))
            values = {key: request.form.get(key, "") for key in request.form}
            sources = {key: set(request.form.getlist(f"{key}_sources")) for key, *_ in rows}
        else:
            values, sources = _stored_values(rows, existing)
        return self.render(
            "huangpu_evaluation/street_entry.html",
            rc=rc,
            round=round_,
            rows=rows,
            values=values,
            sources=sources,
            source_labels=STREET_SOURCES,
            errors=errors,
            editable=round_.status == "open",
            half_label=half_label(round_),
        )

    def _save(
        self,
        rc: RoundCommittee,
        rows: list[tuple[str, str, Any, Form]],
        existing: dict[int | None, StreetEvaluation],
    ) -> list[str]:
        """Write every row with something entered; the Chinese errors, nothing saved if any."""
        errors: list[str] = []
        for key, label, subject, form in rows:
            texts = [request.form.get(f"{key}_{i}", "").strip() for i in range(1, 6)]
            chosen = [s for s in request.form.getlist(f"{key}_sources") if s]
            note = request.form.get(f"{key}_note", "").strip()
            record = existing.get(subject.id if subject is not None else None)
            if record is None and not any(texts) and not note:
                continue  # nothing entered for this subject
            try:
                scores = [_score(text, form, i) for i, text in enumerate(texts, start=1)]
                if record is None:
                    record = StreetEvaluation(round_committee=rc, round_committee_id=rc.id)
                    if subject is not None:
                        record.subject = subject
                        record.subject_id = subject.id
                    db.session.add(record)
                for i, score in enumerate(scores, start=1):
                    setattr(record, f"score_{i}", score)
                record.sources = ",".join(chosen)
                record.note = note
                with db.session.no_autoflush:
                    record.check()
            except ValueError as exc:
                errors.append(f"{label}：{exc}")
        if not errors:
            try:
                db.session.commit()
            except REFUSALS as exc:
                errors.append(str(exc))
        if errors:
            db.session.rollback()
        return errors


def _score(text: str, form: Form, index: int) -> Decimal | None:
    """The score typed for item ``index``: a number with at most one decimal (H4)."""
    if not text:
        return None
    label = form.items[index - 1] if index <= len(form.items) else f"第{index}项"
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{label}”的得分“{text}”不是数字") from None
    if not value.is_finite():
        raise ValueError(f"“{label}”的得分“{text}”不是数字")
    if abs(value) > 1000:
        raise ValueError(f"“{label}”的得分 {text} 超出 0–100 的范围 (H4)")
    if value != value.quantize(Decimal("0.1")):
        raise ValueError(f"“{label}”的得分 {text} 最多保留一位小数")
    return value.quantize(Decimal("0.1"))


def _stored_values(
    rows: list[tuple[str, str, Any, Form]], existing: dict[int | None, StreetEvaluation]
) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The form's values from the stored rows (blank where nothing is stored)."""
    values: dict[str, str] = {}
    sources: dict[str, set[str]] = {}
    for key, _label, subject, _form in rows:
        record = existing.get(subject.id if subject is not None else None)
        sources[key] = set((record.sources or "").split(",")) - {""} if record else set()
        if record is None:
            continue
        for i, score in enumerate(record.scores, start=1):
            values[f"{key}_{i}"] = "" if score is None else str(score)
        values[f"{key}_note"] = record.note or ""
    return values, sources
