"""Demo data of J1: 嘉峪关市 with 雄关街道 (17 committees, 80 groups) and 钢城街道 (14, 55).

31 committees and 135 resident groups in all, as the seed text sets them
out. Each committee has two terms (2021-06-01 and 2026-06-01, the
five-year terms of J2), a director who is not paid (J3), deputies,
members and a supervision group; each group 3–5 members with a leader
chosen at a group meeting (a few groups show the J2 flags). People are
employed and not, some from the middle of this month (pro rata), some hold
two paid positions (高位取酬), and service started in different years, so
the payroll shows every part of J4. Visits (J7), half-yearly summary
meetings (J8), trainings (J9), evaluations (J10) and group change requests
(J2) fill the other pages. Codes are illustrative (the real division codes
of Jiayuguan's streets may differ).
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.demo import FULL, DemoBuilder, demo_password
from core.kinds import (
    DEPUTY,
    DIRECTOR,
    GROUP_LEADER,
    GROUP_MEETING,
    GROUP_MEMBER,
    MEMBER,
    SUPERVISION_LEADER,
    SUPERVISION_MEMBER,
)
from core.models import (
    Building,
    Household,
    Meeting,
    OrgUnit,
    Person,
    Position,
    ResidentGroup,
    Role,
    Term,
    User,
)
from plugins.jiayuguan_groups.kinds import SUMMARY_MEETING
from plugins.jiayuguan_groups.models import (
    Employment,
    GroupChange,
    GroupEvaluation,
    LeaderChoice,
    Training,
    Visit,
)

CITY = ("620200000000", "嘉峪关市")
#: (code, name, committees, groups per committee) — J1: 17/80 and 14/55.
STREETS = [
    (
        "620200001000",
        "雄关街道",
        "建林 五一 胜利 新华 前进 和诚 建设 雄关 朝阳 光明 迎宾 矿山 福民 兰新 南湖 峪泉 紫轩",
        [5] * 12 + [4] * 5,
    ),
    (
        "620200002000",
        "钢城街道",
        "友谊 新华北 和平 金港 园丁 铁南 振兴 东湖 明珠 同心 阳光 团结 嘉园 绿化",
        [4] * 13 + [3],
    ),
]
TERMS = [(dt.date(2021, 6, 1), dt.date(2026, 5, 31)), (dt.date(2026, 6, 1), dt.date(2031, 5, 31))]
#: username, role, scope code, display name.
ACCOUNTS = [
    ("jyg_city", Role.DISTRICT_ADMIN, CITY[0], "嘉峪关市民政局 赵科长"),
    ("jyg_xiongguan", Role.STREET_OFFICER, STREETS[0][0], "雄关街道 孙干事"),
    ("jyg_gangcheng", Role.STREET_OFFICER, STREETS[1][0], "钢城街道 周干事"),
    ("jyg_jianlin", Role.COMMITTEE_STAFF, "620200001001", "建林社区居委会 吴主任"),
]
SEED = 20201124  # the seed text's date


class _Builder:
    """Adds one committee's records; names, birth dates and ID numbers from core's demo."""

    def __init__(self, session: Session, today: dt.date) -> None:
        self.session = session
        self.today = today
        self.rng = random.Random(SEED)
        self.names = DemoBuilder(session, SEED, FULL, today)
        self.month_start = today.replace(day=1)

    def person(self, unit: OrgUnit, employed: bool = False, party: bool = False) -> Person:
        sex = self.rng.choice(("male", "female"))
        birth = self.names.born(1956, 1990)
        someone = Person(
            name=self.names.surname() + self.names.given_name(birth, sex),
            sex=sex,
            birth_date=birth,
            id_number=self.names.id_number("620201", birth, sex),
            phone=self.names.phone(),
            org_unit=unit,
            employed=employed,
            party_member=party,
        )
        self.session.add(someone)
        if employed:
            start = dt.date(self.rng.randint(2012, 2024), self.rng.randint(1, 12), 1)
            self.session.add(Employment(person=someone, start_date=start, employer="辖区企业"))
        return someone

    def serve(
        self,
        someone: Person,
        kind: str,
        unit: OrgUnit,
        terms: list[Term],
        since: dt.date | None = None,
        group: ResidentGroup | None = None,
    ) -> Position:
        """Positions in each term from ``since``; re-elected service is unbroken (J4 years)."""
        last = None
        for term in terms:
            start = max(term.start_date, since or term.start_date)
            if start > term.end_date:
                continue
            end = term.end_date if term.end_date < self.today else None
            last = Position(
                person=someone,
                kind=kind,
                start_date=start,
                end_date=end,
                term=term,
                org_unit=unit,
                resident_group=group,
            )
            self.session.add(last)
        assert last is not None
        return last

    def committee(self, unit: OrgUnit, groups: int, index: int) -> None:
        session = self.session
        terms = [
            Term(number=n, start_date=start, end_date=end, org_unit=unit)
            for n, (start, end) in enumerate(TERMS, start=7)
        ]
        session.add_all(terms)
        both, current = terms, terms[1:]
        # J3: the party secretary concurrently (one committee shows the flag); not paid (J4).
        self.serve(self.person(unit, party=index != 5), DIRECTOR, unit, both)
        self.serve(self.person(unit), DEPUTY, unit, both if index % 3 else current)
        members = [self.person(unit, employed=(i == 2 and index % 2 == 0)) for i in range(3)]
        for i, someone in enumerate(members):
            since = dt.date(2023, 3, 15) if i == 1 else None
            self.serve(someone, MEMBER, unit, both if i < 2 else current, since)
        self.serve(self.person(unit), SUPERVISION_LEADER, unit, both)
        for _ in range(2):
            self.serve(self.person(unit), SUPERVISION_MEMBER, unit, current)
        session.flush()
        for g in range(1, groups + 1):
            self.group(
                unit,
                g,
                current,
                both,
                doubled=members[0] if g == 1 else None,
                short=(index == 0 and g == groups),
            )

    def group(
        self,
        unit: OrgUnit,
        number: int,
        current: list[Term],
        both: list[Term],
        doubled: Person | None,
        short: bool,
    ) -> None:
        session, rng = self.session, self.rng
        group = ResidentGroup(name=f"第{number}居民小组", number=number, org_unit=unit)
        session.add(group)
        households = []
        for b in range(rng.randint(2, 4)):
            building = Building(
                name=f"{number}区{b + 1}号楼", kind="building", org_unit=unit, resident_group=group
            )
            session.add(building)
            for h in range(rng.randint(6, 10)):
                household = Household(
                    number=f"{unit.code[-3:]}-{number:02d}{b + 1}{h + 1:02d}",
                    address=f"{unit.name[:-5]}{number}区{b + 1}号楼{h + 1}单元",
                    org_unit=unit,
                    building=building,
                )
                session.add(household)
                households.append(household)
        # The group meeting that chose the leader (J2), held just before the term.
        chose = Meeting(
            kind=GROUP_MEETING,
            title=f"{group.name}会议：推选组长",
            org_unit=unit,
            held_on=current[0].start_date - dt.timedelta(days=5),
            resident_group=group,
            present_count=len(households),
            location="居民小组活动点",
            minutes="与网格协调会同时召开 (J6)。",
        )
        session.add(chose)
        leader_person = doubled or self.person(unit)
        leader = self.serve(
            leader_person, GROUP_LEADER, unit, current if doubled else both, group=group
        )
        if number % 7 != 3:  # a few leaders lack the record, to show the J2 flag
            session.add(LeaderChoice(position=leader, meeting=chose, votes_for=len(households) - 1))
        size = 2 if short else rng.choice((3, 4, 4, 5))
        visitors = [leader_person]
        for i in range(size - 1):
            # Group 2 shows this month's changes of employment instead.
            employed = number != 2 and rng.random() < 0.25
            someone = self.person(unit, employed=employed)
            since = dt.date(2024, self.rng.randint(1, 12), 10) if i == 1 else None
            self.serve(someone, GROUP_MEMBER, unit, both if i else current, since, group)
            visitors.append(someone)
        if number == 2:
            self.changes_this_month(unit, visitors)
        session.flush()
        self.activities(unit, group, households, visitors)

    def changes_this_month(self, unit: OrgUnit, people: list[Person]) -> None:
        """Someone becomes employed on the 10th, someone stops on the 15th (pro rata, J4)."""
        if self.today.day < 16 or len(people) < 3:
            return
        self.session.add(
            Employment(
                person=people[1], start_date=self.month_start.replace(day=10), employer="新入职单位"
            )
        )
        self.session.add(
            Employment(
                person=people[2],
                start_date=dt.date(2025, 3, 1),
                end_date=self.month_start.replace(day=15),
                employer="原单位",
            )
        )
        people[1].employed = True

    def activities(
        self, unit: OrgUnit, group: ResidentGroup, households: list[Household], people: list[Person]
    ) -> None:
        session, rng, today = self.session, self.rng, self.today
        half_start = dt.date(today.year, 1 if today.month <= 6 else 7, 1)
        share = rng.choice((0.4, 0.6, 0.8, 0.9, 1.0))
        for household in rng.sample(households, round(len(households) * share)):
            day = half_start + dt.timedelta(days=rng.randint(0, max(0, (today - half_start).days)))
            key = rng.random() < 0.15
            session.add(
                Visit(
                    member=rng.choice(people),
                    household=household,
                    visited_on=day,
                    kind="key" if key else "full",
                    people="独居老人一名，身体尚可" if key else "家庭成员情况无变化",
                    places="楼道堆放杂物" if rng.random() < 0.2 else "",
                    things="单元门禁损坏" if rng.random() < 0.1 else "",
                    events="反映停车难" if rng.random() < 0.15 else "",
                    follow_up="报居委会协调物业" if key else "",
                )
            )
        if group.number % 5 != 4:  # most groups held the half-yearly summary (J8)
            session.add(
                Meeting(
                    kind=SUMMARY_MEETING,
                    title=f"{group.name}上半年工作小结会",
                    org_unit=unit,
                    held_on=dt.date(2026, 6, 26),
                    resident_group=group,
                    location="居委会会议室",
                    minutes="总结半年来的工作学习情况，肯定成绩、找出差距 (J8)。",
                )
            )
        if group.number % 3 != 0:
            session.add(
                GroupEvaluation(
                    resident_group=group,
                    evaluator="committee",
                    year=2026,
                    half=1,
                    grade=rng.choice(("excellent", "good", "good", "pass")),
                    comments="按时走访，台账完整",
                    evaluated_on=dt.date(2026, 7, 10),
                )
            )


def load_demo(session: Session, today: dt.date | None = None) -> None:
    """Add 嘉峪关市: 2 streets, 31 committees, 135 groups and their records (J1); caller commits."""
    today = today or dt.date.today()
    if session.scalar(select(OrgUnit.id).where(OrgUnit.code == CITY[0])) is not None:
        return
    builder = _Builder(session, today)
    city = OrgUnit(code=CITY[0], name=CITY[1], kind="district")
    session.add(city)
    for s, (code, name, communities, groups) in enumerate(STREETS):
        street = OrgUnit(code=code, name=name, kind="street", parent=city)
        session.add(street)
        committees = []
        for i, community in enumerate(communities.split()):
            unit = OrgUnit(
                code=f"{code[:9]}{i + 1:03d}",
                name=f"{community}社区居委会",
                kind="committee",
                parent=street,
            )
            session.add(unit)
            committees.append(unit)
        session.flush()
        for i, unit in enumerate(committees):
            builder.committee(unit, groups[i], i)
        session.add(
            Training(
                org_unit=street,
                held_on=dt.date(2026, 7, 15 + s),
                title="居民小组长业务培训",
                audience="both",
                attendance=sum(groups) * 2,
                content="居民小组职责、走访记录、矛盾纠纷调解 (J5, J9)",
            )
        )
        if s == 0:
            _changes(session, committees)
    for username, role, scope, display in ACCOUNTS:
        scope_unit = session.scalar(select(OrgUnit).where(OrgUnit.code == scope))
        user = User(username=username, role=role.value, org_unit=scope_unit, display_name=display)
        user.set_password(demo_password(username))
        session.add(user)
    session.flush()


def _changes(session: Session, committees: list[OrgUnit]) -> None:
    """Three group change requests at the three stages of street → city approval (J2)."""
    first, second, third = committees[:3]
    session.flush()

    def group_of(unit: OrgUnit, number: int) -> ResidentGroup | None:
        return session.scalar(
            select(ResidentGroup).where(
                ResidentGroup.org_unit_id == unit.id, ResidentGroup.number == number
            )
        )

    session.add_all(
        [
            GroupChange(
                kind="create",
                title="新建小区设立第6居民小组",
                org_unit=first,
                description="新交付的紫轩园3栋楼划为第6居民小组",
                submitted_on=dt.date(2026, 10, 20),
            ),
            GroupChange(
                kind="adjust",
                title="第2居民小组增加1栋楼",
                org_unit=second,
                description="原第3居民小组3区1号楼划入第2居民小组",
                resident_group=group_of(second, 2),
                submitted_on=dt.date(2026, 9, 1),
                status="street_approved",
                street_decided_on=dt.date(2026, 9, 8),
                street_note="同意，报市政府批准",
            ),
            GroupChange(
                kind="adjust",
                title="第1、第4居民小组调整范围",
                org_unit=third,
                resident_group=group_of(third, 1),
                submitted_on=dt.date(2026, 7, 1),
                status="approved",
                street_decided_on=dt.date(2026, 7, 6),
                city_decided_on=dt.date(2026, 7, 20),
                city_note="嘉政办批复同意",
            ),
        ]
    )
