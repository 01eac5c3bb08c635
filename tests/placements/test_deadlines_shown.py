"""The caseload pages, the child record and the API show the deadline engine's Deadline
rows with their states (issue 5, item 5), and the manager sees each worker's figures."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from placements.deadlines.engine import recompute
from placements.models import Deadline
from placements.services.allocations import allocate_child, allocate_worker
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def deadline(child, key, due, met=None, title=None, kind="visit"):
    return Deadline.objects.create(
        child=child,
        rule="CPPCR_Reg28_StandardVisits",
        kind=kind,
        key=key,
        title=title or f"Visit {key}",
        due_on=due,
        met_on=met,
        computed_at=timezone.now(),
    )


@pytest.fixture
def dated(world):
    """world.child with one deadline in each state."""
    c = world.child
    Deadline.objects.filter(child=c).delete()
    days = dt.timedelta
    deadline(c, "late", today() - days(3), title="Review overdue")
    deadline(c, "soon", today() + days(2), title="Visit due soon")
    deadline(c, "later", today() + days(40), title="PEP later")
    deadline(c, "metlate", today() - days(20), met=today() - days(10), title="Visit done late")
    deadline(c, "ontime", today() - days(30), met=today() - days(31), title="Health on time")
    return world


def test_the_child_record_shows_every_state_from_the_engines_rows(dated, client):
    client.force_login(dated.worker)
    html = client.get(reverse("placements:child", args=[dated.child.pk])).content.decode()
    for title, tag in [
        ("Review overdue", "Overdue"),
        ("Visit due soon", "Due soon"),
        ("PEP later", "Upcoming"),
        ("Visit done late", "Done late"),
        ("Health on time", "Done on time"),
    ]:
        row = html[html.index(title) :]
        row = row[: row.index("</tr>")]
        assert f">{tag}</strong>" in row, (title, row)
    assert "3 days overdue" in html
    assert "10 days late" in html


def test_the_caseload_shows_the_next_open_date_and_its_state(dated, client):
    client.force_login(dated.worker)
    html = client.get(reverse("placements:caseload")).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert "Review overdue" in html and "3 days overdue" in html
    # a recompute from the record replaces the rows the page reads
    recompute([dated.child.pk])
    html = client.get(reverse("placements:caseload")).content.decode()
    assert "Review overdue" not in html


def test_the_api_lists_deadlines_with_their_states_in_scope(dated, world):
    other = world.other_child
    deadline(other, "x", today() - dt.timedelta(days=1), title="Another practice's")
    api = APIClient()
    api.force_authenticate(world.worker)
    response = api.get(reverse("api:deadline-list"), {"child": world.child.pk})
    states = {row["title"]: row["state"] for row in response.json()["results"]}
    assert states == {
        "Review overdue": "overdue",
        "Visit due soon": "due_soon",
        "PEP later": "upcoming",
        "Visit done late": "met_late",
        "Health on time": "met_on_time",
    }
    overdue = api.get(reverse("api:deadline-list"), {"state": "overdue"}).json()
    assert [row["title"] for row in overdue["results"]] == ["Review overdue"]
    both = api.get(reverse("api:deadline-list"), {"state": ["overdue", "due_soon"]}).json()
    assert both["count"] == 2
    # another practice's child's deadlines: not listed, and not found
    assert api.get(reverse("api:deadline-list"), {"child": other.pk}).json()["count"] == 0
    theirs = Deadline.objects.get(child=other)
    assert api.get(reverse("api:deadline-detail", args=[theirs.pk])).status_code == 404
    # read-only
    mine = Deadline.objects.filter(child=world.child).first()
    assert api.delete(reverse("api:deadline-detail", args=[mine.pk])).status_code == 405
    bad = api.get(reverse("api:deadline-list"), {"state": "late"})
    assert bad.status_code == 400 and "state" in bad.json()


def test_the_child_api_gives_the_next_dates_state_and_counts(dated, world):
    api = APIClient()
    api.force_authenticate(world.worker)
    row = api.get(reverse("api:child-detail", args=[world.child.pk])).json()
    assert (row["next_due_title"], row["next_due_state"]) == ("Review overdue", "overdue")
    assert (row["overdue_count"], row["due_soon_count"]) == (1, 1)


def test_the_caseload_api_filters_to_my_children(world):
    mine = ChildFactory(council=world.council)
    allocate_child(
        child=mine,
        practice=world.practice,
        contract=world.contract,
        started_on=dt.date(2024, 1, 1),
        by=None,
    )
    allocate_worker(child=mine, worker=world.manager, started_on=dt.date(2024, 1, 2), by=None)
    api = APIClient()
    api.force_authenticate(world.worker)
    everyone = api.get(reverse("api:child-list")).json()["count"]
    me = api.get(reverse("api:child-list"), {"worker": "me"}).json()
    assert [r["id"] for r in me["results"]] == [world.child.pk]
    assert everyone > me["count"]
    theirs = api.get(reverse("api:child-list"), {"worker": world.manager.pk}).json()
    assert [r["id"] for r in theirs["results"]] == [mine.pk]
    bad = api.get(reverse("api:child-list"), {"worker": "someone"})
    assert bad.status_code == 400 and "worker" in bad.json()


def test_only_a_practice_manager_sees_the_team_page(world, client):
    client.force_login(world.worker)
    assert client.get(reverse("placements:workers")).status_code == 403
    client.force_login(world.manager)
    response = client.get(reverse("placements:workers"))
    assert response.status_code == 200
    names = [w.username for w in response.context["workers"]]
    assert "worker" in names and "other_worker" not in names and "former_worker" not in names


def test_the_allocation_page_shows_caseload_sizes_and_overdue(dated, client):
    client.force_login(dated.manager)
    html = client.get(reverse("placements:allocate_worker", args=[dated.child.pk])).content
    assert "Worker (1 child, 1 overdue)" in html.decode()
    assert "Manager (0 children, 0 overdue)" in html.decode()


def add_children(world, size):
    for child in ChildFactory.create_batch(size, council=world.council):
        allocate_child(
            child=child,
            practice=world.practice,
            contract=world.contract,
            started_on=dt.date(2024, 1, 1),
            by=None,
        )
        allocate_worker(child=child, worker=world.worker, started_on=dt.date(2024, 1, 2), by=None)
        deadline(child, "v", today() - dt.timedelta(days=2))


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("route", "person", "params"),
    [
        ("placements:workers", "manager", None),
        ("api:deadline-list", "worker", {"state": "overdue"}),
        ("api:child-list", "worker", {"worker": "me"}),
    ],
)
def test_team_page_and_apis_run_the_same_queries_for_5_and_300_children(
    world, client, route, person, params
):
    client.force_login(getattr(world, person))
    url = reverse(route)
    add_children(world, 4)
    client.get(url, params)
    small = count_queries(client, url, params)
    add_children(world, 295)
    assert count_queries(client, url, params) == small
