"""Writing the monthly snapshots: one SQL statement per month, idempotent."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction

from core import clock
from oversight.indicators.models import IndicatorSnapshot
from oversight.indicators.sql import CHILDREN_SQL, SNAPSHOT_SQL

LOCK_KEY = 8_000_000  # pg advisory lock namespace: + the month's ordinal


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def last_months(today: dt.date, n: int) -> list[dt.date]:
    """The first days of the `n` months up to and including today's, oldest first."""
    this = first_of_month(today)
    return [add_months(this, -k) for k in range(n - 1, -1, -1)]


def one_year_back(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """A month, its reference day and its year (see definitions.py)."""

    month: dt.date
    reference_day: dt.date
    year_start: dt.date

    @classmethod
    def of(cls, month: dt.date, today: dt.date) -> "Period":
        month = first_of_month(month)
        end = add_months(month, 1) - dt.timedelta(days=1)
        r = min(end, today)
        return cls(month=month, reference_day=r, year_start=one_year_back(r) + dt.timedelta(1))

    def params(self, today: dt.date, council_id: int | None = None) -> dict:
        return {
            "m_start": self.month,
            "r": self.reference_day,
            "s": self.year_start,
            "today": today,
            "council": council_id,
        }


@transaction.atomic
def snapshot_month(*, month: dt.date, today: dt.date | None = None) -> int:
    """Rewrite every indicator's rows for `month` (first day), in one transaction.
    A month after today is left alone. Returns the rows written."""
    today = today or clock.today()
    period = Period.of(month, today)
    if period.month > today:
        return 0
    with connection.cursor() as cursor:
        # One writer per month at a time; a second run waits, then rewrites the same rows.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY + period.month.toordinal()])
        IndicatorSnapshot.objects.filter(month=period.month).delete()
        cursor.execute(SNAPSHOT_SQL, period.params(today))
        return cursor.rowcount


def snapshot_months(*, months: int, today: dt.date | None = None) -> dict[dt.date, int]:
    """The last `months` months up to today's, each in its own transaction."""
    today = today or clock.today()
    return {m: snapshot_month(month=m, today=today) for m in last_months(today, months)}


def children_behind(
    *,
    indicator: str,
    month: dt.date,
    council_id: int,
    practice_id: int | None,
    all_holders: bool = False,
    filters: dict | None = None,
    today: dt.date | None = None,
) -> dict[int, tuple[int, int]]:
    """{child id: (numerator, denominator)} behind one council's figure, counted from the
    record by the same SQL as the snapshot (so it matches it, for the same day)."""
    today = today or clock.today()
    filters = filters or {}
    params = Period.of(month, today).params(today, council_id) | {
        "indicator": indicator,
        "practice": practice_id,
        "all_holders": all_holders,
        "age_band": filters.get("age_band") or None,
        "legal_status": filters.get("legal_status") or None,
        "placement_type": filters.get("placement_type") or None,
    }
    with connection.cursor() as cursor:
        cursor.execute(CHILDREN_SQL, params)
        return {child_id: (num, den) for child_id, num, den in cursor.fetchall()}
