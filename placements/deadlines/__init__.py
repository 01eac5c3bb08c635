"""The statutory deadline engine (issue 5).

    calendar.py   working days (the start day is not counted), weeks and months
    snapshot.py   a child's record as plain dataclasses, loaded one query per table
    rules/        every rule, a class named after its source; RULES is the registry
    engine.py     recompute(): snapshots -> rules -> upsert, batch by batch
    states.py     with_state() in SQL, DeadlinePresenter for pages
    reminders.py  reminders, overdue notices and escalation, each sent once

Services call `schedule_recompute(child_id)` after changing a record that affects
deadlines; a nightly job recomputes everything.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def schedule_recompute(child_id: int) -> None:
    """After the current transaction commits, recompute this child's deadlines on Celery.

    If the broker cannot be reached the change itself still stands: the nightly
    recompute catches the child up, and the failure is logged.
    """

    def enqueue() -> None:
        from placements.tasks import recompute_child_deadlines

        try:
            recompute_child_deadlines.apply_async(args=[child_id], retry=False)
        except Exception:  # the broker is down: never fail the person's save for it
            logger.warning(
                "Could not queue a deadline recompute for child %s", child_id, exc_info=True
            )

    transaction.on_commit(enqueue)
