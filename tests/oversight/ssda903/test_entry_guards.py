"""Rules 217, 335, 361, 362, 378, 384 and 554 asked at data entry, and postcodes checked
against the ONS directory with the placement's distance and area derived as the DfE derives
them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.errors import DomainError
from placements import postcodes
from placements.models import Adoption, AdoptionDecision, Episode
from placements.services.episodes import (
    change_legal_status,
    change_placement,
    end_period_of_care,
    start_period_of_care,
)
from tests.factories import ChildFactory, CouncilFactory

pytestmark = pytest.mark.django_db
d = dt.date
YORK, HARTLEPOOL = "E06000014", "E06000001"
IN_YORK, ALSO_IN_YORK, IN_HARTLEPOOL = "YO1 7HH", "YO24 2XB", "TS24 7QS"


STARTED = d(2025, 5, 1)


def looked_after(legal_status="C2", place="U6", provider="PR4", on=STARTED, **more):
    child = more.pop("child", None) or ChildFactory(date_of_birth=d(2014, 1, 1))
    start_period_of_care(
        child=child,
        by=None,
        started_on=on,
        legal_status=legal_status,
        cin="N1",
        place=place,
        place_provider=provider,
        postcode=more.pop("postcode", IN_YORK),
        **more,
    )
    return child


def moved(child, on, postcode, place="U5", provider="PR4", **more):
    change_placement(
        child=child,
        by=None,
        started_on=on,
        place=place,
        place_provider=provider,
        reason_place_change="CARPL",
        postcode=postcode,
        **more,
    )


def test_police_protection_cannot_end_after_more_than_72_hours():
    child = looked_after(legal_status="L1")
    with pytest.raises(DomainError) as refused:
        change_legal_status(child=child, by=None, changed_on=d(2025, 5, 6), legal_status="C1")
    assert refused.value.field == "changed_on"
    assert "Police protection legal status lasted longer than maximum 72 hours" in str(
        refused.value.message
    )
    assert "SSDA903 rule 361" in str(refused.value.message)
    # Within 72 hours it may.
    change_legal_status(child=child, by=None, changed_on=d(2025, 5, 4), legal_status="C1")
    assert child.episodes.filter(legal_status="C1").exists()


def test_an_emergency_protection_order_counts_across_a_move_and_ends_by_21_days():
    child = looked_after(legal_status="L2")
    moved(child, d(2025, 5, 10), ALSO_IN_YORK)
    with pytest.raises(DomainError, match="SSDA903 rule 362"):
        end_period_of_care(child=child, by=None, ended_on=d(2025, 5, 30), reason="E13")
    end_period_of_care(child=child, by=None, ended_on=d(2025, 5, 20), reason="E13")


def test_placed_with_parents_under_section_20_is_refused():
    with pytest.raises(DomainError) as refused:
        looked_after(legal_status="V2", place="P1", provider="PR0")
    assert refused.value.field == "place"
    assert "SSDA903 rule 378" in str(refused.value.message)
    child = looked_after(legal_status="C2", place="P1", provider="PR0")
    with pytest.raises(DomainError) as refused:
        change_legal_status(child=child, by=None, changed_on=d(2025, 6, 1), legal_status="V2")
    assert refused.value.field == "legal_status"


def test_a_short_break_in_a_long_term_foster_placement_is_refused():
    with pytest.raises(DomainError, match="SSDA903 rule 384"):
        looked_after(legal_status="V3", place="U4", provider="PR1", postcode="")
    assert not Episode.objects.filter(legal_status="V3").exists()


def test_a_postcode_that_does_not_exist_is_refused_against_its_field():
    with pytest.raises(DomainError) as refused:
        looked_after(postcode="AV1 2AB")
    assert refused.value.field == "postcode"
    assert "not in the ONS postcode directory" in str(refused.value.message)
    with pytest.raises(DomainError) as refused:
        looked_after(home_postcode="ZZ9 9ZZ")
    assert refused.value.field == "home_postcode"


def test_distance_and_area_are_derived_from_the_postcodes_as_the_dfe_derives_them():
    york = CouncilFactory(ons_code=YORK)
    child = looked_after(
        child=ChildFactory(council=york, date_of_birth=d(2014, 1, 1)),
        postcode="yo17hh",
        home_postcode=ALSO_IN_YORK,
    )
    first = child.placements.get()
    assert (first.postcode, first.out_of_area) == (IN_YORK, False)
    assert first.distance_from_home_miles == Decimal(
        str(postcodes.distance_miles(ALSO_IN_YORK, IN_YORK))
    )
    moved(child, d(2025, 6, 1), IN_HARTLEPOOL)
    now_in = child.placements.get(ended_on__isnull=True)
    assert now_in.out_of_area is True
    assert now_in.distance_from_home_miles > 20


def test_the_directory_and_the_dfe_formula():
    """A York postcode to a Hartlepool one, by the DfE's formula over the ONS grid
    references (a straight line, metres / 1000 / 1.6093): about 50 miles."""
    york, hartlepool = postcodes.lookup(IN_YORK), postcodes.lookup(IN_HARTLEPOOL)
    assert (york.council, hartlepool.council) == (YORK, HARTLEPOOL)
    metres = (
        (york.easting - hartlepool.easting) ** 2 + (york.northing - hartlepool.northing) ** 2
    ) ** 0.5
    assert postcodes.distance_miles(IN_YORK, IN_HARTLEPOOL) == round(metres / 1000 / 1.6093, 1)
    assert 40 < postcodes.distance_miles(IN_YORK, IN_HARTLEPOOL) < 60
    assert postcodes.location(IN_HARTLEPOOL, YORK) == "OUT"
    assert postcodes.lookup("AV1 2AB") is None
    assert postcodes.normalise(" yo19 4qq ") == "YO19 4QQ"


def placed_for_adoption(child, on, *, same_carer):
    """Moved into A5: placed for adoption with a placement order, with the foster carer."""
    moved(child, on, IN_YORK, place="A5", provider="PR1", same_carer=same_carer)


def test_placed_for_adoption_with_the_foster_carer_only_with_that_same_carer():
    child = looked_after(legal_status="E1", place="U1", provider="PR1")
    with pytest.raises(DomainError) as refused:
        placed_for_adoption(child, d(2025, 7, 1), same_carer=False)
    assert refused.value.field == "place"
    assert "SSDA903 rule 217" in str(refused.value.message)
    assert child.episodes.count() == 1
    placed_for_adoption(child, d(2025, 7, 1), same_carer=True)
    assert child.episodes.latest("decom").rne == "T"
    # While placed for adoption with the foster carer the legal status cannot change alone.
    with pytest.raises(DomainError) as refused:
        change_legal_status(child=child, by=None, changed_on=d(2025, 8, 1), legal_status="D1")
    assert refused.value.field == "legal_status"
    assert "SSDA903 rule 217" in str(refused.value.message)
    assert child.episodes.count() == 2


def decided_for_adoption():
    """A child in foster care (U1) since May 2025, with the decision to place for adoption
    made on 1 June."""
    child = looked_after(legal_status="C2", place="U1", provider="PR1")
    AdoptionDecision.objects.create(child=child, decided_on=d(2025, 6, 1))
    return child


def test_a_placement_order_before_the_decision_to_place_is_refused():
    child = decided_for_adoption()
    with pytest.raises(DomainError) as refused:
        change_legal_status(child=child, by=None, changed_on=d(2025, 5, 20), legal_status="E1")
    assert refused.value.field == "changed_on"
    assert "recorded as 1 June 2025" in str(refused.value.message)
    assert "SSDA903 rule 554" in str(refused.value.message)
    assert child.episodes.count() == 1
    change_legal_status(child=child, by=None, changed_on=d(2025, 7, 1), legal_status="E1")
    # A decision recorded later, dated after the order, is refused in its turn.
    late = AdoptionDecision(child=child, decided_on=d(2025, 7, 15))
    with pytest.raises(ValidationError) as refused:
        late.full_clean()
    assert "SSDA903 rule 554" in refused.value.message_dict["decided_on"][0]
    AdoptionDecision(child=child, decided_on=d(2025, 7, 1)).full_clean()


def test_adopted_by_the_foster_carer_agrees_with_the_placement_for_adoption(admin_client):
    child = decided_for_adoption()
    change_legal_status(child=child, by=None, changed_on=d(2025, 7, 1), legal_status="E1")
    placed_for_adoption(child, d(2025, 8, 1), same_carer=True)
    adoption = {
        "child": child.pk,
        "decision_on": "2025-06-01",
        "matched_on": "2025-07-20",
        "number_of_adopters": 2,
        "sex_of_adopters": "MF",
        "legal_status_of_adopters": "L11",
    }
    add = reverse("admin:placements_adoption_add")
    refused = admin_client.post(add, adoption)  # by_foster_carer unticked: not the carer
    assert refused.status_code == 200
    assert "SSDA903 rule 335" in refused.context["adminform"].form.errors["by_foster_carer"][0]
    assert not Adoption.objects.exists()
    assert admin_client.post(add, adoption | {"by_foster_carer": "on"}).status_code == 302
    assert Adoption.objects.get(child=child).by_foster_carer is True
