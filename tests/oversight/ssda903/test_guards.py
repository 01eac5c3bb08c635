"""The DfE's rules asked as a placement is typed: refused in the rule's own words, against
the field to change, before anything is saved (oversight/ssda903/guards.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from oversight.ssda903.guards import PLACEMENT_RULES, placement_problems
from placements.models import Episode
from placements.services.episodes import start_period_of_care
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

REFUSED = [
    ("P1", "PR1", "527"),
    ("R2", "PR2", "528"),
    ("K1", "PR3", "529"),
    ("P1", "PR4", "530"),
    ("P1", "PR5", "531"),
    ("U4", "PR0", "550"),
]


@pytest.mark.parametrize(("place", "provider", "code"), REFUSED)
def test_a_provider_that_cannot_provide_the_placement_is_refused_with_the_rules_words(
    place, provider, code
):
    rule = next(r for r in PLACEMENT_RULES if r.code == code)
    assert placement_problems(place, provider) == [(code, rule.message())]
    child = ChildFactory()
    with pytest.raises(DomainError) as refused:
        start_period_of_care(
            child=child,
            by=None,
            started_on=dt.date(2025, 5, 1),
            legal_status="C2",
            cin="N1",
            place=place,
            place_provider=provider,
        )
    assert refused.value.field == "place_provider"
    assert str(refused.value.message) == f"{rule.message()} (SSDA903 rule {code})"
    assert not Episode.objects.filter(child=child).exists()


@pytest.mark.parametrize(("place", "provider"), [("P1", "PR0"), ("U4", "PR1"), ("K1", "PR4")])
def test_a_provider_that_can_provide_the_placement_passes(place, provider):
    assert placement_problems(place, provider) == []


def test_the_change_of_placement_page_shows_the_rule_against_the_provider(world, client):
    client.force_login(world.worker)
    today = timezone.localdate()
    response = client.post(
        reverse("placements:change_placement", args=[world.child.pk]),
        {
            "started_on_day": today.day,
            "started_on_month": today.month,
            "started_on_year": today.year,
            "place": "P1",
            "place_provider": "PR4",
            "same_carer": "no",
            "carer_name": "Parent",
            "postcode": "YO2 6PJ",
            "reason_place_change": "CARPL",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "A placement provider code of PR4 cannot be associated with placement P1." in html
    assert "SSDA903 rule 530" in html
    assert Episode.objects.filter(child=world.child).count() == 1


@pytest.mark.parametrize(
    ("legal_status", "uasc", "postcode", "refused"),
    [
        ("C2", False, "", True),
        ("C2", False, "YO1 3RU", False),
        ("V3", False, "", False),  # short breaks: no postcodes in the return
        ("V4", False, "", False),
        ("C2", True, "", False),  # unaccompanied asylum-seeking children are exempt
    ],
)
def test_a_placement_postcode_is_asked_for_as_rule_392B_does(legal_status, uasc, postcode, refused):
    from oversight.ssda903.guards import postcode_problem

    problem = postcode_problem(legal_status=legal_status, uasc=uasc, postcode=postcode)
    assert (problem is not None) == refused
    if refused:
        assert problem[0] == "392B"
