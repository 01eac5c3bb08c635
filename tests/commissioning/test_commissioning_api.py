"""The commissioning API: the same services as the pages, the same refusals, JSON errors
naming the field, and figures that match the budget page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning.models import Budget, ContractVariation, Referral, SpendRequest
from placements.models import Allocation
from tests.commissioning.conftest import give_budget, today
from tests.commissioning.test_referrals import looked_after

pytestmark = pytest.mark.django_db


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def therapy(world, amount="800.00"):
    return {
        "child": world.child.pk,
        "category": "service",
        "description": "Play therapy",
        "frequency": "one_off",
        "amount": amount,
        "starts_on": today().isoformat(),
        "reason": "Recommended by CAMHS",
    }


def test_refer_then_accept_through_the_api_allocates_the_case(world):
    looked_after(world.child_council)
    data = {"child": world.child_council.pk, "contract": world.contract.pk, "reason": "Fit"}
    # the practice cannot see a child the council's own team holds; an inspector has no
    # commissioning role
    assert as_user(world.manager).post(url("referral-list"), data).status_code == 404
    assert as_user(world.inspector).post(url("referral-list"), data).status_code == 403
    created = as_user(world.commissioner).post(url("referral-list"), data)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]

    accept = {"worker": world.worker.pk, "started_on": today().isoformat()}
    assert as_user(world.commissioner).post(url("referral-accept", pk), accept).status_code == 403
    assert as_user(world.worker).post(url("referral-accept", pk), accept).status_code == 403
    assert (
        as_user(world.other_commissioner).post(url("referral-accept", pk), accept).status_code
        == 404
    )
    bad = as_user(world.manager).post(url("referral-accept", pk), {"worker": world.worker.pk})
    assert bad.status_code == 400 and "started_on" in bad.json()
    stranger = as_user(world.manager).post(
        url("referral-accept", pk), accept | {"worker": world.other_worker.pk}
    )
    assert stranger.status_code == 400 and "worker" in stranger.json()
    done = as_user(world.manager).post(url("referral-accept", pk), accept)
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    held = Allocation.objects.get(child=world.child_council, ended_on__isnull=True)
    assert (held.practice, held.contract) == (world.practice, world.contract)
    again = as_user(world.manager).post(url("referral-accept", pk), accept)
    assert again.status_code == 400
    assert Referral.objects.get().allocation == held


def test_declining_needs_a_reason(world):
    looked_after(world.child_council)
    referral = Referral.objects.create(
        child=world.child_council,
        contract=world.contract,
        reason="x",
        referred_by=world.commissioner,
    )
    empty = as_user(world.manager).post(url("referral-decline", referral.pk), {"reason": ""})
    assert empty.status_code == 400 and "reason" in empty.json()
    done = as_user(world.manager).post(
        url("referral-decline", referral.pk), {"reason": "No worker near the school"}
    )
    assert done.status_code == 200 and done.json()["status"] == "declined"


def test_a_request_over_the_limit_waits_for_the_council_and_is_approved_once(world):
    budget = give_budget(world.contract, "5000.00")
    asked = as_user(world.worker).post(url("spend-request-list"), therapy(world))
    assert asked.status_code == 201, asked.json()
    body = asked.json()
    assert (body["level"], body["status"], body["committed_amount"]) == (
        "council",
        "pending",
        "800.00",
    )
    pk = body["id"]
    waiting = as_user(world.commissioner).get(url("spend-request-waiting")).json()["results"]
    assert [r["id"] for r in waiting] == [pk]
    assert as_user(world.other_commissioner).get(url("spend-request-detail", pk)).status_code == 404
    assert as_user(world.manager).post(url("spend-request-approve", pk), {}).status_code == 403
    assert as_user(world.inspector).post(url("spend-request-approve", pk), {}).status_code == 403
    approved = as_user(world.commissioner).post(url("spend-request-approve", pk), {})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    twice = as_user(world.senior_commissioner).post(url("spend-request-approve", pk), {})
    assert twice.status_code == 400 and "already been approved" in str(twice.json())
    figures = as_user(world.manager).get(url("budget-detail", budget.pk)).json()
    assert Decimal(figures["remaining"]) == Decimal("4200.00")
    assert Decimal(figures["committed"]) + Decimal(figures["spent"]) == Decimal("800.00")


def test_bad_spend_requests_are_400_with_the_field_named(world):
    give_budget(world.contract, "5000.00")
    client = as_user(world.worker)
    for change, field in (
        ({"amount": "-5"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"reason": ""}, "reason"),
        ({"frequency": "monthly"}, "frequency"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
    ):
        response = client.post(url("spend-request-list"), therapy(world) | change)
        assert response.status_code == 400, change
        assert field in response.json(), (change, response.json())
    other = as_user(world.other_worker).post(url("spend-request-list"), therapy(world))
    assert other.status_code == 404
    assert SpendRequest.objects.count() == 0


def test_contracts_budgets_and_variations_through_the_api(world):
    contract = world.contract
    listed = as_user(world.other_commissioner).get(url("contract-list")).json()["results"]
    assert contract.pk not in {c["id"] for c in listed}
    assert as_user(world.worker).get(url("contract-list")).status_code == 403
    vary = {
        "effective_from": today().isoformat(),
        "reason": "Two more places",
        "capacity": contract.capacity + 2,
    }
    assert as_user(world.manager).post(url("contract-vary", contract.pk), vary).status_code == 403
    varied = as_user(world.commissioner).post(url("contract-vary", contract.pk), vary)
    assert varied.status_code == 201, varied.json()
    variation = ContractVariation.objects.get()
    assert variation.previous_terms == {"capacity": contract.capacity}
    nothing = as_user(world.commissioner).post(
        url("contract-vary", contract.pk), vary | {"reason": ""}
    )
    assert nothing.status_code == 400

    year = today().year if today().month >= 4 else today().year - 1
    budget = {"contract": contract.pk, "financial_year": year, "amount": "25000.00"}
    assert as_user(world.manager).post(url("budget-list"), budget).status_code == 403
    assert as_user(world.commissioner).post(url("budget-list"), budget).status_code == 201
    assert Budget.objects.get().amount == Decimal("25000.00")
    negative = as_user(world.commissioner).post(url("budget-list"), budget | {"amount": "-1"})
    assert negative.status_code == 400 and "amount" in negative.json()


def test_statement_and_comparison_endpoints(world):
    month = (today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    client = as_user(world.commissioner)
    statement = client.get(url("contract-statement", world.contract.pk), {"month": month})
    assert statement.status_code == 200
    body = statement.json()
    assert Decimal(body["total"]) == Decimal(body["fees_total"]) + Decimal(body["spend_total"])
    assert Decimal(body["fees_total"]) == sum(Decimal(f["amount"]) for f in body["fees"])
    bad = client.get(url("contract-statement", world.contract.pk), {"month": "last month"})
    assert bad.status_code == 400 and "month" in bad.json()
    compared = client.get(url("comparison")).json()
    assert [r["name"] for r in compared["rows"]] == ["Practice P", "Council's own teams"]
    assert as_user(world.manager).get(url("comparison")).status_code == 403
