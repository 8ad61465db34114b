"""The printable notice of a fund year's awards, 以奖代补资助公示 (rules S4, C13).

C13: finances are published to residents. :func:`awards_notice` turns the
awards decided from a street's fund into a core
:class:`~core.disclosure.Notice` (rendered by ``core.disclosure.render_notice``):
each awarded project with its committee, score, amount requested and
awarded and the rule's explanation; then the fund's budget, adjustments,
awards and balance, and where to object.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.disclosure import Notice, NoticeSection, chinese_date
from core.extensions import SessionLike
from plugins.changshou_autonomy.kinds import FEATURED_KINDS

if TYPE_CHECKING:
    from plugins.changshou_autonomy.models import FundYear


def _money(value: Decimal) -> str:
    return f"{Decimal(value):,.2f}"


def awards_notice(session: SessionLike, fund_year: FundYear, today: dt.date) -> Notice | None:
    """The 公示 of the awards of ``fund_year``; None when none has been decided (S4, C13)."""
    from plugins.changshou_autonomy.fund import adjusted, awarded, balance
    from plugins.changshou_autonomy.models import Application, Award

    awards = session.scalars(
        select(Award)
        .join(Application, Application.id == Award.application_id)
        .where(Application.fund_year_id == fund_year.id)
        .order_by(Award.rank, Award.score.desc(), Award.id)
    ).all()
    if not awards:
        return None
    street = fund_year.org_unit.name if fund_year.org_unit is not None else ""
    rows = []
    for number, award in enumerate(awards, start=1):
        application = award.application
        rows.append(
            (
                str(award.rank or number),
                application.title,
                application.org_unit.name if application.org_unit is not None else "",
                FEATURED_KINDS.get(application.kind, application.kind).removeprefix("特色"),
                "—" if award.score is None else str(award.score),
                _money(application.requested),
                _money(award.amount),
                award.explanation,
            )
        )
    decided = max(award.decided_on for award in awards)
    budget = Decimal(fund_year.budget)
    change = adjusted(session, fund_year.id)
    spent = awarded(session, fund_year.id)
    left = balance(session, fund_year)
    sections = [
        NoticeSection(
            heading="一、评审情况",
            paragraphs=[
                f"根据“自治家园”建设工作安排，{street}{fund_year.year}年度自治项目（活动）"
                f"申报截止日期为{chinese_date(fund_year.deadline)}。街道评估小组按评估标准对"
                "各居民区申报的项目逐项评分，多名评估人的评分按规定方式合成；"
                f"资助按评估得分从高到低、按档次匹配，于{chinese_date(decided)}决定，"
                "资助总额不超过专项资金余额 (S4)。",
            ],
        ),
        NoticeSection(
            heading="二、以奖代补资助名单",
            columns=(
                "名次",
                "项目名称",
                "申报居委会",
                "类型",
                "评估得分",
                "申请金额（元）",
                "资助金额（元）",
                "说明",
            ),
            rows=rows,
        ),
        NoticeSection(
            heading="三、专项资金使用情况",
            paragraphs=[
                f"预算 {_money(budget)} 元 + 调整 {_money(change)} 元 − 已资助 {_money(spent)} 元"
                f" = 余额 {_money(left)} 元。",
                "资助资金按项目实施进度拨付，拨付合计不超过资助金额。",
            ],
        ),
        NoticeSection(
            heading="四、异议",
            paragraphs=["居民对资助结果如有意见，可在公示期内向居委会或街道反映。"],
        ),
    ]
    return Notice(
        title=f"{fund_year.year}年度“自治家园”自治项目以奖代补资助公示",
        subtitle=street,
        unit_name=street,
        date=today,
        sections=sections,
        footer=[f"{street}（盖章）"],
        rule_ids=("S4", "C13"),
    )
