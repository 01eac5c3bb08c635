"""The queues run the same number of queries for 5 and for 50 rows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.models import Referral, SpendRequest
from tests.commissioning.conftest import give_budget, today
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def add_requests(world, budget, size):
    SpendRequest.objects.bulk_create(
        SpendRequest(
            contract=world.contract,
            budget=budget,
            child=world.child,
            category="service",
            description=f"Therapy {n}",
            frequency="one_off",
            amount=Decimal("900.00"),
            starts_on=today(),
            committed_amount=Decimal("900.00"),
            reason="Needed",
            level="council",
            requested_by=world.worker,
        )
        for n in range(size)
    )


def add_referrals(world, size):
    Referral.objects.bulk_create(
        Referral(
            child=child,
            contract=world.contract,
            reason="Needs a practice",
            referred_by=world.commissioner,
        )
        for child in ChildFactory.create_batch(size, council=world.council)
    )


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("route", "person", "add", "expected"),
    [
        # session, user, memberships; requests waiting for me (one query, joined); the
        # other requests (one query); the session save (savepoint, update, release)
        ("commissioning:spend_requests", "commissioner", "requests", 8),
        # the same queue from the practice side
        ("commissioning:spend_requests", "manager", "requests", 8),
        # session, user, memberships; referrals (one query, joined); session save
        ("commissioning:referrals", "manager", "referrals", 7),
        ("commissioning:referrals", "commissioner", "referrals", 7),
        # session, user, memberships; targets missed; requests waiting and their count;
        # referrals waiting; contracts ending; session save
        ("commissioning:home", "commissioner", "both", 11),
    ],
)
def test_queue_runs_the_same_queries_for_5_and_50_rows(world, client, route, person, add, expected):
    budget = give_budget(world.contract)
    client.force_login(getattr(world, person))
    url = reverse(route)
    for size in (5, 45):
        if add in ("requests", "both"):
            add_requests(world, budget, size)
        if add in ("referrals", "both"):
            add_referrals(world, size)
        assert count(client, url) == expected, f"with {size} more rows"


def hold_children(world, size):
    from placements.services.allocations import allocate_child

    for child in ChildFactory.create_batch(size, council=world.council):
        allocate_child(
            child=child,
            practice=world.practice,
            contract=world.contract,
            started_on=today().replace(day=1),
            by=None,
        )


@pytest.mark.parametrize(
    ("route", "person"),
    [
        ("budget", "commissioner"),
        ("budget", "manager"),
        ("contract", "commissioner"),
        ("contract", "manager"),
        ("statement", "commissioner"),
        ("contracts", "commissioner"),
    ],
)
def test_contract_budget_and_statement_pages_run_the_same_queries_for_5_and_50_rows(
    world, client, route, person
):
    from tests.factories import ContractFactory, PracticeFactory

    budget = give_budget(world.contract)
    client.force_login(getattr(world, person))
    args = {
        "budget": [budget.pk],
        "contract": [world.contract.pk],
        "statement": [world.contract.pk, today().year, today().month],
        "contracts": [],
    }[route]
    url = reverse(f"commissioning:{route}", args=args)
    counts = []
    for size in (5, 45):
        add_requests(world, budget, size)  # approved
        SpendRequest.objects.filter(status="pending").update(
            status="approved", decided_at=world.contract.created_at
        )
        add_requests(world, budget, size)  # and as many waiting
        hold_children(world, size)
        ContractFactory.create_batch(size // 5, council=world.council, practice=PracticeFactory())
        counts.append(count(client, url))
    assert counts[0] == counts[1], f"{route}: {counts}"
