"""A practice with contracts with two councils: each council's commissioners see only
their own contract's rows and children; the practice's manager sees both, separately."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import SpendRequest
from commissioning.selectors.statements import statement
from placements.services.allocations import allocate_child, allocate_worker
from tests.commissioning.conftest import give_budget, today
from tests.factories import ChildFactory, ContractFactory

pytestmark = pytest.mark.django_db


def ask(world, child, budget, description):
    return SpendRequest.objects.create(
        contract=budget.contract,
        budget=budget,
        child=child,
        category="service",
        description=description,
        frequency="one_off",
        amount=Decimal("900.00"),
        starts_on=today(),
        committed_amount=Decimal("900.00"),
        reason="Needed",
        level="council",
        requested_by=world.manager,
    )


@pytest.fixture
def two(world):
    """Practice P also works for council B: Eli (council B) is held under that contract."""
    world.contract_b = ContractFactory(council=world.other_council, practice=world.practice)
    world.eli = ChildFactory(council=world.other_council, first_name="Eli", last_name="Bee")
    allocate_child(
        child=world.eli,
        practice=world.practice,
        contract=world.contract_b,
        started_on=today().replace(day=1),
        by=None,
    )
    allocate_worker(child=world.eli, worker=world.manager, started_on=today(), by=None)
    world.budget_a = give_budget(world.contract)
    world.budget_b = give_budget(world.contract_b)
    world.request_a = ask(world, world.child, world.budget_a, "Therapy for Amara")
    world.request_b = ask(world, world.eli, world.budget_b, "Tutoring for Eli")
    return world


def page(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(f"commissioning:{name}", args=args), query)


def test_each_councils_commissioner_sees_only_their_contract(two, client):
    for mine, theirs, budget, other_budget, request_mine, request_theirs in (
        (two.commissioner, two.contract_b, two.budget_a, two.budget_b, "Amara", "Eli"),
        (two.other_commissioner, two.contract, two.budget_b, two.budget_a, "Eli", "Amara"),
    ):
        contracts = page(client, mine, "contracts").content.decode()
        assert theirs.reference not in contracts
        assert page(client, mine, "contract", theirs.pk).status_code == 404
        assert page(client, mine, "budget", other_budget.pk).status_code == 404
        assert page(client, mine, "budget", budget.pk).status_code == 200
        spending = page(client, mine, "spend_requests").content.decode()
        assert f"Therapy for {request_mine}" in spending or f"Tutoring for {request_mine}" in (
            spending
        )
        assert request_theirs not in spending
        year, month = today().year, today().month
        assert page(client, mine, "statement", theirs.pk, year, month).status_code == 404


def test_the_practice_manager_sees_both_contracts_each_with_its_own_children(two, client):
    contracts = page(client, two.manager, "contracts").content.decode()
    assert two.contract.reference in contracts and two.contract_b.reference in contracts
    spending = page(client, two.manager, "spend_requests").content.decode()
    assert "Therapy for Amara" in spending and "Tutoring for Eli" in spending
    lines_b = statement(two.contract_b, today().replace(day=1))
    assert {line.child_id for line in lines_b.fees} == {two.eli.pk}
    lines_a = statement(two.contract, today().replace(day=1))
    assert two.eli.pk not in {line.child_id for line in lines_a.fees}


def test_the_comparison_counts_only_the_councils_own_children(two, client):
    client.force_login(two.other_commissioner)
    drill = client.get(
        reverse("commissioning:comparison_children"),
        {"holder": two.practice.pk, "figure": "children"},
    ).content.decode()
    assert "Eli Bee" in drill and "Amara" not in drill
    client.force_login(two.commissioner)
    drill = client.get(
        reverse("commissioning:comparison_children"),
        {"holder": two.practice.pk, "figure": "children"},
    ).content.decode()
    assert "Amara Held" in drill and "Eli" not in drill
