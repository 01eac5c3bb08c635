"""The indicator snapshots and the national dashboard, timed on a big database, beside the
SQL aggregate lower bound.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/swp_100k .venv/bin/python \\
        benchmarks/dashboards.py [--months 24] [--repeat 5] [--skip-backfill]

Writes only the indicator snapshot table (creating it with `migrate indicators` if it is
missing); a month's rows are deleted and rewritten in one transaction, so re-running is
safe. The dashboard is requested through the whole Django stack as a seeded inspector,
inside a transaction that is rolled back (the session row goes with it).

Prints: the database's size (children, episodes, deadlines, snapshot rows); the backfill
of N months (wall time, per month, rows); one nightly run (this month and last); the
lower bound for a month: one plain aggregate query over the same source rows the job
reads; the national dashboard's server time (cold, then the median of --repeat runs) and
its SQL statement count, unfiltered and filtered; and its lower bound: one plain
aggregate query over the same snapshot rows.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from core import clock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from oversight.indicators.selectors import default_month  # noqa: E402
from oversight.indicators.services import (  # noqa: E402
    add_months,
    last_months,  # noqa: E402
    snapshot_month,
    snapshot_months,
)

# The rows the nightly job reads for one month, aggregated once with no logic at all.
SOURCE_AGGREGATE_SQL = """
SELECT 'episode', count(*) FROM placements_episode WHERE decom <= %(r)s
UNION ALL SELECT 'placement', count(*) FROM placements_placement WHERE started_on <= %(r)s
UNION ALL SELECT 'period', count(*) FROM placements_periodofcare WHERE started_on <= %(r)s
UNION ALL SELECT 'allocation', count(*) FROM placements_allocation WHERE started_on <= %(r)s
UNION ALL SELECT 'worker', count(*) FROM placements_workerallocation WHERE started_on <= %(r)s
UNION ALL SELECT 'deadline', count(*) FROM placements_deadline
    WHERE kind IN ('review', 'visit') AND due_on BETWEEN %(first)s AND %(r)s
UNION ALL SELECT 'health', count(*) FROM placements_healthassessment WHERE completed_on <= %(r)s
UNION ALL SELECT 'dental', count(*) FROM placements_dentalcheck WHERE checked_on <= %(r)s
UNION ALL SELECT 'immunisation', count(*) FROM placements_immunisationstatus
    WHERE recorded_on <= %(r)s
UNION ALL SELECT 'sdq', count(*) FROM placements_sdqassessment WHERE completed_on <= %(r)s
UNION ALL SELECT 'missing', count(*) FROM placements_missingepisode WHERE started_on <= %(r)s
UNION ALL SELECT 'leaver', count(*) FROM placements_careleavercontact WHERE birthday <= %(r)s
UNION ALL SELECT 'child', count(*) FROM placements_child
"""

DASHBOARD_AGGREGATE_SQL = """
SELECT indicator, month, sum(numerator), sum(denominator), max(computed_at)
FROM indicators_indicatorsnapshot
WHERE month BETWEEN %(first)s AND %(last)s AND age_band = '' AND legal_status = ''
  AND placement_type = ''
GROUP BY indicator, month
"""


def scalar(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.fetchone()[0]


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def sql_time(sql, params):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    run()  # warm
    return statistics.median(timed(run)[0] for _ in range(3))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-backfill", action="store_true")
    args = parser.parse_args()
    today = clock.today()

    if "indicators_indicatorsnapshot" not in connection.introspection.table_names():
        call_command("migrate", "indicators", verbosity=0)

    print(f"Database {settings.DATABASES['default']['NAME']}, today {today}")
    for table in ("placements_child", "placements_episode", "placements_deadline"):
        print(f"  {table}: {scalar(f'SELECT count(*) FROM {table}'):,} rows")  # noqa: S608

    # 1. The backfill: N months, each its own transaction.
    if not args.skip_backfill:
        per_month = []
        t0 = time.perf_counter()
        for month in last_months(today, args.months):
            seconds, rows = timed(lambda m=month: snapshot_month(month=m, today=today))
            per_month.append((month, seconds, rows))
        total = time.perf_counter() - t0
        rows = sum(r for _, _, r in per_month)
        times = [s for _, s, _ in per_month]
        print(f"\nBackfill of {args.months} months: {total:.2f} s wall, {rows:,} rows written")
        print(
            f"  per month: median {statistics.median(times):.2f} s, "
            f"min {min(times):.2f} s, max {max(times):.2f} s"
        )

    # 2. One nightly run: last month and this month.
    seconds, written = timed(lambda: snapshot_months(months=2, today=today))
    print(
        f"\nNightly run (2 months): {seconds:.2f} s wall, {sum(written.values()):,} rows "
        f"({', '.join(f'{m:%b %Y}: {n:,}' for m, n in written.items())})"
    )
    print(
        f"  snapshot table now: {scalar('SELECT count(*) FROM indicators_indicatorsnapshot'):,} rows"
    )

    # 3. Lower bound for one month: one plain aggregate over the same source rows.
    first = today.replace(day=1)
    bound = sql_time(SOURCE_AGGREGATE_SQL, {"r": today, "first": first})
    print(
        f"\nLower bound, one month: one plain aggregate over the source rows: {bound:.3f} s "
        f"(× 2 for a nightly run: {2 * bound:.3f} s; × {args.months} for the backfill: "
        f"{args.months * bound:.2f} s)"
    )

    # 4. The national dashboard, through the whole stack, as an inspector.
    from core.models import User

    inspector = User.objects.filter(username="inspector").first()
    if inspector is None:
        print("\nNo user 'inspector' in this database: skipping the dashboard")
        return
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    url = reverse("indicators:national")
    month = default_month(today)
    for label, query in (("unfiltered", {}), ("filtered (age 10 to 15)", {"age_band": "10_15"})):
        durations, counts = [], []
        with transaction.atomic():
            client = Client()
            client.force_login(inspector)
            for _ in range(args.repeat + 1):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    response = client.get(url, query)
                    durations.append(time.perf_counter() - t0)
                assert response.status_code == 200, response.status_code
                counts.append(len(queries))
            transaction.set_rollback(True)
        print(
            f"\nNational dashboard, {label}: cold {durations[0] * 1000:.0f} ms, "
            f"median of {args.repeat} {statistics.median(durations[1:]) * 1000:.0f} ms, "
            f"{counts[-1]} SQL statements, {len(response.content):,} bytes"
        )
    # 5. The children behind one council's figure (counted live from the record).
    from oversight.indicators.services import children_behind
    from practices.models import Council

    council = Council.objects.order_by("pk").first()
    seconds, behind = timed(
        lambda: children_behind(
            indicator="short_term_stability",
            month=month,
            council_id=council.pk,
            practice_id=None,
            all_holders=True,
            today=today,
        )
    )
    print(
        f"Children behind a figure ({council}, {month:%B %Y}, every holder): "
        f"{seconds * 1000:.0f} ms for {len(behind):,} children"
    )
    dash = sql_time(DASHBOARD_AGGREGATE_SQL, {"first": add_months(month, -23), "last": month})
    print(
        f"Lower bound, dashboard: one plain aggregate over the same snapshot rows: "
        f"{dash * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
