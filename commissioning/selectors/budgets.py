# ruff: noqa: S608 -- the SQL is built from constants in this module; values go as parameters
"""What a budget has committed, spent and left: derived from the rows beneath, never stored.

The lines are, for one contract and a window of days:

- each approved spend request (a placement request once used is replaced by its cost row):
  one-off on its date; weekly at amount x days / 7 from its first day to its last or the
  end of its budget's financial year;
- each placement cost the practice funds (PlacementCost.funded_by = practice), for the
  days the child was held under the contract: weekly amount x days / 7.

Each line is rounded to the penny on its own (ROUND_HALF_UP, PostgreSQL's round), and the
figures are sums of the lines, so they reconcile line by line. "Spent" is the part of a
line on or before today; "committed" is the rest.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from commissioning.models import Budget, SpendRequest
from core import clock

LINES_SQL = """
WITH w AS (
    SELECT daterange(%(start)s::date, %(end)s::date, '[]') AS window_, %(today)s::date AS today
),
request_lines AS (
    SELECT 'request' AS source, r.id AS source_id, r.contract_id, r.child_id, r.description,
           r.frequency,
           r.amount AS rate,
           CASE WHEN r.frequency = 'one_off' THEN daterange(r.starts_on, r.starts_on, '[]')
                ELSE daterange(r.starts_on, least(coalesce(r.ends_on, b.fy_end), b.fy_end), '[]')
           END * w.window_ AS days
    FROM commissioning_spendrequest r
    JOIN (SELECT id, make_date(financial_year + 1, 3, 31) AS fy_end FROM commissioning_budget)
         b ON b.id = r.budget_id
    CROSS JOIN w
    WHERE r.contract_id = ANY(%(contracts)s) AND r.status = 'approved' AND r.used_at IS NULL
),
placement_lines AS (
    SELECT 'placement' AS source, pc.id AS source_id, a.contract_id, p.child_id,
           'Placement cost (' || p.place || ')' AS description, 'weekly' AS frequency,
           pc.weekly_amount AS rate,
           daterange(pc.started_on, pc.ended_on, '[)')
             * daterange(a.started_on, a.ended_on, '[)') * w.window_ AS days
    FROM placements_placementcost pc
    JOIN placements_placement p ON p.id = pc.placement_id
    JOIN placements_allocation a ON a.child_id = p.child_id
         AND a.contract_id = ANY(%(contracts)s)
    CROSS JOIN w
    WHERE pc.funded_by = 'practice'
      AND daterange(pc.started_on, pc.ended_on, '[)') && daterange(a.started_on, a.ended_on, '[)')
      AND daterange(pc.started_on, pc.ended_on, '[)') && w.window_
),
lines AS (
    SELECT l.*, lower(l.days) AS first_day, upper(l.days) - 1 AS last_day,
           upper(l.days) - lower(l.days) AS n_days,
           greatest(0, least(upper(l.days), w.today + 1) - lower(l.days)) AS n_spent_days
    FROM (SELECT * FROM request_lines UNION ALL SELECT * FROM placement_lines) l
    CROSS JOIN w
    WHERE NOT isempty(l.days)
),
priced AS (
    SELECT lines.*,
           CASE WHEN frequency = 'one_off' THEN rate ELSE round(rate * n_days / 7, 2) END AS total,
           CASE WHEN frequency = 'one_off' THEN (CASE WHEN n_spent_days > 0 THEN rate ELSE 0 END)
                ELSE round(rate * n_spent_days / 7, 2) END AS spent
    FROM lines
)
"""
LINE_ROWS = (
    LINES_SQL
    + """
SELECT priced.source, priced.source_id, priced.child_id, c.la_child_id,
       coalesce(nullif(c.preferred_name, ''), c.first_name) || ' ' || c.last_name,
       priced.description, priced.frequency, priced.rate, priced.first_day, priced.last_day,
       priced.n_days, priced.total, priced.spent
FROM priced JOIN placements_child c ON c.id = priced.child_id
ORDER BY priced.first_day, priced.source, priced.source_id
"""
)
TOTAL = LINES_SQL + "SELECT coalesce(sum(total), 0) FROM priced"
TOTALS_BY_CONTRACT = (
    LINES_SQL + "SELECT contract_id, sum(total), sum(spent) FROM priced GROUP BY contract_id"
)


@dataclass(frozen=True)
class Line:
    source: str  # "request" or "placement"
    source_id: int
    child_id: int
    la_child_id: str
    child_name: str
    description: str
    frequency: str
    rate: Decimal
    first_day: dt.date
    last_day: dt.date
    days: int
    total: Decimal
    spent: Decimal

    @property
    def committed(self) -> Decimal:
        return self.total - self.spent


@dataclass
class BudgetFigures:
    budget: Budget
    lines: list[Line] = field(default_factory=list)
    pending: list[SpendRequest] = field(default_factory=list)

    @property
    def spent(self) -> Decimal:
        return sum((line.spent for line in self.lines), Decimal("0.00"))

    @property
    def committed(self) -> Decimal:
        return sum((line.committed for line in self.lines), Decimal("0.00"))

    @property
    def used(self) -> Decimal:
        return self.spent + self.committed

    @property
    def remaining(self) -> Decimal:
        return self.budget.amount - self.used

    @property
    def waiting(self) -> Decimal:
        return sum((r.committed_amount for r in self.pending), Decimal("0.00"))


def _params(contract_ids: list[int], start: dt.date, end: dt.date, today: dt.date | None) -> dict:
    return {
        "contracts": list(contract_ids),
        "start": start,
        "end": end,
        "today": today or clock.today(),
    }


def spend_lines(
    contract_id: int, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> list[Line]:
    """The budget lines of one contract falling between `start` and `end` (inclusive)."""
    with connection.cursor() as cursor:
        cursor.execute(LINE_ROWS, _params([contract_id], start, end, today))
        return [Line(*row) for row in cursor.fetchall()]


def used_total(budget: Budget) -> Decimal:
    """Committed plus spent, in one SQL sum over the same lines (for the approval check)."""
    with connection.cursor() as cursor:
        cursor.execute(TOTAL, _params([budget.contract_id], budget.starts_on, budget.ends_on, None))
        return cursor.fetchone()[0]


def totals_by_contract(
    contract_ids: list[int], start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> dict[int, tuple[Decimal, Decimal]]:
    """{contract id: (used, spent)} over the same lines, for many contracts in one query."""
    with connection.cursor() as cursor:
        cursor.execute(TOTALS_BY_CONTRACT, _params(contract_ids, start, end, today))
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def budget_figures(budget: Budget, *, today: dt.date | None = None) -> BudgetFigures:
    pending = list(
        SpendRequest.objects.filter(budget=budget, status=SpendRequest.Status.PENDING)
        .select_related("child", "requested_by", "contract", "contract__practice")
        .order_by("created_at")
    )
    return BudgetFigures(
        budget=budget,
        lines=spend_lines(budget.contract_id, budget.starts_on, budget.ends_on, today=today),
        pending=pending,
    )
