"""Huangpu's evaluation vocabulary: round kinds, forms, answers and grades (H1–H6, D1–D4).

A *form* is what a ballot or a street evaluation asks about one subject: the
committee's work (H1's four categories) or a staff member (H2's five
dimensions, D1's 德能勤绩, D2's satisfaction). Items are stored by position
(``a1``…``a5`` on a ballot mark, ``score_1``…``score_5`` on a street
evaluation), so the order of each tuple below is part of the data format:
append, never reorder.
"""

from __future__ import annotations

import dataclasses

from core.kinds import Kind

#: Position kind of a community worker dispatched by the street (H2).
DISPATCHED_WORKER = "huangpu.dispatched_worker"

POSITION_KINDS = (Kind(DISPATCHED_WORKER, "街道派驻社区工作者", "H2", "other"),)

# --- rounds -------------------------------------------------------------------

ANNUAL = "annual"  # H4: the year's mass evaluation (群众评议)
STREET = "street"  # H4: the street's half-yearly evaluation (街道评价)
TERM = "term"  # H5: the term evaluation before re-election (届期评价)
MEMBER_D1 = "member_d1"  # D1: members' democratic evaluation on 德能勤绩
CADRE_D2 = "cadre_d2"  # D2: satisfaction with a cadre after the report

ROUND_KINDS = {
    ANNUAL: "年度群众评议",
    STREET: "街道半年评价",
    TERM: "届期评价",
    MEMBER_D1: "居委会成员民主评议（德能勤绩）",
    CADRE_D2: "干部述职满意度测评",
}
ROUND_RULES = {ANNUAL: "H4", STREET: "H4", TERM: "H5", MEMBER_D1: "D1", CADRE_D2: "D2"}

#: Round kinds decided by residents' ballots (mass evaluation, D1, D3).
BALLOT_KINDS = frozenset({ANNUAL, TERM, MEMBER_D1, CADRE_D2})
#: Round kinds that take a half year (H4 street evaluation, D1 every half year).
HALF_YEAR_KINDS = frozenset({STREET, MEMBER_D1})

STATUSES = {"draft": "草稿", "open": "进行中", "closed": "已结束", "published": "已公布"}

#: D3: how the mass evaluation is held.
METHODS = {
    "meeting": "居民会议等会议形式",
    "questionnaire": "问卷调查",
    "card": "评议卡、意见箱",
    "forum": "座谈会",
}

#: H4: who takes part in a mass evaluation; ``supervision`` is the supervision group (H9).
PARTICIPANT_CATEGORIES = {
    "party_rep": "居民区党代表",
    "resident_rep": "居民代表",
    "group_leader": "居民小组长",
    "volunteer": "社区志愿者",
    "service_user": "服务对象",
    "supervision": "居务监督小组成员",
    "other": "其他居民",
}
SUPERVISION = "supervision"

#: H4: whose views the street's evaluation combines.
STREET_SOURCES = {
    "departments": "街道职能部门",
    "party": "居民区党组织",
    "residents": "居民群众",
    "police": "社区民警",
    "units": "社区单位",
}

#: What a staff subject is (H2): a committee member or a dispatched worker.
SUBJECT_ROLES = {"member": "居委会成员", "worker": "街道派驻社区工作者"}


@dataclasses.dataclass(frozen=True)
class Form:
    """The items asked about one subject, and the answers a ballot may give."""

    code: str
    label: str
    rule: str
    #: Item labels, in storage order (``a1``…, ``score_1``…).
    items: tuple[str, ...]
    #: Answer labels, in storage order: a mark stores 1 for the first answer.
    answers: tuple[str, ...]


H_ANSWERS = ("优秀", "合格", "基本合格", "不合格")

COMMITTEE_WORK = Form(
    "committee",
    "居委会工作",
    "H1",
    ("组织建设", "居民自治", "协助行政事务", "制度建设"),
    H_ANSWERS,
)
STAFF_WORK = Form(
    "staff",
    "居委会工作人员",
    "H2",
    ("从业道德", "工作能力", "工作作风", "工作实绩", "廉洁自律"),
    H_ANSWERS,
)
D1_FORM = Form("d1", "德能勤绩", "D1", ("德", "能", "勤", "绩"), ("优秀", "称职", "不称职"))
D2_FORM = Form("d2", "满意度", "D2", ("总体评价",), ("满意", "基本满意", "不满意"))

MAX_ITEMS = 5


def forms_of(kind: str) -> tuple[Form | None, Form | None]:
    """``(committee form, staff form)`` of a round kind; ``None`` where a kind has none."""
    if kind in (ANNUAL, STREET):
        return COMMITTEE_WORK, STAFF_WORK
    if kind == TERM:
        return COMMITTEE_WORK, None
    if kind == MEMBER_D1:
        return None, D1_FORM
    if kind == CADRE_D2:
        return None, D2_FORM
    raise KeyError(kind)


#: H6 grades, best first.
GRADES = ("优秀", "合格", "基本合格", "不合格")
#: D1 grades, best first.
D1_GRADES = ("优秀", "称职", "不称职")
#: D2 grades, best first.
D2_GRADES = ("满意", "基本满意", "不满意")
