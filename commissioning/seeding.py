# ruff: noqa: S608 -- the SQL is built from constants in this module; values go as parameters
"""Commissioning demo data on top of `seed_demo`'s world, set-based (a few statements
whatever the number of children):

- every signed contract has performance targets; contracts that had run out are extended
  by a variation, and every third contract had a price uplift from 1 April (a variation
  that keeps the old price, so this year's statements prorate it);
- a budget per contract for last year and this year, sized to what is used;
- spend requests for about one child in four that a practice holds: approved by the
  practice manager or the council, refused, and some waiting for a practice manager, a
  commissioner or a senior commissioner;
- referrals: accepted ones behind the practices' recent allocations, declined ones, and a
  few waiting for each practice;
- monthly performance snapshots for the last 12 months (the nightly job's SQL), and the
  commissioners told of targets missed last month.

Children are picked by a hash of their id and the seed, so a run is reproducible.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from commissioning.models import financial_year_bounds, financial_year_of
from commissioning.selectors.budgets import totals_by_contract
from commissioning.services.performance import (
    notify_missed_targets,
    previous_month,
    snapshot_performance,
)
from core import clock

ZERO = Decimal("0.00")
TARGETS = [
    # (indicator, direction, threshold)
    ("visits_on_time", "at_least", 85),
    ("reviews_on_time", "at_least", 90),
    ("health_on_time", "at_least", 80),
    ("placement_stability", "at_most", 10),
    ("missing", "at_most", 8),
    ("occupancy", "at_least", 75),
]

TARGETS_SQL = """
INSERT INTO commissioning_performancetarget
    (created_at, updated_at, contract_id, indicator, threshold, direction)
SELECT %(moment)s::timestamptz, %(moment)s::timestamptz, c.id, t.indicator, t.threshold, t.direction
FROM commissioning_contract c
CROSS JOIN unnest(%(indicators)s::text[], %(directions)s::text[], %(thresholds)s::numeric[])
     AS t(indicator, direction, threshold)
WHERE c.status <> 'draft'
ON CONFLICT (contract_id, indicator) WHERE ended_at IS NULL DO NOTHING
"""

# The council's first commissioner (and senior commissioner) and each practice's manager.
PEOPLE_SQL = """
CREATE TEMP TABLE seed_people ON COMMIT DROP AS
SELECT c.id AS contract_id,
       (SELECT min(m.user_id) FROM practices_membership m
        WHERE m.council_id = c.council_id AND m.role = 'commissioner') AS commissioner,
       (SELECT min(m.user_id) FROM practices_membership m
        WHERE m.council_id = c.council_id AND m.role = 'senior_commissioner') AS senior,
       (SELECT min(m.user_id) FROM practices_membership m
        WHERE m.practice_id = c.practice_id AND m.role = 'practice_manager') AS manager
FROM commissioning_contract c
"""

# Contracts that ran out while still holding children were extended; every third contract
# had a price uplift from this financial year's 1 April. Numbered in date order.
VARIATIONS_SQL = """
WITH wanted AS (
    SELECT c.id AS contract_id, c.ends_on - 30 AS effective_from,
           'Extended while the council re-procures: the children stay with their workers'
             AS reason,
           jsonb_build_object('ends_on', c.ends_on) AS previous_terms,
           jsonb_build_object('ends_on',
               greatest(c.ends_on + 730, %(today)s::date + 45 + (c.id %% 5)::int * 60)) AS new_terms
    FROM commissioning_contract c
    WHERE c.status IN ('active', 'suspended') AND c.ends_on < %(today)s
    UNION ALL
    SELECT c.id, %(fy_start)s::date,
           'Annual price uplift agreed at the contract review',
           jsonb_build_object('weekly_price_per_child', c.weekly_price_per_child::text),
           jsonb_build_object('weekly_price_per_child', (c.weekly_price_per_child + 15)::text)
    FROM commissioning_contract c
    WHERE c.status IN ('active', 'suspended') AND c.id %% 3 = 0
      AND c.weekly_price_per_child IS NOT NULL AND c.starts_on < %(fy_start)s
),
numbered AS (
    SELECT w.*, coalesce((SELECT max(v.number) FROM commissioning_contractvariation v
                          WHERE v.contract_id = w.contract_id), 0)
                + row_number() OVER (PARTITION BY w.contract_id ORDER BY w.effective_from)
                AS number
    FROM wanted w
),
inserted AS (
    INSERT INTO commissioning_contractvariation
        (created_at, updated_at, contract_id, number, effective_from, reason, previous_terms,
         new_terms, made_by_id)
    SELECT n.effective_from::timestamptz, n.effective_from::timestamptz, n.contract_id,
           n.number, n.effective_from, n.reason, n.previous_terms, n.new_terms, p.commissioner
    FROM numbered n JOIN seed_people p ON p.contract_id = n.contract_id
    WHERE p.commissioner IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM commissioning_contractvariation v
                      WHERE v.contract_id = n.contract_id AND v.reason = n.reason)
    RETURNING contract_id, new_terms
),
terms AS (
    SELECT i.contract_id, jsonb_object_agg(e.key, e.value) AS terms, count(*) AS n
    FROM inserted i CROSS JOIN jsonb_each_text(i.new_terms) AS e
    GROUP BY i.contract_id
)
-- the contracts take the varied terms (the variations keep what they were)
UPDATE commissioning_contract c SET
    ends_on = coalesce((t.terms->>'ends_on')::date, c.ends_on),
    weekly_price_per_child = coalesce((t.terms->>'weekly_price_per_child')::numeric,
                                      c.weekly_price_per_child),
    updated_at = %(moment)s::timestamptz
FROM terms t
WHERE c.id = t.contract_id
RETURNING t.n
"""

BUDGETS_SQL = """
INSERT INTO commissioning_budget
    (created_at, updated_at, contract_id, financial_year, amount, set_by_id)
SELECT make_date(y, 3, 1)::timestamptz, %(moment)s::timestamptz, c.id, y, 0, p.commissioner
FROM commissioning_contract c
JOIN seed_people p ON p.contract_id = c.id
CROSS JOIN unnest(%(years)s::int[]) AS y
WHERE c.status <> 'draft'
  AND c.starts_on <= make_date(y + 1, 3, 31) AND c.ends_on >= make_date(y, 4, 1)
ON CONFLICT (contract_id, financial_year) DO NOTHING
"""

# One request for about one child in four held by a practice under a contract. `pick` is
# a stable hash of the child and the seed, 0-999, that decides which kind.
SPEND_SQL = """
WITH held AS (
    SELECT a.child_id, a.contract_id, a.started_on,
           abs(hashint8(a.child_id * 7919 + %(seed)s)) %% 1000 AS pick,
           (SELECT w.worker_id FROM placements_workerallocation w
            WHERE w.child_id = a.child_id AND w.ended_on IS NULL
            ORDER BY w.started_on DESC LIMIT 1) AS worker
    FROM placements_allocation a
    JOIN commissioning_contract c ON c.id = a.contract_id
    WHERE a.ended_on IS NULL AND c.status = 'active' AND c.ends_on >= %(today)s
),
kinds(lo, hi, category, description, frequency, base, spread, weeks, status, year_offset,
      recent) AS (
    VALUES
    -- approved last year (spent)
    (0, 80, 'activity', 'Swimming lessons and kit', 'one_off', 60, 240, 0, 'approved', -1, false),
    (80, 120, 'item', 'Bedroom furniture for the new placement', 'one_off', 150, 700, 0,
     'approved', -1, false),
    -- approved this year by the practice manager, or by the council above the limit
    (120, 170, 'item', 'Laptop for school work', 'one_off', 250, 600, 0, 'approved', 0, false),
    (170, 200, 'activity', 'Music tuition', 'weekly', 20, 25, 30, 'approved', 0, false),
    (200, 215, 'service', 'Play therapy (10 sessions)', 'one_off', 1200, 1800, 0, 'approved', 0,
     false),
    (215, 225, 'activity', 'Residential trip with school', 'one_off', 90, 300, 0, 'refused', 0,
     false),
    -- waiting: the practice manager, a commissioner, a senior commissioner
    (225, 232, 'item', 'Bus pass for the new school', 'one_off', 40, 160, 0, 'pending', 0, true),
    (232, 241, 'service', 'Specialist trauma therapy', 'one_off', 1500, 4000, 0, 'pending', 0,
     true),
    (241, 250, 'service', 'Educational psychology assessment', 'one_off', 1100, 1500, 0,
     'pending', 0, true),
    (250, 256, 'service', 'Therapeutic support worker', 'weekly', 1200, 400, 12, 'pending', 0,
     true)
),
rows AS (
    SELECT h.*, k.*, c.delegated_limit_per_item, c.delegated_limit_per_child_year,
           c.senior_approval_threshold,
           make_date(%(this_year)s + k.year_offset, 4, 1) AS fy_start,
           least(make_date(%(this_year)s + k.year_offset + 1, 3, 31),
                 %(today)s::date) AS fy_last_past
    FROM held h
    JOIN kinds k ON h.pick >= k.lo AND h.pick < k.hi
    JOIN commissioning_contract c ON c.id = h.contract_id
),
dated AS (
    SELECT r.*,
           round((r.base + (r.pick * 37 %% 100) * r.spread / 100.0)::numeric, 0) AS amount,
           CASE WHEN r.recent THEN %(today)s::date + (r.pick %% 10)
                ELSE greatest(r.fy_start, r.started_on)
                     + ((r.pick * 13) %% greatest(1, r.fy_last_past
                                                  - greatest(r.fy_start, r.started_on)))
           END AS day
    FROM rows r
    WHERE greatest(r.fy_start, r.started_on) <= r.fy_last_past
),
costed AS (
    SELECT d.*,
           CASE WHEN d.frequency = 'weekly'
                THEN least(d.day + d.weeks * 7 - 1, make_date(%(this_year)s + d.year_offset + 1,
                                                              3, 31)) END AS last_day
    FROM dated d
    WHERE d.day <= make_date(%(this_year)s + d.year_offset + 1, 3, 31)
),
priced AS (
    SELECT c.*,
           CASE WHEN c.frequency = 'one_off' THEN c.amount
                ELSE round(c.amount * (c.last_day - c.day + 1) / 7, 2) END AS committed
    FROM costed c
),
levelled AS (
    SELECT p.*,
           CASE WHEN p.amount <= p.delegated_limit_per_item
                     AND p.committed <= p.delegated_limit_per_child_year THEN 'practice'
                WHEN p.committed > p.senior_approval_threshold THEN 'senior'
                ELSE 'council' END AS level
    FROM priced p
)
INSERT INTO commissioning_spendrequest
    (created_at, updated_at, contract_id, budget_id, child_id, category, description,
     frequency, amount, starts_on, ends_on, committed_amount, reason, level, status,
     requested_by_id, decided_by_id, decided_at, decision_reason, proposal)
SELECT
    CASE WHEN l.recent THEN %(moment)s::timestamptz - ((l.pick %% 9) || ' days')::interval
         ELSE (l.day - 5)::timestamptz + interval '10 hours' END,
    %(moment)s::timestamptz, l.contract_id, b.id, l.child_id, l.category, l.description, l.frequency,
    l.amount, l.day, l.last_day, l.committed,
    'Agreed at the child''s care plan review as part of the plan',
    l.level, l.status,
    coalesce(l.worker, p.manager),
    CASE WHEN l.status = 'pending' THEN NULL
         WHEN l.level = 'practice' THEN p.manager
         WHEN l.level = 'senior' THEN coalesce(p.senior, p.commissioner)
         ELSE p.commissioner END,
    CASE WHEN l.status = 'pending' THEN NULL
         ELSE (l.day - 2)::timestamptz + interval '15 hours' END,
    CASE WHEN l.status = 'refused'
         THEN 'The school is funding this trip from the pupil premium' ELSE '' END,
    '{}'::jsonb
FROM levelled l
JOIN seed_people p ON p.contract_id = l.contract_id
JOIN commissioning_budget b ON b.contract_id = l.contract_id
     AND b.financial_year = %(this_year)s + l.year_offset
WHERE p.manager IS NOT NULL AND p.commissioner IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM commissioning_spendrequest s WHERE s.child_id = l.child_id)
"""

# Each budget: what it uses, a fifth more, and £50 a place, rounded up to £1,000.
BUDGET_AMOUNTS_SQL = """
UPDATE commissioning_budget b
SET amount = ceil((u.used * 1.2 + c.capacity * 50) / 1000) * 1000
FROM unnest(%(ids)s::bigint[], %(used)s::numeric[]) AS u(contract_id, used),
     commissioning_contract c
WHERE b.contract_id = u.contract_id AND c.id = u.contract_id AND b.financial_year = %(year)s
"""

# The practices' allocations of the last two years came from accepted referrals.
ACCEPTED_SQL = """
INSERT INTO commissioning_referral
    (created_at, updated_at, contract_id, child_id, reason, documents, status,
     referred_by_id, decided_by_id, decided_at, decline_reason, allocation_id)
SELECT (a.started_on - 10)::timestamptz + interval '11 hours', %(moment)s::timestamptz, a.contract_id,
       a.child_id, 'Needs a consistent worker through the care proceedings',
       'Care plan' || chr(10) || 'Latest review minutes', 'accepted', p.commissioner,
       p.manager, a.started_on::timestamptz + interval '9 hours', '', a.id
FROM placements_allocation a
JOIN seed_people p ON p.contract_id = a.contract_id
WHERE a.contract_id IS NOT NULL AND a.started_on >= %(today)s::date - 730
  AND a.started_on <= %(today)s
  AND p.manager IS NOT NULL AND p.commissioner IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM commissioning_referral r WHERE r.allocation_id = a.id)
"""

# Per active contract: three referrals waiting for the practice and one it declined, of
# looked-after children the council's own teams hold.
REFERRALS_SQL = """
WITH waiting AS (
    -- looked-after children the council's own teams hold, in a stable order per council
    SELECT a.child_id, ch.council_id,
           row_number() OVER (PARTITION BY ch.council_id
                              ORDER BY hashint8(a.child_id + %(seed)s), a.child_id) AS n
    FROM placements_allocation a
    JOIN placements_child ch ON ch.id = a.child_id
    WHERE a.ended_on IS NULL AND a.practice_id IS NULL
      AND EXISTS (SELECT 1 FROM placements_periodofcare poc
                  WHERE poc.child_id = a.child_id AND poc.ended_on IS NULL)
      AND NOT EXISTS (SELECT 1 FROM commissioning_referral r WHERE r.child_id = a.child_id)
),
contracts AS (
    SELECT c.id, c.council_id,
           row_number() OVER (PARTITION BY c.council_id ORDER BY c.id) - 1 AS k,
           count(*) OVER (PARTITION BY c.council_id) AS of_council
    FROM commissioning_contract c
    WHERE c.status = 'active' AND c.ends_on >= %(today)s
      AND NOT EXISTS (SELECT 1 FROM commissioning_referral r
                      WHERE r.contract_id = c.id AND r.status IN ('pending', 'declined'))
),
picked AS (
    -- per contract: three waiting for the practice, one declined
    SELECT w.child_id, c.id AS contract_id, w.n, c.of_council
    FROM waiting w
    JOIN contracts c ON c.council_id = w.council_id AND (w.n - 1) %% c.of_council = c.k
    WHERE w.n <= 4 * c.of_council
)
INSERT INTO commissioning_referral
    (created_at, updated_at, contract_id, child_id, reason, documents, status, referred_by_id,
     decided_by_id, decided_at, decline_reason, allocation_id)
SELECT %(moment)s::timestamptz - ((x.n %% 12) || ' days')::interval, %(moment)s::timestamptz, x.contract_id, x.child_id,
       CASE WHEN x.n <= 3 * x.of_council
            THEN 'Placement moved into the practice''s area; needs a worker nearby'
            ELSE 'Sibling of a child the practice already supports' END,
       'Care plan' || chr(10) || 'Placement plan',
       CASE WHEN x.n <= 3 * x.of_council THEN 'pending' ELSE 'declined' END,
       p.commissioner,
       CASE WHEN x.n <= 3 * x.of_council THEN NULL ELSE p.manager END,
       CASE WHEN x.n <= 3 * x.of_council THEN NULL ELSE %(moment)s::timestamptz - interval '1 day' END,
       CASE WHEN x.n <= 3 * x.of_council THEN ''
            ELSE 'No worker with capacity near the child''s school until the spring' END,
       NULL
FROM picked x
JOIN seed_people p ON p.contract_id = x.contract_id
WHERE p.manager IS NOT NULL AND p.commissioner IS NOT NULL
"""


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    month, months = today.replace(day=1), []
    for _ in range(count):
        months.append(month)
        month = previous_month(month)
    return sorted(months)


@transaction.atomic
def seed_commissioning(*, today: dt.date, seed: int = 1, months: int = 12) -> dict[str, int]:
    """Write the commissioning demo rows (see the module's docstring); returns counts."""
    this_year = financial_year_of(today)
    fy_start = financial_year_bounds(this_year)[0]
    written: dict[str, int] = {}
    # Rows are stamped at this time of day on the seeded `today`, not at the wall clock's
    # date: a world seeded for another day has referrals raised before that day, not after.
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    moment = {"moment": min(clock.now(), noon)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            # As seed_demo's children: the rows are built valid, so skip the per-row
            # history and foreign-key triggers for the bulk load (this transaction only).
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            TARGETS_SQL,
            {
                "indicators": [t[0] for t in TARGETS],
                "directions": [t[1] for t in TARGETS],
                "thresholds": [Decimal(t[2]) for t in TARGETS],
                **moment,
            },
        )
        written["targets"] = cursor.rowcount
        cursor.execute(PEOPLE_SQL)
        cursor.execute(VARIATIONS_SQL, {"today": today, "fy_start": fy_start, **moment})
        written["variations"] = sum(row[0] for row in cursor.fetchall())
        years = [this_year - 1, this_year]
        cursor.execute(BUDGETS_SQL, {"years": years, **moment})
        written["budgets"] = cursor.rowcount
        cursor.execute(SPEND_SQL, {"seed": seed, "today": today, "this_year": this_year, **moment})
        written["spend_requests"] = cursor.rowcount
        cursor.execute("SELECT id FROM commissioning_contract WHERE status <> 'draft'")
        contract_ids = [row[0] for row in cursor.fetchall()]
        for year in years:
            first, last = financial_year_bounds(year)
            used = totals_by_contract(contract_ids, first, last, today=today)
            cursor.execute(
                BUDGET_AMOUNTS_SQL,
                {
                    "ids": contract_ids,
                    "used": [used.get(pk, (ZERO, ZERO))[0] for pk in contract_ids],
                    "year": year,
                    **moment,
                },
            )
        cursor.execute(ACCEPTED_SQL, {"today": today, **moment})
        written["referrals_accepted"] = cursor.rowcount
        cursor.execute(REFERRALS_SQL, {"today": today, "seed": seed, **moment})
        written["referrals_waiting_or_declined"] = cursor.rowcount
    written["snapshots"] = sum(
        snapshot_performance(month=month, today=today) for month in _months_back(today, months)
    )
    written["notifications"] = notify_missed_targets(month=previous_month(today), today=today)
    return written
