"""Celery tasks: thin, idempotent, taking ids or dates (STYLE.md practice 9)."""

import datetime as dt

from celery import shared_task

from core import clock


@shared_task(acks_late=True)
def snapshot_contract_performance(today: str | None = None) -> dict:
    """Nightly: snapshot every contract's indicators for last month (now complete) and
    this month so far, then notify commissioners of targets missed last month. Upserts on
    a unique key and notifications are keyed, so a retry or a second run changes nothing."""

    from commissioning.services.performance import (
        notify_missed_targets,
        previous_month,
        snapshot_performance,
    )
    from core.audit import as_system

    day = dt.date.fromisoformat(today) if today else clock.today()
    last = previous_month(day)
    with as_system("commissioning.snapshot_contract_performance"):
        rows = snapshot_performance(month=last, today=day)
        rows += snapshot_performance(month=day.replace(day=1), today=day)
        notified = notify_missed_targets(month=last, today=day)
    return {"rows": rows, "notified": notified, "month": last.isoformat()}
