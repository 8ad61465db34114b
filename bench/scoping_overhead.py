"""Benchmark: the cost of the one scoping function on a list page.

Builds a city-sized org tree (default 6,000 committees under 300 streets) and
a scoped table with one row per committee × ``--rows``, then times one list
page (50 rows, ordered) and its COUNT for a street officer through the ORM
with the scoping listener, against hand-written SQL that filters by the same
code prefix. Prints the times and their ratio; asserts nothing.

    python bench/scoping_overhead.py                        # SQLite file in a temp dir
    python bench/scoping_overhead.py --url postgresql+psycopg://juwei@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, insert, select, text

from core.app import create_app
from core.extensions import db
from core.migrate import upgrade_all
from core.models import OrgUnit, Role
from core.scoping import SYSTEM, Actor, acting_as


def _timed(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _load(streets: int, per_street: int) -> None:
    # Bulk inserts, for speed; the bench measures reads, not the audit trail.
    db.session.execute(
        insert(OrgUnit), [{"code": "310101000000", "name": "区", "kind": "district"}]
    )
    district_id = db.session.scalar(select(OrgUnit.id))
    streets_rows = [
        {
            "code": f"310101{s:03d}000",
            "name": f"街道{s}",
            "kind": "street",
            "parent_id": district_id,
        }
        for s in range(1, streets + 1)
    ]
    db.session.execute(insert(OrgUnit), streets_rows)
    ids = {
        code: id_
        for code, id_ in db.session.execute(
            select(OrgUnit.code, OrgUnit.id).where(OrgUnit.kind == "street")
        )
    }
    committees = [
        {
            "code": f"310101{s:03d}{c:03d}",
            "name": f"居委会{s}-{c}",
            "kind": "committee",
            "parent_id": ids[f"310101{s:03d}000"],
        }
        for s in range(1, streets + 1)
        for c in range(1, per_street + 1)
    ]
    for start in range(0, len(committees), 5000):
        db.session.execute(insert(OrgUnit), committees[start : start + 5000])
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--streets", type=int, default=300)
    parser.add_argument("--per-street", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="juwei-bench-"))
    url = args.url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "JUWEI_INSTANCE": str(tmp), "TESTING": True})
    with app.app_context():
        with acting_as(SYSTEM):
            upgrade_all(app)
            _load(args.streets, args.per_street)
        prefix = "310101150"
        officer = Actor(user_id=None, name="bench", role=Role.STREET_OFFICER, prefix=prefix)

        def orm_page() -> object:
            with acting_as(officer):
                page = db.session.scalars(select(OrgUnit).order_by(OrgUnit.code).limit(50)).all()
                total = db.session.scalar(select(func.count()).select_from(OrgUnit))
                db.session.expunge_all()
                return page, total

        raw_sql = text(
            "SELECT * FROM org_unit WHERE code LIKE :p OR code IN (:d) ORDER BY code LIMIT 50"
        )
        raw_count = text("SELECT count(*) FROM org_unit WHERE code LIKE :p OR code IN (:d)")

        def raw_page() -> object:
            params = {"p": prefix + "%", "d": "310101000000"}
            with db.engine.connect() as conn:
                return conn.execute(raw_sql, params).all(), conn.execute(raw_count, params).scalar()

        orm_page(), raw_page()  # warm caches
        orm = _timed(orm_page, args.repeat)
        raw = _timed(raw_page, args.repeat)
        units = args.streets * (args.per_street + 1) + 1
        print(f"database: {db.engine.dialect.name}; org units: {units}")
        print(f"scoped ORM list page + count: {orm * 1000:.2f} ms (median of {args.repeat})")
        print(f"hand-written SQL, same filter: {raw * 1000:.2f} ms")
        print(f"ratio ORM/SQL: {orm / raw:.2f}")


if __name__ == "__main__":
    main()
