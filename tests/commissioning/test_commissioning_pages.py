"""The commissioner's and the practice manager's pages, end to end with the test client:
each form calls its service, refusals show in the error summary, the wrong person is
refused (403) or told nothing exists (404)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import Budget, Contract, ContractVariation, Referral, SpendRequest
from placements.models import Allocation
from tests.commissioning.conftest import date_fields, give_budget, today
from tests.commissioning.test_referrals import looked_after
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def post(client, user, name, args=(), data=None):
    client.force_login(user)
    return client.post(reverse(f"commissioning:{name}", args=args), data or {})


def test_commissioner_drafts_signs_and_varies_a_contract(world, client):
    practice = PracticeFactory(name="Practice S", ofsted_urn="SC654321")
    response = post(
        client,
        world.commissioner,
        "contract_new",
        data={
            "reference": "A-S-1",
            "practice": practice.pk,
            "kind": "block",
            **date_fields("starts_on", today()),
            **date_fields("ends_on", today() + dt.timedelta(days=3 * 365)),
            "notice_period_days": "90",
            "cohort": "Teenagers in the east",
            "functions": ["looked_after_casework", "visits"],
            "capacity": "12",
            "block_amount_per_month": "30000.00",
            "annual_value": "360000.00",
            "delegated_limit_per_item": "500.00",
            "delegated_limit_per_child_year": "4000.00",
            "senior_approval_threshold": "10000.00",
        },
    )
    contract = Contract.objects.get(reference="A-S-1")
    assert response.status_code == 302 and contract.status == "draft"
    assert post(client, world.commissioner, "contract_activate", [contract.pk]).status_code == 302
    contract.refresh_from_db()
    assert contract.status == "active"
    response = post(
        client,
        world.commissioner,
        "contract_vary",
        [contract.pk],
        {
            **date_fields("effective_from", today()),
            "reason": "Two more places",
            "status": "active",
            **date_fields("ends_on", contract.ends_on),
            "capacity": "14",
            "weekly_price_per_child": "",
            "block_amount_per_month": "30000.00",
            "annual_value": "360000.00",
            "delegated_limit_per_item": "500.00",
            "delegated_limit_per_child_year": "4000.00",
            "senior_approval_threshold": "10000.00",
        },
    )
    assert response.status_code == 302
    variation = ContractVariation.objects.get(contract=contract)
    assert variation.new_terms == {"capacity": 14} and variation.previous_terms == {"capacity": 12}
    page = client.get(reverse("commissioning:contract", args=[contract.pk])).content.decode()
    assert "Two more places" in page and "Variation 1" in page


def test_a_variation_without_a_change_is_shown_in_the_error_summary(world, client):
    c = world.contract
    response = post(
        client,
        world.commissioner,
        "contract_vary",
        [c.pk],
        {
            **date_fields("effective_from", today()),
            "reason": "Nothing really",
            "status": "active",
            **date_fields("ends_on", c.ends_on),
            "capacity": str(c.capacity),
            "weekly_price_per_child": str(c.weekly_price_per_child),
            "block_amount_per_month": "",
            "annual_value": str(c.annual_value),
            "delegated_limit_per_item": str(c.delegated_limit_per_item),
            "delegated_limit_per_child_year": str(c.delegated_limit_per_child_year),
            "senior_approval_threshold": str(c.senior_approval_threshold),
        },
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert "Nothing changed" in response.content.decode()


def test_refer_accept_and_take_back_through_the_pages(world, client):
    looked_after(world.child_council)
    response = post(
        client,
        world.commissioner,
        "referral_new",
        data={"child": world.child_council.pk, "contract": world.contract.pk, "reason": "Fit"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    response = post(
        client,
        world.manager,
        "referral_accept",
        [referral.pk],
        {"worker": world.worker.pk, **date_fields("started_on", today())},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:child", args=[world.child_council.pk])
    allocation = Allocation.objects.get(child=world.child_council, ended_on__isnull=True)
    assert allocation.practice == world.practice
    response = post(
        client,
        world.commissioner,
        "case_take_back",
        [allocation.pk],
        {
            **date_fields("ended_on", today() + __import__("datetime").timedelta(days=1)),
            "reason": "Return",
        },
    )
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.ended_on is not None


def test_the_wrong_people_cannot_decide(world, client):
    looked_after(world.child_council)
    referral = Referral.objects.create(
        child=world.child_council,
        contract=world.contract,
        reason="x",
        referred_by=world.commissioner,
    )
    data = {"worker": world.worker.pk, **date_fields("started_on", today())}
    assert (
        post(client, world.commissioner, "referral_accept", [referral.pk], data).status_code == 403
    )
    assert post(client, world.worker, "referral_accept", [referral.pk], data).status_code == 403
    assert (
        post(client, world.other_commissioner, "referral_accept", [referral.pk], data).status_code
        == 404
    )
    assert post(client, world.inspector, "referral_accept", [referral.pk], data).status_code == 403
    assert Referral.objects.get().status == "pending"


def test_worker_asks_the_council_approves_and_the_budget_shows_it_committed(world, client):
    budget = give_budget(world.contract, "5000.00")
    response = post(
        client,
        world.worker,
        "spend_new",
        data={
            "child": world.child.pk,
            "category": "service",
            "description": "Play therapy",
            "frequency": "one_off",
            "amount": "800.00",
            **date_fields("starts_on", today()),
            "reason": "Recommended by CAMHS",
        },
    )
    request = SpendRequest.objects.get()
    assert response.status_code == 302 and request.level == "council"
    assert post(client, world.manager, "spend_approve", [request.pk]).status_code == 403
    assert (
        post(client, world.commissioner, "spend_refuse", [request.pk], {"reason": ""}).status_code
        == 400
    )
    assert post(client, world.commissioner, "spend_approve", [request.pk]).status_code == 302
    again = post(client, world.senior_commissioner, "spend_approve", [request.pk])
    assert again.status_code == 400 and "already been approved" in again.content.decode()
    page = client.get(reverse("commissioning:budget", args=[budget.pk])).content.decode()
    assert "Play therapy" in page and "£4,200.00" in page  # £5,000 less £800


def test_a_placement_change_over_the_limit_says_a_request_went_to_the_council(world, client):
    give_budget(world.contract)
    client.force_login(world.worker)
    response = client.post(
        reverse("placements:change_placement", args=[world.child.pk]),
        {
            **date_fields("started_on", today()),
            "place": "U6",
            "place_provider": "PR4",
            "same_carer": "no",
            "carer_name": "The Okafor family",
            "postcode": "YO2 6PJ",
            "reason_place_change": "CARPL",
            "weekly_cost": "2500.00",
        },
    )
    assert response.status_code == 400
    assert "was sent to the council" in response.content.decode()
    assert SpendRequest.objects.get().category == "placement"


def test_set_a_budget_and_a_target_through_the_pages(world, client):
    year = __import__("commissioning.models", fromlist=["x"]).financial_year_of(today())
    response = post(
        client,
        world.commissioner,
        "budget_new",
        [world.contract.pk],
        {"financial_year": year, "amount": "75000.00"},
    )
    assert response.status_code == 302
    assert Budget.objects.get().amount == Decimal("75000.00")
    response = post(
        client,
        world.commissioner,
        "target_new",
        [world.contract.pk],
        {
            "indicator": "visits_on_time",
            "direction": "at_least",
            "threshold": "95",
            "reason": "Agreed",
        },
    )
    assert response.status_code == 302
    assert world.contract.targets.get().threshold == Decimal("95")
    assert (
        post(
            client,
            world.manager,
            "budget_new",
            [world.contract.pk],
            {"financial_year": year, "amount": "1"},
        ).status_code
        == 403
    )


def test_the_children_a_contract_holds_are_listed_by_pages(world, client):
    from commissioning.views.contracts import CASES_PER_PAGE
    from placements.services.allocations import allocate_child
    from tests.factories import ChildFactory

    for child in ChildFactory.create_batch(CASES_PER_PAGE, council=world.council):
        allocate_child(
            child=child,
            practice=world.practice,
            contract=world.contract,
            started_on=today(),
            by=None,
        )
    client.force_login(world.commissioner)
    url = reverse("commissioning:contract", args=[world.contract.pk])
    first = client.get(url).content.decode()
    held = CASES_PER_PAGE + 1  # and Amara, held since 2020
    assert f"{held} of {world.contract.capacity} children" in first
    assert first.count(">Take back<") == CASES_PER_PAGE
    assert "Page 1 of 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count(">Take back<") == 1
