"""Demo data: 普陀区长寿路街道 with eight committees' ledgers, projects and awards (S1–S7).

The division codes are illustrative (长寿路街道 310107014000 and its committees
numbered 001–008); the committee names are the area's old lane and estate
names. What the demo shows:

- S3: every committee has an area type (three 现代型, three 现实型, two 过渡型);
- S1, S2: this year's three meetings with their procedure checklists (one
  incomplete), joint and owners' meetings, social organisations with
  activities, rules documents, both registers and featured work — complete
  for some committees, with gaps in others, so the completeness view has
  something to say;
- S4: last year's fund decided and partly paid; this year's applications
  submitted and scored by three assessors, not yet decided; one committee has
  not applied (flagged) and one submitted after an extension of the deadline;
- S5, S6: the year's phases and key tasks, some done, one overdue;
- S7: satisfaction and awareness surveys.

Accounts: ``cs_putuo`` (district), ``cs_changshou`` (street officer),
``cs_meifangli`` (committee staff of 梅芳里居委会); password as core's demo.
Application, assessment and award records go through the plugin's services
and checks like any other write.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.demo import demo_password
from core.models import Meeting, OrgUnit, Role, User
from plugins.changshou_autonomy.kinds import (
    CONSULTATION_MEETING,
    OWNERS_MEETING,
    REQUIRED_RULES,
    RULES_KINDS,
)
from plugins.changshou_autonomy.models import (
    Application,
    AreaProfile,
    Assessment,
    Award,
    BudgetLine,
    DeadlineExtension,
    FeaturedWork,
    FundYear,
    KeyTask,
    MeetingProcedure,
    OrganisationActivity,
    Payment,
    Phase,
    RegisterEntry,
    RulesDocument,
    SocialOrganisation,
    Survey,
    TaskCompletion,
)

DISTRICT = ("310107000000", "普陀区")
STREET = ("310107014000", "长寿路街道")
COMMITTEES = [
    ("梅芳里", "current"),
    ("长寿新村", "modern"),
    ("三官堂", "transitional"),
    ("莫干山", "modern"),
    ("武宁", "current"),
    ("西康", "modern"),
    ("昌化", "current"),
    ("叶家宅", "transitional"),
]
ACCOUNTS = [
    ("cs_putuo", Role.DISTRICT_ADMIN, DISTRICT[0], "普陀区民政局 钱科长"),
    ("cs_changshou", Role.STREET_OFFICER, STREET[0], "长寿路街道自治办 郑干事"),
    ("cs_meifangli", Role.COMMITTEE_STAFF, "310107014001", "梅芳里居委会 冯主任"),
]
ASSESSORS = ("街道自治办 郑敏", "街道党建办 许强", "社区代表 何玉兰")
PROJECTS = [
    ("楼道微更新：“美丽楼道”自治项目", "project", [("楼道粉刷", "18000"), ("照明改造", "6000")]),
    ("加装电梯协调议事机制", "mechanism", [("议事会组织", "3000"), ("宣传资料", "2000")]),
    ("睦邻点“老伙伴”互助活动", "activity", [("活动物资", "8000"), ("志愿者保险", "1200")]),
    ("非机动车停放自治管理", "project", [("车棚改造", "26000"), ("充电桩", "9000")]),
    ("垃圾分类“绿色账户”推进", "activity", [("宣传", "4000"), ("奖励兑换", "6000")]),
    ("旧改前居民需求摸底与帮困", "project", [("走访", "3000"), ("帮困物资", "12000")]),
    ("小区环境综合整治议事会", "mechanism", [("议事会", "2500"), ("绿化补种", "15000")]),
    ("业委会规范运作辅导", "mechanism", [("培训", "5000")]),
]
SEED = 20140331  # the seed text's date


def load_demo(session: Session, district_code: str, today: dt.date | None = None) -> None:
    """Add 普陀区长寿路街道 and its records (see the module docstring); the caller commits."""
    today = today or dt.date.today()
    if session.scalar(select(OrgUnit.id).where(OrgUnit.code == STREET[0])) is not None:
        return
    rng = random.Random(SEED)
    district = session.scalar(select(OrgUnit).where(OrgUnit.code == DISTRICT[0]))
    if district is None:
        district = OrgUnit(code=DISTRICT[0], name=DISTRICT[1], kind="district")
        session.add(district)
    street = OrgUnit(code=STREET[0], name=STREET[1], kind="street", parent=district)
    session.add(street)
    committees = []
    for i, (name, area) in enumerate(COMMITTEES, start=1):
        unit = OrgUnit(
            code=f"{STREET[0][:9]}{i:03d}", name=f"{name}居委会", kind="committee", parent=street
        )
        session.add(unit)
        committees.append(unit)
        session.add(AreaProfile(org_unit=unit, area_type=area))
    session.flush()
    year = today.year
    for i, unit in enumerate(committees):
        _ledger(session, unit, year, i, rng)
    _funds(session, street, committees, year, today, rng)
    _schedule(session, street, committees, year, today)
    for i, unit in enumerate(committees):
        _surveys(session, unit, year, i, rng)
    _accounts(session)
    session.flush()


def _ledger(session: Session, unit: OrgUnit, year: int, index: int, rng: random.Random) -> None:
    complete = index % 3 != 2  # every third committee has gaps
    kinds = ["hearing", "coordination", "evaluation", "joint_meeting", OWNERS_MEETING]
    if not complete:
        kinds = ["hearing", "joint_meeting", CONSULTATION_MEETING]
    titles = {
        "hearing": "加装电梯方案听证会",
        "coordination": "停车矛盾协调会",
        "evaluation": "物业服务评议会",
        "joint_meeting": "“五位一体”联席会议",
        OWNERS_MEETING: "业主大会",
        CONSULTATION_MEETING: "楼组议事会",
    }
    for n, kind in enumerate(kinds):
        held = dt.date(year, 3 + n, 10 + index)
        meeting = Meeting(org_unit=unit, kind=kind, title=titles[kind], held_on=held)
        session.add(meeting)
        if kind in ("hearing", "coordination", "evaluation"):
            finished = complete or kind != "hearing"
            session.add(
                MeetingProcedure(
                    meeting=meeting,
                    notice_on=held - dt.timedelta(days=7),
                    notice="居务公开栏张贴通知，楼组长逐户告知议题、时间、地点",
                    participants="居民代表、楼组长、业委会、物业、相关部门",
                    statements="各方陈述意见，居民代表逐一发言" if finished else "",
                    conclusion="形成会议意见，会后公示" if finished else "",
                    follow_up="居委会跟进落实，下次会议通报" if finished else "",
                    followed_up_on=held + dt.timedelta(days=30) if finished else None,
                )
            )
    organisation = SocialOrganisation(
        org_unit=unit,
        name=rng.choice(("睦邻互助队", "夕阳红合唱团", "绿色环保志愿队", "楼组长联谊会")),
        kind="互助性",
        headcount=rng.randint(12, 40),
        leader="陈阿姨",
        founded_on=dt.date(2015 + index % 6, 5, 1),
    )
    session.add(organisation)
    if complete or index % 2:
        organisation.activities.append(
            OrganisationActivity(
                held_on=dt.date(year, 4, 18), title="春季环境清洁日", participants=25
            )
        )
    rules = RULES_KINDS if complete else REQUIRED_RULES[:3]
    for kind in rules:
        if kind == "other":
            continue
        session.add(
            RulesDocument(
                org_unit=unit,
                kind=kind,
                title=RULES_KINDS[kind],
                adopted_on=dt.date(year - 1, 12, 20),
                content=f"经居民代表会议讨论通过的{RULES_KINDS[kind]}。",
            )
        )
    registers = ("public_issue", "resident_need") if complete else ("resident_need",)
    for register in registers:
        session.add(
            RegisterEntry(
                org_unit=unit,
                register=register,
                recorded_on=dt.date(year, 2, 20),
                title="小区停车难" if register == "public_issue" else "独居老人助餐",
                content="居民代表反映，已列入议题",
                source="居民代表会议",
                status="in_hand",
            )
        )
    if complete:
        session.add(
            FeaturedWork(org_unit=unit, year=year, kind="mechanism", title="“三会”标准化流程")
        )


def _application(
    session: Session,
    unit: OrgUnit,
    fund: FundYear,
    index: int,
    submitted_on: dt.date,
) -> Application:
    title, kind, lines = PROJECTS[index % len(PROJECTS)]
    application = Application(
        org_unit=unit,
        fund_year=fund,
        title=title,
        kind=kind,
        problem="居民反映集中、与切身利益相关的问题，经议题征询确定",
        plan="居委会牵头，发动楼组长、志愿者和居民代表参与决策、实施和监督",
        timeline="申报后三个月内完成，年底总结",
        contact_name="居委会主任",
        contact_phone=f"021-6226{index:04d}",
        status="draft",
    )
    for item, amount in lines:
        application.budget_lines.append(BudgetLine(item=item, amount=Decimal(amount)))
    session.add(application)
    session.flush()
    application.status = "submitted"
    application.submitted_on = submitted_on
    session.flush()
    return application


def _assess(session: Session, application: Application, base: int, rng: random.Random) -> None:
    for assessor in ASSESSORS:
        scores = [Decimal(min(10, max(4, base + rng.randint(-1, 1)))) for _ in range(4)]
        session.add(
            Assessment(
                application=application,
                assessor=assessor,
                need=scores[0],
                participation=scores[1],
                feasibility=scores[2],
                sustainability=scores[3],
            )
        )
    session.flush()


def _funds(
    session: Session,
    street: OrgUnit,
    committees: list[OrgUnit],
    year: int,
    today: dt.date,
    rng: random.Random,
) -> None:
    last = FundYear(
        org_unit=street,
        year=year - 1,
        budget=Decimal("120000.00"),
        deadline=dt.date(year - 1, 5, 15),
    )
    session.add(last)
    session.flush()
    for i, unit in enumerate(committees):
        application = _application(session, unit, last, i + 3, dt.date(year - 1, 5, 10))
        _assess(session, application, 9 - i % 4, rng)
        amount = (application.requested * Decimal("0.8")).quantize(Decimal("0.01"))
        award = Award(
            application=application,
            amount=amount,
            score=Decimal("80.0"),
            rank=i + 1,
            decided_on=dt.date(year - 1, 6, 20),
            explanation="（演示数据）评分 80.0 → 80% 档 (S4)",
        )
        session.add(award)
        session.flush()
        if i % 2 == 0:
            session.add(Payment(award=award, paid_on=dt.date(year - 1, 7, 15), amount=amount))
    session.flush()
    fund = FundYear(
        org_unit=street, year=year, budget=Decimal("100000.00"), deadline=dt.date(year, 5, 15)
    )
    session.add(fund)
    session.flush()
    for i, unit in enumerate(committees):
        if i == len(committees) - 1:
            continue  # 叶家宅 has not applied (S4 flag)
        submitted = dt.date(year, 5, 5 + i)
        if i == len(committees) - 2:
            session.add(
                DeadlineExtension(
                    fund_year=fund,
                    org_unit=unit,
                    until=dt.date(year, 5, 31),
                    reason="居委会班子调整，街道同意延期申报",
                )
            )
            session.flush()
            submitted = dt.date(year, 5, 28)
        application = _application(session, unit, fund, i, submitted)
        _assess(session, application, 9 - i % 5, rng)


def _schedule(
    session: Session, street: OrgUnit, committees: list[OrgUnit], year: int, today: dt.date
) -> None:
    phases = [
        ("publicity", (1, 1), (2, 28)),
        ("deployment", (3, 1), (5, 31)),
        ("midterm", (6, 1), (7, 31)),
        ("rollout", (8, 1), (11, 30)),
        ("summary", (12, 1), (12, 31)),
    ]
    for phase, start, end in phases:
        session.add(
            Phase(
                org_unit=street,
                year=year,
                phase=phase,
                start_on=dt.date(year, *start),
                end_on=dt.date(year, *end),
            )
        )
    tasks = [
        ("key_issues", "梳理突出矛盾和焦点问题，明确主要任务", dt.date(year, 4, 30)),
        ("good_practices", "上报好做法、好经验", dt.date(year, 4, 30)),
        ("project", "填写特色项目（活动）申报表", dt.date(year, 5, 15)),
        ("structure", "以联席会议、理事会等形式构建治理结构", dt.date(year, 6, 30)),
    ]
    for t, (kind, title, due) in enumerate(tasks):
        task = KeyTask(org_unit=street, year=year, kind=kind, title=title, due_on=due)
        session.add(task)
        session.flush()
        for i, unit in enumerate(committees):
            if (i + t) % 5 == 4:
                continue  # not done yet: overdue once the day has passed (S5)
            session.add(
                TaskCompletion(
                    key_task=task,
                    org_unit=unit,
                    done_on=due - dt.timedelta(days=(i % 4) * 3),
                    note="已上报街道自治工作领导小组",
                )
            )


def _surveys(session: Session, unit: OrgUnit, year: int, index: int, rng: random.Random) -> None:
    respondents = rng.randint(120, 200)
    satisfied = int(respondents * rng.uniform(0.55, 0.8))
    basic = int((respondents - satisfied) * rng.uniform(0.5, 0.8))
    session.add(
        Survey(
            org_unit=unit,
            year=year,
            kind="satisfaction",
            held_on=dt.date(year, 9, 10 + index),
            respondents=respondents,
            first=satisfied,
            second=basic,
            method="入户问卷",
        )
    )
    aware = int(respondents * rng.uniform(0.45, 0.75))
    session.add(
        Survey(
            org_unit=unit,
            year=year,
            kind="awareness",
            held_on=dt.date(year, 9, 10 + index),
            respondents=respondents,
            first=aware,
            second=int((respondents - aware) * 0.4),
            method="入户问卷",
        )
    )


def _accounts(session: Session) -> None:
    for username, role, code, display in ACCOUNTS:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            continue
        scope = session.scalar(select(OrgUnit).where(OrgUnit.code == code))
        user = User(username=username, role=role.value, org_unit=scope, display_name=display)
        user.set_password(demo_password(username))
        session.add(user)
