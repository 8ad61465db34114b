"""The committee overview panel of the plugin: the latest published result and open rounds (H7).

Cheap by design: one query for the latest year with a published annual
round of the committee, the year's results of that one committee, and one
query for the open rounds it is in.
"""

from __future__ import annotations

import logging
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import select

from core.extensions import db
from core.panels import Panel
from plugins.huangpu_evaluation.kinds import ANNUAL, ROUND_KINDS
from plugins.huangpu_evaluation.models import Round, RoundCommittee

log = logging.getLogger(__name__)


def latest_result(committee: Any) -> Any:
    """The committee's result of the latest year with a published annual round, or None."""
    from plugins.huangpu_evaluation.results import year_results

    year = db.session.scalar(
        select(Round.year)
        .join(RoundCommittee, RoundCommittee.round_id == Round.id)
        .where(
            RoundCommittee.org_unit_id == committee.id,
            Round.kind == ANNUAL,
            Round.status == "published",
        )
        .order_by(Round.year.desc())
        .limit(1)
    )
    if year is None:
        return None
    results = year_results(db.session, int(year), committee=committee, published_only=True)
    return next((r for r in results.committees if r.committee_id == committee.id), None)


def open_rounds(committee: Any) -> list[Round]:
    """The rounds in progress that the committee is in."""
    return list(
        db.session.scalars(
            select(Round)
            .join(RoundCommittee, RoundCommittee.round_id == Round.id)
            .where(RoundCommittee.org_unit_id == committee.id, Round.status == "open")
            .order_by(Round.period_end, Round.id)
        )
    )


def committee_panel(committee: Any) -> Panel:
    """The panel of ``committee``: its latest published result and the rounds in progress."""
    parts: list[str] = ['<div class="hp-panel">']
    try:
        result = latest_result(committee)
    except Exception:
        log.exception("results for the committee panel failed")
        result = None
        parts.append('<p class="text-muted mb-1">测评结果暂时无法计算，请联系系统管理员。</p>')
    if result is not None:
        score = "—" if result.score is None else str(result.score)
        rank = f"，街道内第 {result.rank} 名" if result.rank else ""
        parts.append(
            f'<p class="mb-1" id="hp-panel-result">{result.year}年度测评结果：'
            f"<strong>{escape(score)}</strong> 分，{escape(result.grade or '未评定')}"
            f'{escape(rank)}<br><span class="juwei-explain">{escape(result.explanation)}</span></p>'
        )
    else:
        parts.append('<p class="mb-1 text-muted" id="hp-panel-result">还没有已公布的测评结果。</p>')
    rounds = open_rounds(committee)
    if rounds:
        items = "".join(
            f"<li>{escape(r.title)}（{escape(ROUND_KINDS.get(r.kind, r.kind))}，"
            f"{r.period_start.isoformat()} 至 {r.period_end.isoformat()}）</li>"
            for r in rounds
        )
        parts.append(
            f'<p class="mb-0">进行中的测评：</p><ul class="mb-0" id="hp-panel-open">{items}</ul>'
        )
    else:
        parts.append('<p class="mb-0 text-muted" id="hp-panel-open">目前没有进行中的测评。</p>')
    parts.append("</div>")
    return Panel(title="民主测评", html=Markup("".join(parts)), order=60)
