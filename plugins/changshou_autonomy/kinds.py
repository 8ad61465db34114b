"""Changshou Road's vocabulary: area types, ledger sections, project kinds, phases (S1–S7).

Codes are stored in records; the Chinese labels are what the UI, exports and
notices show. Append new codes, never rename stored ones.
"""

from __future__ import annotations

import dataclasses

from core.kinds import Kind

# --- S3: area types and their focus ---------------------------------------------------


@dataclasses.dataclass(frozen=True)
class AreaType:
    """A residential area type (S3) and the focus of governance the street sets for it."""

    code: str
    label: str
    focus: str
    content: str


AREA_TYPES = {
    t.code: t
    for t in (
        AreaType(
            "modern",
            "现代型",
            "理顺居委会、业委会、物业的工作关系、互动模式和制衡机制，加强对业委会的指导和监督，"
            "建立“多位一体”合作共治的治理模式",
            "优化居民区环境质量，推进社区精神文明建设协调发展",
        ),
        AreaType(
            "current",
            "现实型",
            "发挥社会群团组织在居民区管理和服务中的作用，建立党员、楼组长、志愿者等群众团队的长效管理机制",
            "改善居民区居住环境，提升民生保障和精神文明建设",
        ),
        AreaType(
            "transitional",
            "过渡型",
            "解决群众的基本民生需求，密切联系群众，为今后旧区改造打下群众基础",
            "改善居民区环境基础硬件设施，加大民生保障投入",
        ),
    )
}

# --- S1, S2: meetings in the ledger ----------------------------------------------------

#: Meeting kinds the plugin adds (S2 section 1).
OWNERS_MEETING = "changshou.owners_meeting"
CONSULTATION_MEETING = "changshou.consultation"
MEETING_KINDS = (
    Kind(OWNERS_MEETING, "业主会议", "S2"),
    Kind(CONSULTATION_MEETING, "沟通协商议事会", "S2"),
)

#: S1: the three meetings (core kinds of C9) that follow the standard procedure.
THREE_MEETINGS = {"hearing": "听证会", "coordination": "协调会", "evaluation": "评议会"}

#: S2 section 1: which core meeting kinds go under which heading of the minutes.
MINUTES_HEADINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "three_meetings": ("“三会”会议记录", tuple(THREE_MEETINGS)),
    "joint": ("联席会议记录", ("joint_meeting",)),
    "residents": (
        "居民会议、业主会议记录",
        ("residents_meeting", "representatives_meeting", OWNERS_MEETING),
    ),
    "consultation": (
        "沟通协商议事会记录",
        (CONSULTATION_MEETING, "topic_consultation", "democratic_dialogue", "supervision_review"),
    ),
}

#: S1: the stages of the standard procedure, in order.
PROCEDURE_STAGES = {
    "notice": "会前通知",
    "participants": "参加人员",
    "statements": "各方陈述",
    "conclusion": "形成结论",
    "follow_up": "跟进落实",
}

#: S2 section 3: kinds of rules documents; all but ``other`` are required.
RULES_KINDS = {
    "meeting_rules": "各类会议制度",
    "disclosure_rules": "居务公开制度",
    "evaluation_rules": "民主评议制度",
    "post_responsibilities": "居委会岗位责任制度",
    "resident_convention": "居民公约",
    "other": "其他规章制度",
}
REQUIRED_RULES = tuple(k for k in RULES_KINDS if k != "other")

#: S2 section 4: the two registers of public opinion.
REGISTERS = {"public_issue": "社区公共议题记录", "resident_need": "居民需求记录"}
REGISTER_STATUSES = {"open": "待处理", "in_hand": "处理中", "done": "已办结"}

#: S2 section 5 and S4: kinds of featured work and of projects.
FEATURED_KINDS = {
    "project": "特色自治项目",
    "activity": "特色自治活动",
    "mechanism": "特色自治机制",
}

#: S2: the five sections of the ledger, in order.
LEDGER_SECTIONS = {
    1: "工作台账或会议记录",
    2: "社会组织（群团组织）材料",
    3: "规章制度",
    4: "社情民意记录",
    5: "特色工作",
}

# --- S4: applications ------------------------------------------------------------------

APPLICATION_STATUSES = {
    "draft": "草稿",
    "submitted": "已申报",
    "withdrawn": "已撤回",
}

# --- S5, S6: key tasks and phases ------------------------------------------------------

#: S5: the key tasks with deadlines (附件2).
KEY_TASKS = {
    "structure": "构建治理结构",
    "key_issues": "明确主要任务（突出矛盾和焦点问题）",
    "good_practices": "申报好做法、好经验",
    "project": "申报自治项目",
    "other": "其他",
}

#: S6: the phases of the work, in order.
PHASES = {
    "publicity": "宣传培训阶段",
    "deployment": "部署实施阶段",
    "midterm": "中期评估阶段",
    "rollout": "全面推进阶段",
    "summary": "总结提升阶段",
}

# --- S7: surveys -------------------------------------------------------------------------

SURVEY_KINDS = {"satisfaction": "居民满意度", "awareness": "社情民意知晓度"}

# --- S4: assessment criteria (weights are policy parameters) -------------------------

CRITERIA = {
    "need": "需求导向（针对居民区突出问题和居民需求）",
    "participation": "居民参与（发动居民参与决策、实施、管理和监督）",
    "feasibility": "方案可行（计划、预算、时间安排合理）",
    "sustainability": "长效机制（可复制、可推广、形成制度）",
}
