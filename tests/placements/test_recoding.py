"""A placement open when the DfE withdrew its type (H5, semi-independent living, gone from
2025-26): re-coded in place to the type that replaced it (K3), as the DfE's validator
expects (rule 146 judges every episode in the return's year; rule 503D takes K3 as
continuing last year's H5). The returns before the withdrawal keep H5; the record keeps
both, audited; nothing else can be re-coded."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from core.errors import DomainError
from oversight.ssda903.tables import project
from oversight.ssda903.years import CollectionYear
from placements.models import Placement
from placements.services.episodes import change_placement, correct_placement, recodable_as

pytestmark = pytest.mark.django_db

MOVED_ON = dt.date(2024, 6, 3)  # into H5, a year before it was withdrawn


@pytest.fixture
def semi_independent(world) -> Placement:
    return change_placement(
        child=world.child,
        by=world.worker,
        started_on=MOVED_ON,
        place="H5",
        place_provider="PR4",
        reason_place_change="CARPL",
        postcode="YO2 6PJ",
        urn="SC123456",
    )


def place_in_return(world, start_year: int) -> list[str]:
    rows = project(world.council, CollectionYear(start_year)).rows("Episodes")
    return [row["PLACE"] for row in rows if row["_pk"] == world.child.pk]


def test_an_open_h5_placement_is_recoded_to_k3_from_april_2025(world, semi_independent):
    assert recodable_as(semi_independent) == ("K3",)
    correct_placement(placement=semi_independent, by=world.worker, expected_version=1, place="K3")
    semi_independent.refresh_from_db()
    assert (semi_independent.place, semi_independent.recoded_from) == ("K3", "H5")
    assert semi_independent.recoded_on == dt.date(2025, 4, 1)
    assert semi_independent.version == 2
    assert recodable_as(semi_independent) == ()  # once
    events = apps.get_model("placements", "PlacementEvent").objects.filter(pgh_obj=semi_independent)
    assert list(events.order_by("pgh_id").values_list("place", "recoded_from")) == [
        ("H5", ""),
        ("K3", "H5"),
    ]


def test_each_years_return_writes_the_code_of_that_year(world, semi_independent):
    assert place_in_return(world, 2025) == ["H5"]  # rule 146's failure, before re-coding
    correct_placement(placement=semi_independent, by=world.worker, expected_version=1, place="K3")
    assert place_in_return(world, 2024) == ["U4", "H5"]  # as it was at 31 March 2025
    assert place_in_return(world, 2025) == ["K3"]
    assert place_in_return(world, 2026) == ["K3"]


def test_only_a_withdrawn_type_is_recoded_and_only_to_its_successor(world, semi_independent):
    with pytest.raises(DomainError, match="Select the type that replaces H5: K3") as error:
        correct_placement(
            placement=semi_independent, by=world.worker, expected_version=1, place="U4"
        )
    assert error.value.field == "place"
    first = world.child.placements.get(started_on=dt.date(2020, 1, 1))  # U4, still in use
    assert recodable_as(first) == ()
    with pytest.raises(DomainError, match="change the placement") as error:
        correct_placement(placement=first, by=world.worker, expected_version=1, place="U6")
    assert error.value.field == "place"
    semi_independent.refresh_from_db()
    first.refresh_from_db()
    assert (semi_independent.place, first.place) == ("H5", "U4")


def test_a_placement_that_ended_while_h5_was_in_force_keeps_it(world, semi_independent):
    change_placement(
        child=world.child,
        by=world.worker,
        started_on=dt.date(2025, 3, 31),
        place="U6",
        place_provider="PR4",
        reason_place_change="CARPL",
        postcode="YO2 6PJ",
        urn="SC654321",
    )
    semi_independent.refresh_from_db()
    assert recodable_as(semi_independent) == ()
    with pytest.raises(DomainError, match="withdrawn while it was open"):
        correct_placement(
            placement=semi_independent, by=world.worker, expected_version=2, place="K3"
        )


def test_the_database_refuses_k3_dated_before_it_existed(world, semi_independent):
    refused = pytest.raises(IntegrityError, match="not a valid PLACE code for 2024-25")
    with refused, transaction.atomic():
        Placement.objects.filter(pk=semi_independent.pk).update(place="K3")
    refused = pytest.raises(IntegrityError, match="placement_recoded_from_with_date")
    with refused, transaction.atomic():
        Placement.objects.filter(pk=semi_independent.pk).update(recoded_from="H5")
    Placement.objects.filter(pk=semi_independent.pk).update(
        place="K3", recoded_from="H5", recoded_on=dt.date(2025, 4, 1)
    )


def test_those_who_may_not_move_the_child_may_not_recode(world, semi_independent):
    for person in (world.other_worker, world.inspector, world.commissioner, world.data_lead):
        with pytest.raises(DomainError) as error:
            correct_placement(placement=semi_independent, by=person, expected_version=1, place="K3")
        assert error.value.code == "forbidden"
    semi_independent.refresh_from_db()
    assert semi_independent.place == "H5"


def test_the_page_offers_the_successor_only_where_a_placement_may_be_recoded(
    world, client, semi_independent
):
    client.force_login(world.worker)
    url = reverse("placements:correct_placement", args=[world.child.pk, semi_independent.pk])
    page = client.get(url).content.decode()
    assert 'name="place"' in page and "Keep H5, no longer in use" in page
    assert "The DfE withdrew H5 from 1 April 2025" in page
    first = world.child.placements.get(started_on=dt.date(2020, 1, 1))
    other = reverse("placements:correct_placement", args=[world.child.pk, first.pk])
    assert 'name="place"' not in client.get(other).content.decode()

    response = client.post(
        url, {"place": "K3", "postcode": "YO2 6PJ", "urn": "SC123456", "version": 1}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    semi_independent.refresh_from_db()
    assert (semi_independent.place, semi_independent.recoded_from) == ("K3", "H5")
    record = client.get(reverse("placements:child", args=[world.child.pk])).content.decode()
    assert "(re-coded from H5 on 1 Apr 2025)" in record


def test_the_api_recodes_with_the_version(world, semi_independent):
    api = APIClient()
    api.force_authenticate(world.worker)
    url = reverse("api:placement-detail", args=[semi_independent.pk])
    bad = api.patch(url, {"place": "U4", "version": 1}, format="json")
    assert bad.status_code == 400 and "place" in bad.json()
    response = api.patch(url, {"place": "K3", "version": 1}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["place"], body["recoded_from"], body["recoded_on"]) == ("K3", "H5", "2025-04-01")


def test_model_validation_judges_a_recoded_placement_in_the_year_it_was_recoded(
    semi_independent,
):
    semi_independent.place = "K3"
    assert "place" in semi_independent.code_errors()
    semi_independent.recoded_from, semi_independent.recoded_on = "H5", dt.date(2025, 4, 1)
    assert semi_independent.code_errors() == {}
