"""Validation runs on Celery: queued once, claimed once, progress, what failed, and the
data lead told when the error count rises (oversight/ssda903/services.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from core.models import Notification
from oversight.models import SSDA903Failure, SSDA903Run
from oversight.ssda903.rules import ERROR, rules_for, validate
from oversight.ssda903.services import (
    KEEP_FAILURES_OF,
    STALE_AFTER,
    request_nightly,
    request_validation,
    run_validation,
)
from oversight.ssda903.tables import project
from oversight.ssda903.years import CollectionYear
from oversight.tasks import validate_ssda903, validate_ssda903_nightly
from placements.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return CollectionYear.of(timezone.localdate()).start_year


def check(world, year, by=None) -> SSDA903Run:
    run = request_validation(council=world.council, year=year, trigger="on_demand", by=by)
    run_validation(run.pk)
    run.refresh_from_db()
    return run


def test_asking_twice_queues_one_run(world, year):
    first = request_validation(
        council=world.council, year=year, trigger="on_demand", by=world.data_lead
    )
    second = request_validation(council=world.council, year=year, trigger="nightly")
    assert second == first
    assert SSDA903Run.objects.count() == 1
    assert (first.status, first.requested_by) == (SSDA903Run.Status.QUEUED, world.data_lead)


def test_a_run_is_claimed_once_and_stores_exactly_what_the_rules_find(world, year):
    run = request_validation(council=world.council, year=year, trigger="on_demand")
    result = run_validation(run.pk)
    assert run_validation(run.pk) == {"run": run.pk, "skipped": True}  # a retry does nothing
    run.refresh_from_db()
    expected = validate(project(world.council, CollectionYear(year)))
    assert expected, "the world's children have gaps in their records"
    stored = SSDA903Failure.objects.filter(run=run)
    assert sorted(stored.values_list("child_id", "code")) == sorted(
        (f.child_pk, f.code) for f in expected
    )
    errors = sum(1 for f in expected if f.severity == ERROR)
    assert (run.status, run.error_count, run.query_count) == (
        SSDA903Run.Status.DONE,
        errors,
        len(expected) - errors,
    )
    assert result == {"run": run.pk, "errors": errors, "queries": len(expected) - errors}
    assert run.progress_done == run.progress_total == len(rules_for(year))
    assert sum(c["rows"] for c in run.rule_counts.values()) == len(expected)
    assert run.child_count == 1  # of council A's children only `child` is looked after
    # Each failure says where in the record and holds the values to fix.
    urn = stored.filter(code="218").first()
    assert urn is not None and urn.where.startswith("Episodes: Episode from")
    assert urn.values == {"URN": ""}


def test_a_run_whose_worker_died_is_claimed_again_but_a_live_one_is_not(world, year):
    run = SSDA903Run.objects.create(
        council=world.council,
        year=year,
        trigger="nightly",
        status=SSDA903Run.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=5),
    )
    assert run_validation(run.pk)["skipped"] is True
    SSDA903Run.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - STALE_AFTER - dt.timedelta(minutes=1)
    )
    assert "errors" in run_validation(run.pk)
    run.refresh_from_db()
    assert run.status == SSDA903Run.Status.DONE


def test_the_data_lead_is_told_when_errors_rise_and_only_then(world, year):
    check(world, year)
    check(world, year)
    assert not Notification.objects.filter(key__startswith="ssda903:").exists()
    # The practice's child recorded as a mother with no date for her baby (rule 611).
    Child.objects.filter(pk=world.child.pk).update(is_mother=True, mother_child_dob=None)
    before = SSDA903Run.objects.filter(status="done").latest("finished_at").error_count
    third = check(world, year)
    assert third.error_count == before + 1
    note = Notification.objects.get(key__startswith="ssda903:")
    assert (note.recipient, note.key) == (world.data_lead, f"ssda903:run:{third.pk}")
    assert note.url == reverse("oversight:ssda903_results", args=[world.council.ons_code, year])
    assert f"errors rose to {third.error_count}" in note.title
    check(world, year)  # the same count again: nobody is told twice
    assert Notification.objects.filter(key__startswith="ssda903:").count() == 1


def test_only_the_latest_runs_keep_their_failures(world, year):
    runs = [check(world, year) for _ in range(KEEP_FAILURES_OF + 1)]
    kept = set(SSDA903Failure.objects.values_list("run", flat=True).distinct())
    assert kept == {run.pk for run in runs[1:]}


def test_only_the_councils_data_team_may_ask_for_a_check(world, year):
    for person in (world.worker, world.manager, world.council_worker, world.other_commissioner):
        with pytest.raises(DomainError):
            request_validation(council=world.council, year=year, trigger="on_demand", by=person)
    assert not SSDA903Run.objects.exists()


def test_the_celery_task_runs_a_queued_check_once_queued_after_commit(
    world, year, django_capture_on_commit_callbacks
):
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the broker is the outside world: run it here
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run = request_validation(council=world.council, year=year, trigger="bulk_change")
        assert len(callbacks) == 1
        run.refresh_from_db()
        assert run.status == SSDA903Run.Status.QUEUED  # nothing runs before the commit
        callbacks[0]()
    finally:
        app.conf.task_always_eager = eager
    run.refresh_from_db()
    assert run.status == SSDA903Run.Status.DONE
    assert validate_ssda903.apply(args=[run.pk]).get() == {"run": run.pk, "skipped": True}


def test_the_nightly_job_queues_one_check_per_council_with_children(world, year):
    assert validate_ssda903_nightly.apply().get() == 2  # councils A and B
    assert request_nightly() == 2
    runs = SSDA903Run.objects.all()
    assert sorted(runs.values_list("council", flat=True)) == sorted(
        [world.council.pk, world.other_council.pk]
    )
    assert {(r.year, r.trigger, r.status) for r in runs} == {(year, "nightly", "queued")}


def test_editing_a_code_list_in_the_back_office_checks_every_return_again(
    world, year, client, django_capture_on_commit_callbacks
):
    from placements.models import Code

    superuser = type(world.worker).objects.create_superuser("codes", "c@example.org", "x" * 20)
    client.force_login(superuser)
    code = Code.objects.filter(list_name="REC").first()
    url = reverse("admin:placements_code_change", args=[code.pk])
    form = {
        "list_name": code.list_name,
        "code": code.code,
        "label": code.label + " (amended)",
        "valid_from_year": code.valid_from_year,
        "valid_until_year": code.valid_until_year or "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, form).status_code == 302
    runs = SSDA903Run.objects.all()
    assert sorted(runs.values_list("council", flat=True)) == sorted(
        [world.council.pk, world.other_council.pk]
    )
    assert {(r.year, r.trigger) for r in runs} == {(year, "bulk_change")}
