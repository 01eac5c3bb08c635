"""The overdue counts people see (caseload pages, the manager's team page, the API) equal an
independent SQL count over a seeded world whose deadlines the engine computed."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from core import clock
from core.models import User
from practices.models import Role

pytestmark = pytest.mark.django_db


def sql(query: str, params=()) -> list[tuple]:
    """Run a query whose `current_date` means the app's today (the clock the app reads,
    moved in a moved-clock run), not the database server's."""
    query = query.replace("current_date", f"DATE '{clock.today().isoformat()}'")
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


# Per worker, over the open cases of one practice: children, overdue deadlines, children
# with something overdue, deadlines due within 7 days. Plain SQL, none of the app's code.
PER_WORKER = """
SELECT w.worker_id,
       count(DISTINCT w.child_id),
       count(d.id) FILTER (WHERE d.met_on IS NULL AND d.due_on < current_date),
       count(DISTINCT w.child_id) FILTER (WHERE d.met_on IS NULL AND d.due_on < current_date),
       count(d.id) FILTER (WHERE d.met_on IS NULL AND d.due_on >= current_date
                            AND d.due_on <= current_date + 7)
FROM placements_workerallocation w
JOIN placements_allocation a ON a.child_id = w.child_id AND a.ended_on IS NULL
LEFT JOIN placements_deadline d ON d.child_id = w.child_id
WHERE w.ended_on IS NULL AND a.practice_id = %s
GROUP BY w.worker_id
"""


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeded and committed once for the module (each test then runs in a transaction rolled
    back after it), and flushed at the end like a transactional test."""
    with django_db_blocker.unblock():
        call_command(
            "seed_demo",
            children=400,
            councils=2,
            practices=2,
            seed=11,
            reset=True,
            stdout=io.StringIO(),
        )
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def busiest(seeded):
    """The practice with most open cases, its manager, and its busiest worker."""
    ((practice_id,),) = sql(
        """SELECT practice_id FROM placements_allocation
           WHERE ended_on IS NULL AND practice_id IS NOT NULL
           GROUP BY practice_id ORDER BY count(*) DESC, practice_id LIMIT 1"""
    )
    manager = User.objects.filter(
        memberships__practice_id=practice_id,
        memberships__role=Role.PRACTICE_MANAGER,
        memberships__ended_on__isnull=True,
    ).first()
    rows = sql(PER_WORKER, [practice_id])
    worker_id = max(rows, key=lambda r: (r[2], r[1]))[0]
    return practice_id, manager, User.objects.get(pk=worker_id), rows


def test_the_seeded_world_has_overdue_work_to_count(busiest):
    _, manager, _, rows = busiest
    assert manager is not None
    assert sum(r[2] for r in rows) > 0, "nothing overdue: the comparison would prove nothing"


def test_team_page_overdue_counts_match_sql(busiest, client):
    practice_id, manager, _, rows = busiest
    client.force_login(manager)
    response = client.get(reverse("placements:workers"))
    assert response.status_code == 200
    expected = {
        r[0]: {"children": r[1], "overdue": r[2], "children_overdue": r[3], "due_soon": r[4]}
        for r in rows
    }
    shown = {w.pk: w.figures for w in response.context["workers"] if w.figures["children"]}
    assert shown == expected
    # ...and the page prints those numbers in the worker's row
    html = response.content.decode()
    for worker_id, figures in expected.items():
        row = re.search(rf'data-worker="{worker_id}">(.*?)</tr>', html, re.S).group(1)
        cells = dict(re.findall(r'data-figure="(\w+)">(.*?)</td>', row, re.S))
        for name, value in figures.items():
            assert re.search(rf"\b{value}\b", cells[name]), (worker_id, name, cells[name])


def test_my_caseload_overdue_count_matches_sql(busiest, client):
    practice_id, _, worker, rows = busiest
    ((caseload, overdue_children),) = sql(
        """SELECT count(DISTINCT w.child_id),
                  count(DISTINCT w.child_id) FILTER (WHERE EXISTS (
                      SELECT 1 FROM placements_deadline d WHERE d.child_id = w.child_id
                      AND d.met_on IS NULL AND d.due_on < current_date))
           FROM placements_workerallocation w WHERE w.ended_on IS NULL AND w.worker_id = %s""",
        [worker.pk],
    )
    client.force_login(worker)
    url = reverse("placements:caseload")
    assert client.get(url).context["page"].paginator.count == caseload
    response = client.get(url, {"status": "overdue"})
    assert response.context["page"].paginator.count == overdue_children > 0
    # every child on that page shows an Overdue tag (the next date is the overdue one)
    shown = response.content.decode().count('<strong class="govuk-tag govuk-tag--red">Overdue')
    assert shown == len(response.context["rows"]) == min(25, overdue_children)
    per_child = dict(
        sql(
            """SELECT child_id, count(*) FROM placements_deadline
               WHERE met_on IS NULL AND due_on < current_date GROUP BY child_id"""
        )
    )
    for row in response.context["rows"]:
        assert row.overdue_count == per_child[row.pk]


def test_practice_caseload_and_api_overdue_counts_match_sql(busiest, client):
    practice_id, manager, _, _ = busiest
    ((children, overdue_children, overdue_deadlines),) = sql(
        """SELECT count(DISTINCT a.child_id),
                  count(DISTINCT d.child_id),
                  count(d.id)
           FROM placements_allocation a
           LEFT JOIN placements_deadline d ON d.child_id = a.child_id
                AND d.met_on IS NULL AND d.due_on < current_date
           WHERE a.ended_on IS NULL AND a.practice_id = %s""",
        [practice_id],
    )
    client.force_login(manager)
    url = reverse("placements:children")
    assert client.get(url).context["page"].paginator.count == children
    assert client.get(url, {"status": "overdue"}).context["page"].paginator.count == (
        overdue_children
    )
    api = client.get(reverse("api:child-list"), {"overdue": "true"}).json()
    assert api["count"] == overdue_children
    deadlines = client.get(reverse("api:deadline-list"), {"state": "overdue"}).json()
    assert deadlines["count"] == overdue_deadlines
