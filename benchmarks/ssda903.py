"""The SSDA903 return of one council at national scale: export and validation wall time and
queries, this year and last, beside `COPY (SELECT … episode rows …) TO STDOUT` of the
same episodes, and what the rules find in the seeded data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/swp_100k .venv/bin/python \\
        benchmarks/ssda903.py [--council CODE] [--runs 3]

--council is an ONS code or DfE LA number (default: the council with most children).
Read-only: the validation run (the Celery job's work: claim, project, validate, store,
notify) is timed inside a transaction that is rolled back, so nothing is kept.
"""

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from core import clock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from oversight.ssda903 import export  # noqa: E402
from oversight.ssda903.rules import RULES_BY_CODE, rules_for, validate  # noqa: E402
from oversight.ssda903.services import request_validation, run_validation  # noqa: E402
from oversight.ssda903.tables import SQL, TABLES, project  # noqa: E402
from oversight.ssda903.years import CollectionYear, find_council  # noqa: E402
from placements.models import Child  # noqa: E402
from placements.models.codes import clear_code_cache  # noqa: E402
from practices.models import Council  # noqa: E402


class Rollback(Exception):
    pass


def timed(fn, runs):
    """Median wall time (ms) over `runs`, the queries of the last run, and its result."""
    times = []
    for _ in range(runs):
        clear_code_cache()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(queries), result


def copy_episodes(params) -> int:
    """COPY the same episode rows (the Episodes query, DfE columns) to STDOUT: bytes read."""
    raw = connection.connection
    sql = psycopg.ClientCursor(raw).mogrify(SQL["Episodes"], params)
    read = 0
    with raw.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT WITH CSV") as copy:
        for data in copy:
            read += len(data)
    return read


def job(council, year) -> dict:
    """The Celery job's work, rolled back."""
    outcome = {}
    try:
        with transaction.atomic():
            run = request_validation(council=council, year=year.start_year, trigger="on_demand")
            outcome.update(run_validation(run.pk))
            raise Rollback
    except Rollback:
        pass
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--council", default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    connection.ensure_connection()
    if args.council:
        council = find_council(args.council)
    else:
        top = Child.objects.values("council").annotate(n=Count("pk")).order_by("-n").first()
        council = Council.objects.get(pk=top["council"])
    children = Child.objects.filter(council=council).count()
    print(
        f"{connection.settings_dict['NAME']}: {Child.objects.count():,} children, "
        f"{Council.objects.count()} councils. {council} ({council.ons_code}, LA "
        f"{council.dfe_la_number}): {children:,} children on record. Median of {args.runs}."
    )
    this = CollectionYear.of(clock.today())
    for year in (this, this.previous):
        as_at = year.as_at(clock.today())
        params = {"council": council.pk, "start": year.start, "end": year.end, "as_at": as_at}
        print(f"\n{year.label} (as at {as_at:%d/%m/%Y})")
        ms, n, projected = timed(lambda year=year: project(council, year), args.runs)
        sizes = ", ".join(f"{t} {len(projected.rows(t)):,}" for t in TABLES)
        print(f"  rows: {sizes}")
        print(f"  project (11 tables)          {ms:8.1f} ms  {n:3d} queries")
        ms_zip, n_zip, _ = timed(lambda p=projected: export.zip_bytes(p), args.runs)
        print(f"  write 11 CSVs and zip        {ms_zip:8.1f} ms  {n_zip:3d} queries")
        print(f"  export (project + zip)       {ms + ms_zip:8.1f} ms  {n + n_zip:3d} queries")
        ms_ep, n_ep, _ = timed(
            lambda year=year: project(council, year, tables=["Episodes"]), args.runs
        )
        print(f"  project Episodes only        {ms_ep:8.1f} ms  {n_ep:3d} queries")
        ms_copy, _, read = timed(lambda params=params: copy_episodes(params), args.runs)
        print(f"  COPY (episodes) TO STDOUT    {ms_copy:8.1f} ms  ({read:,} bytes)")
        rules = rules_for(year.start_year)
        ms_val, n_val, failures = timed(lambda p=projected: validate(p), args.runs)
        print(f"  validate ({len(rules)} rules)         {ms_val:8.1f} ms  {n_val:3d} queries")
        ms_job, n_job, outcome = timed(lambda year=year: job(council, year), args.runs)
        print(
            f"  Celery job, rolled back      {ms_job:8.1f} ms  {n_job:3d} queries "
            "(claim, project, validate, store, notify)"
        )
        counts = Counter((f.code, f.severity) for f in failures)
        errors = sum(n for (_, severity), n in counts.items() if severity == "error")
        print(f"  found: {errors} errors, {sum(counts.values()) - errors} queries (DfE warnings)")
        for (code, severity), count in sorted(counts.items(), key=lambda kv: -kv[1]):
            print(f"    {code:>9} {severity:5} {count:6}  {RULES_BY_CODE[code].message()[:70]}")
        assert outcome.get("errors") == errors, outcome  # noqa: S101


if __name__ == "__main__":
    main()
