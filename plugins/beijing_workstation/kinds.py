"""Xicheng's vocabulary: 两会一站, sub-committees, station posts, recruitment stages (B1–B9).

Codes are stored in records; the Chinese labels are what the UI, exports and
notices show. Append new codes, never rename stored ones.
"""

from __future__ import annotations

from core.kinds import Kind

#: B1: the three bodies of 两会一站 and what each does.
BODIES = {
    "assembly": ("社区成员代表大会", "议事决策、监督"),
    "committee": ("社区居委会", "议事、协调"),
    "station": ("社区工作站", "执行"),
}

# --- B2, B3: the assembly ---------------------------------------------------------------

#: B2: kinds of assembly representatives.
REPRESENTATIVE_KINDS = {
    "resident": "居民代表",
    "unit": "社区单位代表",
    "migrant": "外来人口代表",
}

ASSEMBLY = "beijing.assembly"
ASSEMBLY_EXTRA = "beijing.assembly_extra"
MEETING_KINDS = (
    Kind(ASSEMBLY, "社区成员代表大会（例会）", "B2"),
    Kind(ASSEMBLY_EXTRA, "社区成员代表大会（临时会议）", "B2"),
)
ASSEMBLY_KINDS = (ASSEMBLY, ASSEMBLY_EXTRA)

#: B3: the assembly's agenda-item kinds.
AGENDA_ITEM_KINDS = (
    Kind("beijing.work_report", "听取、审议居委会年度工作报告和财务报告", "B3"),
    Kind("beijing.plan", "决定社区发展规划", "B3"),
    Kind("beijing.charter", "制定、修改社区自治章程", "B3"),
    Kind("beijing.major_matter", "决定社区重大事项", "B3"),
    Kind("beijing.evaluate", "评议居委会、工作站和政府职能部门的工作", "B3"),
)

# --- B4: sub-committees -----------------------------------------------------------------

SUBCOMMITTEES = {
    "service": "社区服务与社会保障委员会",
    "health": "社区卫生与计划生育委员会",
    "security": "社区治安与人民调解委员会",
    "culture": "社区文化教育科普与社区体育委员会",
    "environment": "社区环境与物业委员会",
    "coordination": "社区协调与共建委员会",
}
SUBCOMMITTEE_ROLES = {"chair": "主任", "member": "委员"}

# --- B6, B9: positions the plugin adds -----------------------------------------------

STATION_DIRECTOR = "beijing.station.director"
SOCIAL_WORKER = "beijing.station.worker"
PARTY_SECRETARY = "beijing.party.secretary"
PARTY_MEMBER = "beijing.party.member"

POSITION_KINDS = (
    Kind(STATION_DIRECTOR, "社工主任（社区工作站主任）", "B6", "other"),
    Kind(SOCIAL_WORKER, "社工专干", "B6", "other"),
    Kind(PARTY_SECRETARY, "社区党组织书记", "B9", "other"),
    Kind(PARTY_MEMBER, "社区党组织委员", "B9", "other"),
)

#: B6: the posts of the station's post-based pay (任期岗位工资制).
POSTS = {"director": "社工主任", "worker": "社工专干"}
GRADES = (1, 2, 3)

# --- B7: recruitment ----------------------------------------------------------------------

#: The default pipeline (a policy parameter: ``recruitment.stages``).
STAGES = {
    "posting": "发布招聘公告",
    "application": "报名",
    "eligibility": "资格审查",
    "written": "笔试",
    "interview": "面试",
    "composite": "综合成绩",
    "check": "考察",
    "notice": "公示",
    "agreement": "签订聘用协议",
}
POSTING_STATUSES = {
    "draft": "草稿",
    "open": "报名中",
    "closed": "报名结束",
    "notice": "公示中",
    "done": "已完成",
    "cancelled": "已取消",
}
#: Where an applicant stands: the stage reached, or turned down.
APPLICANT_STATUSES = {
    "active": "进行中",
    "rejected": "未通过",
    "hired": "已聘用",
    "withdrawn": "已放弃",
}

# --- B5, B8: appraisal and the station's reports -------------------------------------

APPRAISAL_GRADES = ("优秀", "称职", "基本称职", "不称职")
REPORT_RATINGS = ("满意", "基本满意", "不满意")
