from celery import shared_task

from placements.calendar import sync_bank_holidays as _sync


@shared_task
def sync_bank_holidays() -> int:
    """Keep the working-day calendar's bank holidays current (this year and the next two)."""
    return _sync()
