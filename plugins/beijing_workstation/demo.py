"""Demo data: 西城区月坛街道, two committees under 两会一站 (B1–B9).

The division codes are illustrative (西城区 110102000000, 月坛街道
110102003000, committees 001 and 002). What the demo shows:

- B1–B3: each committee's assembly (resident, local-unit and migrant
  representatives, the quota set by the election committee) and this
  year's sessions — 月坛社区 held both regular sessions and an extraordinary
  one; 白云观社区 missed the second (flagged), and one of its sessions
  lacked a quorum;
- B4: a retired director, one or two deputies, members and the six
  sub-committees (one with only two members, flagged);
- B6, B9: the station director is a deputy (月坛) or the director (白云观),
  the director is also the party secretary; social workers with posts and
  grades (post pay from the B6 parameters);
- B5, B8: the station's half-yearly reports with the committee's
  evaluation; appraisals of each social worker;
- B7: a finished recruitment (agreement signed) and one in its 公示.

Accounts: ``bj_xicheng`` (district), ``bj_yuetan`` (street officer),
``bj_yuetan_sq`` (committee staff of 月坛社区); passwords as core's demo.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.demo import FULL, DemoBuilder, demo_password
from core.kinds import DEPUTY, DIRECTOR, MEMBER
from core.models import Meeting, OrgUnit, Person, Position, Role, Term, User
from plugins.beijing_workstation.kinds import (
    ASSEMBLY,
    ASSEMBLY_EXTRA,
    PARTY_MEMBER,
    PARTY_SECRETARY,
    SOCIAL_WORKER,
    STATION_DIRECTOR,
    SUBCOMMITTEES,
)
from plugins.beijing_workstation.models import (
    Agreement,
    Applicant,
    Appraisal,
    AssemblyMember,
    AssemblyQuota,
    PostAssignment,
    Posting,
    Retirement,
    StageChange,
    StationReport,
    SubCommittee,
    SubCommitteeMember,
)

DISTRICT = ("110102000000", "西城区")
STREET = ("110102003000", "月坛街道")
COMMITTEES = [("110102003001", "月坛社区居委会"), ("110102003002", "白云观社区居委会")]
ACCOUNTS = [
    ("bj_xicheng", Role.DISTRICT_ADMIN, DISTRICT[0], "西城区民政局 刘科长"),
    ("bj_yuetan", Role.STREET_OFFICER, STREET[0], "月坛街道社区办 高干事"),
    ("bj_yuetan_sq", Role.COMMITTEE_STAFF, COMMITTEES[0][0], "月坛社区居委会 马主任"),
]
UNITS = ("国家统计局", "月坛中学", "北京儿童医院", "月坛体育馆")
SEED = 20021231  # the pilot's deadline in the seed text
STAGES = "posting,application,eligibility,written,interview,composite,check,notice,agreement"


class _Builder:
    def __init__(self, session: Session, today: dt.date) -> None:
        self.session = session
        self.today = today
        self.rng = random.Random(SEED)
        self.names = DemoBuilder(session, SEED, FULL, today)

    def person(self, unit: OrgUnit, first: int = 1950, last: int = 1995) -> Person:
        sex = self.rng.choice(("male", "female"))
        birth = self.names.born(first, last)
        someone = Person(
            name=self.names.surname() + self.names.given_name(birth, sex),
            sex=sex,
            birth_date=birth,
            id_number=self.names.id_number("110102", birth, sex),
            phone=self.names.phone(),
            org_unit=unit,
        )
        self.session.add(someone)
        return someone

    def hold(self, who: Person, kind: str, unit: OrgUnit, start: dt.date) -> Position:
        position = Position(person=who, kind=kind, start_date=start, org_unit=unit)
        self.session.add(position)
        self.session.flush()
        return position


def load_demo(session: Session, district_code: str, today: dt.date | None = None) -> None:
    """Add 西城区月坛街道 and its records (see the module docstring); the caller commits."""
    today = today or dt.date.today()
    if session.scalar(select(OrgUnit.id).where(OrgUnit.code == STREET[0])) is not None:
        return
    b = _Builder(session, today)
    district = OrgUnit(code=DISTRICT[0], name=DISTRICT[1], kind="district")
    street = OrgUnit(code=STREET[0], name=STREET[1], kind="street", parent=district)
    session.add_all([district, street])
    for index, (code, name) in enumerate(COMMITTEES):
        unit = OrgUnit(code=code, name=name, kind="committee", parent=street)
        session.add(unit)
        session.flush()
        _committee(b, unit, index, today)
    _accounts(session)
    session.flush()


def _committee(b: _Builder, unit: OrgUnit, index: int, today: dt.date) -> None:
    session, rng = b.session, b.rng
    term_start = dt.date(2021, 6, 1)
    term = Term(org_unit=unit, number=8, start_date=term_start, end_date=dt.date(2026, 5, 31))
    term2 = Term(
        org_unit=unit, number=9, start_date=dt.date(2026, 6, 1), end_date=dt.date(2031, 5, 31)
    )
    session.add_all([term, term2])
    start = dt.date(2026, 6, 1)
    director = b.person(unit, 1955, 1962)
    session.add(Retirement(person=director, retired_on=dt.date(2020, 6, 30)))
    b.hold(director, DIRECTOR, unit, start)
    b.hold(director, PARTY_SECRETARY, unit, start)  # B9: 交叉任职
    deputies = [b.person(unit, 1968, 1985) for _ in range(2 - index)]
    for deputy in deputies:
        b.hold(deputy, DEPUTY, unit, start)
    members = [b.person(unit, 1965, 1990) for _ in range(4)]
    for member in members:
        b.hold(member, MEMBER, unit, start)
    b.hold(members[0], PARTY_MEMBER, unit, start)
    # B6: the station director is a deputy (月坛) or the director (白云观).
    station_director = deputies[0] if deputies else director
    b.hold(station_director, STATION_DIRECTOR, unit, start)
    session.add(
        PostAssignment(
            org_unit=unit,
            person=station_director,
            post="director",
            grade=2,
            term=term2,
            start_date=start,
        )
    )
    workers = [b.person(unit, 1980, 2000) for _ in range(3)]
    for grade, worker in zip((2, 3, 3), workers, strict=True):
        b.hold(worker, SOCIAL_WORKER, unit, dt.date(2023, 3, 1))
        session.add(
            PostAssignment(
                org_unit=unit,
                person=worker,
                post="worker",
                grade=grade,
                term=term2,
                start_date=start,
            )
        )
    # B2: the assembly.
    session.add(
        AssemblyQuota(org_unit=unit, term=term2, number=30, decided_on=dt.date(2026, 5, 10))
    )
    residents = [b.person(unit, 1945, 1995) for _ in range(20)]
    for r in residents:
        session.add(
            AssemblyMember(
                org_unit=unit,
                person=r,
                name=r.name,
                birth_date=r.birth_date,
                kind="resident",
                term=term2,
                start_date=start,
            )
        )
    for i in range(6):
        session.add(
            AssemblyMember(
                org_unit=unit,
                name=b.names.surname() + rng.choice(("建华", "立新", "秀英", "国庆")),
                birth_date=dt.date(1970 + i, 3, 1),
                kind="unit",
                unit_name=UNITS[i % len(UNITS)],
                term=term2,
                start_date=start,
            )
        )
    for i in range(4 - index):
        session.add(
            AssemblyMember(
                org_unit=unit,
                name=b.names.surname() + rng.choice(("海涛", "春梅", "志刚")),
                birth_date=dt.date(1985 + i, 7, 1),
                kind="migrant",
                term=term2,
                start_date=start,
            )
        )
    session.flush()
    body = 30 - index
    sessions = [(ASSEMBLY, dt.date(today.year, 3, 20), 24, "上半年例会")]
    if index == 0:
        sessions += [
            (ASSEMBLY, dt.date(today.year, 9, 18), 22, "下半年例会"),
            (ASSEMBLY_EXTRA, dt.date(today.year, 7, 8), 19, "临时会议：加装电梯"),
        ]
    else:
        sessions += [(ASSEMBLY_EXTRA, dt.date(today.year, 8, 12), body // 2, "临时会议：停车管理")]
    for kind, held, present, title in sessions:
        session.add(
            Meeting(
                org_unit=unit,
                kind=kind,
                title=f"社区成员代表大会{title}",
                held_on=held,
                present_count=present,
                eligible_count=body,
                eligible_reason="社区成员代表大会的代表人数（B2），不按居民会议的组成方式计算",
                location="社区活动室",
            )
        )
    # B4: the six sub-committees.
    activists = [b.person(unit, 1950, 1975) for _ in range(20)]
    chairs = [*members, *deputies, director]
    for n, kind in enumerate(SUBCOMMITTEES):
        sub = SubCommittee(org_unit=unit, kind=kind, term=term2)
        session.add(sub)
        sub.members.append(
            SubCommitteeMember(
                person=chairs[n % len(chairs)], role="chair", source="居委会成员", start_date=start
            )
        )
        size = 1 if (index == 1 and n == 5) else 2 + n % 3
        for k in range(size):
            sub.members.append(
                SubCommitteeMember(
                    person=activists[(n * 3 + k) % len(activists)],
                    source="楼门组长" if k % 2 == 0 else "居委会工作积极分子",
                    start_date=start,
                )
            )
        session.flush()
    # B5: reports and evaluations; B8: appraisals.
    for reported in (dt.date(today.year, 7, 5),):
        session.add(
            StationReport(
                org_unit=unit,
                reported_on=reported,
                period=f"{today.year}年上半年",
                title="社区工作站上半年工作汇报",
                content="落实居委会工作计划情况、为民办实事项目进展",
                evaluated_on=reported + dt.timedelta(days=3),
                rating="满意" if index == 0 else "基本满意",
                opinion="加强对老旧小区加装电梯的协调",
            )
        )
    for worker, appraisal in zip(workers, ("优秀", "称职", "基本称职"), strict=True):
        session.add(
            Appraisal(
                org_unit=unit,
                person=worker,
                year=today.year - 1,
                appraised_on=dt.date(today.year - 1, 12, 20),
                score=Decimal({"优秀": "92", "称职": "81", "基本称职": "66"}[appraisal]),
                grade=appraisal,
                rewards="通报表扬" if appraisal == "优秀" else "",
                penalties="",
            )
        )
    session.flush()
    if index == 0:
        _recruitments(b, unit, today)


def _recruitments(b: _Builder, unit: OrgUnit, today: dt.date) -> None:
    session = b.session
    done = Posting(
        org_unit=unit,
        title="社区工作站社工专干（社区服务与社会保障岗）",
        post="worker",
        grade=3,
        places=1,
        conditions="年满18周岁，大专及以上学历，热爱社区工作",
        duties="社区服务与社会保障事务",
        published_on=dt.date(today.year, 3, 1),
        apply_from=dt.date(today.year, 3, 2),
        apply_until=dt.date(today.year, 3, 16),
        written_on=dt.date(today.year, 3, 23),
        interview_on=dt.date(today.year, 3, 30),
        notice_from=dt.date(today.year, 4, 7),
        notice_until=dt.date(today.year, 4, 15),
        stages=STAGES,
        status="done",
    )
    running = Posting(
        org_unit=unit,
        title="社区工作站社工专干（社区环境与物业岗）",
        post="worker",
        grade=3,
        places=2,
        conditions="年满18周岁，大专及以上学历",
        duties="社区环境与物业管理协调",
        published_on=today - dt.timedelta(days=40),
        apply_from=today - dt.timedelta(days=39),
        apply_until=today - dt.timedelta(days=25),
        written_on=today - dt.timedelta(days=18),
        interview_on=today - dt.timedelta(days=11),
        notice_from=today - dt.timedelta(days=3),
        notice_until=today + dt.timedelta(days=7),
        stages=STAGES,
        status="notice",
    )
    session.add_all([done, running])
    session.flush()
    for posting, count in ((done, 4), (running, 5)):
        for n in range(count):
            birth = b.names.born(1988, 2002)
            sex = b.rng.choice(("male", "female"))
            applicant = Applicant(
                posting=posting,
                name=b.names.surname() + b.names.given_name(birth, sex),
                id_number=b.names.id_number("110102", birth, sex),
                sex=sex,
                birth_date=birth,
                phone=b.names.phone(),
                education=b.rng.choice(("大专", "本科", "本科", "硕士")),
                applied_on=posting.apply_from + dt.timedelta(days=n),
                stage="notice" if n < posting.places else "composite",
                written_score=Decimal(88 - n * 3),
                interview_score=Decimal(90 - n * 4),
                check_passed=True if n < posting.places else None,
            )
            if n == count - 1:
                applicant.stage, applicant.status = "interview", "rejected"
                applicant.reason = "面试未到场"
            session.add(applicant)
            session.flush()
            session.add(
                StageChange(
                    applicant=applicant,
                    from_stage="application",
                    to_stage="eligibility",
                    outcome="passed",
                    changed_on=posting.apply_until,
                    by="月坛街道社区办",
                )
            )
            if posting is done and n == 0:
                applicant.stage, applicant.status = "agreement", "hired"
                worker = b.person(unit, 1995, 1996)
                session.add(
                    Agreement(
                        applicant=applicant,
                        person=worker,
                        signed_on=dt.date(today.year, 4, 20),
                        start_date=dt.date(today.year, 5, 1),
                        end_date=dt.date(today.year + 3, 4, 30),
                        post="worker",
                        grade=3,
                        monthly_pay=Decimal("4500.00"),
                    )
                )
    session.flush()


def _accounts(session: Session) -> None:
    for username, role, code, display in ACCOUNTS:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            continue
        scope = session.scalar(select(OrgUnit).where(OrgUnit.code == code))
        user = User(username=username, role=role.value, org_unit=scope, display_name=display)
        user.set_password(demo_password(username))
        session.add(user)
