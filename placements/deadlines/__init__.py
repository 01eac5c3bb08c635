"""The statutory deadline engine (rules, calendar, recompute). See issue 5."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def schedule_recompute(child_id: int) -> None:
    """After the current transaction commits, recompute this child's deadlines on Celery.

    If the broker cannot be reached the change itself still stands: the nightly
    recompute catches the child up, and the failure is logged.
    """

    def enqueue() -> None:
        from placements import tasks

        task = getattr(tasks, "recompute_child_deadlines", None)
        if task is None:
            return
        try:
            task.apply_async(args=[child_id], retry=False)
        except Exception:  # the broker is down: never fail the person's save for it
            logger.warning(
                "Could not queue a deadline recompute for child %s", child_id, exc_info=True
            )

    transaction.on_commit(enqueue)
