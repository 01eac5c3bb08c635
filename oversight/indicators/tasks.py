"""Celery tasks: thin and idempotent (STYLE.md practice 9)."""

import datetime as dt

from celery import shared_task

from core import clock


@shared_task(acks_late=True)
def snapshot_indicators(today: str | None = None) -> dict:
    """Nightly: rewrite last month's snapshots (now complete) and this month's so far.
    Each month is deleted and rewritten in one transaction: a retry changes nothing."""

    from core.audit import as_system
    from oversight.indicators.services import snapshot_months

    day = dt.date.fromisoformat(today) if today else clock.today()
    with as_system("indicators.snapshot_indicators"):
        written = snapshot_months(months=2, today=day)
    return {m.isoformat(): rows for m, rows in written.items()}
