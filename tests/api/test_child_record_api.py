"""The API: scoped lists and details, writes through services, precise JSON errors."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from placements.models import CaseNote, Child, DeprivationOfLiberty, Episode, Visit
from placements.services.allocations import allocate_child, allocate_worker
from placements.services.episodes import start_period_of_care
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
LIST_ROUTES = [
    "api:child-list",
    "api:episode-list",
    "api:placement-list",
    "api:visit-list",
    "api:note-list",
    "api:review-list",
    "api:health-assessment-list",
    "api:education-plan-list",
    "api:missing-episode-list",
    "api:dolo-list",
    "api:allocation-list",
    "api:worker-allocation-list",
]


def today():
    return timezone.localdate()


@pytest.fixture
def api(world):
    start_period_of_care(
        child=world.other_child,
        by=world.other_commissioner,
        started_on=today() - dt.timedelta(days=90),
        legal_status="C2",
        cin="N1",
        place="U4",
        place_provider="PR1",
    )
    for child, who in ((world.child, world.worker), (world.other_child, world.other_worker)):
        DeprivationOfLiberty.objects.create(child=child, started_on=today())
        Visit.objects.create(
            child=child,
            visited_on=today(),
            seen=True,
            seen_alone=False,
            location="placement",
            recorded_by=who,
        )
    return world


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_every_list_holds_only_the_callers_children(api, route):
    own = as_user(api.worker).get(reverse(route)).json()["results"]
    ids = {row.get("child", row["id"]) if route != "api:child-list" else row["id"] for row in own}
    assert api.other_child.pk not in ids
    others = as_user(api.other_worker).get(reverse(route)).json()["results"]
    assert (
        api.child.pk not in {row.get("child", row["id"]) for row in others}
        or route == "api:child-list"
        and api.child.pk not in {r["id"] for r in others}
    )


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_every_list_refuses_anonymous_callers(route):
    assert APIClient().get(reverse(route)).status_code == 403


def test_token_auth_works_for_integrations(api):
    token = Token.objects.create(user=api.worker)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(reverse("api:child-list"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [api.child.pk]


def test_another_practices_child_is_not_found_not_forbidden(api):
    client = as_user(api.other_worker)
    assert client.get(reverse("api:child-detail", args=[api.child.pk])).status_code == 404
    response = client.post(
        reverse("api:visit-list"),
        {
            "child": api.child.pk,
            "visited_on": str(today()),
            "kind": "statutory",
            "seen": True,
            "seen_alone": True,
            "location": "placement",
        },
        format="json",
    )
    assert response.status_code == 404
    missing = client.post(
        reverse("api:visit-list"),
        {
            "child": 999999,
            "visited_on": str(today()),
            "kind": "statutory",
            "seen": True,
            "seen_alone": True,
            "location": "placement",
        },
        format="json",
    )
    assert missing.status_code == 404


def test_worker_creates_a_visit_and_bad_input_gets_field_errors(api):
    client = as_user(api.worker)
    url = reverse("api:visit-list")
    body = {
        "child": api.child.pk,
        "visited_on": str(today()),
        "kind": "statutory",
        "seen": True,
        "seen_alone": True,
        "location": "placement",
        "record": "Fine.",
    }
    response = client.post(url, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["recorded_by"] == api.worker.pk
    future = client.post(
        url, body | {"visited_on": str(today() + dt.timedelta(days=2))}, format="json"
    )
    assert (future.status_code, future.json()) == (
        400,
        {"visited_on": ["The date of the visit must be today or in the past"]},
    )
    bad = client.post(url, body | {"location": "moon", "seen": "perhaps"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"location", "seen"}


def test_inspector_and_commissioner_cannot_write(api):
    body = {"child": api.child.pk, "occurred_on": str(today()), "subject": "x", "body": "y"}
    for person in (api.inspector, api.commissioner):
        response = as_user(person).post(reverse("api:note-list"), body, format="json")
        assert response.status_code == 403
    assert not CaseNote.objects.exists()


def test_a_stale_version_is_refused_with_409(api):
    note = CaseNote.objects.create(
        child=api.child, occurred_on=today(), subject="s", body="b", written_by=api.worker
    )
    url = reverse("api:note-detail", args=[note.pk])
    assert (
        as_user(api.worker).patch(url, {"body": "first", "version": 1}, format="json").status_code
        == 200
    )
    response = as_user(api.manager).patch(url, {"body": "second", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    note.refresh_from_db()
    assert note.body == "first"
    assert as_user(api.manager).patch(url, {"body": "no version"}, format="json").status_code == 400


def test_change_of_placement_over_the_api(api):
    client = as_user(api.worker)
    move = {
        "child": api.child.pk,
        "started_on": str(today()),
        "place": "U6",
        "place_provider": "PR4",
        "reason_place_change": "CARPL",
        "weekly_cost": "300.00",
    }
    # The return needs a placement postcode for a looked-after child: refused as typed.
    response = client.post(reverse("api:placement-list"), move, format="json")
    assert response.status_code == 400
    assert "392B" in response.json()["postcode"][0]
    assert Episode.objects.filter(child=api.child).count() == 1

    response = client.post(
        reverse("api:placement-list"), move | {"postcode": "YO2 6PJ"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert list(Episode.objects.filter(child=api.child).values_list("rne", "rec")) == [
        ("S", "X1"),
        ("P", ""),
    ]
    over = client.post(
        reverse("api:placement-list"),
        {
            "child": api.child.pk,
            "started_on": str(today()),
            "place": "U4",
            "place_provider": "PR4",
            "reason_place_change": "CARPL",
            "weekly_cost": "9000",
            "postcode": "YO3 4DD",
        },
        format="json",
    )
    assert over.status_code == 400 and "weekly_cost" in over.json()


def test_placed_for_adoption_with_the_foster_carer_over_the_api_keeps_the_carer(api):
    client = as_user(api.worker)
    move = {
        "child": api.child.pk,
        "started_on": str(today()),
        "place": "A5",
        "place_provider": "PR1",
        "reason_place_change": "CARPL",
        "postcode": "YO2 6PJ",
    }
    response = client.post(reverse("api:placement-list"), move, format="json")
    assert response.status_code == 400
    assert "SSDA903 rule 217" in response.json()["place"][0]
    assert Episode.objects.filter(child=api.child).count() == 1
    response = client.post(
        reverse("api:placement-list"), move | {"same_carer": True}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Episode.objects.filter(child=api.child).latest("decom").rne == "T"


def test_schema_describes_the_api(api):
    response = as_user(api.worker).get(reverse("schema"), {"format": "json"})
    paths = response.json()["paths"]
    assert "/api/v1/children/" in paths and "/api/v1/visits/{id}/" in paths


@pytest.mark.parametrize("size", [5, 300])
def test_caseload_api_runs_the_same_queries_at_any_size(world, size, django_assert_num_queries):
    children = ChildFactory.create_batch(size, council=world.council)
    for child in children:
        allocate_child(
            child=child,
            practice=world.practice,
            contract=world.contract,
            started_on=dt.date(2024, 1, 1),
            by=None,
        )
        allocate_worker(child=child, worker=world.worker, started_on=dt.date(2024, 1, 2), by=None)
    client = as_user(world.worker)
    # session/auth 0 (forced), 1 memberships, 2 count, 3 page of children with annotations
    with django_assert_num_queries(3):
        response = client.get(reverse("api:child-list"))
    assert response.json()["count"] == size + 1
    assert Child.objects.count() >= size
