# ruff: noqa: S608 -- the SQL is built from constants in this module; values go as parameters
"""Practices side by side with the council's own teams, for one council and period.

A "holder" is a practice the council contracts, or the council's own teams (children
whose open allocation has no practice: holder 0). Everything is counted for the days each
holder held the child, set-based: a fixed handful of queries whatever the caseload.

Fees use the same per-child, per-price, per-month lines as the payments statement, and
delegated spend the same lines as the budget page, so the figures reconcile with both.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from commissioning.models import Budget, Contract, financial_year_bounds
from commissioning.selectors.budgets import totals_by_contract
from commissioning.selectors.statements import month_bounds
from commissioning.services.contracts import price_segments

COUNCIL_TEAM = 0

HELD_CTE = """
params AS (
    SELECT %(council)s::bigint AS council, %(start)s::date AS start, %(last)s::date AS last,
           %(today)s::date AS today
),
held AS (
    SELECT a.id, a.child_id, coalesce(a.practice_id, 0) AS holder, a.contract_id,
           a.started_on, a.ended_on,
           greatest(a.started_on, params.start) AS s,
           least(coalesce(a.ended_on, 'infinity'::date), params.last + 1) AS e
    FROM placements_allocation a
    JOIN placements_child c ON c.id = a.child_id
    CROSS JOIN params
    WHERE c.council_id = params.council AND a.started_on <= params.last
      AND (a.ended_on IS NULL OR a.ended_on > params.start)
),
held_end AS (
    SELECT held.* FROM held CROSS JOIN params
    WHERE held.started_on <= params.last AND (held.ended_on IS NULL OR held.ended_on > params.last)
),
due AS (
    SELECT held.holder, held.child_id, d.kind, d.due_on, d.met_on
    FROM held
    JOIN placements_deadline d ON d.child_id = held.child_id
         AND d.due_on >= held.s AND d.due_on < held.e
    CROSS JOIN params
    WHERE d.kind IN ('visit', 'review', 'health_assessment')
      AND (d.due_on < params.today OR d.met_on IS NOT NULL)
),
unstable AS (
    SELECT h.holder, h.child_id,
           (SELECT count(*) FROM placements_placement p
            WHERE p.child_id = h.child_id AND p.started_on <= params.last
              AND (p.ended_on IS NULL OR p.ended_on > (params.last - interval '1 year')::date)
           ) >= 3 AS unstable
    FROM held_end h CROSS JOIN params
    WHERE NOT EXISTS (
        SELECT 1 FROM placements_episode e
        WHERE e.child_id = h.child_id AND e.legal_status IN ('V3', 'V4')
          AND e.decom <= params.last AND (e.dec IS NULL OR e.dec > params.last)
    )
),
missing AS (
    SELECT held.holder, m.child_id, m.id
    FROM held JOIN placements_missingepisode m ON m.child_id = held.child_id
         AND m.started_on >= held.s AND m.started_on < held.e
)
"""

FIGURES_SQL = (
    "WITH "
    + HELD_CTE
    + """,
fee_lines AS (
    SELECT held.holder,
           round(seg.weekly * (upper(r) - lower(r)) / 7, 2) AS amount
    FROM held
    JOIN unnest(%(seg_contract)s::bigint[], %(seg_from)s::date[], %(seg_to)s::date[],
                %(seg_weekly)s::numeric[]) AS seg(contract_id, d_from, d_to, weekly)
         ON seg.contract_id = held.contract_id,
    LATERAL (SELECT daterange(held.started_on, held.ended_on, '[)')
                    * daterange(seg.d_from, seg.d_to, '[]') AS r) x
    WHERE NOT isempty(r)
),
council_costs AS (
    SELECT held.holder,
           round(pc.weekly_amount * (upper(r) - lower(r)) / 7, 2) AS amount
    FROM held
    JOIN placements_placement p ON p.child_id = held.child_id
    JOIN placements_placementcost pc ON pc.placement_id = p.id AND pc.funded_by = 'council',
    LATERAL (SELECT daterange(pc.started_on, pc.ended_on, '[)')
                    * daterange(held.s, held.e, '[)') AS r) x
    WHERE NOT isempty(r)
),
per_holder AS (
    SELECT holder,
           (SELECT count(DISTINCT child_id) FROM held_end h WHERE h.holder = held.holder) AS children,
           sum(e - s) AS child_days
    FROM held GROUP BY holder
)
SELECT ph.holder, ph.children, ph.child_days,
       (SELECT coalesce(sum(amount), 0) FROM fee_lines f WHERE f.holder = ph.holder),
       (SELECT coalesce(sum(amount), 0) FROM council_costs k WHERE k.holder = ph.holder),
       (SELECT count(*) FILTER (WHERE unstable) FROM unstable u WHERE u.holder = ph.holder),
       (SELECT count(*) FROM unstable u WHERE u.holder = ph.holder),
       (SELECT count(*) FILTER (WHERE kind = 'visit' AND met_on <= due_on) FROM due WHERE due.holder = ph.holder),
       (SELECT count(*) FILTER (WHERE kind = 'visit') FROM due WHERE due.holder = ph.holder),
       (SELECT count(*) FILTER (WHERE kind = 'review' AND met_on <= due_on) FROM due WHERE due.holder = ph.holder),
       (SELECT count(*) FILTER (WHERE kind = 'review') FROM due WHERE due.holder = ph.holder),
       (SELECT count(*) FILTER (WHERE kind = 'health_assessment' AND met_on <= due_on) FROM due WHERE due.holder = ph.holder),
       (SELECT count(*) FILTER (WHERE kind = 'health_assessment') FROM due WHERE due.holder = ph.holder),
       (SELECT count(*) FROM missing m WHERE m.holder = ph.holder),
       (SELECT count(DISTINCT child_id) FROM missing m WHERE m.holder = ph.holder)
FROM per_holder ph
"""
)

TREND_SQL = (
    "WITH "
    + HELD_CTE
    + """,
months AS (
    SELECT m::date AS m_start,
           least((m + interval '1 month - 1 day')::date, params.last) AS m_last
    FROM params, generate_series(params.start, params.last, interval '1 month') AS m
)
SELECT months.m_start, held.holder,
       count(DISTINCT held.child_id) FILTER (
           WHERE held.started_on <= months.m_last
             AND (held.ended_on IS NULL OR held.ended_on > months.m_last)) AS children,
       (SELECT count(*) FILTER (WHERE due.met_on <= due.due_on) FROM due
        WHERE due.holder = held.holder AND due.kind = 'visit'
          AND due.due_on BETWEEN months.m_start AND months.m_last) AS visits_on_time,
       (SELECT count(*) FROM due
        WHERE due.holder = held.holder AND due.kind = 'visit'
          AND due.due_on BETWEEN months.m_start AND months.m_last) AS visits_due,
       (SELECT count(*) FROM missing JOIN placements_missingepisode me ON me.id = missing.id
        WHERE missing.holder = held.holder
          AND me.started_on BETWEEN months.m_start AND months.m_last) AS missing
FROM months CROSS JOIN (SELECT DISTINCT holder FROM held) held_holders
JOIN held ON held.holder = held_holders.holder
GROUP BY months.m_start, months.m_last, held.holder
ORDER BY months.m_start, held.holder
"""
)

DRILL_SQL = {
    "children": "SELECT DISTINCT child_id FROM held_end WHERE holder = %(holder)s",
    "unstable": "SELECT child_id FROM unstable WHERE holder = %(holder)s AND unstable",
    "missing": "SELECT DISTINCT child_id FROM missing WHERE holder = %(holder)s",
    **{
        f"{name}_late": (
            f"SELECT DISTINCT child_id FROM due WHERE holder = %(holder)s AND kind = '{kind}' "
            "AND (met_on IS NULL OR met_on > due_on)"
        )
        for name, kind in (
            ("visits", "visit"),
            ("reviews", "review"),
            ("health", "health_assessment"),
        )
    },
}
DRILL_LABELS = {
    "children": "Children held at the end of the period",
    "unstable": "Children with 3 or more placements in 12 months",
    "missing": "Children missing or away in the period",
    "visits_late": "Children with a visit late or missed",
    "reviews_late": "Children with a review late or missed",
    "health_late": "Children with a health assessment late or missed",
}


def pct(num: int, den: int) -> Decimal | None:
    if not den:
        return None
    return (Decimal(100) * num / den).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class HolderRow:
    holder: int
    name: str
    capacity: int | None = None
    budget: Decimal | None = None
    children: int = 0
    child_days: int = 0
    fees: Decimal = Decimal("0.00")
    delegated_spend: Decimal = Decimal("0.00")
    council_costs: Decimal = Decimal("0.00")
    unstable: int = 0
    stability_base: int = 0
    visits: tuple[int, int] = (0, 0)
    reviews: tuple[int, int] = (0, 0)
    health: tuple[int, int] = (0, 0)
    missing_episodes: int = 0
    missing_children: int = 0
    trend: list[dict] = field(default_factory=list)

    @property
    def cost(self) -> Decimal:
        return self.fees + self.delegated_spend + self.council_costs

    @property
    def cost_per_child_week(self) -> Decimal | None:
        if not self.child_days:
            return None
        return (self.cost * 7 / self.child_days).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def occupancy(self) -> Decimal | None:
        return pct(self.children, self.capacity) if self.capacity else None

    @property
    def spend_of_budget(self) -> Decimal | None:
        return pct(self.delegated_spend, self.budget) if self.budget else None

    @property
    def stability(self) -> Decimal | None:
        return pct(self.unstable, self.stability_base)

    @property
    def visits_pct(self) -> Decimal | None:
        return pct(*self.visits)

    @property
    def reviews_pct(self) -> Decimal | None:
        return pct(*self.reviews)

    @property
    def health_pct(self) -> Decimal | None:
        return pct(*self.health)


@dataclass
class Comparison:
    council_id: int
    year: int
    start: dt.date
    last: dt.date
    rows: list[HolderRow]
    months: list[dt.date]
    quarter: int | None = None


# A financial year's quarters, as the period filter offers them.
QUARTERS = {
    1: "April to June",
    2: "July to September",
    3: "October to December",
    4: "January to March",
}


def period_bounds(year: int, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of financial year `year`, or of one of its quarters (1 to 4)."""
    start, end = financial_year_bounds(year)
    if quarter is None:
        return start, end
    if quarter not in QUARTERS:
        raise ValueError(f"No quarter {quarter}")
    month = 4 + 3 * (quarter - 1)
    first = dt.date(year + (month > 12), (month - 1) % 12 + 1, 1)
    last_month = dt.date(first.year + (first.month + 2 > 12), (first.month + 1) % 12 + 1, 1)
    return first, month_bounds(last_month)[1]


def _params(council_id: int, year: int, today: dt.date, quarter: int | None = None) -> dict:
    start, end = period_bounds(year, quarter)
    if start > today:
        raise ValueError("That period has not started yet")
    return {"council": council_id, "start": start, "last": min(end, today), "today": today}


def _segments(contracts: list[Contract], start: dt.date, last: dt.date) -> list[tuple]:
    """(contract, from, to, weekly price, block) per contract, price in force and month."""
    out = []
    month = start
    while month <= last:
        first, end = month_bounds(month)
        for contract in contracts:
            lo, hi = max(first, contract.starts_on), min(end, last, contract.ends_on)
            if lo > hi:
                continue
            for seg in price_segments(contract, lo, hi):
                out.append((contract, seg, (end - first).days + 1))
        month = end + dt.timedelta(days=1)
    return out


def comparison(
    *, council_id: int, contracts, year: int, today: dt.date, quarter: int | None = None
) -> Comparison:
    """`contracts`: the council's contracts the viewer may see (from `visible`). The
    period is the financial year, or one of its quarters, to today at the latest."""
    params = _params(council_id, year, today, quarter)
    start, last = params["start"], params["last"]
    contracts = list(
        contracts.filter(council_id=council_id)
        .exclude(status=Contract.Status.DRAFT)
        .select_related("practice")
        .prefetch_related("variations")
        .order_by("practice__name", "pk")
    )
    rows = {COUNCIL_TEAM: HolderRow(holder=COUNCIL_TEAM, name="Council's own teams")}
    for contract in contracts:
        row = rows.setdefault(
            contract.practice_id,
            HolderRow(holder=contract.practice_id, name=contract.practice.name, capacity=0),
        )
        if (
            contract.status != Contract.Status.ENDED
            and contract.starts_on <= last <= contract.ends_on
        ):
            row.capacity += contract.capacity
    segments = _segments(contracts, start, last) if start <= last else []
    for contract, seg, days_in_month in segments:
        if seg["block_amount_per_month"] is not None:
            days = (seg["to"] - seg["from"]).days + 1
            rows[contract.practice_id].fees += (
                seg["block_amount_per_month"] * days / days_in_month
            ).quantize(Decimal("0.01"), ROUND_HALF_UP)
    priced = [(c, s) for c, s, _ in segments if s["weekly_price_per_child"] is not None]
    params |= {
        "seg_contract": [c.pk for c, _ in priced],
        "seg_from": [s["from"] for _, s in priced],
        "seg_to": [s["to"] for _, s in priced],
        "seg_weekly": [s["weekly_price_per_child"] for _, s in priced],
    }
    budgets = Budget.objects.filter(contract__in=[c.pk for c in contracts], financial_year=year)
    practice_of = {c.pk: c.practice_id for c in contracts}
    for budget in budgets:
        row = rows[practice_of[budget.contract_id]]
        row.budget = (row.budget or Decimal("0.00")) + budget.amount
    # Delegated spend committed in the period (to its last day, not only to today).
    period_end = period_bounds(year, quarter)[1]
    with connection.cursor() as cursor:
        for contract_id, (used, _spent) in totals_by_contract(
            list(practice_of), start, period_end, today=today
        ).items():
            rows[practice_of[contract_id]].delegated_spend += used
        cursor.execute(FIGURES_SQL, params)
        for r in cursor.fetchall():
            row = rows.get(r[0])
            if row is None:  # a practice holding children without a visible contract
                continue
            row.children, row.child_days = r[1], r[2] or 0
            row.fees += r[3]
            row.council_costs = r[4]
            row.unstable, row.stability_base = r[5], r[6]
            row.visits, row.reviews, row.health = (r[7], r[8]), (r[9], r[10]), (r[11], r[12])
            row.missing_episodes, row.missing_children = r[13], r[14]
        cursor.execute(TREND_SQL, params)
        trend = cursor.fetchall()
    months = sorted({r[0] for r in trend})
    for m_start, holder, children, on_time, due, missing in trend:
        if holder in rows:
            rows[holder].trend.append(
                {
                    "month": m_start,
                    "children": children,
                    "visits_pct": pct(on_time, due),
                    "visits": (on_time, due),
                    "missing": missing,
                }
            )
    ordered = [r for k, r in rows.items() if k != COUNCIL_TEAM] + [rows[COUNCIL_TEAM]]
    return Comparison(
        council_id=council_id,
        year=year,
        start=start,
        last=last,
        rows=ordered,
        months=months,
        quarter=quarter,
    )


def drill_down_ids(
    *,
    council_id: int,
    year: int,
    holder: int,
    figure: str,
    today: dt.date,
    quarter: int | None = None,
):
    """The ids of the children behind one figure (to be filtered through `visible`)."""
    sql = DRILL_SQL.get(figure)
    if sql is None:
        raise KeyError(figure)
    params = _params(council_id, year, today, quarter) | {"holder": holder}
    with connection.cursor() as cursor:
        cursor.execute("WITH " + HELD_CTE + sql, params)
        return [row[0] for row in cursor.fetchall()]
