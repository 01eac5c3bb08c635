"""The caseload pages and API at national scale: server time and queries, beside raw SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/swp_100k .venv/bin/python \\
        benchmarks/caseload.py [--runs 15] [--warmup 3] [--worker ID] [--manager ID]

Picks the busiest social worker (most children allocated today) and the manager of the
largest practice (most open cases), unless given. For each of

    My caseload                 /caseload/                       as the worker
    My caseload, overdue only   /caseload/?status=overdue        as the worker
    Practice caseload           /children/                       as the manager
    Practice caseload, overdue  /children/?status=overdue        as the manager
    Caseload API                /api/v1/children/?worker=me      as the worker
    Practice caseload API       /api/v1/children/                as the manager
    Team page                   /workers/                        as the manager

it renders the page in-process with Django's test Client (force_login; the full middleware,
access policy, view and template), prints the median server time of --runs requests after
--warmup requests, the number of SQL queries one request runs, and the median time of one
hand-written SQL query returning the same rows (same columns, same page, total included
with count(*) OVER ()), after checking that the rows are the same children in the same
order.

Read-only: everything (the session force_login writes, last_login) happens inside one
transaction that is rolled back at the end.
"""

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import time
from pathlib import Path

from core import clock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.models import User  # noqa: E402
from placements.deadlines.states import DUE_SOON_DAYS  # noqa: E402
from placements.views.records import PAGE_SIZE  # noqa: E402

API_PAGE_SIZE = 50  # REST_FRAMEWORK["PAGE_SIZE"]

# One query, the rows of one page of a caseload, as a person would write it by hand:
# LATERAL lookups of each child's open placement, episode, allocation, worker and next
# open deadline, and counts of open deadlines overdue and due soon. {source} picks the
# children (their open worker allocations, or the practice's open cases), {where} filters
# them, {order} is the page's order.
CASELOAD_SQL = """
SELECT c.id, c.la_child_id, c.first_name, c.last_name, c.preferred_name, c.date_of_birth,
       pl.place, pl.postcode, ep.legal_status, pr.name AS holder_practice,
       al.id IS NOT NULL AS is_open_case, wk.worker_name,
       nd.due_on AS next_due_on, nd.title AS next_due_title,
       dc.overdue, dc.due_soon,
       count(*) OVER () AS total
FROM ({source}) picked
JOIN placements_child c ON c.id = picked.child_id
LEFT JOIN LATERAL (SELECT place, postcode FROM placements_placement
                   WHERE child_id = c.id AND ended_on IS NULL LIMIT 1) pl ON true
LEFT JOIN LATERAL (SELECT legal_status FROM placements_episode
                   WHERE child_id = c.id AND dec IS NULL LIMIT 1) ep ON true
LEFT JOIN LATERAL (SELECT id, practice_id FROM placements_allocation
                   WHERE child_id = c.id AND ended_on IS NULL LIMIT 1) al ON true
LEFT JOIN practices_practice pr ON pr.id = al.practice_id
LEFT JOIN LATERAL (SELECT coalesce(u.full_name, u.username) AS worker_name, w.worker_id
                   FROM placements_workerallocation w JOIN core_user u ON u.id = w.worker_id
                   WHERE w.child_id = c.id AND w.ended_on IS NULL LIMIT 1) wk ON true
LEFT JOIN LATERAL (SELECT due_on, title FROM placements_deadline
                   WHERE child_id = c.id AND met_on IS NULL
                   ORDER BY due_on, id LIMIT 1) nd ON true
LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE due_on < %(today)s) AS overdue,
                          count(*) FILTER (WHERE due_on >= %(today)s
                                           AND due_on <= %(soon)s) AS due_soon
                   FROM placements_deadline WHERE child_id = c.id AND met_on IS NULL) dc
       ON true
WHERE {where}
ORDER BY {order}
LIMIT %(limit)s
"""
MINE = (
    "SELECT child_id FROM placements_workerallocation "
    "WHERE worker_id = %(worker)s AND ended_on IS NULL"
)
PRACTICE = (
    "SELECT child_id FROM placements_allocation "
    "WHERE practice_id = %(practice)s AND ended_on IS NULL"
)
ALL = "true"
OVERDUE = "dc.overdue > 0"
BY_NEXT_DUE = "nd.due_on ASC NULLS LAST, c.last_name, c.id"
BY_NAME = "c.last_name, c.first_name, c.id"


# The manager's team page: per worker, children, overdue deadlines, children with something
# overdue, deadlines due within 7 days, over the practice's open cases.
TEAM_SQL = """
SELECT w.worker_id,
       count(DISTINCT w.child_id),
       count(d.id) FILTER (WHERE d.due_on < %(today)s),
       count(DISTINCT w.child_id) FILTER (WHERE d.due_on < %(today)s),
       count(d.id) FILTER (WHERE d.due_on >= %(today)s AND d.due_on <= %(soon)s)
FROM placements_workerallocation w
JOIN placements_allocation a ON a.child_id = w.child_id AND a.ended_on IS NULL
LEFT JOIN placements_deadline d ON d.child_id = w.child_id AND d.met_on IS NULL
WHERE w.ended_on IS NULL AND a.practice_id = %(practice)s
GROUP BY w.worker_id
ORDER BY w.worker_id
"""
TABLES = [
    "placements_child",
    "placements_deadline",
    "placements_workerallocation",
    "placements_allocation",
    "placements_placement",
    "placements_episode",
    "placements_iroappointment",
    "placements_schoolenrolment",
    "placements_childgroupobjectpermission",
]


def ensure_statistics() -> None:
    """A freshly COPY-seeded database on a server without autovacuum has no planner
    statistics, and the planner then guesses badly (seconds, not milliseconds). ANALYZE
    the tables that have never been analysed: statistics only, no row changes."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s)
               AND last_analyze IS NULL AND last_autoanalyze IS NULL""",
            [TABLES],
        )
        never = [name for (name,) in cursor.fetchall()]
        for name in never:
            cursor.execute(f'ANALYZE "{name}"')
    if never:
        print(f"No planner statistics yet: ran ANALYZE on {', '.join(never)}")


def team_figures(response) -> dict[int, tuple]:
    html = response.content.decode()
    shown = {}
    for worker, row in re.findall(r'data-worker="(\d+)">(.*?)</tr>', html, re.S):
        cells = dict(re.findall(r'data-figure="(\w+)">(.*?)</td>', row, re.S))
        numbers = tuple(
            int(re.search(r"\d+", re.sub(r"<[^>]+>", "", cells[name])).group())
            for name in ("children", "overdue", "children_overdue", "due_soon")
        )
        if numbers[0]:
            shown[int(worker)] = numbers
    return shown


def run_team_sql(practice_id: int) -> list[tuple]:
    today = clock.today()
    with connection.cursor() as cursor:
        cursor.execute(
            TEAM_SQL,
            {
                "practice": practice_id,
                "today": today,
                "soon": today + dt.timedelta(days=DUE_SOON_DAYS),
            },
        )
        return cursor.fetchall()


def busiest_worker() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT worker_id FROM placements_workerallocation WHERE ended_on IS NULL
               GROUP BY worker_id ORDER BY count(*) DESC, worker_id LIMIT 1"""
        )
        return cursor.fetchone()[0]


def largest_practice_manager() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT a.practice_id, min(m.user_id)
               FROM placements_allocation a
               JOIN practices_membership m ON m.practice_id = a.practice_id
                    AND m.role = 'practice_manager' AND m.ended_on IS NULL
               WHERE a.ended_on IS NULL
               GROUP BY a.practice_id ORDER BY count(DISTINCT a.id) DESC, a.practice_id
               LIMIT 1"""
        )
        return cursor.fetchone()


def practice_of(manager_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT practice_id FROM practices_membership WHERE user_id = %s
               AND role = 'practice_manager' AND ended_on IS NULL LIMIT 1""",
            [manager_id],
        )
        return cursor.fetchone()[0]


def median_ms(func, runs: int, warmup: int) -> tuple[float, object]:
    result = None
    for _ in range(warmup):
        result = func()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def page_ids(response) -> tuple[list[int], int]:
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        return [row["id"] for row in data["results"]], data["count"]
    # Read from the HTML itself (response.context needs the test instrumentation, which
    # would slow the rendering being timed): the child links in the table, and the count.
    html = response.content.decode()
    table = html[html.index('id="result-count"') :]
    ids = [int(pk) for pk in re.findall(r'href="/children/(\d+)/"', table)]
    count = re.search(r'id="result-count"[^>]*>([\d,]+) child', html).group(1)
    return ids, int(count.replace(",", ""))


def run_sql(source: str, order: str, limit: int, params: dict) -> list[tuple]:
    today = clock.today()
    source, _, where = source.partition(" | ")
    query = CASELOAD_SQL.format(source=source, where=where or ALL, order=order)
    with connection.cursor() as cursor:
        cursor.execute(
            query,
            {
                **params,
                "today": today,
                "soon": today + dt.timedelta(days=DUE_SOON_DAYS),
                "limit": limit,
            },
        )
        return cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--worker", type=int, help="user id of the worker (default: busiest)")
    parser.add_argument("--manager", type=int, help="user id of a practice manager")
    args = parser.parse_args()

    ensure_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM placements_child")
        children = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM placements_deadline")
        deadlines = cursor.fetchone()[0]
    worker_id = args.worker or busiest_worker()
    if args.manager:
        manager_id, practice_id = args.manager, practice_of(args.manager)
    else:
        practice_id, manager_id = largest_practice_manager()
    worker, manager = User.objects.get(pk=worker_id), User.objects.get(pk=manager_id)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM placements_workerallocation WHERE worker_id = %s "
            "AND ended_on IS NULL",
            [worker_id],
        )
        caseload = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM placements_allocation WHERE practice_id = %s "
            "AND ended_on IS NULL",
            [practice_id],
        )
        practice_cases = cursor.fetchone()[0]

    print(
        f"Database: {connection.settings_dict['NAME']}: {children:,} children, "
        f"{deadlines:,} deadlines"
    )
    print(f"Busiest worker: {worker} (id {worker_id}), {caseload} children")
    print(
        f"Largest practice: id {practice_id}, {practice_cases:,} open cases; "
        f"manager {manager} (id {manager_id})"
    )
    print(
        f"Median of {args.runs} runs after {args.warmup} warm-up; server time is the "
        "whole request in-process (middleware, access policy, view, template)\n"
    )

    cases = [
        ("My caseload", "/caseload/", worker, MINE, BY_NEXT_DUE, PAGE_SIZE),
        (
            "My caseload, overdue",
            "/caseload/?status=overdue",
            worker,
            MINE + " | " + OVERDUE,
            BY_NEXT_DUE,
            PAGE_SIZE,
        ),
        ("Practice caseload", "/children/", manager, PRACTICE, BY_NEXT_DUE, PAGE_SIZE),
        (
            "Practice caseload, overdue",
            "/children/?status=overdue",
            manager,
            PRACTICE + " | " + OVERDUE,
            BY_NEXT_DUE,
            PAGE_SIZE,
        ),
        ("Caseload API", "/api/v1/children/?worker=me", worker, MINE, BY_NAME, API_PAGE_SIZE),
        ("Practice caseload API", "/api/v1/children/", manager, PRACTICE, BY_NAME, API_PAGE_SIZE),
    ]
    header = (
        f"{'':28} {'server ms':>10} {'queries':>8} {'raw SQL ms':>11} "
        f"{'rows':>5} {'total':>7}  same rows"
    )
    print(header)
    print("-" * len(header))
    with transaction.atomic():
        try:
            clients = {}
            for person in (worker, manager):
                client = Client()
                client.force_login(person)
                clients[person.pk] = client
            for label, url, person, where, order, limit in cases:
                client = clients[person.pk]

                def get(client=client, url=url):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    return response

                server_ms, response = median_ms(get, args.runs, args.warmup)
                with CaptureQueriesContext(connection) as captured:
                    get()
                queries = len(captured.captured_queries)
                params = {"worker": worker_id, "practice": practice_id}
                sql_ms, rows = median_ms(
                    lambda where=where, order=order, limit=limit, params=params: run_sql(
                        where, order, limit, params
                    ),
                    args.runs,
                    args.warmup,
                )
                ids, total = page_ids(response)
                sql_total = rows[0][-1] if rows else 0
                same = ids == [r[0] for r in rows] and total == sql_total
                print(
                    f"{label:28} {server_ms:10.1f} {queries:8d} {sql_ms:11.1f} "
                    f"{len(ids):5d} {total:7,d}  {'yes' if same else 'NO'}"
                )
            client = clients[manager.pk]

            def team():
                response = client.get("/workers/")
                assert response.status_code == 200
                return response

            server_ms, response = median_ms(team, args.runs, args.warmup)
            with CaptureQueriesContext(connection) as captured:
                team()
            sql_ms, rows = median_ms(lambda: run_team_sql(practice_id), args.runs, args.warmup)
            shown = team_figures(response)
            same = shown == {r[0]: tuple(r[1:]) for r in rows}
            print(
                f"{'Team page (per worker)':28} {server_ms:10.1f} "
                f"{len(captured.captured_queries):8d} {sql_ms:11.1f} {len(shown):5d} "
                f"{sum(v[1] for v in shown.values()):7,d}  {'yes' if same else 'NO'}"
            )
            print("\n(team page: rows are workers with children, total is their overdue deadlines)")
        finally:
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
