"""Benchmark: the year's 70/30 results (H3) for 6,000 committees × 300 ballots.

Builds ``--streets`` streets of ``--committees`` committees each, one closed
district-wide annual round with ``--ballots`` ballots per committee (each
marking the committee's work on H1's four categories, with some blanks) and
a body of ``--ballots`` + 20 participants of whom ``--ballots`` took part
(every 50th committee only 250: below the D1 four fifths, so no mass score),
and two closed street rounds (both halves) with a street score per committee.
Everything is bulk-loaded with COPY (the bench measures the read). Times
``results.year_results()`` for the whole district (as the system actor,
median of ``--repeat``) against a hand-written SQL GROUP BY computing the
same per-committee mass scores (same points, same rounding, same turnout
rule), checks both agree committee by committee, and prints both times and
their ratio. Exits 1 if they differ. PostgreSQL only.

    python bench/huangpu_results.py              # a throwaway PostgreSQL (tests/support)
    python bench/huangpu_results.py --profile    # and a cProfile of one year_results()
    python bench/huangpu_results.py --url postgresql+psycopg://juwei@127.0.0.1:5432/bench
    python bench/huangpu_results.py --url … --reuse   # time again without reloading
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
from secrets import token_hex
from typing import Any

from sqlalchemy import insert, inspect, select, text

from core.app import create_app
from core.extensions import db
from core.migrate import upgrade_all
from core.models import OrgUnit
from core.plugins import install
from core.scoping import SYSTEM, acting_as

PLUGIN = "huangpu_evaluation"
YEAR = 2025
DISTRICT = "310101000000"
NOW = dt.datetime(2025, 12, 31, tzinfo=dt.UTC)

#: The same mass scores by hand: items = round(mean of points), mass = round(mean of items),
#: only where took part ≥ 4/5 of the body (D1). PostgreSQL's round(numeric) is half up here.
_ITEMS = ",\n".join(
    f"round(avg(CASE m.a{i} WHEN 1 THEN 100 WHEN 2 THEN 80 WHEN 3 THEN 60 WHEN 4 THEN 40 END), 1)"
    f" AS i{i}"
    for i in range(1, 5)
)
HAND_SQL = text(
    f"""
    WITH items AS (
      SELECT m.round_committee_id AS rc, {_ITEMS}
      FROM huangpu_evaluation_ballot_mark m
      JOIN huangpu_evaluation_round_committee rc ON rc.id = m.round_committee_id
      WHERE rc.round_id = :round_id AND m.subject_id IS NULL
      GROUP BY m.round_committee_id
    ), turnout AS (
      SELECT round_committee_id AS rc, count(*) AS body,
             sum(CASE WHEN took_part THEN 1 ELSE 0 END) AS took
      FROM huangpu_evaluation_participant GROUP BY round_committee_id
    )
    SELECT rc.org_unit_id, round((i1 + i2 + i3 + i4) / 4, 1)
    FROM items JOIN turnout USING (rc)
    JOIN huangpu_evaluation_round_committee rc ON rc.id = items.rc
    WHERE 5 * took >= 4 * body
    """
)


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def _answer(ballot: int, committee: int, item: int) -> int | None:
    """A deterministic, uneven answer 1–4, or a blank now and then."""
    if (ballot + 3 * item + committee) % 37 == 0:
        return None
    spread = (ballot * 7 + committee * 3 + item * 5) % 11
    return 1 if spread < 4 else 2 if spread < 8 else 3 if spread < 10 else 4


def _copy(table: str, columns: str, rows: Any) -> None:
    raw = db.session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _round(kind: str, half: int | None, district: int) -> int:
    first, last = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    if half:
        first, last = (
            (dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 30))
            if half == 1
            else (
                dt.date(YEAR, 7, 1),
                dt.date(YEAR, 12, 31),
            )
        )
    row = {
        "kind": kind, "title": f"bench {kind} {half or ''}", "year": YEAR, "half": half,
        "period_start": first, "period_end": last, "status": "closed", "method": "meeting",
        "note": "", "org_unit_id": district, "created_at": NOW, "updated_at": NOW,
        "version_id": 1,
    }  # fmt: skip
    table = db.Model.metadata.tables["huangpu_evaluation_round"]
    return int(db.session.execute(insert(table).returning(table.c.id), [row]).scalar_one())


def _load(streets: int, committees: int, ballots: int) -> int:
    """Bulk-load the tree, the rounds, participants, ballots, marks and street scores."""
    session = db.session
    session.execute(insert(OrgUnit), [{"code": DISTRICT, "name": "黄浦区", "kind": "district"}])
    district = session.scalar(select(OrgUnit.id).where(OrgUnit.code == DISTRICT))
    assert district is not None
    session.execute(
        insert(OrgUnit),
        [
            {
                "code": f"310101{s:03d}000",
                "name": f"街道{s}",
                "kind": "street",
                "parent_id": district,
            }
            for s in range(1, streets + 1)
        ],
    )
    ids = dict(session.execute(select(OrgUnit.code, OrgUnit.id)).all())
    session.execute(
        insert(OrgUnit),
        [
            {
                "code": f"310101{s:03d}{c:03d}",
                "name": f"居委会{s}-{c}",
                "kind": "committee",
                "parent_id": ids[f"310101{s:03d}000"],
            }
            for s in range(1, streets + 1)
            for c in range(1, committees + 1)
        ],
    )
    units = list(
        session.scalars(select(OrgUnit.id).where(OrgUnit.kind == "committee").order_by(OrgUnit.id))
    )
    rc_table = db.Model.metadata.tables["huangpu_evaluation_round_committee"]
    rounds = {"annual": _round("annual", None, district)}
    rounds |= {f"street{h}": _round("street", h, district) for h in (1, 2)}
    rcs: dict[str, list[tuple[int, int]]] = {}
    for name, round_id in rounds.items():
        rows = [
            {"round_id": round_id, "note": "", "org_unit_id": unit, "created_at": NOW,
             "updated_at": NOW, "version_id": 1}
            for unit in units
        ]  # fmt: skip
        session.execute(insert(rc_table), rows)
        rcs[name] = list(
            session.execute(
                select(rc_table.c.id, rc_table.c.org_unit_id)
                .where(rc_table.c.round_id == round_id)
                .order_by(rc_table.c.id)
            ).all()
        )
    annual = rcs["annual"]
    _copy(
        "huangpu_evaluation_participant",
        "round_committee_id, name, category, took_part, org_unit_id, created_at, updated_at,"
        " version_id",
        (
            (rc, f"代表{p}", "resident_rep", p < (250 if n % 50 == 49 else ballots), unit, NOW,
             NOW, 1)
            for n, (rc, unit) in enumerate(annual)
            for p in range(ballots + 20)
        ),
    )  # fmt: skip
    _copy(
        "huangpu_evaluation_ballot",
        "id, round_committee_id, channel, comment, org_unit_id",
        (
            (f"{rc:012x}{b:020x}", rc, "paper", "", unit)
            for rc, unit in annual
            for b in range(ballots)
        ),
    )
    _copy(
        "huangpu_evaluation_ballot_mark",
        "id, ballot_id, round_committee_id, a1, a2, a3, a4, org_unit_id",
        (
            (
                token_hex(16),
                f"{rc:012x}{b:020x}",
                rc,
                *(_answer(b, n, i) for i in range(1, 5)),
                unit,
            )
            for n, (rc, unit) in enumerate(annual)
            for b in range(ballots)
        ),
    )
    for half in (1, 2):
        _copy(
            "huangpu_evaluation_street_evaluation",
            "round_committee_id, score_1, score_2, score_3, score_4, sources, note, org_unit_id,"
            " created_at, updated_at, version_id",
            (
                (rc, *(f"{80 + (n * 7 + half + i) % 20}.{(n + i) % 10}" for i in range(4)),
                 "departments", "", unit, NOW, NOW, 1)
                for n, (rc, unit) in enumerate(rcs[f"street{half}"])
            ),
        )  # fmt: skip
    session.commit()
    return rounds["annual"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="PostgreSQL URL (default: a throwaway cluster)")
    parser.add_argument("--streets", type=int, default=120)
    parser.add_argument("--committees", type=int, default=50, help="per street")
    parser.add_argument("--ballots", type=int, default=300, help="per committee")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    parser.add_argument(
        "--reuse", action="store_true", help="with --url: reuse data loaded by an earlier run"
    )
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        from tests.support.postgres import TemporaryPostgres

        server = TemporaryPostgres()
        server.start()
        url = server.create_database("huangpu_bench")
    try:
        _run(url, args)
    finally:
        if server is not None:
            server.stop()


def _run(url: str, args: argparse.Namespace) -> None:
    from plugins.huangpu_evaluation.results import year_results

    tmp = Path(tempfile.mkdtemp(prefix="juwei-bench-"))
    config = {"SQLALCHEMY_DATABASE_URI": url, "JUWEI_INSTANCE": str(tmp), "TESTING": True}
    first = create_app(config)
    with first.app_context(), acting_as(SYSTEM):
        round_id, loaded = None, 0.0
        if args.reuse and inspect(db.engine).has_table("huangpu_evaluation_round"):
            round_id = db.session.scalar(
                text("SELECT min(id) FROM huangpu_evaluation_round WHERE kind = 'annual'")
            )
        if round_id is None:
            upgrade_all(first)
            install(first.extensions["juwei"].discovered, PLUGIN)
            started = time.perf_counter()
            round_id = _load(args.streets, args.committees, args.ballots)
            loaded = time.perf_counter() - started
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    with first.app_context():
        db.engine.dispose()
    app = create_app(config)
    with app.app_context(), acting_as(SYSTEM):

        def ours() -> dict[int, Decimal | None]:
            results = year_results(db.session, YEAR)
            db.session.expunge_all()
            return {r.committee_id: r.mass.score if r.mass else None for r in results.committees}

        def hand() -> dict[int, Decimal]:
            with db.engine.connect() as conn:
                rows = conn.execute(HAND_SQL, {"round_id": round_id}).all()
            return {unit: Decimal(str(score)) for unit, score in rows}

        ours(), hand()  # warm caches
        our_time, our_scores = _timed(ours, args.repeat)
        raw_time, raw_scores = _timed(hand, args.repeat)
        sample = year_results(db.session, YEAR)
        graded = sum(1 for r in sample.committees if r.grade)
        marks = db.session.scalar(text("SELECT count(*) FROM huangpu_evaluation_ballot_mark"))
        print(
            f"database: {db.engine.dialect.name}; streets {args.streets}, committees "
            f"{args.streets * args.committees}, ballots per committee {args.ballots}, "
            f"ballot marks {marks}"
        )
        print(f"loaded in {loaded:.1f} s; committees with a final score and grade: {graded}")
        print(f"example: {sample.committees[0].committee_name}: {sample.committees[0].explanation}")
        print(f"year_results() whole district: {our_time * 1000:.0f} ms (median of {args.repeat})")
        print(f"hand-written SQL GROUP BY, same mass scores: {raw_time * 1000:.0f} ms")
        print(f"ratio year_results()/SQL: {our_time / raw_time:.2f}")
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(ours)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        valid = {k: v for k, v in our_scores.items() if v is not None}
        same = valid == raw_scores
        total = sum(valid.values(), Decimal(0))
        print(
            f"per-committee mass scores equal: {same}; {len(valid)} scored "
            f"({len(our_scores) - len(valid)} below the D1 turnout), sum {total} vs "
            f"{sum(raw_scores.values(), Decimal(0))}"
        )
        if not same:
            for unit in sorted(set(valid) | set(raw_scores))[:20]:
                if valid.get(unit) != raw_scores.get(unit):
                    print(f"  unit {unit}: ours {valid.get(unit)} vs SQL {raw_scores.get(unit)}")
            sys.exit(1)
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
