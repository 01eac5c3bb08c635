from celery import shared_task

from practices.reconcile import reconcile_access as _reconcile


@shared_task(acks_late=True)
def reconcile_access() -> dict:
    """Nightly: repair any drift between grants and the allocations/inspections behind them."""
    return vars(_reconcile(repair=True))
