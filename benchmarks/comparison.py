# ruff: noqa: S608 -- the SQL is built from constants in this module; values go as parameters
"""The comparison of practices for one council's commissioner: the page's server time and
queries, beside one raw SQL aggregate of the same figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/swp_100k .venv/bin/python \\
        benchmarks/comparison.py [--user commissioner] [--runs 7] [--warm-up 2]

Read-only: everything runs in one transaction that is rolled back at the end. When the
database has no budgets yet (a world seeded before commissioning data existed), the
commissioning demo rows (`commissioning.seeding`: budgets, spend, snapshots...) are
written inside that transaction first, so the page has budgets and spend to compare, and
vanish with the rollback.

Prints, for the financial year to date: the council, its children and contracts; the
page's server time (in-process request through the middleware, view and template: median
and min/max of the timed runs after warm-up), its SQL statements and their database time;
the raw SQL aggregate's time (median) computing the table's figures in one statement; and
whether the two agree on every figure, to the penny. The connection runs with
PostgreSQL's JIT off (config/settings/base.py), for the page and the raw SQL alike.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from core import clock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from commissioning.models import Budget, financial_year_bounds, financial_year_of  # noqa: E402
from commissioning.permissions import commissioner_councils  # noqa: E402
from core.models import User  # noqa: E402
from practices.models import Council  # noqa: E402

# The table's figures per holder (a practice, or 0: the council's own teams), straight
# from the tables: fees are price x days / 7 per allocation and month (split where a
# variation changed the price), each line rounded to the penny as on the statement.
RAW_SQL = """
WITH params AS (
    SELECT %(council)s::bigint AS council, %(start)s::date AS start, %(last)s::date AS last,
           %(today)s::date AS today, %(year)s::int AS year, %(fy_end)s::date AS fy_end
),
contracts AS (
    SELECT c.* FROM commissioning_contract c, params
    WHERE c.council_id = params.council AND c.status <> 'draft'
),
held AS (
    SELECT a.child_id, coalesce(a.practice_id, 0) AS holder, a.contract_id, a.started_on,
           a.ended_on, daterange(a.started_on, a.ended_on, '[)') AS term,
           greatest(a.started_on, params.start) AS s,
           least(coalesce(a.ended_on, 'infinity'::date), params.last + 1) AS e,
           daterange(greatest(a.started_on, params.start),
                     least(coalesce(a.ended_on, 'infinity'::date), params.last + 1), '[)') AS r
    FROM placements_allocation a
    JOIN placements_child ch ON ch.id = a.child_id, params
    WHERE ch.council_id = params.council AND a.started_on <= params.last
      AND (a.ended_on IS NULL OR a.ended_on > params.start)
),
at_end AS (
    SELECT held.* FROM held, params
    WHERE held.started_on <= params.last AND (held.ended_on IS NULL OR held.ended_on > params.last)
),
price_change AS (
    SELECT v.contract_id, v.effective_from,
           (v.previous_terms->>'weekly_price_per_child')::numeric AS before
    FROM commissioning_contractvariation v JOIN contracts c ON c.id = v.contract_id
    WHERE v.previous_terms ? 'weekly_price_per_child'
),
bounds AS (
    SELECT c.id AS contract_id, b::date AS b
    FROM contracts c, params, generate_series(params.start, params.last, interval '1 month') b
    UNION SELECT pc.contract_id, pc.effective_from FROM price_change pc, params
          WHERE pc.effective_from > params.start AND pc.effective_from <= params.last
    UNION SELECT c.id, params.last + 1 FROM contracts c, params
),
segments AS (
    SELECT s.contract_id,
           daterange(s.b, s.next_b, '[)') * daterange(c.starts_on, c.ends_on, '[]') AS r,
           coalesce((SELECT pc.before FROM price_change pc
                     WHERE pc.contract_id = s.contract_id AND pc.effective_from > s.b
                     ORDER BY pc.effective_from LIMIT 1), c.weekly_price_per_child) AS weekly
    FROM (SELECT contract_id, b, lead(b) OVER (PARTITION BY contract_id ORDER BY b) AS next_b
          FROM bounds) s
    JOIN contracts c ON c.id = s.contract_id
    WHERE s.next_b IS NOT NULL
),
fees AS (
    SELECT h.holder, sum(round(s.weekly * (upper(x) - lower(x)) / 7, 2)) AS fees
    FROM held h JOIN segments s ON s.contract_id = h.contract_id,
         LATERAL (SELECT h.term * s.r AS x) l
    WHERE s.weekly IS NOT NULL AND NOT isempty(x)
    GROUP BY h.holder
),
council_costs AS (
    SELECT h.holder, sum(round(pc.weekly_amount * (upper(x) - lower(x)) / 7, 2)) AS costs
    FROM held h
    JOIN placements_placement p ON p.child_id = h.child_id
    JOIN placements_placementcost pc ON pc.placement_id = p.id AND pc.funded_by = 'council',
         LATERAL (SELECT daterange(pc.started_on, pc.ended_on, '[)') * h.r AS x) l
    WHERE NOT isempty(x)
    GROUP BY h.holder
),
spend AS (
    SELECT c.practice_id AS holder, sum(r.committed_amount) AS spend
    FROM commissioning_spendrequest r
    JOIN commissioning_budget b ON b.id = r.budget_id
    JOIN contracts c ON c.id = r.contract_id, params
    WHERE r.status = 'approved' AND r.used_at IS NULL AND b.financial_year = params.year
    GROUP BY c.practice_id
),
practice_costs AS (
    SELECT a.practice_id AS holder,
           sum(round(pc.weekly_amount * (upper(x) - lower(x)) / 7, 2)) AS spend
    FROM placements_placementcost pc
    JOIN placements_placement p ON p.id = pc.placement_id
    JOIN placements_allocation a ON a.child_id = p.child_id
    JOIN contracts c ON c.id = a.contract_id, params,
         LATERAL (SELECT daterange(pc.started_on, pc.ended_on, '[)')
                         * daterange(a.started_on, a.ended_on, '[)')
                         * daterange(params.start, params.fy_end, '[]') AS x) l
    WHERE pc.funded_by = 'practice' AND NOT isempty(x)
    GROUP BY a.practice_id
),
budgets AS (
    SELECT c.practice_id AS holder, sum(b.amount) AS budget
    FROM commissioning_budget b JOIN contracts c ON c.id = b.contract_id, params
    WHERE b.financial_year = params.year
    GROUP BY c.practice_id
),
due AS (
    SELECT h.holder,
           count(*) FILTER (WHERE d.kind = 'visit' AND d.met_on <= d.due_on) AS v_on,
           count(*) FILTER (WHERE d.kind = 'visit') AS v_due,
           count(*) FILTER (WHERE d.kind = 'review' AND d.met_on <= d.due_on) AS r_on,
           count(*) FILTER (WHERE d.kind = 'review') AS r_due,
           count(*) FILTER (WHERE d.kind = 'health_assessment' AND d.met_on <= d.due_on) AS h_on,
           count(*) FILTER (WHERE d.kind = 'health_assessment') AS h_due
    FROM held h
    JOIN placements_deadline d ON d.child_id = h.child_id AND d.due_on >= h.s AND d.due_on < h.e,
         params
    WHERE d.kind IN ('visit', 'review', 'health_assessment')
      AND (d.due_on < params.today OR d.met_on IS NOT NULL)
    GROUP BY h.holder
),
stability AS (
    SELECT e.holder, count(*) FILTER (WHERE e.moves >= 3) AS unstable, count(*) AS base
    FROM (SELECT h.holder,
                 (SELECT count(*) FROM placements_placement p
                  WHERE p.child_id = h.child_id AND p.started_on <= params.last
                    AND (p.ended_on IS NULL
                         OR p.ended_on > (params.last - interval '1 year')::date)) AS moves
          FROM at_end h, params
          WHERE NOT EXISTS (SELECT 1 FROM placements_episode ep
                            WHERE ep.child_id = h.child_id AND ep.legal_status IN ('V3', 'V4')
                              AND ep.decom <= params.last
                              AND (ep.dec IS NULL OR ep.dec > params.last))) e
    GROUP BY e.holder
),
missing AS (
    SELECT h.holder, count(*) AS episodes, count(DISTINCT m.child_id) AS children
    FROM held h JOIN placements_missingepisode m ON m.child_id = h.child_id
         AND m.started_on >= h.s AND m.started_on < h.e
    GROUP BY h.holder
),
holders AS (
    SELECT holder, count(DISTINCT child_id) FILTER (WHERE ended_on IS NULL OR ended_on > last)
                   AS children,
           sum(upper(r) - lower(r)) AS child_days
    FROM held, params GROUP BY holder
)
SELECT h.holder, h.children, h.child_days,
       coalesce(f.fees, 0), coalesce(k.costs, 0),
       coalesce(s.spend, 0) + coalesce(pcs.spend, 0), b.budget,
       coalesce(st.unstable, 0), coalesce(st.base, 0),
       coalesce(d.v_on, 0), coalesce(d.v_due, 0), coalesce(d.r_on, 0), coalesce(d.r_due, 0),
       coalesce(d.h_on, 0), coalesce(d.h_due, 0),
       coalesce(m.episodes, 0), coalesce(m.children, 0)
FROM holders h
LEFT JOIN fees f USING (holder)
LEFT JOIN council_costs k USING (holder)
LEFT JOIN spend s USING (holder)
LEFT JOIN practice_costs pcs USING (holder)
LEFT JOIN budgets b USING (holder)
LEFT JOIN stability st USING (holder)
LEFT JOIN due d USING (holder)
LEFT JOIN missing m USING (holder)
ORDER BY h.holder
"""

FIGURES = (
    "children",
    "child_days",
    "fees",
    "council_costs",
    "delegated_spend",
    "budget",
    "unstable",
    "stability_base",
    "visits_on_time",
    "visits_due",
    "reviews_on_time",
    "reviews_due",
    "health_on_time",
    "health_due",
    "missing_episodes",
    "missing_children",
)


def page_figures(result) -> dict[int, tuple]:
    out = {}
    for r in result.rows:
        if not (r.child_days or r.children):
            continue  # a practice under contract that held none of the council's children
        out[r.holder] = (
            r.children,
            r.child_days,
            r.fees,
            r.council_costs,
            r.delegated_spend,
            r.budget,
            r.unstable,
            r.stability_base,
            *r.visits,
            *r.reviews,
            *r.health,
            r.missing_episodes,
            r.missing_children,
        )
    return out


def raw_figures(params) -> dict[int, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL, params)
        rows = cursor.fetchall()
    out = {}
    for row in rows:
        values = list(row[1:])
        values[5] = values[5] if row[0] else None  # the council's own teams have no budget
        out[row[0]] = tuple(values)
    return out


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:,.1f} ms"


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--user", default="commissioner", help="a commissioner's username")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warm-up", type=int, default=2)
    args = parser.parse_args()

    today = clock.today()
    year = financial_year_of(today)
    start, fy_end = financial_year_bounds(year)
    try:
        with transaction.atomic():
            user = User.objects.get(username=args.user)
            council = Council.objects.get(pk=commissioner_councils(user)[0])
            if not Budget.objects.exists():
                from commissioning.seeding import seed_commissioning

                begun = time.perf_counter()
                written = seed_commissioning(today=today)
                print(
                    f"No commissioning data: wrote it in this transaction (rolled back at "
                    f"the end) in {time.perf_counter() - begun:.1f} s: {written}"
                )
            run(user, council, today, year, start, fy_end, args)
            raise Rollback
    except Rollback:
        print("Rolled back: the database is as it was.")


def run(user, council, today, year, start, fy_end, args):
    from commissioning.models import Contract
    from commissioning.selectors.comparison import comparison
    from placements.models import Allocation, Child

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM placements_child")
        all_children = cursor.fetchone()[0]
    children = Child.objects.filter(council=council).count()
    held = Allocation.objects.filter(child__council=council, ended_on__isnull=True)
    contracts = Contract.objects.filter(council=council).exclude(status="draft").count()
    print(
        f"Database: {all_children:,} children. Council: {council.name}, {children:,} children "
        f"({held.filter(practice__isnull=False).count():,} held by practices, "
        f"{held.filter(practice__isnull=True).count():,} by its own teams), "
        f"{contracts} contract{'' if contracts == 1 else 's'}. Commissioner: {user.username}. "
        f"Period: {start:%d %b %Y} to {today:%d %b %Y}."
    )

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("commissioning:comparison")
    for _ in range(args.warm_up):
        assert client.get(url).status_code == 200
    times, db_times, counts = [], [], []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            begun = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - begun)
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
        db_times.append(sum(float(q["time"]) for q in queries.captured_queries))
    print(
        f"Comparison page: server time median {median_ms(times)} "
        f"(min {min(times) * 1000:,.1f}, max {max(times) * 1000:,.1f}) over {args.runs} runs "
        f"after {args.warm_up} warm-up; {statistics.mode(counts)} SQL statements "
        f"(every run: {sorted(set(counts))}), database time median {median_ms(db_times)}."
    )

    params = {
        "council": council.pk,
        "start": start,
        "last": today,
        "today": today,
        "year": year,
        "fy_end": fy_end,
    }
    raw_times = []
    for n in range(args.warm_up + args.runs):
        begun = time.perf_counter()
        raw = raw_figures(params)
        if n >= args.warm_up:
            raw_times.append(time.perf_counter() - begun)
    print(
        f"Raw SQL aggregate of the same figures (one statement, fetched): median "
        f"{median_ms(raw_times)} (min {min(raw_times) * 1000:,.1f}, "
        f"max {max(raw_times) * 1000:,.1f}) over {args.runs} runs."
    )

    page = page_figures(
        comparison(
            council_id=council.pk,
            contracts=Contract.objects.all(),
            year=year,
            today=today,
        )
    )
    differences = [
        f"holder {holder} {name}: page {a} raw {b}"
        for holder in sorted(set(page) | set(raw))
        for name, a, b in zip(
            FIGURES, page.get(holder, (None,) * 16), raw.get(holder, (None,) * 16), strict=True
        )
        if not (a == b or (a in (None, 0) and b in (None, 0)))
    ]
    total = {name: sum((row[i] or 0) for row in raw.values()) for i, name in enumerate(FIGURES)}
    print(
        f"Figures: {len(raw)} holders; children {total['children']:,}, "
        f"fees £{Decimal(total['fees']):,.2f}, delegated spend "
        f"£{Decimal(total['delegated_spend']):,.2f}, visits on time "
        f"{total['visits_on_time']:,} of {total['visits_due']:,}."
    )
    if differences:
        print(f"The page and the raw SQL DIFFER on {len(differences)} figures:")
        for line in differences[:20]:
            print("  " + line)
    else:
        print("The page and the raw SQL agree on every figure, to the penny.")


if __name__ == "__main__":
    main()
