"""Demo data: two districts of believable residents, meetings and opinions (issue 3).

Used by ``juwei serve --demo`` and ``juwei demo``. The org tree is real:
黄浦区 (310101000000) with the two streets and five committees the docs and
demo accounts name, and 静安区 (310106000000) with real committees of
静安寺街道 and 南京西路街道. Each committee gets a term (C2), resident groups
and buildings (C1), households and residents whose ID numbers carry valid
GB 11643 check digits and agree with birth date and sex (C3, C10), its
committee of 5–9 (C2), group leaders, representatives with the households
they keep in touch with (C11), a supervision group of three (C12), two years
of meetings (C4–C9) and half a year of opinions (C14). Installed plugins then
add theirs through ``juwei_demo_data``.

Everything random comes from one ``random.Random(seed)``: the same seed gives
the same people, ID numbers and records. People's birth dates do not depend
on today; meetings and opinions count back from today, so the data stays
fresh. Records are written through the ORM as the system actor, so the
audit trail applies and every model's ``check()`` runs on flush.

``--scale N`` (benchmarks) makes N committees with fewer people each, spread
over the real streets of both districts (committee codes from 201 up, which
no real committee uses). Its households, residents, positions and
representative links are written with bulk INSERTs that bypass the audit
trail and the flush-time checks: benchmark data is not anyone's change to
account for, an audit entry per row would double the time, and the same
generator's output is checked row by row in the default mode (and by
tests/test_demo.py). Terms, groups, meetings and opinions are audited as usual.

Idempotent: a database that holds any org unit is left alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask
from sqlalchemy import func, insert, inspect, select

from core import demo_names as words
from core.app import load_catalogue
from core.extensions import SessionLike, db
from core.kinds import (
    DEPUTY,
    DIRECTOR,
    GROUP_LEADER,
    GROUP_MEETING,
    GROUP_MEMBER,
    MEMBER,
    REPRESENTATIVE,
    REPRESENTATIVES_MEETING,
    RESIDENTS_MEETING,
    SUPERVISION_LEADER,
    SUPERVISION_MEMBER,
)
from core.meetings import meeting_figures
from core.migrate import upgrade_all
from core.models import (
    AgendaItem,
    Building,
    ConveningProposal,
    ConveningProposer,
    Household,
    Meeting,
    Opinion,
    OrgUnit,
    Person,
    Position,
    Rectification,
    RepresentativeHousehold,
    ResidentGroup,
    Resolution,
    Role,
    Term,
    User,
)
from core.models.opinions import CHANNELS
from core.plugins import install, new_manager
from core.rules.age import age_on
from core.rules.committees import term_end
from core.rules.identity import check_digit
from core.rules.meetings import BodyForm
from core.scoping import SYSTEM, acting_as

#: The seed used when none is given.
DEFAULT_SEED = 2026

DISTRICT = ("310101000000", "黄浦区")
#: (code, name, [(committee code, committee name), ...])
STREETS = [
    (
        "310101002000",
        "外滩街道",
        [
            ("310101002001", "福州路居委会"),
            ("310101002002", "金陵东路居委会"),
            ("310101002003", "北京东路居委会"),
        ],
    ),
    (
        "310101013000",
        "南京东路街道",
        [("310101013001", "贵州路居委会"), ("310101013002", "宁波路居委会")],
    ),
]
#: The second district: real codes and names (statistical division codes).
SECOND_DISTRICT = ("310106000000", "静安区")
SECOND_STREETS = [
    (
        "310106013000",
        "静安寺街道",
        [
            ("310106013002", "四明居委会"),
            ("310106013015", "华山居委会"),
            ("310106013017", "美丽园居委会"),
        ],
    ),
    (
        "310106012000",
        "南京西路街道",
        [("310106012006", "陕南居委会"), ("310106012022", "威海居委会")],
    ),
]
#: Further real streets that ``--scale`` spreads its committees over.
SCALE_STREETS = [
    ("310101015000", "半淞园路街道"),
    ("310101017000", "小东门街道"),
    ("310101018000", "豫园街道"),
    ("310101019000", "老西门街道"),
    ("310101020000", "五里桥街道"),
    ("310101021000", "打浦桥街道"),
    ("310101022000", "淮海中路街道"),
    ("310101023000", "瑞金二路街道"),
    ("310106006000", "江宁路街道"),
    ("310106011000", "石门二路街道"),
    ("310106014000", "曹家渡街道"),
    ("310106015000", "天目西路街道"),
    ("310106016000", "北站街道"),
    ("310106017000", "宝山路街道"),
    ("310106018000", "共和新路街道"),
    ("310106019000", "大宁路街道"),
    ("310106020000", "彭浦新村街道"),
    ("310106021000", "临汾路街道"),
    ("310106022000", "芷江西路街道"),
]
#: Generated committees are numbered from here within a street (real ones count from 001).
SCALE_FIRST_NUMBER = 201

#: username, password, role, scope code (None: whole deployment)
ACCOUNTS = [
    ("admin", "admin-demo-2026", Role.SYSTEM_ADMIN, None),
    ("district", "district-demo-2026", Role.DISTRICT_ADMIN, "310101000000"),
    ("street_a", "street-a-demo-2026", Role.STREET_OFFICER, "310101002000"),
    ("street_b", "street-b-demo-2026", Role.STREET_OFFICER, "310101013000"),
    ("committee", "committee-demo-2026", Role.COMMITTEE_STAFF, "310101002001"),
    ("auditor", "auditor-demo-2026", Role.AUDITOR, "310101000000"),
    ("jingan", "jingan-demo-2026", Role.DISTRICT_ADMIN, "310106000000"),
]
DISPLAY_NAMES = {
    "admin": "系统管理员",
    "district": "区民政局 王科长",
    "street_a": "外滩街道 李干事",
    "street_b": "南京东路街道 张干事",
    "committee": "福州路居委会 陈主任",
    "auditor": "区审计 赵审计",
    "jingan": "静安区民政局 孙科长",
}
#: The committee whose director the ``committee`` account is (陈主任), and that surname.
ACCOUNT_DIRECTOR = ("310101002001", "陈")
#: Index of the committee that is late convening its residents' meeting (rule C7).
OVERDUE_COMMITTEE = 1


@dataclasses.dataclass(frozen=True)
class Profile:
    """How much to make per committee."""

    #: Households per committee (inclusive range).
    households: tuple[int, int]
    #: Resident groups per committee.
    groups: tuple[int, int]
    #: Months of meeting history.
    months: int
    #: Opinions per committee.
    opinions: tuple[int, int]
    #: Write households and residents through the ORM (audited) or by bulk INSERT.
    audited: bool


#: The believable default: 150–400 households per committee, two years of meetings.
FULL = Profile(households=(150, 400), groups=(4, 8), months=24, opinions=(8, 14), audited=True)
#: ``--scale``: fewer people and records per committee, residents bulk-inserted.
BENCH = Profile(households=(30, 50), groups=(2, 3), months=12, opinions=(3, 5), audited=False)


def _add_tree(session: SessionLike, scale: int | None) -> list[OrgUnit]:
    """The org tree (rule C1); returns its committees in order."""
    wanted: list[tuple[str, str, OrgUnit]] = []
    streets: list[OrgUnit] = []
    for (d_code, d_name), street_list in ((DISTRICT, STREETS), (SECOND_DISTRICT, SECOND_STREETS)):
        district = OrgUnit(code=d_code, name=d_name, kind="district")
        session.add(district)
        for code, name, children in street_list:
            street = OrgUnit(code=code, name=name, kind="street", parent=district)
            streets.append(street)
            wanted += [(c_code, c_name, street) for c_code, c_name in children]
        if scale is not None:
            for code, name in SCALE_STREETS:
                if code.startswith(d_code[:6]):
                    streets.append(OrgUnit(code=code, name=name, kind="street", parent=district))
    if scale is not None:
        wanted = wanted[:scale]
        for n in range(scale - len(wanted)):
            street = streets[n % len(streets)]
            number = SCALE_FIRST_NUMBER + n // len(streets)
            wanted.append((street.code[:9] + f"{number:03d}", f"压测第{number}居委会", street))
    committees = [
        OrgUnit(code=code, name=name, kind="committee", parent=street)
        for code, name, street in wanted
    ]
    session.add_all([*streets, *committees])
    session.flush()
    return committees


def scale_capacity() -> int:
    """The most committees ``--scale`` can make with real street codes."""
    streets = len(STREETS) + len(SECOND_STREETS) + len(SCALE_STREETS)
    return streets * (1000 - SCALE_FIRST_NUMBER)


#: Hashes of the demo passwords, computed once per process (they are published anyway).
_HASHES: dict[str, str] = {}


def _add_accounts(session: SessionLike) -> None:
    for username, password, role, scope in ACCOUNTS:
        unit = session.scalar(select(OrgUnit).where(OrgUnit.code == scope)) if scope else None
        if scope and unit is None:
            continue  # a small --scale leaves out that unit
        user = User(
            username=username, role=role.value, org_unit=unit, display_name=DISPLAY_NAMES[username]
        )
        if password not in _HASHES:
            user.set_password(password)
            _HASHES[password] = user.password_hash
        user.password_hash = _HASHES[password]
        session.add(user)
    session.flush()


@dataclasses.dataclass
class _Resident:
    """A generated person row and where they live, before and after insertion."""

    row: dict[str, Any]
    given: str
    group: int
    household: int
    id: int = 0

    @property
    def name(self) -> str:
        return str(self.row["name"])

    def age_on(self, day: dt.date) -> int:
        """Age in full years on ``day`` (C3); -1 before birth."""
        born: dt.date = self.row["birth_date"]
        return age_on(born, day) if born <= day else -1


@dataclasses.dataclass
class _Committee:
    """What the later steps need to know about one committee's generated data."""

    unit: OrgUnit
    index: int
    term: Term
    previous: Term
    groups: list[ResidentGroup]
    household_ids: list[int]
    household_groups: list[int]
    residents: list[_Resident]
    members: list[_Resident] = dataclasses.field(default_factory=list)
    director: _Resident | None = None
    residents_meetings: list[dt.date] = dataclasses.field(default_factory=list)
    by_election: dt.date | None = None
    newcomer: _Resident | None = None


class DemoBuilder:
    """Generates the demo records of each committee from one seeded random generator."""

    def __init__(self, session: SessionLike, seed: int, profile: Profile, today: dt.date) -> None:
        self.session = session
        self.rng = random.Random(seed)
        self.profile = profile
        self.today = today
        self._used_ids: set[str] = set()
        surnames = [name for name, _ in words.SURNAMES]
        self._surnames = surnames
        self._surname_weights = [weight for _, weight in words.SURNAMES]

    # ------------------------------------------------------------ people
    def surname(self) -> str:
        """A surname, drawn by how common it is."""
        return self.rng.choices(self._surnames, weights=self._surname_weights)[0]

    def born(self, first_year: int, last_year: int) -> dt.date:
        """A birth date in the given years, never after 2024 nor after today."""
        last = min(dt.date(last_year, 12, 31), dt.date(2024, 12, 31), self.today)
        first = dt.date(first_year, 1, 1)
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def given_name(self, birth: dt.date, sex: str) -> str:
        """A given name of the fashion of the birth decade."""
        decade = min(max(birth.year // 10 * 10, 1930), 2020)
        return self.rng.choice(words.GIVEN_NAMES[decade][sex])

    def id_number(self, region: str, birth: dt.date, sex: str) -> str:
        """An unused ID number: region, birth date, sequence (odd for men), check digit (C10)."""
        parity = (1, 3, 5, 7, 9) if sex == "male" else (0, 2, 4, 6, 8)
        while True:
            sequence = self.rng.randrange(100) * 10 + self.rng.choice(parity)
            first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
            if sequence and first17 not in self._used_ids:
                self._used_ids.add(first17)
                return first17 + check_digit(first17)

    def phone(self) -> str:
        """A mainland mobile number."""
        return self.rng.choice(words.PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def _child_birth(self, parent: dt.date) -> dt.date:
        year = parent.year + self.rng.randint(24, 36)
        return self.born(min(year, 2024), min(year, 2024))

    def family(self, size: int) -> list[tuple[str, str, dt.date, str]]:
        """(surname, sex, birth date, relation to the head) of a household of ``size``."""
        rng = self.rng
        sex = rng.choice(("male", "female"))
        if size == 1:
            old = rng.random() < 0.6
            birth = self.born(1934, 1958) if old else self.born(1976, 2000)
            return [(self.surname(), sex, birth, "户主")]
        if size == 2 and rng.random() < 0.2:
            parent = self.born(1958, 1985)
            name = self.surname()
            child = rng.choice(("male", "female"))
            return [(name, sex, parent, "户主"), (name, child, self._child_birth(parent), "子女")]
        elderly = (size == 2 and rng.random() < 0.7) or (size == 3 and rng.random() < 0.2)
        head = self.born(1936, 1962) if elderly else self.born(1962, 1994)
        spouse = head + dt.timedelta(days=rng.randint(-4 * 365, 4 * 365))
        spouse = min(spouse, dt.date(2000, 12, 31))
        husband, wife = self.surname(), self.surname()
        other = "female" if sex == "male" else "male"
        people = [
            (husband if sex == "male" else wife, sex, head, "户主"),
            (husband if other == "male" else wife, other, spouse, "配偶"),
        ]
        if size == 4 and not elderly and rng.random() < 0.35:
            parent_sex = rng.choice(("male", "female"))
            parent_name = people[0][0] if parent_sex == "male" else self.surname()
            parent = self.born(head.year - rng.randint(24, 32), head.year - 24)
            people.append((parent_name, parent_sex, parent, "父母"))
        while len(people) < size:
            child_name = husband if rng.random() < 0.9 else wife
            child_sex = rng.choice(("male", "female"))
            people.append((child_name, child_sex, self._child_birth(min(head, spouse)), "子女"))
        return people

    def person_row(
        self, unit: OrgUnit, region: str, member: tuple[str, str, dt.date, str]
    ) -> dict[str, Any]:
        """A person's column values, consistent with the ID number (C3, C10)."""
        surname, sex, birth, relation = member
        age = age_on(birth, self.today)
        retired = age >= (60 if sex == "male" else 55)
        adult = age >= 18
        return {
            "org_unit_id": unit.id,
            "name": surname + self.given_name(birth, sex),
            "sex": sex,
            "birth_date": birth,
            "id_number": self.id_number(region, birth, sex),
            "phone": self.phone() if age >= 14 and self.rng.random() < 0.95 else "",
            "employed": adult and not retired and self.rng.random() < 0.85,
            "party_member": adult and self.rng.random() < (0.18 if birth.year < 1960 else 0.08),
            "npc_deputy": False,
            "cppcc_member": False,
            "note": "户主" if relation == "户主" else f"与户主关系：{relation}",
        }

    # ------------------------------------------------------------ writing
    def write(self, model: type, rows: list[dict[str, Any]]) -> list[int]:
        """Insert ``rows`` of ``model``; ORM and audited, or bulk for benchmarks. Returns ids."""
        if not rows:
            return []
        if self.profile.audited:
            objects = [model(**row) for row in rows]
            self.session.add_all(objects)
            self.session.flush()
            return [obj.id for obj in objects]
        stmt = insert(model).returning(model.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
        return list(self.session.scalars(stmt, rows))

    def checked(self, obj: Any) -> Any:
        """Add ``obj``; the flush runs its model's ``check()`` (``core.models.base``)."""
        self.session.add(obj)
        return obj

    # ------------------------------------------------------------ committee
    def committee(self, unit: OrgUnit, index: int) -> _Committee:
        """Term, groups, buildings, households and residents of one committee (C1–C3)."""
        rng, session = self.rng, self.session
        start = dt.date(2022, rng.randint(3, 6), rng.randint(1, 28))
        previous = Term(
            org_unit=unit,
            number=10,
            start_date=dt.date(2017, start.month, start.day),
            end_date=start - dt.timedelta(days=1),
        )
        term = Term(org_unit=unit, number=11, start_date=start, end_date=term_end(start))
        self.checked(previous)
        self.checked(term)
        roads = words.ROADS.get(unit.code) or tuple(rng.sample(words.SCALE_ROADS, 3))
        groups = []
        for number in range(rng.randint(*self.profile.groups)):
            groups.append(
                self.checked(
                    ResidentGroup(
                        org_unit=unit, name=f"第{words.NUMERALS[number]}居民小组", number=number + 1
                    )
                )
            )
        buildings: list[tuple[Building, int]] = []
        names: set[str] = set()
        for g, group in enumerate(groups):
            for _ in range(rng.randint(2, 5)):
                road = rng.choice(roads)
                if rng.random() < 0.15:
                    name = f"{rng.choice(words.COURTYARDS)}"
                    kind, address = "courtyard", f"{road}{rng.randint(1, 120) * 2 + 1}弄"
                else:
                    lane = rng.randint(1, 60) * 10 + rng.randint(0, 9)
                    name = f"{road}{lane}弄{rng.randint(1, 12)}号"
                    kind, address = "building", name
                if name in names:
                    continue
                names.add(name)
                building = Building(
                    org_unit=unit, name=name, kind=kind, address=address, resident_group=group
                )
                buildings.append((self.checked(building), g))
        session.flush()
        household_rows, household_groups, families = [], [], []
        rooms: dict[int, int] = {}
        for number in range(1, rng.randint(*self.profile.households) + 1):
            b = rng.randrange(len(buildings))
            building, g = buildings[b]
            rooms[b] = rooms.get(b, 0) + 1
            floor, door = divmod(rooms[b] - 1, 4)
            room = f"{floor + 1}0{door + 1}室" if building.kind == "building" else f"{rooms[b]}号"
            household_rows.append(
                {
                    "org_unit_id": unit.id,
                    "number": f"{number:04d}",
                    "address": f"{building.address}{room}",
                    "building_id": building.id,
                }
            )
            household_groups.append(g)
            families.append(self.family(rng.choices((1, 2, 3, 4), weights=(25, 35, 28, 12))[0]))
        household_ids = self.write(Household, household_rows)
        region = unit.code[:6]
        residents = []
        for h, family in enumerate(families):
            for member in family:
                row = self.person_row(unit, region, member)
                given = row["name"][len(member[0]) :]
                residents.append(_Resident(row, given, household_groups[h], h))
        for resident in residents:
            resident.row["household_id"] = household_ids[resident.household]
        return _Committee(
            unit, index, term, previous, groups, household_ids, household_groups, residents
        )

    def _pick(
        self, c: _Committee, taken: set[int], ages: tuple[int, int], group: int | None = None
    ) -> _Resident:
        """An adult of the committee (of one group) aged within ``ages`` at term start."""
        day = c.term.start_date
        found = [
            r
            for i, r in enumerate(c.residents)
            if i not in taken
            and ages[0] <= r.age_on(day) <= ages[1]
            and (group is None or r.group == group)
        ]
        if not found:  # a small committee: an adult already holding another position
            found = [r for r in c.residents if r.age_on(day) >= 18] or c.residents
        chosen = self.rng.choice(found)
        taken.add(c.residents.index(chosen))  # several picks of one person only when short
        return chosen

    def roles(self, c: _Committee) -> dict[str, list[tuple[_Resident, int | None]]]:
        """Who holds which position (before the people are written, so flags can be set)."""
        rng, taken = self.rng, set[int]()
        roles: dict[str, list[tuple[_Resident, int | None]]] = {}
        director = self._pick(c, taken, (35, 58))
        if c.unit.code == ACCOUNT_DIRECTOR[0]:
            director.row["name"] = ACCOUNT_DIRECTOR[1] + director.given
        director.row["party_member"] = True  # usually also the party secretary
        size = rng.randint(5, 9)
        deputies = rng.randint(1, 2)
        roles[DIRECTOR] = [(director, None)]
        roles[DEPUTY] = [(self._pick(c, taken, (30, 58)), None) for _ in range(deputies)]
        roles[MEMBER] = [(self._pick(c, taken, (26, 60)), None) for _ in range(size - 1 - deputies)]
        for key in (GROUP_LEADER, GROUP_MEMBER, REPRESENTATIVE):
            roles[key] = []
        for g in range(len(c.groups)):
            roles[GROUP_LEADER].append((self._pick(c, taken, (40, 75), g), g))
            for _ in range(2):
                roles[GROUP_MEMBER].append((self._pick(c, taken, (30, 75), g), g))
            for _ in range(rng.randint(2, 3)):
                roles[REPRESENTATIVE].append((self._pick(c, taken, (30, 78), g), g))
        roles[SUPERVISION_LEADER] = [(self._pick(c, taken, (45, 72)), None)]
        roles[SUPERVISION_MEMBER] = [(self._pick(c, taken, (35, 75)), None) for _ in range(2)]
        for _, (resident, _g) in enumerate(roles[SUPERVISION_LEADER]):
            resident.row["party_member"] = True
        if c.index % 2 == 0 or rng.random() < 0.3:
            self._pick(c, taken, (40, 65)).row["npc_deputy"] = True
        if rng.random() < 0.25:
            self._pick(c, taken, (40, 70)).row["cppcc_member"] = True
        c.director = director
        c.members = [r for key in (DIRECTOR, DEPUTY, MEMBER) for r, _ in roles[key]]
        return roles

    # ------------------------------------------------------------ positions
    def plan_residents_meetings(self, c: _Committee) -> None:
        """Days of the residents' meetings, one committee late convening (rule C7)."""
        rng, today = self.rng, self.today
        first = today - dt.timedelta(days=30 * self.profile.months)
        overdue = c.index == OVERDUE_COMMITTEE
        day = today - dt.timedelta(days=rng.randint(215, 260) if overdue else rng.randint(15, 110))
        days = []
        while day >= first:
            days.append(day)
            day -= dt.timedelta(days=rng.randint(120, 175))
        c.residents_meetings = sorted(days) or [today - dt.timedelta(days=30)]
        later = [d for d in c.residents_meetings[1:] if d > c.term.start_date + dt.timedelta(400)]
        if later and rng.random() < 0.4:
            c.by_election = rng.choice(later)

    def positions(
        self, c: _Committee, roles: dict[str, list[tuple[_Resident, int | None]]]
    ) -> None:
        """Write the residents, then their positions this term and last (C2, C11, C12)."""
        ids = self.write(Person, [r.row for r in c.residents])
        for resident, id_ in zip(c.residents, ids, strict=True):
            resident.id = id_
        term = c.term
        rows: list[dict[str, Any]] = []

        def hold(
            kind: str,
            who: _Resident,
            start: dt.date,
            end: dt.date | None = None,
            group: int | None = None,
            held_in: Term = term,
            note: str = "",
        ) -> None:
            rows.append(
                {
                    "org_unit_id": c.unit.id,
                    "person_id": who.id,
                    "kind": kind,
                    "term_id": held_in.id,
                    "resident_group_id": c.groups[group].id if group is not None else None,
                    "start_date": start,
                    "end_date": end,
                    "note": note,
                }
            )

        self._previous_term(c, roles, hold)
        members = roles[MEMBER]
        for kind in (DIRECTOR, DEPUTY, MEMBER):
            for who, _ in roles[kind]:
                leaving = c.by_election is not None and who is members[-1][0]
                end = None
                if leaving and c.by_election is not None:
                    end = c.by_election - dt.timedelta(days=self.rng.randint(20, 60))
                hold(kind, who, term.start_date, end, note="因工作调动辞职" if leaving else "")
        if c.by_election is not None:
            newcomer = self._newcomer(c)
            hold(MEMBER, newcomer, c.by_election, note="居民会议补选")
            c.members.append(newcomer)
            c.newcomer = newcomer
        for kind in (GROUP_LEADER, GROUP_MEMBER, SUPERVISION_LEADER, SUPERVISION_MEMBER):
            for who, group in roles[kind]:
                hold(kind, who, term.start_date, group=group)
        for who, group in roles[REPRESENTATIVE]:
            hold(REPRESENTATIVE, who, term.start_date, group=group)
        ids = self._write_positions(rows)
        # Rule C11: the households of each group are shared among its representatives.
        links = []
        for g, group in enumerate(c.groups):
            representatives = [
                id_
                for id_, row in zip(ids, rows, strict=True)
                if row["kind"] == REPRESENTATIVE and row["resident_group_id"] == group.id
            ]
            mine = [h for h, group in enumerate(c.household_groups) if group == g]
            for n, h in enumerate(mine):
                links.append(
                    {
                        "org_unit_id": c.unit.id,
                        "position_id": representatives[n % len(representatives)],
                        "household_id": c.household_ids[h],
                    }
                )
        self.write(RepresentativeHousehold, links)

    def _write_positions(self, rows: list[dict[str, Any]]) -> list[int]:
        """Positions one by one, so each flush checks the committee size (C2); bulk for --scale."""
        if not self.profile.audited:
            return self.write(Position, rows)
        positions = []
        for row in rows:
            position = Position(**row)
            self.session.add(position)
            positions.append(position)
            if row["kind"] in (DIRECTOR, DEPUTY, MEMBER):
                self.session.flush()
        self.session.flush()
        return [position.id for position in positions]

    def _newcomer(self, c: _Committee) -> _Resident:
        on = {id(r) for r in c.members}
        found = [r for r in c.residents if id(r) not in on and 30 <= r.age_on(self.today) <= 55]
        return self.rng.choice(found or [r for r in c.residents if id(r) not in on])

    def _previous_term(
        self,
        c: _Committee,
        roles: dict[str, list[tuple[_Resident, int | None]]],
        hold: Callable[..., None],
    ) -> None:
        """Last term's committee: some re-elected now, some gone (C2: history is kept)."""
        previous = c.previous
        now = {id(r) for r in c.members}
        start, end = previous.start_date, previous.end_date
        elders = [r for r in c.residents if id(r) not in now and 55 <= r.age_on(start) <= 68]
        others = [r for r in c.residents if id(r) not in now and 30 <= r.age_on(start) <= 55]
        if not elders or len(others) < 2:
            return
        hold(DIRECTOR, self.rng.choice(elders), start, end, held_in=previous, note="届满退休")
        hold(DEPUTY, roles[DIRECTOR][0][0], start, end, held_in=previous)
        for who, _ in roles[MEMBER][:2]:
            hold(MEMBER, who, start, end, held_in=previous)
        for who in self.rng.sample(others, self.rng.randint(1, 2)):
            hold(MEMBER, who, start, end, held_in=previous, note="届满未连任")

    # ------------------------------------------------------------ meetings
    def meetings(self, c: _Committee) -> None:
        """Two years of meetings of every C9 kind; some without quorum, some motions failing."""
        rng, today = self.rng, self.today
        first = today - dt.timedelta(days=30 * self.profile.months)
        no_quorum = c.residents_meetings[0] if c.index % 2 == 0 else None
        per_year: dict[int, int] = {}
        for n, day in enumerate(c.residents_meetings):
            per_year[day.year] = per_year.get(day.year, 0) + 1
            form = rng.choices(list(BodyForm), weights=(1, 4, 5))[0]
            kinds = ["work_report"] if per_year[day.year] == 1 else []
            if day == c.by_election:
                kinds.insert(0, "election")
            extra = ["plan", "important_matter", "convention", "opinions", "member_evaluation"]
            kinds += rng.sample(extra, 3 - len(kinds) if len(kinds) < 2 else 1)
            if rng.random() < 0.05:
                kinds.append("correction")
            met = day == c.by_election or (day != no_quorum and rng.random() > 0.1)
            # Odd committees: the latest meeting's first motion fails on abstentions (C6).
            fail_first = c.index % 2 == 1 and n == len(c.residents_meetings) - 1
            title = f"{day.year}年第{per_year[day.year]}次居民会议"
            self.meeting(c, RESIDENTS_MEETING, title, day, form, met, kinds, fail_first)
        day = today - dt.timedelta(days=rng.randint(30, 80))
        count: dict[int, int] = {}
        reps = []
        while day >= first:
            reps.append(day)
            day -= dt.timedelta(days=rng.randint(100, 140))
        for day in sorted(reps):
            count[day.year] = count.get(day.year, 0) + 1
            kinds = rng.sample(["plan", "important_matter", "opinions"], rng.randint(1, 2))
            title = f"{day.year}年第{count[day.year]}次居民代表会议"
            form = BodyForm.GROUP_REPRESENTATIVES
            self.meeting(c, REPRESENTATIVES_MEETING, title, day, form, rng.random() > 0.1, kinds)
        years = self.profile.months // 12
        plan = [
            ("hearing", "coordination", "evaluation")[rng.randrange(3)] for _ in range(4 * years)
        ]
        plan += [
            ("topic_consultation", "democratic_dialogue", "supervision_review")[rng.randrange(3)]
            for _ in range(2 * years)
        ]
        plan += ["joint_meeting"] * (self.profile.months // 3)
        plan += [GROUP_MEETING] * min(len(c.groups), 2 * years)
        for kind in plan:
            day = today - dt.timedelta(days=rng.randint(3, 30 * self.profile.months))
            self.other_meeting(c, kind, day)

    def _minutes(self, c: _Committee, location: str, items: Sequence[str]) -> str:
        chair = c.director.name if c.director is not None else "居委会主任"
        agenda = "；".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
        agenda = agenda or "通报情况，听取意见"
        return f"地点：{location}。主持人：{chair}。议程：{agenda}。会议记录已归入台账。"

    def meeting(
        self,
        c: _Committee,
        kind: str,
        title: str,
        day: dt.date,
        form: BodyForm,
        met: bool,
        kinds: Sequence[str],
        fail_first: bool = False,
    ) -> Meeting:
        """A meeting with a C4 body: attendance for or against quorum (C5), votes (C6, C8)."""
        rng = self.rng
        location = rng.choice(words.LOCATIONS)
        meeting = Meeting(
            org_unit=c.unit,
            org_unit_id=c.unit.id,
            kind=kind,
            title=title,
            held_on=day,
            location=location,
            body_form=form.value,
            ex_officio_count=0 if form is BodyForm.ALL_RESIDENTS else rng.randint(0, 3),
        )
        with self.session.no_autoflush:
            body = meeting_figures(self.session, meeting).eligible or 1
        half = body // 2
        if met:
            meeting.present_count = rng.randint(half + 1, max(half + 1, body * 85 // 100))
        else:
            meeting.present_count = rng.randint(body * 30 // 100, half)
        present = meeting.present_count
        titles = []
        for number, code in enumerate(kinds, start=1):
            item_title, motion = rng.choice(words.AGENDA[code])
            if code == "election" and c.newcomer is not None:
                motion = f"补选{c.newcomer.name}为居委会委员"
            item = AgendaItem(number=number, kind=code, title=item_title)
            meeting.agenda_items.append(item)
            titles.append(item_title)
            if motion is None or present == 0:
                continue
            outcome = "abstain" if fail_first and not meeting.resolutions else self._outcome()
            for_, against, abstain = self._votes(present, outcome)
            meeting.resolutions.append(
                Resolution(
                    text=motion,
                    agenda_item=item,
                    votes_for=for_,
                    votes_against=against,
                    votes_abstain=abstain,
                )
            )
        meeting.minutes = self._minutes(c, location, titles)
        return self.checked(meeting)  # type: ignore[no-any-return]

    def _outcome(self) -> str:
        return self.rng.choices(("pass", "abstain", "against"), weights=(80, 14, 6))[0]

    def _votes(self, present: int, outcome: str) -> tuple[int, int, int]:
        """Votes for, against and abstaining among ``present`` people (C6).

        ``abstain``: more for than against, yet not more than half of those
        present, so the motion fails on the abstentions and non-votes.
        """
        rng, half = self.rng, present // 2
        if outcome == "pass":
            for_ = rng.randint(half + 1, present)
            against = rng.randint(0, present - for_)
            return for_, against, rng.randint(0, present - for_ - against)
        if outcome == "abstain":
            for_ = max(0, half - rng.randint(0, 2))
            against = rng.randint(0, max(0, min(present - for_, for_ - 1)))
            rest = present - for_ - against
            return for_, against, rest - rng.randint(0, rest // 4)
        for_ = rng.randint(0, present // 4)
        against = rng.randint(min(half + 1, present - for_), present - for_)
        return for_, against, rng.randint(0, present - for_ - against)

    def other_meeting(self, c: _Committee, kind: str, day: dt.date) -> Meeting:
        """A meeting without a C4 body: three meetings, new three meetings, joint, group (C9)."""
        rng = self.rng
        location = rng.choice(words.LOCATIONS)
        group = rng.choice(c.groups) if kind == GROUP_MEETING else None
        title = rng.choice(words.MEETING_TITLES[kind])
        if group is not None:
            title = f"{group.name}{title}"
        present = rng.randint(5, 9) if kind == "joint_meeting" else rng.randint(8, 40)
        items = []
        meeting = Meeting(
            org_unit=c.unit,
            org_unit_id=c.unit.id,
            kind=kind,
            title=title,
            held_on=day,
            location=location,
            resident_group=group,
            present_count=present,
        )
        if kind in ("evaluation", "supervision_review"):
            items.append(("member_evaluation" if kind == "evaluation" else "opinions", title))
        elif kind != "joint_meeting":
            items.append(("opinions", "听取居民意见和建议"))
        for number, (code, item_title) in enumerate(items, start=1):
            meeting.agenda_items.append(AgendaItem(number=number, kind=code, title=item_title))
        meeting.minutes = self._minutes(c, location, [t for _, t in items])
        return self.checked(meeting)  # type: ignore[no-any-return]

    def proposals(self, c: _Committee) -> None:
        """Convening proposals (C7): one answered by a meeting, one still waiting."""
        rng = self.rng
        if c.index == 2:
            meeting = self.session.scalar(
                select(Meeting)
                .where(Meeting.org_unit_id == c.unit.id, Meeting.kind == RESIDENTS_MEETING)
                .order_by(Meeting.held_on.desc())
                .limit(1)
            )
            assert meeting is not None
            proposal = ConveningProposal(
                org_unit=c.unit,
                received_on=meeting.held_on - dt.timedelta(days=rng.randint(12, 25)),
                proposer_kind="resident_groups",
                subject=rng.choice(words.PROPOSAL_SUBJECTS),
                meeting=meeting,
            )
            for group in c.groups[: math.ceil(len(c.groups) / 3)]:
                proposal.proposers.append(ConveningProposer(resident_group=group))
            self.session.add(proposal)
        if c.index == OVERDUE_COMMITTEE:
            proposal = ConveningProposal(
                org_unit=c.unit,
                received_on=self.today - dt.timedelta(days=rng.randint(8, 20)),
                proposer_kind="households",
                subject=rng.choice(words.PROPOSAL_SUBJECTS),
            )
            needed = math.ceil(len(c.household_ids) / 5) + rng.randint(1, 6)
            for household_id in rng.sample(c.household_ids, needed):
                proposal.proposers.append(ConveningProposer(household_id=household_id))
            self.session.add(proposal)

    # ------------------------------------------------------------ opinions
    def opinions(self, c: _Committee) -> None:
        """Opinions of the last half year through every channel (C14).

        Most are replied to, some with a rectification (done or under way),
        some still open — recent ones within the deadline and at least one
        past it — and one is about a committee member, whose submitter that
        member never sees.
        """
        rng, today = self.rng, self.today
        channels = list(CHANNELS)
        count = rng.randint(*self.profile.opinions)
        adults = [r for r in c.residents if r.age_on(today) >= 18]
        for n in range(count):
            channel = channels[n] if n < len(channels) else rng.choice(channels)
            content, about, reply, measure = rng.choice(words.OPINIONS)
            about_person: _Resident | None = None
            if n == 2 and c.members:
                about_person = c.director if c.unit.code == ACCOUNT_DIRECTOR[0] else None
                about_person = about_person or rng.choice(c.members)
                content, about, reply = (
                    rng.choice(words.OPINIONS_ABOUT_MEMBER),
                    "居委会成员",
                    "已约谈相关人员，改进接待工作",
                )
                measure = "相关人员作出书面说明并改进工作方式"
            overdue = n == 0
            ago = rng.randint(40, 160) if overdue else rng.randint(1, 180)
            submitter = rng.choice(adults) if adults and (channel != "card") else None
            opinion = Opinion(
                org_unit=c.unit,
                org_unit_id=c.unit.id,
                received_on=today - dt.timedelta(days=ago),
                channel=channel,
                content=content,
                about_text=about,
                about_person_id=about_person.id if about_person else None,
                submitter_name=submitter.name if submitter else "",
                submitter_contact=submitter.row["phone"] if submitter else "",
                status="open",
            )
            self.checked(opinion)
            if overdue or ago <= 12 or rng.random() < 0.08:
                continue  # not replied yet: within the deadline, or (the first one) overdue
            self._reply(c, opinion, reply, measure)

    def _reply(self, c: _Committee, opinion: Opinion, reply: str, measure: str | None) -> None:
        """Reply, usually within two weeks (inside the 15 working days), now and then late."""
        rng, today = self.rng, self.today
        days = rng.randint(25, 45) if rng.random() < 0.08 else rng.randint(1, 14)
        opinion.replied_on = min(opinion.received_on + dt.timedelta(days=days), today)
        opinion.reply = reply
        opinion.status = "replied"
        if measure is not None and rng.random() < 0.6:
            deadline = opinion.replied_on + dt.timedelta(days=rng.randint(20, 60))
            done = deadline < today and rng.random() < 0.7
            responsible = rng.choice(c.members) if c.members and rng.random() < 0.6 else None
            opinion.rectifications.append(
                self.checked(
                    Rectification(
                        measure=measure,
                        responsible_person_id=responsible.id if responsible else None,
                        responsible_name=""
                        if responsible
                        else rng.choice(words.OUTSIDE_RESPONSIBLE),
                        deadline=deadline,
                        done_on=deadline - dt.timedelta(days=rng.randint(0, 10)) if done else None,
                    )
                )
            )
            opinion.status = "closed" if done else "rectifying"
        elif opinion.received_on < today - dt.timedelta(days=60):
            opinion.status = rng.choice(("replied", "closed"))


def load_demo(
    session: SessionLike,
    seed: int = DEFAULT_SEED,
    scale: int | None = None,
    today: dt.date | None = None,
    profile: Profile | None = None,
) -> list[OrgUnit]:
    """Create the org tree, the accounts and every committee's records; returns the committees.

    The caller commits. ``scale`` makes that many committees with the
    benchmark profile (residents bulk-inserted, not audited); ``profile``
    overrides the profile (tests use a small audited one).
    """
    if scale is not None and not 1 <= scale <= scale_capacity():
        raise ValueError(f"--scale 须在 1 到 {scale_capacity()} 之间")
    today = today or dt.date.today()
    builder = DemoBuilder(session, seed, profile or (BENCH if scale else FULL), today)
    committees = _add_tree(session, scale)
    _add_accounts(session)
    directors: dict[str, int] = {}
    for index, unit in enumerate(committees):
        c = builder.committee(unit, index)
        builder.plan_residents_meetings(c)
        roles = builder.roles(c)
        builder.positions(c, roles)
        builder.meetings(c)
        builder.proposals(c)
        builder.opinions(c)
        if c.director is not None:
            directors[unit.code] = c.director.id
        session.flush()
    account = session.scalar(select(User).where(User.username == "committee"))
    if account is not None and ACCOUNT_DIRECTOR[0] in directors:
        account.person_id = directors[ACCOUNT_DIRECTOR[0]]
    session.flush()
    return committees


def summary(session: SessionLike) -> list[tuple[str, int]]:
    """``(table, rows)`` of every table in the database, for the closing report."""
    present = set(inspect(session.get_bind()).get_table_names())
    rows = []
    for table in db.metadata.sorted_tables:
        if table.name in present and table.name != "alembic_version":
            count = session.execute(select(func.count()).select_from(table)).scalar_one()
            rows.append((table.name, int(count)))
    return sorted(rows)


def prepare_demo(
    app: Flask,
    echo: Callable[[str], Any] = print,
    seed: int = DEFAULT_SEED,
    scale: int | None = None,
) -> list[tuple[str, str, str, str]]:
    """Migrate, install every discovered plugin, load demo data once; returns the accounts.

    A database that already holds org units is left as it is (idempotent):
    the demo data, or real data, is never loaded twice or mixed in.
    """
    state = app.extensions["juwei"]
    with acting_as(SYSTEM):
        upgrade_all(app, names=["core"])
        for name in state.discovered:
            echo(install(state.discovered, name))
        session = db.session
        if session.scalar(select(OrgUnit.id).limit(1)) is None:
            started = time.perf_counter()
            committees = load_demo(session, seed=seed, scale=scale)
            manager = new_manager()
            for name in state.discovered:
                if manager.get_plugin(name) is None:
                    manager.register(state.discovered[name].load(), name=name)
            manager.hook.juwei_models()
            # Every plugin is installed now: its kinds, parameters and checks apply.
            load_catalogue(state, manager)
            manager.hook.juwei_demo_data(session=session, district_code=DISTRICT[0])
            session.commit()
            elapsed = time.perf_counter() - started
            echo(
                f"demo data loaded: seed {seed}, {len(committees)} committees"
                f"{' (--scale: residents not audited)' if scale else ''}, {elapsed:.1f} s"
            )
            for table, rows in summary(session):
                echo(f"  {table:<28} {rows:>8}")
        else:
            echo(
                "demo data already present: the database holds org units, nothing was loaded"
                + (" (--seed/--scale ignored)" if scale or seed != DEFAULT_SEED else "")
            )
    with acting_as(SYSTEM):
        users = db.session.scalars(select(User).order_by(User.id)).all()
        # Plugins add their own demo accounts with the same password rule.
        return [
            (
                user.username,
                demo_password(user.username),
                user.role,
                user.org_unit.name if user.org_unit else "全部辖区",
            )
            for user in users
        ]


def demo_password(username: str) -> str:
    """The password of a demo account: ``street_a`` → ``street-a-demo-2026``."""
    return f"{username.replace('_', '-')}-demo-2026"
