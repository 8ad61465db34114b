"""Benchmark: one month's subsidy payroll (rule J4) for 100,000 paid positions.

Builds ``--streets`` streets of ``--committees`` committees each and people
holding ``--positions`` paid positions in all (every ``--double``-th person
also leads a group, or if a leader already sits on the committee; every
``--employed``-th is marked employed in core's person record, so is listed
at 0.00), every position held all month, so a hand-written SQL aggregate can
compute the same per-street sums. Times ``payroll.payroll()`` (the whole
city, as the system actor) and that aggregate, checks their sums are equal,
and prints both times and their ratio. Asserts nothing about time; exits 1
if the sums differ. PostgreSQL only (the aggregate uses ``age()``).

    python bench/jiayuguan_payroll.py              # a throwaway PostgreSQL (tests/support)
    python bench/jiayuguan_payroll.py --profile    # and a cProfile of one payroll()
    python bench/jiayuguan_payroll.py --url postgresql+psycopg://juwei@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

from core.app import create_app
from core.extensions import db
from core.kinds import DEPUTY, GROUP_LEADER, GROUP_MEMBER, MEMBER, SUPERVISION_LEADER
from core.migrate import upgrade_all
from core.models import OrgUnit, Person, Position
from core.plugins import install
from core.scoping import SYSTEM, acting_as

PLUGIN = "jiayuguan_groups"
MONTH = dt.date(2026, 3, 1)
LAST = dt.date(2026, 3, 31)
KINDS = (GROUP_MEMBER, GROUP_LEADER, MEMBER, DEPUTY, SUPERVISION_LEADER)

#: The same sums by hand: each person's highest (rate + full years × 50), 0 if employed.
HAND_SQL = text(
    """
    WITH per_position AS (
      SELECT pe.id AS person_id, c.parent_id AS street_id, pe.employed,
             CASE p.kind WHEN 'committee.deputy' THEN 500 WHEN 'supervision.leader' THEN 500
                         WHEN 'group.leader' THEN 300 ELSE 200 END
             + 50 * date_part('year', age(:last, p.start_date)) AS amount
      FROM position p
      JOIN person pe ON pe.id = p.person_id
      JOIN org_unit c ON c.id = pe.org_unit_id
      WHERE p.kind IN ('committee.deputy', 'supervision.leader', 'group.leader',
                       'committee.member', 'group.member')
        AND p.start_date <= :first AND (p.end_date IS NULL OR p.end_date >= :last)
    ), per_person AS (
      SELECT street_id, person_id,
             CASE WHEN bool_or(employed) THEN 0 ELSE max(amount) END AS amount
      FROM per_position GROUP BY street_id, person_id
    )
    SELECT street_id, sum(amount) FROM per_person GROUP BY street_id
    """
)


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def _load(streets: int, committees: int, positions: int, double: int, employed: int) -> int:
    """Bulk-load the org tree, people and positions (bulk: the bench measures the read)."""
    session = db.session
    session.execute(
        insert(OrgUnit), [{"code": "620200000000", "name": "嘉峪关市", "kind": "district"}]
    )
    city = session.scalar(select(OrgUnit.id).where(OrgUnit.code == "620200000000"))
    session.execute(
        insert(OrgUnit),
        [
            {"code": f"620200{s:03d}000", "name": f"街道{s}", "kind": "street", "parent_id": city}
            for s in range(1, streets + 1)
        ],
    )
    street_ids = dict(session.execute(select(OrgUnit.code, OrgUnit.id)).all())
    session.execute(
        insert(OrgUnit),
        [
            {
                "code": f"620200{s:03d}{c:03d}",
                "name": f"居委会{s}-{c}",
                "kind": "committee",
                "parent_id": street_ids[f"620200{s:03d}000"],
            }
            for s in range(1, streets + 1)
            for c in range(1, committees + 1)
        ],
    )
    committee_ids = list(
        session.scalars(select(OrgUnit.id).where(OrgUnit.kind == "committee").order_by(OrgUnit.id))
    )
    people: list[dict[str, Any]] = []
    holds: list[tuple[int, str, dt.date]] = []
    n = 0
    while len(holds) < positions:
        unit = committee_ids[n % len(committee_ids)]
        people.append(
            {
                "name": f"人员{n}",
                "sex": "female" if n % 2 else "male",
                "birth_date": dt.date(1960 + n % 30, 1 + n % 12, 1 + n % 28),
                "org_unit_id": unit,
                "employed": n % employed == 0,
            }
        )
        start = dt.date(2017 + n % 9, 1 + n % 12, 1 + n % 28)
        holds.append((n, KINDS[n % len(KINDS)], start))
        if n % double == 0 and len(holds) < positions:
            holds.append((n, GROUP_LEADER if holds[-1][1] != GROUP_LEADER else MEMBER, start))
        n += 1
    for chunk in range(0, len(people), 10000):
        session.execute(insert(Person), people[chunk : chunk + 10000])
    ids = list(session.scalars(select(Person.id).order_by(Person.id)))
    units = dict(session.execute(select(Person.id, Person.org_unit_id)).all())
    rows = [
        {"person_id": ids[i], "org_unit_id": units[ids[i]], "kind": kind, "start_date": start}
        for i, kind, start in holds
    ]
    for chunk in range(0, len(rows), 10000):
        session.execute(insert(Position), rows[chunk : chunk + 10000])
    session.commit()
    return len(people)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="PostgreSQL URL (default: a throwaway cluster)")
    parser.add_argument("--streets", type=int, default=20)
    parser.add_argument("--committees", type=int, default=50, help="per street")
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--double", type=int, default=10, help="every n-th person holds two")
    parser.add_argument("--employed", type=int, default=7, help="every n-th person employed")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of payroll()")
    args = parser.parse_args()

    server = None
    url = args.url
    if url is None:
        from tests.support.postgres import TemporaryPostgres

        server = TemporaryPostgres()
        server.start()
        url = server.create_database("jiayuguan_bench")
    try:
        _run(url, args)
    finally:
        if server is not None:
            server.stop()


def _run(url: str, args: argparse.Namespace) -> None:
    from plugins.jiayuguan_groups.payroll import payroll

    tmp = Path(tempfile.mkdtemp(prefix="juwei-bench-"))
    config = {"SQLALCHEMY_DATABASE_URI": url, "JUWEI_INSTANCE": str(tmp), "TESTING": True}
    first = create_app(config)
    with first.app_context(), acting_as(SYSTEM):
        upgrade_all(first)
        install(first.extensions["juwei"].discovered, PLUGIN)
        started = time.perf_counter()
        people = _load(args.streets, args.committees, args.positions, args.double, args.employed)
        loaded = time.perf_counter() - started
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    with first.app_context():
        db.engine.dispose()
    app = create_app(config)
    with app.app_context(), acting_as(SYSTEM):

        def orm() -> dict[str, Decimal]:
            sheet = payroll(db.session, MONTH)
            db.session.expunge_all()
            return {t.name: t.amount for t in sheet.streets}

        names = dict(db.session.execute(select(OrgUnit.id, OrgUnit.name)).all())

        def hand() -> dict[str, Decimal]:
            with db.engine.connect() as conn:
                rows = conn.execute(HAND_SQL, {"first": MONTH, "last": LAST}).all()
            return {
                names[sid]: Decimal(str(amount)).quantize(Decimal("0.01")) for sid, amount in rows
            }

        orm(), hand()  # warm caches
        orm_time, orm_sums = _timed(orm, args.repeat)
        raw_time, raw_sums = _timed(hand, args.repeat)
        lines = len(payroll(db.session, MONTH).lines)
        print(
            f"database: {db.engine.dialect.name}; streets {args.streets}, committees "
            f"{args.streets * args.committees}, people {people}, paid positions {args.positions}"
        )
        print(f"loaded in {loaded:.1f} s; payroll lines: {lines}")
        print(f"payroll() whole city: {orm_time * 1000:.0f} ms (median of {args.repeat})")
        print(f"hand-written SQL aggregate, same sums: {raw_time * 1000:.0f} ms")
        print(f"ratio payroll()/SQL: {orm_time / raw_time:.2f}")
        same = orm_sums == {name: raw_sums.get(name, Decimal("0.00")) for name in orm_sums}
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(orm)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(14)
        print(f"per-street sums equal: {same}; total {sum(orm_sums.values())}")
        if not same:
            for name in sorted(orm_sums):
                if orm_sums[name] != raw_sums.get(name):
                    print(f"  {name}: payroll {orm_sums[name]} vs SQL {raw_sums.get(name)}")
            sys.exit(1)
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
