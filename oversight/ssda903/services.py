"""Validation runs: the one write path for SSDA903Run and SSDA903Failure.

`request_validation` queues a run (a person, the nightly job, or code after a bulk
change); only one run per council and year may be queued or running (a partial unique
constraint), so asking twice returns the run already waiting. The Celery task calls
`run_validation(run_id)`, which claims the run with a conditional UPDATE first, so a
retry or a second worker changes nothing; a run whose worker died is claimed again after
`STALE_AFTER`. When a run finds more errors than the run before it, the council's data
leads are told once (Notification key `ssda903:run:<id>`).
"""

import datetime as dt
import logging
from collections import Counter, defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from core import clock
from core.audit import as_system
from core.errors import DomainError
from core.models import Notification, User
from oversight.models import SSDA903Failure, SSDA903Run
from oversight.ssda903 import fields
from oversight.ssda903.rules import RULES_BY_CODE, validate
from oversight.ssda903.rules.base import ERROR, QUERY
from oversight.ssda903.tables import project
from oversight.ssda903.years import CollectionYear
from practices.access import scope_of
from practices.models import Council, Role

logger = logging.getLogger(__name__)

#: Council roles that produce the return: they see every child's failures and download it.
DATA_ROLES = frozenset(
    {Role.DATA_LEAD, Role.COUNCIL_ADMINISTRATOR, Role.COMMISSIONER, Role.SENIOR_COMMISSIONER}
)
#: A run still "running" this long after it started lost its worker: claim it again.
STALE_AFTER = dt.timedelta(minutes=30)
#: Failures are kept for this many finished runs per council and year (the latest is shown).
KEEP_FAILURES_OF = 2
ACTIVE = (SSDA903Run.Status.QUEUED, SSDA903Run.Status.RUNNING)


def produces_return(user, council: Council) -> bool:
    """May this person see every child's failures, check now and download the return?"""
    scope = scope_of(user)
    return scope.superuser or council.pk in scope.councils_with(DATA_ROLES)


def _enqueue(run_id: int) -> None:
    from oversight.tasks import validate_ssda903

    try:
        validate_ssda903.apply_async(args=[run_id], retry=False)
    except Exception:  # the broker is down: the run waits for the nightly job
        logger.warning("Could not queue SSDA903 validation run %s", run_id, exc_info=True)


def request_validation(
    *, council: Council, year: int, trigger: str, by: User | None = None
) -> SSDA903Run:
    """Queue a check of the council's return for the year (or return the one waiting)."""
    if by is not None and not produces_return(by, council):
        raise DomainError("Only the council's data team can check its return", code="forbidden")
    with transaction.atomic():
        waiting = SSDA903Run.objects.filter(council=council, year=year, status__in=ACTIVE).first()
        if waiting is not None:
            return waiting
        try:
            with transaction.atomic():
                run = SSDA903Run.objects.create(
                    council=council, year=year, trigger=trigger, requested_by=by
                )
        except IntegrityError:  # someone else queued one a moment ago
            return SSDA903Run.objects.get(council=council, year=year, status__in=ACTIVE)
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _claim(run_id: int) -> bool:
    now = clock.now()
    return bool(
        SSDA903Run.objects.filter(pk=run_id)
        .filter(
            Q(status=SSDA903Run.Status.QUEUED)
            | Q(status=SSDA903Run.Status.RUNNING, started_at__lt=now - STALE_AFTER)
        )
        .update(
            status=SSDA903Run.Status.RUNNING,
            started_at=now,
            progress_done=0,
            progress_total=0,
            updated_at=now,
        )
    )


def _progress(run_id: int):
    def report(done: int, total: int) -> None:
        if done == 1 or done == total or done % 10 == 0:
            SSDA903Run.objects.filter(pk=run_id).update(progress_done=done, progress_total=total)

    return report


def run_validation(run_id: int, *, today: dt.date | None = None) -> dict:
    """Claim the run, project and validate the return, store what failed. Safe to call
    twice: the second call finds the run claimed or done and does nothing."""
    if not _claim(run_id):
        return {"run": run_id, "skipped": True}
    run = SSDA903Run.objects.select_related("council").get(pk=run_id)
    year = CollectionYear(run.year)
    try:
        with as_system("ssda903_validation", run=run_id):
            projected = project(run.council, year, as_at=year.as_at(today or clock.today()))
            failures = validate(projected, progress=_progress(run_id))
            _store(run, projected, failures)
    except Exception as error:
        SSDA903Run.objects.filter(pk=run_id).update(
            status=SSDA903Run.Status.FAILED, finished_at=clock.now(), message=str(error)[:2000]
        )
        raise
    _notify_if_errors_rose(run)
    return {"run": run_id, "errors": run.error_count, "queries": run.query_count}


def _store(run: SSDA903Run, projected, failures) -> None:
    rows = Counter(f.code for f in failures)
    children: dict[str, set] = defaultdict(set)
    for failure in failures:
        children[failure.code].add(failure.child)
    with transaction.atomic():
        SSDA903Failure.objects.bulk_create(
            (
                SSDA903Failure(
                    run=run,
                    child_id=failure.child_pk,
                    code=failure.code,
                    severity=failure.severity,
                    table=failure.table,
                    where=fields.where(failure.table, failure.row)[:200],
                    values=fields.values(RULES_BY_CODE[failure.code].fields, failure.row),
                    placement_id=failure.row.get("_placement"),
                )
                for failure in failures
                if failure.child_pk is not None
            ),
            batch_size=2000,
        )
        run.status = SSDA903Run.Status.DONE
        run.finished_at = clock.now()
        run.child_count = projected.child_count
        run.error_count = sum(1 for f in failures if f.severity == ERROR)
        run.query_count = sum(1 for f in failures if f.severity == QUERY)
        run.rule_counts = {
            code: {"rows": rows[code], "children": len(children[code])} for code in sorted(rows)
        }
        run.save(
            update_fields=[
                "status",
                "finished_at",
                "child_count",
                "error_count",
                "query_count",
                "rule_counts",
                "updated_at",
            ]
        )
        older = SSDA903Run.objects.filter(
            council=run.council_id, year=run.year, status=SSDA903Run.Status.DONE
        ).order_by("-finished_at", "-pk")[KEEP_FAILURES_OF:]
        SSDA903Failure.objects.filter(run__in=list(older.values_list("pk", flat=True))).delete()


def previous_run(run: SSDA903Run) -> SSDA903Run | None:
    return (
        SSDA903Run.objects.filter(
            council=run.council_id,
            year=run.year,
            status=SSDA903Run.Status.DONE,
            finished_at__lt=run.finished_at,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )


def data_leads(council: Council, today: dt.date | None = None):
    """The council's data leads in post on `today`."""
    day = today or clock.today()
    return (
        User.objects.filter(
            is_active=True,
            memberships__council=council,
            memberships__role=Role.DATA_LEAD,
            memberships__started_on__lte=day,
        )
        .filter(Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=day))
        .distinct()
    )


def _notify_if_errors_rose(run: SSDA903Run) -> int:
    before = previous_run(run)
    if before is None or (run.error_count or 0) <= (before.error_count or 0):
        return 0
    year = CollectionYear(run.year)
    url = reverse("oversight:ssda903_results", args=[run.council.ons_code, run.year])
    notifications = [
        Notification(
            recipient=lead,
            key=f"ssda903:run:{run.pk}",
            title=f"SSDA903 {year.label}: errors rose to {run.error_count}",
            body=(
                f"The {run.get_trigger_display().lower()} of {run.council}'s return for "
                f"{year.label} found {run.error_count} errors, up from {before.error_count}."
            ),
            url=url,
        )
        for lead in data_leads(run.council)
    ]
    created = Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    return len(created)


def _request_for_every_council(trigger: str, today: dt.date | None) -> int:
    """Queue this year's check for every council with children (one waiting run each)."""
    year = CollectionYear.of(today or clock.today())
    councils = Council.objects.filter(children__isnull=False).distinct()
    count = 0
    for council in councils:
        request_validation(council=council, year=year.start_year, trigger=trigger)
        count += 1
    return count


def request_nightly(*, today: dt.date | None = None) -> int:
    """The nightly job: every council's return for this year, checked again."""
    return _request_for_every_council(SSDA903Run.Trigger.NIGHTLY, today)


def request_after_bulk_change(*, today: dt.date | None = None) -> int:
    """After a change that can move every council's figures at once (a code list edited in
    the back office): check this year's returns again now, not at 03:30."""
    return _request_for_every_council(SSDA903Run.Trigger.BULK_CHANGE, today)
