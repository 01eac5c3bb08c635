"""An inspection's sample and lists at national scale: time and queries for the largest
council and the largest practice, beside one hand-written SQL count of the same frame.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/swp_100k .venv/bin/python \\
        benchmarks/inspections.py [--size 40] [--seed 7]

Read-only: the inspections are unsaved objects; nothing is written.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from core import clock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from oversight import lists, sampling  # noqa: E402
from oversight.models import Inspection  # noqa: E402
from placements.models import Allocation, Child  # noqa: E402

# The frame of a council inspection, counted by hand: children of the council with an
# episode in the period.
FRAME_SQL = """
SELECT count(DISTINCT e.child_id) FROM placements_episode e
JOIN placements_child c ON c.id = e.child_id
WHERE c.council_id = %s AND e.decom <= %s AND (e.dec IS NULL OR e.dec >= %s)
"""


def timed(fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
    return result, elapsed, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    today = clock.today()
    council = Child.objects.values("council").annotate(n=Count("pk")).order_by("-n").first()
    practice = (
        Allocation.objects.filter(ended_on__isnull=True, practice__isnull=False)
        .values("practice")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    subjects = [
        (
            f"council {council['council']} ({council['n']} children)",
            {"council_id": council["council"]},
        ),
        (
            f"practice {practice['practice']} ({practice['n']} open cases)",
            {"practice_id": practice["practice"]},
        ),
    ]
    for label, subject in subjects:
        inspection = Inspection(
            starts_on=today,
            ends_on=today + dt.timedelta(days=5),
            sample_size=args.size,
            sample_seed=args.seed,
            **subject,
        )
        rows, ms, queries = timed(lambda i=inspection: sampling.frame(i))
        chosen, draw_ms, _ = timed(lambda r=rows: sampling.draw(r, size=args.size, seed=args.seed))
        strata = len({row.stratum for row in rows})
        print(
            f"{label}: frame of {len(rows)} children in {strata} strata: {ms:.0f} ms, {queries} query"
        )
        if "council_id" in subject:
            params = [subject["council_id"], inspection.period[1], inspection.period[0]]
            count, sql_ms, _ = timed(lambda p=params: _count(FRAME_SQL, p))
            assert count == len(rows), (count, len(rows))
            print(f"    hand-written SQL count of the same frame ({count}): {sql_ms:.0f} ms")
        print(f"    draw {len(chosen)} children: {draw_ms:.1f} ms")
        for kind, builder in lists.LISTS.items():
            table, ms, queries = timed(lambda b=builder, i=inspection: b(i))
            print(f"    list {kind}: {len(table.rows)} rows, {ms:.0f} ms, {queries} queries")


def _count(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
