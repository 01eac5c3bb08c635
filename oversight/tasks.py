from celery import shared_task

from oversight.services import close_inspection_windows as _close


@shared_task(acks_late=True)
def close_inspection_windows() -> int:
    """Nightly: inspectors gain the sampled records on the day a window opens, and lose
    them once it has closed."""
    return _close()


@shared_task(acks_late=True)
def validate_ssda903(run_id: int) -> dict:
    """Check one council's SSDA903 return (a queued SSDA903Run): claims the run first, so a
    retry or a second worker does nothing."""
    from oversight.ssda903.services import run_validation

    return run_validation(run_id)


@shared_task(acks_late=True)
def validate_ssda903_nightly() -> int:
    """Nightly: queue this collection year's check for every council with children."""
    from oversight.ssda903.services import request_nightly

    return request_nightly()
