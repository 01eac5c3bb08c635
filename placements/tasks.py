"""Celery tasks: thin, idempotent, taking ids (STYLE.md practice 9)."""

from celery import shared_task

from placements.calendar import sync_bank_holidays as _sync


@shared_task
def sync_bank_holidays() -> int:
    """Keep the working-day calendar's bank holidays current (this year and the next two)."""
    return _sync()


@shared_task(acks_late=True)
def recompute_child_deadlines(child_id: int) -> dict:
    """Recompute one child's deadlines (queued after a change to their record commits)."""
    from placements.deadlines.engine import recompute

    return recompute([child_id])


@shared_task(acks_late=True)
def recompute_all_deadlines() -> dict:
    """Nightly: recompute every deadline, batch by batch (safe to run twice or to kill)."""
    from placements.deadlines.engine import recompute

    return recompute()


@shared_task(bind=True, acks_late=True, max_retries=3)
def send_deadline_reminders(self) -> dict:
    """Daily: remind, tell managers of overdue work, escalate to the council. Each
    notification and email goes once; emails that failed are retried."""
    from placements.deadlines.reminders import send_deadline_reminders as run

    result = run()
    if result["failed"]:
        raise self.retry(countdown=300)
    return result
