"""Recompute every statutory deadline and print what it cost, beside one SQL pass.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python \\
        benchmarks/recompute_deadlines.py [--seed 100000] [--fresh] [--batch-size 5000]
        [--tracemalloc]

Works on whatever children the database holds. With --seed N and fewer than N children
there (or with --reset), it first seeds the database: with `manage.py seed_demo
--children N --no-deadlines [--reset]`, or with --synthetic (or without seed_demo) with
plain histories bulk-inserted here (one council, periods over the last six years, moves,
reviews, visits every six weeks or so, health assessments, PEPs and plans, some on time,
some late, some missing). Never seed a database whose data you care about.

Prints: children, source rows, wall time, SQL statements (counted with
connection.execute_wrapper), peak memory (peak RSS from getrusage, and tracemalloc's peak
of Python allocations with --tracemalloc), the same for a second, no-change run, and the
time of one SQL pass reading the same source rows (server-side, and fetched to Python).
"""

import argparse
import datetime as dt
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from core import clock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402

from placements.deadlines.engine import recompute  # noqa: E402

SOURCES = {
    "placements_periodofcare": "child_id, started_on, ended_on",
    "placements_placement": "child_id, started_on, ended_on",
    "placements_episode": "child_id, decom, dec",
    "placements_review": "child_id, held_on, next_review_by",
    "placements_visit": "child_id, visited_on, NULL::date",
    "placements_healthassessment": "child_id, completed_on, NULL::date",
    "placements_educationplan": "child_id, completed_on, NULL::date",
    "placements_plan": "child_id, completed_on, NULL::date",
    "placements_schoolenrolment": "child_id, started_on, ended_on",
}
ONE_PASS = " UNION ALL ".join(f"SELECT {cols} FROM {table}" for table, cols in SOURCES.items())


class StatementCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def source_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in ["placements_child", *SOURCES]:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table.removeprefix("placements_")] = cursor.fetchone()[0]
    return counts


def timed_recompute(batch_size: int, use_tracemalloc: bool) -> dict:
    counter = StatementCounter()
    if use_tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        counts = recompute(batch_size=batch_size)
    wall = time.perf_counter() - started
    traced = None
    if use_tracemalloc:
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {
        "wall": wall,
        "statements": counter.count,
        "counts": counts,
        "peak_rss_mb": peak_rss_mb(),
        "tracemalloc_peak_mb": traced,
    }


def one_sql_pass() -> tuple[float, float, int]:
    """(seconds for the server to read every source row once, seconds to fetch them all
    into Python through a server-side cursor, rows)."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(f"SELECT count(*), max(b), max(c) FROM ({ONE_PASS}) AS s(a, b, c)")
        rows = cursor.fetchone()[0]
        server = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic(), connection.connection.cursor(name="bench_one_pass") as cursor:
        cursor.itersize = 50_000  # a server-side cursor: rows stream, memory stays flat
        cursor.execute(ONE_PASS)
        for _ in cursor:
            pass
    fetched = time.perf_counter() - started
    return server, fetched, rows


# --- Topping up the database ----------------------------------------------------------------


def seed(target: int, rng: random.Random, *, reset: bool, synthetic: bool) -> None:
    from placements.models import Child

    have = Child.objects.count()
    if have >= target and not reset:
        return
    if "seed_demo" in get_commands() and not synthetic:
        options = ["--children", str(target), "--no-deadlines"] + (["--reset"] if reset else [])
        print(f"manage.py seed_demo {' '.join(options)}")
        call_command("seed_demo", *options)
        return
    if reset:
        raise SystemExit("--reset needs seed_demo; use a fresh database for --synthetic")
    print(f"Seeding {target - have} synthetic children...")
    started = time.perf_counter()
    for first in range(have, target, 2000):
        _seed_batch(range(first, min(target, first + 2000)), rng)
        print(f"  {min(target, first + 2000)} children", end="\r", flush=True)
    print(f"\n  seeded in {time.perf_counter() - started:.0f} s")


def _without_triggers() -> None:
    """Synthetic benchmark rows skip the audit and code-list triggers (and foreign-key
    triggers: the generator only writes valid ids). Needs a superuser; else triggers run."""
    try:
        # SET LOCAL inside a released savepoint lasts until the outer transaction ends.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:  # not a superuser: slower, but the same rows
        pass


def _seed_batch(numbers: range, rng: random.Random) -> None:
    from core.models import User
    from placements.models import (
        Child,
        EducationPlan,
        Episode,
        HealthAssessment,
        PeriodOfCare,
        Placement,
        Plan,
        Review,
        Visit,
    )
    from practices.models import Council

    today = clock.today()
    council, _ = Council.objects.get_or_create(
        ons_code="E09999999", defaults={"name": "Benchmark Council", "dfe_la_number": 999}
    )
    worker, _ = User.objects.get_or_create(username="benchmark-worker")
    with transaction.atomic():
        _without_triggers()
        children = Child.objects.bulk_create(
            Child(
                council=council,
                la_child_id=f"B{n:07d}",
                first_name="Bench",
                last_name=f"Child{n}",
                sex=rng.choice("MF"),
                date_of_birth=today - dt.timedelta(days=rng.randint(300, 17 * 365)),
                ethnicity="WBRI",
            )
            for n in numbers
        )
        periods, spans = [], []
        for child in children:
            age = (today - child.date_of_birth).days
            start = today - dt.timedelta(days=rng.randint(1, min(age - 1, 6 * 365)))
            end = None
            if rng.random() < 0.12:
                end = start + dt.timedelta(days=rng.randint(1, max(1, (today - start).days)))
                end = min(end, today)
                if end <= start:
                    end = None
            periods.append(
                PeriodOfCare(
                    child=child,
                    started_on=start,
                    ended_on=end,
                    cin="N1",
                    reason_ended="E13" if end else "",
                )
            )
            spans.append((child, start, end))
        PeriodOfCare.objects.bulk_create(periods)
        placements, moves = [], []
        for period, (child, start, end) in zip(periods, spans, strict=True):
            until = end or today
            days = [start]
            while rng.random() < 0.35 and (until - days[-1]).days > 30:
                days.append(days[-1] + dt.timedelta(days=rng.randint(15, (until - days[-1]).days)))
            for i, day in enumerate(days):
                last = i == len(days) - 1
                placements.append(
                    Placement(
                        child=child,
                        period=period,
                        place="U4",
                        place_provider="PR1",
                        started_on=day,
                        ended_on=end if last else days[i + 1],
                        reason_ended="" if last else "CARPL",
                        intended_until_18=rng.random() < 0.3,
                    )
                )
            moves.append(len(days))
        Placement.objects.bulk_create(placements)
        episodes, i = [], 0
        for period, (child, _, end), n in zip(periods, spans, moves, strict=True):
            for k in range(n):
                p = placements[i + k]
                last = k == n - 1
                episodes.append(
                    Episode(
                        child=child,
                        period=period,
                        placement=p,
                        decom=p.started_on,
                        dec=p.ended_on,
                        rne="S" if k == 0 else "P",
                        legal_status="C2",
                        rec=("E13" if end else "") if last else "X1",
                        reason_place_change="" if last else "CARPL",
                    )
                )
            i += n
        Episode.objects.bulk_create(episodes)
        reviews, visits, health, peps, plans = [], [], [], [], []
        for period, (child, start, end) in zip(periods, spans, strict=True):
            until = end or today
            day = start + dt.timedelta(days=rng.randint(10, 40))
            while day <= until and rng.random() < 0.9:
                reviews.append(Review(child=child, period=period, held_on=day, participation="PN1"))
                day += dt.timedelta(days=rng.randint(80, 200))
            day = start + dt.timedelta(days=rng.randint(0, 10))
            while day <= until:
                visits.append(
                    Visit(
                        child=child,
                        visited_on=day,
                        seen=True,
                        seen_alone=rng.random() < 0.5,
                        location="placement",
                        recorded_by=worker,
                    )
                )
                day += dt.timedelta(days=rng.randint(25, 50))
            day = start + dt.timedelta(days=rng.randint(5, 35))
            kind = "initial"
            while day <= until and rng.random() < 0.85:
                health.append(HealthAssessment(child=child, kind=kind, completed_on=day))
                kind = "review"
                day += dt.timedelta(days=rng.randint(150, 380))
            day = start + dt.timedelta(days=rng.randint(3, 30))
            pep_kind = "initial"
            while day <= until and rng.random() < 0.85:
                peps.append(
                    EducationPlan(child=child, kind=pep_kind, completed_on=day, term="autumn")
                )
                pep_kind = "review"
                day += dt.timedelta(days=rng.randint(60, 130))
            for kind, lo, hi in (("care_plan", -5, 25), ("permanence_plan", 60, 150)):
                done = start + dt.timedelta(days=rng.randint(lo, hi))
                if done <= until and rng.random() < 0.8:
                    plans.append(Plan(child=child, kind=kind, completed_on=done))
        for model, rows in (
            (Review, reviews),
            (Visit, visits),
            (HealthAssessment, health),
            (EducationPlan, peps),
            (Plan, plans),
        ):
            model.objects.bulk_create(rows, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="top up to this many children")
    parser.add_argument(
        "--reset", action="store_true", help="with --seed: seed_demo --reset (replaces the data)"
    )
    parser.add_argument(
        "--synthetic", action="store_true", help="with --seed: use this script's own histories"
    )
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python memory")
    parser.add_argument(
        "--fresh", action="store_true", help="delete every Deadline row first (a cold start)"
    )
    args = parser.parse_args()

    db = connection.settings_dict
    print(f"Database {db['NAME']} on {db['HOST'] or 'localhost'}:{db['PORT'] or 5432}")
    if args.seed:
        seed(args.seed, random.Random(1), reset=args.reset, synthetic=args.synthetic)
    rows = source_rows()
    print("Rows: " + ", ".join(f"{name} {n:,}" for name, n in rows.items()))
    if not rows["child"]:
        print("No children: nothing to recompute (use --seed N).")
        return

    if args.fresh:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE placements_deadline")
    server, fetched, read = one_sql_pass()
    first = timed_recompute(args.batch_size, args.tracemalloc)
    second = timed_recompute(args.batch_size, args.tracemalloc)

    def line(label: str, run: dict) -> str:
        c = run["counts"]
        traced = run["tracemalloc_peak_mb"]
        return (
            f"{label:<26} {run['wall']:8.1f} s  {run['statements']:6,} statements  "
            f"peak RSS {run['peak_rss_mb']:7.0f} MB"
            + (f"  tracemalloc peak {traced:6.0f} MB" if traced is not None else "")
            + f"  | {c['children']:,} children in {c['batches']} batches: "
            f"{c['deadlines']:,} deadlines, {c['inserted']:,} new, {c['updated']:,} changed, "
            f"{c['deleted']:,} removed"
        )

    print(line("recompute (cold)" if args.fresh else "recompute (first run)", first))
    print(line("recompute (no changes)", second))
    print(f"{'one SQL pass (server)':<26} {server:8.1f} s  1 statement, {read:,} source rows")
    print(f"{'one SQL pass (to Python)':<26} {fetched:8.1f} s  the same rows fetched")
    print(
        f"Per child: {first['wall'] / rows['child'] * 1000:.2f} ms; "
        f"recompute / one pass to Python: {first['wall'] / fetched:.1f}x"
    )


if __name__ == "__main__":
    main()
