"""The recompute: set-based, idempotent, and in step with the record."""

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.deadlines import schedule_recompute
from placements.deadlines.engine import recompute
from placements.deadlines.states import State, with_state
from placements.models import Deadline, Plan, Review, Visit
from placements.tasks import recompute_all_deadlines, recompute_child_deadlines
from tests.factories import ChildFactory, UserFactory
from tests.placements.deadlines.builders import D, child_in_care, seed_children

pytestmark = pytest.mark.django_db
TODAY = D(2026, 6, 1)


def rows(child=None):
    qs = Deadline.objects.order_by("child_id", "rule", "key")
    if child is not None:
        qs = qs.filter(child=child)
    return list(
        qs.values_list("id", "child_id", "rule", "key", "title", "due_on", "met_on", "computed_at")
    )


def test_recompute_writes_the_childs_deadlines():
    child = child_in_care(D(2026, 4, 2))
    counts = recompute([child.pk], today=D(2026, 4, 3))
    assert counts["children"] == 1
    assert counts["inserted"] == counts["deadlines"] > 5
    first_review = Deadline.objects.get(child=child, rule="CPPCR_Reg33_FirstReview")
    assert first_review.due_on == D(2026, 5, 5)
    assert first_review.kind == Deadline.Kind.REVIEW
    assert first_review.met_on is None


def test_recomputing_twice_changes_nothing():
    children = [child_in_care(D(2026, 1, 5) + dt.timedelta(days=9 * i)) for i in range(4)]
    recompute(today=TODAY)
    before = rows()
    counts = recompute(today=TODAY)
    assert (counts["inserted"], counts["updated"], counts["deleted"]) == (0, 0, 0)
    assert rows() == before  # same ids, same computed_at: nothing was rewritten
    assert len({r[1] for r in before}) == len(children)


def test_a_change_to_the_record_updates_only_what_it_touches():
    child = child_in_care(D(2026, 4, 2))
    recompute([child.pk], today=D(2026, 5, 1))
    period = child.periods.get()
    Review.objects.create(child=child, period=period, held_on=D(2026, 4, 30), participation="PN1")
    counts = recompute([child.pk], today=D(2026, 5, 1))
    # The first review is now met (updated); the second review appears (inserted); the
    # permanence plan moves to 3 months after the review actually held (updated).
    assert (counts["inserted"], counts["updated"], counts["deleted"]) == (1, 2, 0)
    assert Deadline.objects.get(child=child, rule="CPPCR_Reg33_FirstReview").met_on == D(
        2026, 4, 30
    )


def test_deadlines_that_no_longer_apply_are_removed():
    child = child_in_care(D(2026, 4, 2))
    recompute([child.pk], today=D(2026, 4, 3))
    period = child.periods.get()
    period.ended_on, period.reason_ended = D(2026, 4, 3), "E13"
    period.save()
    child.placements.update(ended_on=D(2026, 4, 3))
    child.episodes.update(dec=D(2026, 4, 3), rec="E13")
    counts = recompute([child.pk], today=D(2026, 4, 4))
    assert counts["deleted"] > 0
    assert not Deadline.objects.filter(child=child).exists()


def test_a_child_with_old_deadline_rows_and_no_care_now_is_cleared():
    child = ChildFactory()
    Deadline.objects.create(
        child=child,
        rule="CPPCR_Reg33_FirstReview",
        kind="review",
        key="period:1",
        title="Stale",
        due_on=D(2020, 1, 1),
        computed_at="2020-01-01T00:00Z",
    )
    assert recompute(today=TODAY)["deleted"] == 1


def test_queries_do_not_grow_with_the_number_of_children():
    def count(n):
        Deadline.objects.all().delete()
        ids = [child_in_care(D(2025, 9, 1) + dt.timedelta(days=i)).pk for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            recompute(ids, today=TODAY)
        return len(ctx.captured_queries)

    # 18 statements per batch: SAVEPOINT, 2 advisory locks, 12 loads (child, episode,
    # period, placement, review, visit, health assessment, PEP, plan, placement
    # notification, school, calendar), the upsert, the delete, RELEASE SAVEPOINT.
    assert count(3) == count(30) == 18


def test_a_batch_size_splits_the_work_into_transactions():
    for i in range(5):
        child_in_care(D(2026, 1, 5) + dt.timedelta(days=i))
    counts = recompute(today=TODAY, batch_size=2)
    assert counts["batches"] == 3
    assert counts["children"] == 5


def test_the_management_command_recomputes_one_child_or_all(capsys):
    a, b = child_in_care(D(2026, 4, 2)), child_in_care(D(2026, 4, 2))
    call_command("recompute_deadlines", "--child", str(a.pk))
    assert Deadline.objects.filter(child=a).exists()
    assert not Deadline.objects.filter(child=b).exists()
    call_command("recompute_deadlines")
    assert Deadline.objects.filter(child=b).exists()
    assert "Recomputed deadlines for" in capsys.readouterr().out


def test_the_celery_tasks_call_the_recompute():
    child = child_in_care(D(2026, 4, 2))
    assert recompute_child_deadlines.apply(args=[child.pk]).get()["children"] == 1
    assert recompute_all_deadlines.apply().get()["children"] >= 1


def test_schedule_recompute_queues_the_task_only_after_commit(django_capture_on_commit_callbacks):
    from config.celery import app

    child = child_in_care(D(2026, 4, 2))
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the broker is the outside world: run it here
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            schedule_recompute(child.pk)
        assert not Deadline.objects.filter(child=child).exists()
        for callback in callbacks:
            callback()
    finally:
        app.conf.task_always_eager = eager
    assert Deadline.objects.filter(child=child).exists()


def test_a_recorded_visit_meets_the_visit_deadline():
    child = child_in_care(D(2026, 4, 2))
    Visit.objects.create(
        child=child,
        visited_on=D(2026, 4, 8),
        seen=True,
        seen_alone=True,
        location="placement",
        recorded_by=UserFactory(),
    )
    Plan.objects.create(child=child, kind="care_plan", completed_on=D(2026, 4, 10))
    recompute([child.pk], today=D(2026, 4, 20))
    got = with_state(Deadline.objects.filter(child=child), today=D(2026, 4, 20))
    states = {d.rule: d.state for d in got}
    assert states["CPPCR_Reg28_VisitWithinOneWeekOfPlacement"] == State.MET_ON_TIME
    assert states["CPPCR_Reg28_StandardVisits"] == State.UPCOMING
    assert states["CPPCR_Reg4_CarePlan"] == State.MET_ON_TIME
    assert states["CPPCR_Reg9_PlacementPlan"] == State.OVERDUE


def test_the_overdue_count_matches_an_independent_sql_count():
    from placements.calendar import sync_bank_holidays
    from placements.models import Child
    from placements.selectors import with_deadlines

    sync_bank_holidays(first_year=2022, years=1)  # the SQL below reads the table
    seed_children(60, today=TODAY, rng=random.Random(5))
    recompute(today=TODAY)

    overdue = with_state(Deadline.objects.all(), today=TODAY).filter(state=State.OVERDUE)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM placements_deadline WHERE met_on IS NULL AND due_on < %s",
            [TODAY],
        )
        (raw,) = cursor.fetchone()
        # Independently of the engine: open periods whose first review is overdue, from
        # the source tables, counting 20 working days in SQL.
        cursor.execute(
            """
            SELECT count(*) FROM placements_periodofcare p
            WHERE p.ended_on IS NULL
              AND NOT EXISTS (SELECT 1 FROM placements_review r
                              WHERE r.period_id = p.id AND r.held_on >= p.started_on)
              AND (SELECT d FROM (
                     SELECT d::date AS d, row_number() OVER (ORDER BY d) AS n
                     FROM generate_series(p.started_on + 1, p.started_on + 60, '1 day') AS d
                     WHERE extract(isodow FROM d) < 6
                       AND d::date NOT IN (SELECT day FROM placements_nonworkingday)) w
                   WHERE n = 20) < %s
            """,
            [TODAY],
        )
        (first_reviews,) = cursor.fetchone()
        # Open periods with no care plan since they started (or before), 10 working days.
        cursor.execute(
            """
            SELECT count(*) FROM placements_periodofcare p
            WHERE p.ended_on IS NULL
              AND NOT EXISTS (SELECT 1 FROM placements_plan c
                              WHERE c.child_id = p.child_id AND c.kind = 'care_plan')
              AND (SELECT d FROM (
                     SELECT d::date AS d, row_number() OVER (ORDER BY d) AS n
                     FROM generate_series(p.started_on + 1, p.started_on + 40, '1 day') AS d
                     WHERE extract(isodow FROM d) < 6
                       AND d::date NOT IN (SELECT day FROM placements_nonworkingday)) w
                   WHERE n = 10) < %s
            """,
            [TODAY],
        )
        (care_plans,) = cursor.fetchone()
    assert overdue.count() == raw > 0
    assert overdue.filter(rule="CPPCR_Reg33_FirstReview").count() == first_reviews > 0
    assert overdue.filter(rule="CPPCR_Reg4_CarePlan").count() == care_plans > 0
    # The caseload pages' per-child counts add up to the same figure.
    per_child = with_deadlines(Child.objects.all(), today=TODAY).values_list(
        "overdue_count", flat=True
    )
    assert sum(per_child) == raw
