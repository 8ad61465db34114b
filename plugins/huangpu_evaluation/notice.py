"""The printable public notice of a committee's evaluation results (H3, H6, H7, C13).

H7: results are published to residents through the residents' meeting and
the disclosure board. :func:`results_notice` turns a committee's year
results into a core :class:`~core.disclosure.Notice` (rendered by
``core.disclosure.render_notice``): the committee's score with the mass and
street parts, each staff member's, every figure with its explanation, how
the score is made (70/30, grades) and where to object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from core.disclosure import Notice, NoticeSection, seal_line
from plugins.huangpu_evaluation.results import Result, YearResults


def _score(value: object) -> str:
    return "—" if value is None else str(value)


def _row(result: Result, name: str) -> tuple[str, ...]:
    mass = result.mass.score if result.mass is not None else None
    street = result.street.score if result.street is not None else None
    return (
        name,
        _score(mass),
        _score(street),
        _score(result.score),
        result.grade or "未评定",
        result.explanation,
    )


def results_notice(
    results: YearResults, committee_id: int, today: dt.date, street_name: str = ""
) -> Notice | None:
    """The 公示 of ``committee_id``'s results in ``results``; None when it has none (H7, C13)."""
    work = [r for r in results.committees if r.committee_id == committee_id]
    staff = [r for r in results.staff if r.committee_id == committee_id]
    if not work and not staff:
        return None
    first = (work or staff)[0]
    columns = ("对象", "群众评价", "街道评价", "综合得分", "等次", "说明")
    sections = [
        NoticeSection(
            heading="一、测评情况",
            paragraphs=_facts(first, work),
        )
    ]
    if work:
        sections.append(
            NoticeSection(
                heading="二、居委会工作测评结果",
                columns=columns,
                rows=[
                    _row(r, "居委会工作（组织建设、居民自治、协助行政事务、制度建设）")
                    for r in work
                ],
            )
        )
    if staff:
        sections.append(
            NoticeSection(
                heading="三、工作人员测评结果",
                columns=("姓名", *columns[1:]),
                rows=[_row(r, _staff_name(r)) for r in staff],
            )
        )
    sections.append(
        NoticeSection(
            heading="四、异议",
            paragraphs=[
                "居民对测评结果如有意见，可在公示期内向居委会、居务监督小组或街道反映。",
            ],
        )
    )
    return Notice(
        title=f"{results.year}年度居委会及工作人员民主测评结果公示",
        subtitle=street_name or first.street_name,
        unit_name=first.committee_name,
        date=today,
        sections=sections,
        footer=[seal_line(first.committee_name)],
        rule_ids=("H3", "H6", "H7", "C13"),
    )


def _staff_name(result: Result) -> str:
    return f"{result.person_name}（{result.title}）" if result.title else result.person_name


def _facts(first: Result, work: Sequence[Result]) -> list[str]:
    """How the score is made and, when known, the turnout of the mass evaluation (H3, H4, D1)."""
    facts = [
        f"根据街道部署，{first.year}年度对{first.committee_name}的工作和工作人员进行了民主测评："
        "综合得分由居民群众评价（群众评议）和街道评价（两次半年评价）按规定权重合成，"
        "各项得分的计算见“说明”一栏 (H3, H4)。",
        "测评等次分为优秀、合格、基本合格、不合格 (H6)。",
    ]
    for result in work:
        if result.mass is not None:
            facts.append(f"群众评议参与情况：{result.mass.turnout.explanation}")
    return facts
