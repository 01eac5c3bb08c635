from celery import shared_task

from oversight.services import close_inspection_windows as _close


@shared_task(acks_late=True)
def close_inspection_windows() -> int:
    """Nightly: inspectors lose access to sampled records once the window has closed."""
    return _close()
