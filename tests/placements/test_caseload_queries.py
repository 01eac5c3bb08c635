"""The caseload pages run the same number of queries whatever the caseload size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from placements.models import Deadline
from placements.services.allocations import allocate_child, allocate_worker
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def give_worker_children(world, size):
    for child in ChildFactory.create_batch(size, council=world.council):
        allocate_child(
            child=child,
            practice=world.practice,
            contract=world.contract,
            started_on=dt.date(2024, 1, 1),
            by=None,
        )
        allocate_worker(child=child, worker=world.worker, started_on=dt.date(2024, 1, 2), by=None)
        Deadline.objects.create(
            child=child,
            rule="CPPCR_Reg28_StandardVisits",
            kind="visit",
            key="v1",
            title="Visit",
            due_on=dt.date(2024, 3, 1),
            computed_at="2024-01-01T00:00Z",
        )


def queries_for(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    ("route", "person", "expected"),
    [
        # session, user, memberships, count, page of children (one query with the current
        # placement, legal status, holder, worker and deadline subqueries), and the session
        # save (savepoint, update, release)
        ("placements:caseload", "worker", 8),
        # the same, plus the workers for the filter list
        ("placements:children", "manager", 9),
    ],
)
def test_caseload_page_runs_the_same_queries_for_5_and_300_children(
    world, client, route, person, expected
):
    client.force_login(getattr(world, person))
    url = reverse(route)
    give_worker_children(world, 4)
    client.get(url)  # warm the per-process code-list cache
    small = queries_for(client, url)
    give_worker_children(world, 295)
    large = queries_for(client, url)
    assert len(small) == len(large) == expected, "\n".join(large)


def test_overdue_filter_matches_an_independent_sql_count(world, client):
    give_worker_children(world, 12)
    client.force_login(world.worker)
    response = client.get(reverse("placements:caseload"), {"status": "overdue"})
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(DISTINCT d.child_id) FROM placements_deadline d
               JOIN placements_workerallocation w ON w.child_id = d.child_id AND w.ended_on IS NULL
               WHERE w.worker_id = %s AND d.met_on IS NULL AND d.due_on < %s""",
            [world.worker.pk, clock.today()],  # the app's today, not the server's
        )
        expected = cursor.fetchone()[0]
    assert response.context["page"].paginator.count == expected == 12
