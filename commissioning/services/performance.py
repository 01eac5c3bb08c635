# ruff: noqa: S608 -- the SQL is built from constants in this module; values go as parameters
"""Nightly: snapshot every contract's indicators for a month, set-based, and tell the
council's commissioners about targets missed.

One INSERT ... SELECT computes every indicator for every contract in force that month and
upserts on (contract, month, indicator): run it twice and the rows are the same.
Indicators (DOMAIN.md section 4), each counted for the children the contract held:

- visits / reviews / health assessments on time: deadlines (placements.Deadline) due in
  the month while the contract held the child, and due before today or already met; on
  time when met_on <= due_on ("met late" counts as not on time);
- placement stability: children held at the month's end (or today) with 3 or more
  placements in the 12 months to then, excluding short breaks (V3/V4);
- missing: children held in the month with a missing or away episode starting then;
- occupancy: children held at the month's end against capacity.
"""

import datetime as dt

from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse

from commissioning.models import Indicator, PerformanceSnapshot, PerformanceTarget
from commissioning.selectors.statements import month_bounds
from core import clock
from core.models import Notification
from practices.access import COMMISSIONING_ROLES
from practices.models import Membership

SNAPSHOT_SQL = """
WITH params AS (
    SELECT %(m_start)s::date AS m_start, %(m_end)s::date AS m_end,
           %(m_last)s::date AS m_last, %(today)s::date AS today
),
contracts AS (
    SELECT c.id, c.capacity FROM commissioning_contract c CROSS JOIN params
    WHERE c.status <> 'draft' AND c.starts_on <= params.m_end AND c.ends_on >= params.m_start
),
deadlines AS (
    SELECT a.contract_id,
           CASE d.kind WHEN 'visit' THEN 'visits_on_time' WHEN 'review' THEN 'reviews_on_time'
                ELSE 'health_on_time' END AS indicator,
           count(*) FILTER (WHERE d.met_on <= d.due_on) AS num, count(*) AS den
    FROM placements_deadline d
    JOIN placements_allocation a ON a.child_id = d.child_id
         AND a.started_on <= d.due_on AND (a.ended_on IS NULL OR a.ended_on > d.due_on)
    JOIN contracts ON contracts.id = a.contract_id
    CROSS JOIN params
    WHERE d.kind IN ('visit', 'review', 'health_assessment')
      AND d.due_on BETWEEN params.m_start AND params.m_last
      AND (d.due_on < params.today OR d.met_on IS NOT NULL)
    GROUP BY 1, 2
),
held_end AS (
    SELECT a.contract_id, a.child_id
    FROM placements_allocation a JOIN contracts ON contracts.id = a.contract_id CROSS JOIN params
    WHERE a.started_on <= params.m_last AND (a.ended_on IS NULL OR a.ended_on > params.m_last)
),
stability AS (
    SELECT h.contract_id, 'placement_stability' AS indicator,
           count(*) FILTER (WHERE (
               SELECT count(*) FROM placements_placement p
               WHERE p.child_id = h.child_id AND p.started_on <= params.m_last
                 AND (p.ended_on IS NULL OR p.ended_on > (params.m_last - interval '1 year')::date)
           ) >= 3) AS num,
           count(*) AS den
    FROM held_end h CROSS JOIN params
    WHERE NOT EXISTS (
        SELECT 1 FROM placements_episode e
        WHERE e.child_id = h.child_id AND e.legal_status IN ('V3', 'V4')
          AND e.decom <= params.m_last AND (e.dec IS NULL OR e.dec > params.m_last)
    )
    GROUP BY h.contract_id
),
missing AS (
    SELECT a.contract_id, 'missing' AS indicator,
           count(DISTINCT a.child_id) FILTER (WHERE EXISTS (
               SELECT 1 FROM placements_missingepisode m
               WHERE m.child_id = a.child_id
                 AND m.started_on >= greatest(a.started_on, params.m_start)
                 AND m.started_on <= least(coalesce(a.ended_on - 1, params.m_last), params.m_last)
           )) AS num,
           count(DISTINCT a.child_id) AS den
    FROM placements_allocation a JOIN contracts ON contracts.id = a.contract_id CROSS JOIN params
    WHERE a.started_on <= params.m_last AND (a.ended_on IS NULL OR a.ended_on > params.m_start)
    GROUP BY a.contract_id
),
occupancy AS (
    SELECT contracts.id AS contract_id, 'occupancy' AS indicator,
           (SELECT count(*) FROM held_end h WHERE h.contract_id = contracts.id) AS num,
           contracts.capacity AS den
    FROM contracts
),
results AS (
    SELECT * FROM deadlines UNION ALL SELECT * FROM stability
    UNION ALL SELECT * FROM missing UNION ALL SELECT * FROM occupancy
)
INSERT INTO commissioning_performancesnapshot
    (contract_id, month, indicator, numerator, denominator, value, computed_at)
SELECT c.id, %(m_start)s, i.indicator, coalesce(r.num, 0), coalesce(r.den, 0),
       CASE WHEN coalesce(r.den, 0) = 0 THEN NULL ELSE round(100.0 * r.num / r.den, 2) END,
       now()
FROM contracts c
CROSS JOIN unnest(%(indicators)s::text[]) AS i(indicator)
LEFT JOIN results r ON r.contract_id = c.id AND r.indicator = i.indicator
ON CONFLICT (contract_id, month, indicator) DO UPDATE
SET numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
    value = EXCLUDED.value, computed_at = EXCLUDED.computed_at
"""


@transaction.atomic
def snapshot_performance(*, month: dt.date, today: dt.date | None = None) -> int:
    """Compute (or recompute) every contract's indicators for `month`. Returns rows written."""
    today = today or clock.today()
    first, last = month_bounds(month)
    if first > today:
        return 0
    params = {
        "m_start": first,
        "m_end": last,
        "m_last": min(last, today),
        "today": today,
        "indicators": list(Indicator.values),
    }
    with connection.cursor() as cursor:
        cursor.execute(SNAPSHOT_SQL, params)
        return cursor.rowcount


def missed_targets(month: dt.date, contracts=None) -> list[PerformanceTarget]:
    """Current targets whose snapshot for `month` misses the threshold."""
    snapshots = PerformanceSnapshot.objects.filter(
        contract=OuterRef("contract"), indicator=OuterRef("indicator"), month=month
    )
    targets = PerformanceTarget.objects.filter(ended_at__isnull=True)
    if contracts is not None:
        targets = targets.filter(contract__in=contracts)
    targets = targets.annotate(value=Subquery(snapshots.values("value")[:1])).select_related(
        "contract", "contract__practice"
    )
    return [t for t in targets if t.is_met(t.value) is False]


def notify_missed_targets(*, month: dt.date, today: dt.date | None = None) -> int:
    """One notification per missed target, month and commissioner: a retry sends none twice.
    The commissioners told are those in post on `today`."""
    today = today or clock.today()
    missed = missed_targets(month)
    if not missed:
        return 0
    people = Membership.objects.filter(
        role__in=sorted(COMMISSIONING_ROLES),
        council__in={t.contract.council_id for t in missed},
        started_on__lte=today,
        user__is_active=True,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    by_council: dict[int, set[int]] = {}
    for council_id, user_id in people.values_list("council_id", "user_id"):
        by_council.setdefault(council_id, set()).add(user_id)
    rows = [
        Notification(
            recipient_id=user_id,
            key=f"target-missed:{target.pk}:{month:%Y-%m}",
            title=f"Target missed: {target.contract.reference} {target.get_indicator_display()}",
            body=(
                f"{target.contract.practice} was at {target.value}% in {month:%B %Y} against "
                f"a target of {target.get_direction_display().lower()} {target.threshold}%."
            ),
            url=reverse("commissioning:contract", args=[target.contract_id]),
        )
        for target in missed
        for user_id in sorted(by_council.get(target.contract.council_id, ()))
    ]
    sent = set(
        Notification.objects.filter(key__in={row.key for row in rows}).values_list(
            "recipient_id", "key"
        )
    )
    new = [row for row in rows if (row.recipient_id, row.key) not in sent]
    # ignore_conflicts: a run at the same moment may have sent some since.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
