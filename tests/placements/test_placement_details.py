"""A placement's postcode and Ofsted URN, entered at a move and put right afterwards: the
return's guards as they are typed (rules 214, 222, 392B), the distance derived again,
another person's save never overwritten, and the results page's link landing on the page
that changes the field."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.concurrency import EditConflict
from core.errors import DomainError
from oversight.models import SSDA903Failure
from oversight.ssda903.services import request_validation, run_validation
from oversight.ssda903.years import CollectionYear
from placements import postcodes
from placements.models import Placement
from placements.services.episodes import change_placement, correct_placement

pytestmark = pytest.mark.django_db


def current(child) -> Placement:
    return child.placements.get(ended_on__isnull=True)


def test_a_worker_puts_the_urn_right_and_the_change_is_audited(world):
    placement = current(world.child)
    correct_placement(
        placement=placement, by=world.worker, expected_version=placement.version, urn="sc123456"
    )
    placement.refresh_from_db()
    assert (placement.urn, placement.version) == ("SC123456", 2)
    events = apps.get_model("placements", "PlacementEvent").objects.filter(pgh_obj=placement)
    assert list(events.values_list("pgh_label", "urn").order_by("pgh_id")) == [
        ("insert", ""),
        ("update", "SC123456"),
    ]


@pytest.mark.parametrize(
    ("urn", "message"),
    [
        ("SC12345", "Enter an Ofsted URN"),
        ("ABC", "Enter an Ofsted URN"),
    ],
)
def test_a_urn_not_in_ofsteds_format_is_refused(world, urn, message):
    placement = current(world.child)
    with pytest.raises(DomainError, match=message) as error:
        correct_placement(placement=placement, by=world.worker, expected_version=1, urn=urn)
    assert error.value.field == "urn"


def test_a_urn_for_a_child_placed_with_parents_is_refused_in_rule_222s_words(world):
    with pytest.raises(DomainError) as error:
        change_placement(
            child=world.child,
            by=world.worker,
            started_on=timezone.localdate(),
            place="P1",
            place_provider="PR0",
            reason_place_change="CARPL",
            postcode="YO2 6PJ",
            urn="SC123456",
        )
    assert error.value.field == "urn"
    assert "SSDA903 rule 222" in error.value.message
    assert world.child.placements.count() == 1  # nothing moved
    moved = change_placement(
        child=world.child,
        by=world.worker,
        started_on=timezone.localdate(),
        place="U6",
        place_provider="PR4",
        reason_place_change="CARPL",
        postcode="YO2 6PJ",
        urn="1234567",
    )
    assert moved.urn == "1234567"


def test_the_postcode_put_right_gives_the_distance_again(world):
    placement = current(world.child)
    placement.episodes.update(home_postcode="YO1 3RU")  # home, where the placement was typed
    correct_placement(placement=placement, by=world.worker, expected_version=1, postcode="yo26pj")
    placement.refresh_from_db()
    assert placement.postcode == "YO2 6PJ"
    miles = postcodes.distance_miles("YO1 3RU", "YO2 6PJ")  # home to the placement
    assert miles > 0 and placement.distance_from_home_miles == Decimal(str(miles))
    with pytest.raises(DomainError, match="not in the ONS postcode directory"):
        correct_placement(
            placement=placement, by=world.worker, expected_version=2, postcode="AV1 1AA"
        )
    with pytest.raises(DomainError, match="392B") as error:
        correct_placement(placement=placement, by=world.worker, expected_version=2, postcode="")
    assert error.value.field == "postcode"


def test_someone_elses_save_in_between_is_refused(world):
    placement = current(world.child)
    correct_placement(placement=placement, by=world.worker, expected_version=1, urn="SC111111")
    with pytest.raises(EditConflict):
        correct_placement(placement=placement, by=world.manager, expected_version=1, urn="SC222222")
    placement.refresh_from_db()
    assert placement.urn == "SC111111"


def test_only_those_who_may_move_the_child_may_correct_the_placement(world):
    placement = current(world.child)
    for person in (world.other_worker, world.inspector, world.commissioner, world.data_lead):
        with pytest.raises(DomainError) as error:
            correct_placement(placement=placement, by=person, expected_version=1, urn="SC123456")
        assert error.value.code == "forbidden"
    placement.refresh_from_db()
    assert placement.urn == "" and placement.version == 1


def test_the_page_shows_errors_next_to_the_field_and_saves(world, client):
    placement = current(world.child)
    url = reverse("placements:correct_placement", args=[world.child.pk, placement.pk])
    client.force_login(world.worker)
    page = client.get(url)
    assert page.status_code == 200
    assert "Correct the placement&#x27;s details" in page.content.decode()
    response = client.post(url, {"postcode": "YO1 3RU", "urn": "SC12", "version": 1})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and 'href="#id_urn"' in body
    assert 'value="SC12"' in body  # what was typed is kept
    response = client.post(url, {"postcode": "YO1 3RU", "urn": "SC654321", "version": 1})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.urn == "SC654321"
    child_page = client.get(reverse("placements:child", args=[world.child.pk])).content.decode()
    assert "SC654321" in child_page and url in child_page


def test_the_page_is_refused_to_those_who_may_not_move_the_child(world, client):
    placement = current(world.child)
    url = reverse("placements:correct_placement", args=[world.child.pk, placement.pk])
    client.force_login(world.other_worker)
    assert client.get(url).status_code == 404  # another practice's child does not exist
    assert client.post(url, {"urn": "SC123456", "version": 1}).status_code == 404
    client.force_login(world.commissioner)
    assert client.post(url, {"urn": "SC123456", "version": 1}).status_code == 403
    placement.refresh_from_db()
    assert placement.urn == ""
    client.force_login(world.worker)
    child_page = client.get(reverse("placements:child", args=[world.child.pk])).content.decode()
    assert url in child_page
    client.force_login(world.commissioner)
    child_page = client.get(reverse("placements:child", args=[world.child.pk])).content.decode()
    assert url not in child_page


def test_the_api_patches_the_urn_with_the_version(world):
    placement = current(world.child)
    url = reverse("api:placement-detail", args=[placement.pk])
    api = APIClient()
    api.force_authenticate(world.worker)
    response = api.patch(url, {"urn": "SC123456", "version": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["urn"] == "SC123456" and response.json()["version"] == 2
    stale = api.patch(url, {"urn": "SC999999", "version": 1}, format="json")
    assert stale.status_code == 409
    assert api.patch(url, {"urn": "SC999999"}, format="json").status_code == 400
    bad = api.patch(url, {"urn": "SC1", "version": 2}, format="json")
    assert bad.status_code == 400 and "urn" in bad.json()
    other = APIClient()
    other.force_authenticate(world.other_worker)
    assert other.patch(url, {"urn": "SC999999", "version": 2}, format="json").status_code == 404
    placement.refresh_from_db()
    assert placement.urn == "SC123456"


def test_rule_218s_link_opens_the_page_that_clears_it(world, client):
    """Amara's placement has no URN: rule 218. The worker follows the results page's link,
    enters the URN, and the next check no longer finds it."""
    year = CollectionYear.of(timezone.localdate()).start_year
    run = request_validation(council=world.council, year=year, trigger="on_demand")
    run_validation(run.pk)
    failure = SSDA903Failure.objects.get(run=run, code="218", child=world.child)
    placement = current(world.child)
    assert failure.placement_id == placement.pk
    fix = reverse("placements:correct_placement", args=[world.child.pk, placement.pk])
    results = reverse("oversight:ssda903_results", args=[world.council.ons_code, year])
    client.force_login(world.worker)
    assert f'href="{fix}"' in client.get(results).content.decode()
    client.force_login(world.data_lead)  # may not move the child: the record's section
    page = client.get(results).content.decode()
    assert f'href="{fix}"' not in page
    assert f'href="{reverse("placements:child", args=[world.child.pk])}#placements"' in page

    client.force_login(world.worker)
    response = client.post(fix, {"postcode": placement.postcode, "urn": "SC654321", "version": 1})
    assert response.status_code == 302
    again = request_validation(council=world.council, year=year, trigger="on_demand")
    run_validation(again.pk)
    assert not SSDA903Failure.objects.filter(run=again, code="218", child=world.child).exists()


def test_a_move_typed_on_the_page_keeps_its_urn(world, client):
    client.force_login(world.worker)
    day = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        reverse("placements:change_placement", args=[world.child.pk]),
        {
            "started_on_day": day.day,
            "started_on_month": day.month,
            "started_on_year": day.year,
            "place": "U6",
            "place_provider": "PR4",
            "same_carer": "no",
            "carer_name": "Sam Carer",
            "postcode": "YO2 6PJ",
            "urn": "sc765432",
            "reason_place_change": "CARPL",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert current(world.child).urn == "SC765432"
