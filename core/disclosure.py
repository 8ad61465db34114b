"""Public disclosure (居务公开, rule C13): printable notices for the notice board.

Resolutions, evaluation results and finances are published to residents. A
notice is data first, a :class:`Notice`, and :func:`render_notice` turns it
into one standalone HTML page (not the admin layout): Chinese, A4 print CSS
(``@page { size: A4 }``), a print button that does not print, only fonts the
machine has (no web fonts, no CDN: intranets are offline).

Core publishes a meeting's resolutions (:func:`meeting_notice`, served at
``/admin/meeting/notice/?id=N``). A plugin publishes its own results the same
way — Huangpu's evaluation results (H7), Changshou's project awards (S4),
Beijing's recruitment 公示 (B7) — from a route of its own view::

    from core.disclosure import Notice, NoticeSection, render_notice, seal_line

    @expose("/notice/")
    def notice(self):
        record = self.get_one(request.args.get("id", type=int))   # scoped: 404 elsewhere
        notice = Notice(
            title="2025年度居委会工作人员测评结果公示",
            unit_name=record.org_unit.name,
            date=dt.date.today(),
            sections=[
                NoticeSection(
                    heading="测评结果",
                    columns=("姓名", "得分", "等次", "说明"),
                    rows=[(r.name, str(r.score), r.grade, r.explanation) for r in record.rows],
                ),
                NoticeSection(heading="异议", paragraphs=["如有异议，请向居务监督小组反映。"]),
            ],
            footer=[seal_line(record.org_unit.name)],
            rule_ids=("H7", "C13"),
        )
        return render_notice(notice, back_url=url_for(".details_view", id=record.id))

The text of a notice is the public document itself and stays Chinese
whatever the language of the UI; only the page's controls are translated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from flask import render_template

from core.kinds import kind_of
from core.rules.meetings import BODY_FORM_LABELS, BodyForm

if TYPE_CHECKING:
    from core.meetings import MeetingFigures
    from core.models.meetings import Meeting


@dataclasses.dataclass(frozen=True)
class NoticeSection:
    """A part of a notice: a heading, then paragraphs and/or a table.

    ``columns`` are the table's headers; each of ``rows`` has one cell per column.
    """

    heading: str
    paragraphs: Sequence[str] = ()
    columns: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()


@dataclasses.dataclass(frozen=True)
class Notice:
    """A public notice (rule C13): what is published, by whom, when, under which rules."""

    title: str
    #: The unit publishing it, e.g. 福州路居委会.
    unit_name: str
    #: The day of publication printed on the notice.
    date: dt.date
    sections: Sequence[NoticeSection] = ()
    #: Lines at the bottom right: the seal line (see :func:`seal_line`), contacts.
    footer: Sequence[str] = ()
    #: Rule IDs the published figures follow, printed small at the bottom.
    rule_ids: Sequence[str] = ()
    subtitle: str = ""


def seal_line(unit_name: str) -> str:
    """``福州路居委会`` → ``福州路居民委员会（盖章）``: where the committee's seal goes."""
    name = unit_name.strip()
    if name.endswith("居委会"):
        name = name[: -len("居委会")] + "居民委员会"
    elif not name.endswith("委员会"):
        name += "居民委员会"
    return f"{name}（盖章）"


def chinese_date(day: dt.date) -> str:
    """``2025-03-08`` → ``2025年3月8日``, as dates are written on notices."""
    return f"{day.year}年{day.month}月{day.day}日"


def render_notice(notice: Notice, back_url: str | None = None) -> str:
    """The standalone, printable HTML page of ``notice`` (A4, Chinese, no external asset)."""
    return render_template(
        "juwei/notice.html", notice=notice, back_url=back_url, chinese_date=chinese_date
    )


def meeting_notice(meeting: Meeting, figures: MeetingFigures, today: dt.date) -> Notice:
    """The 居务公开 notice of a meeting's resolutions with each result explained (C5, C6, C13)."""
    kind = kind_of("meeting", meeting.kind)
    kind_label = kind.label if kind is not None else meeting.kind
    facts = [
        f"会议名称：{meeting.title}",
        f"会议类型：{kind_label}",
        f"召开日期：{chinese_date(meeting.held_on)}",
    ]
    if meeting.location:
        facts.append(f"会议地点：{meeting.location}")
    if figures.body is not None:
        # The body's explanation names the form itself.
        facts.append(f"应到人数：{figures.body.body} 人；{figures.body.explanation}")
    else:
        if meeting.body_form and meeting.body_form in {form.value for form in BodyForm}:
            facts.append(f"组成方式：{BODY_FORM_LABELS[BodyForm(meeting.body_form)]}")
        if figures.eligible_explanation:
            facts.append(f"应到人数：{figures.eligible_explanation}")
    if meeting.present_count is not None:
        facts.append(f"实到人数：{meeting.present_count} 人")
    if figures.quorum is not None:
        facts.append(f"法定人数：{figures.quorum.explanation}")
    rows = []
    for number, (item, outcome) in enumerate(figures.resolutions, start=1):
        result = "—" if outcome is None else ("通过" if outcome.passed else "未通过")
        explanation = outcome.explanation if outcome is not None else "未判定（缺少出席或应到人数）"
        votes = f"赞成 {item.votes_for}，反对 {item.votes_against}，弃权 {item.votes_abstain}"
        rows.append((str(number), item.text, votes, result, explanation))
    sections = [NoticeSection(heading="一、会议情况", paragraphs=facts)]
    if rows:
        sections.append(
            NoticeSection(
                heading="二、表决结果",
                columns=("序号", "决议事项", "表决情况", "结果", "说明"),
                rows=rows,
            )
        )
    else:
        sections.append(NoticeSection(heading="二、表决结果", paragraphs=["本次会议无表决事项。"]))
    if figures.problems:
        sections.append(NoticeSection(heading="待核对", paragraphs=list(figures.problems)))
    sections.append(
        NoticeSection(
            heading="三、监督",
            paragraphs=["居民对以上事项如有意见，可向居委会或居务监督小组反映。"],
        )
    )
    unit_name = meeting.org_unit.name if meeting.org_unit is not None else ""
    return Notice(
        title=f"{kind_label}决议公告",
        subtitle=meeting.title,
        unit_name=unit_name,
        date=today,
        sections=sections,
        footer=[seal_line(unit_name)],
        rule_ids=("C5", "C6", "C13"),
    )
