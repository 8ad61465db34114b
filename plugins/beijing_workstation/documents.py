"""The printable documents of a recruitment: 招聘公告, 拟聘用人员公示, 聘用协议书 (B7, C13).

Each is a :class:`core.disclosure.Notice` — data first — that the admin view
renders with :func:`core.disclosure.render_notice` as a standalone A4 page.
The 公示 is public: ID numbers are masked (C10). The agreement shows the
hired person's ID number whole only to roles that may see it; the view logs
that whole view (``core.personal``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core.disclosure import Notice, NoticeSection, chinese_date, seal_line
from core.extensions import SessionLike
from core.policy import resolve
from core.rules.identity import mask_id_number, mask_phone
from plugins.beijing_workstation.hiring import Ranked, ranking, weights_for
from plugins.beijing_workstation.kinds import POSTS
from plugins.beijing_workstation.models import Agreement, Applicant, Posting
from plugins.beijing_workstation.parameters import (
    AGREEMENT_YEARS,
    MIN_AGE,
    NOTICE_DAYS,
    pay_key,
)
from plugins.beijing_workstation.rules.composite import percent, score_text
from plugins.beijing_workstation.stages import stage_label, stages_of

NUMBERS = "一二三四五六七八九十"
SEX = {"male": "男", "female": "女"}
#: Where an applicant stands once published: on the 公示, or hired after it.
PUBLISHED_STAGES = ("notice", "agreement")


def _param(session: SessionLike, key: str, day: dt.date, posting: Posting) -> Any:
    return resolve(session, key, day, posting.org_unit).value


def money(value: Decimal) -> str:
    """``Decimal("4500")`` → ``4,500.00``."""
    return f"{Decimal(value):,.2f}"


def post_label(posting: Posting | Agreement) -> str:
    """The Chinese name of the post, e.g. 社工专干."""
    return POSTS.get(posting.post, posting.post)


def _numbered(sections: list[tuple[str, list[str]]], first: int = 0) -> list[NoticeSection]:
    return [
        NoticeSection(heading=f"{NUMBERS[i]}、{heading}", paragraphs=paragraphs)
        for i, (heading, paragraphs) in enumerate(sections, start=first)
    ]


def _unit_name(posting: Posting) -> str:
    return posting.org_unit.name if posting.org_unit is not None else ""


def recruitment_notice(session: SessionLike, posting: Posting, day: dt.date) -> Notice:
    """The 招聘公告 of ``posting``: post, places, pay, conditions, dates and procedure (B7)."""
    unit = _unit_name(posting)
    last = posting.apply_until
    pay = Decimal(_param(session, pay_key(posting.post, posting.grade), last, posting))
    weights = weights_for(session, posting)
    min_age = int(_param(session, MIN_AGE, last, posting))
    notice_days = int(_param(session, NOTICE_DAYS, last, posting))
    years = int(_param(session, AGREEMENT_YEARS, last, posting))
    stages = [stage_label(s) for s in stages_of(session, posting)]
    exams = []
    if posting.written_on:
        exams.append(f"笔试时间：{chinese_date(posting.written_on)}。")
    if posting.interview_on:
        exams.append(f"面试时间：{chinese_date(posting.interview_on)}。")
    exams.append(
        f"综合成绩 = 笔试成绩 × {percent(weights.written)} + 面试成绩 × "
        f"{percent(weights.interview)}，按综合成绩从高到低排名；综合成绩相同的，"
        "依次按面试成绩、笔试成绩从高到低，报名日期从早到晚排序。"
    )
    post_table = NoticeSection(
        heading="一、招聘岗位和名额",
        columns=("岗位", "岗位档次", "招聘名额", "任期岗位工资（元/月）"),
        rows=[(post_label(posting), f"{posting.grade}档", f"{posting.places}人", money(pay))],
    )
    apply_lines = [
        f"报名时间：{chinese_date(posting.apply_from)}至{chinese_date(last)}。",
        "报名时须提交本人居民身份证及学历证明，填写报名登记表。",
    ]
    if posting.contact:
        apply_lines.append(f"报名地点及联系方式：{posting.contact}。")
    rest = _numbered(
        [
            ("岗位职责", [posting.duties or "按社区工作站岗位职责执行。"]),
            (
                "报名条件",
                [
                    posting.conditions or "热爱社区工作，遵纪守法，品行端正。",
                    f"年龄：报名截止日年满{min_age}周岁（含当日满{min_age}周岁）。",
                ],
            ),
            ("报名时间和方式", apply_lines),
            ("招聘程序", ["按“" + "→".join(stages) + "”的程序进行，公平、公正、择优。"]),
            ("考试和综合成绩", exams),
            (
                "公示和聘用",
                [
                    f"拟聘用人员名单公示 {notice_days} 个工作日；公示期满无异议的，"
                    f"由居委会与其签订聘用协议，聘期 {years} 年，实行任期岗位工资制。",
                ],
            ),
        ],
        first=1,  # 一 is the post table
    )
    return Notice(
        title=f"{unit}公开招聘{post_label(posting)}公告",
        subtitle=posting.title,
        unit_name=unit,
        date=posting.published_on or day,
        sections=[post_table, *rest],
        footer=[seal_line(unit)],
        rule_ids=("B6", "B7", "C13"),
    )


def published(rows: list[Ranked]) -> list[Ranked]:
    """The applicants put on the 公示 (at the notice stage or hired after it), in rank order."""
    return [
        r
        for r in rows
        if r.applicant.stage in PUBLISHED_STAGES and r.applicant.status in ("active", "hired")
    ]


def notice_explanation(session: SessionLike, posting: Posting) -> str:
    """How the 公示 period of ``posting`` was counted, or empty before it is published (B7)."""
    from core.opinions import calendar
    from core.rules.workdays import WorkdayUnknown
    from plugins.beijing_workstation.rules.notice import notice_period

    if posting.notice_from is None or posting.notice_until is None:
        return ""
    days = int(_param(session, NOTICE_DAYS, posting.notice_from, posting))
    try:
        period = notice_period(posting.notice_from, days, calendar(session))
    except (WorkdayUnknown, ValueError):
        period = None
    if period is None or period.end != posting.notice_until:
        return (
            f"公示期：{posting.notice_from.isoformat()} 至 {posting.notice_until.isoformat()}，"
            "期满后方可签订聘用协议 (B7)"
        )
    return period.explanation


def results_notice(session: SessionLike, posting: Posting, day: dt.date) -> Notice:
    """The 拟聘用人员公示: names, masked ID numbers, scores, the period and objections (B7, C10)."""
    unit = _unit_name(posting)
    rows = published(ranking(session, posting))
    weights = weights_for(session, posting)
    applied = len(posting.applicants)
    table = [
        (
            str(r.rank or ""),
            r.applicant.name,
            SEX.get(r.applicant.sex, r.applicant.sex),
            mask_id_number(r.applicant.id_number),
            shown_score(r.applicant.written_score),
            shown_score(r.applicant.interview_score),
            shown_score(r.composite.value),
        )
        for r in rows
    ]
    assert posting.notice_from is not None and posting.notice_until is not None
    stages = stages_of(session, posting)
    first = stages.index("application") + 1 if "application" in stages else 1
    between = stages[first : stages.index("notice") if "notice" in stages else -1]
    steps = "、".join(stage_label(s) for s in between if s != "composite") or "审查"
    contact = f"（{posting.contact}）" if posting.contact else ""
    return Notice(
        title="拟聘用人员公示",
        subtitle=f"{posting.title}（{post_label(posting)}，招聘 {posting.places} 人）",
        unit_name=unit,
        date=posting.notice_from,
        sections=[
            NoticeSection(
                heading="一、招聘情况",
                paragraphs=[
                    f"{unit}按照公平、公正、择优的原则公开招聘{post_label(posting)}，"
                    f"共 {applied} 人报名，经{steps}，现将拟聘用人员名单公示如下。",
                    f"综合成绩 = 笔试成绩 × {percent(weights.written)} + 面试成绩 × "
                    f"{percent(weights.interview)}（四舍五入保留一位小数）。",
                ],
            ),
            NoticeSection(
                heading="二、拟聘用人员名单",
                columns=("名次", "姓名", "性别", "身份证号", "笔试", "面试", "综合成绩"),
                rows=table,
            ),
            NoticeSection(
                heading="三、公示期",
                paragraphs=[
                    f"公示时间：{chinese_date(posting.notice_from)}至"
                    f"{chinese_date(posting.notice_until)}。",
                    notice_explanation(session, posting),
                ],
            ),
            NoticeSection(
                heading="四、异议",
                paragraphs=[
                    "公示期间，对拟聘用人员有异议的，可以书面或当面向"
                    f"{unit}或街道办事处反映{contact}。",
                    "反映问题应实事求是，提倡署真实姓名；对反映人的情况予以保密。"
                    "公示期满无异议或异议经核实不影响聘用的，与拟聘用人员签订聘用协议。",
                ],
            ),
        ],
        footer=[seal_line(unit)],
        rule_ids=("B7", "C10", "C13"),
    )


def shown_score(value: Decimal | None) -> str:
    """A score as shown (one decimal), or a dash when there is none."""
    return score_text(value) if value is not None else "—"


def agreement_document(agreement: Agreement, whole_identity: bool = False) -> Notice:
    """The 聘用协议书: parties, post, grade, monthly pay, term and signature lines (B6, B7).

    ``whole_identity``: show the ID number whole (the caller logs the view, C10).
    """
    applicant: Applicant = agreement.applicant
    posting = applicant.posting
    unit = _unit_name(posting)
    number = applicant.id_number if whole_identity else mask_id_number(applicant.id_number)
    phone = applicant.phone if whole_identity else mask_phone(applicant.phone)
    years = _years(agreement.start_date, agreement.end_date)
    party_rows = [
        ("甲方（聘用单位）", seal_line(unit).removesuffix("（盖章）")),
        ("乙方（受聘人员）", applicant.name),
        ("性别", SEX.get(applicant.sex, applicant.sex)),
        ("出生日期", chinese_date(applicant.birth_date)),
        ("居民身份证号", number),
        ("住址", applicant.address or ""),
        ("联系电话", phone or ""),
    ]
    duties = posting.duties or "按社区工作站岗位职责执行。"
    return Notice(
        title="社区工作者聘用协议书",
        subtitle=f"（{posting.title}）",
        unit_name=unit,
        date=agreement.signed_on,
        sections=[
            NoticeSection(heading="一、协议双方", rows=party_rows),
            NoticeSection(
                heading="二、聘用岗位",
                paragraphs=[
                    f"甲方聘用乙方在社区工作站担任{post_label(agreement)}，"
                    f"岗位档次为{agreement.grade}档。",
                    f"岗位职责：{duties}",
                ],
            ),
            NoticeSection(
                heading="三、聘用期限",
                paragraphs=[
                    f"聘用期限{years}，自{chinese_date(agreement.start_date)}起至"
                    f"{chinese_date(agreement.end_date)}止。",
                    "聘期内由居委会定期考核，考核结果作为奖惩和续聘的依据。",
                ],
            ),
            NoticeSection(
                heading="四、工资待遇",
                paragraphs=[
                    "实行任期岗位工资制，乙方月岗位工资为人民币 "
                    f"{money(agreement.monthly_pay)} 元；政策调整时按规定执行。",
                ],
            ),
            NoticeSection(
                heading="五、双方的权利和义务",
                paragraphs=[
                    "甲方为乙方提供必要的工作条件，按时足额支付工资，依法办理社会保险。",
                    "乙方遵守法律法规和社区工作站工作制度，履行岗位职责，接受居委会的监督和考核。",
                ],
            ),
            NoticeSection(
                heading="六、其他",
                paragraphs=[
                    "本协议未尽事宜，由双方协商解决。本协议一式两份，甲乙双方各执一份，"
                    "自双方签字盖章之日起生效。",
                ],
            ),
            NoticeSection(
                heading="签字",
                columns=("甲方（盖章）", "乙方（签字）"),
                rows=[
                    (
                        "负责人（签字）：____________",
                        "签字：____________",
                    ),
                    (
                        f"日期：{chinese_date(agreement.signed_on)}",
                        f"日期：{chinese_date(agreement.signed_on)}",
                    ),
                ],
            ),
        ],
        footer=[seal_line(unit)],
        rule_ids=("B6", "B7"),
    )


def _years(start: dt.date, end: dt.date) -> str:
    """The agreement's length in words: ``3年`` when whole years, else the day count."""
    after = end + dt.timedelta(days=1)
    whole = after.year - start.year
    if whole > 0 and (after.month, after.day) == (start.month, start.day):
        return f"{whole}年"
    return f"{(end - start).days + 1}天"
