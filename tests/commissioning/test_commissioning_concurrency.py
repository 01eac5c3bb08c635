"""Race safety on real PostgreSQL: threads, each on its own connection, all at once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from commissioning.models import Budget, Contract, Referral, SpendRequest, financial_year_of
from commissioning.selectors.budgets import budget_figures, used_total
from commissioning.services.referrals import accept_referral, refer_child
from commissioning.services.spend import approve_spend, request_spend
from core.errors import DomainError
from placements.models import Allocation
from tests.commissioning.conftest import today
from tests.commissioning.test_referrals import looked_after
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db(transaction=True)


def all_at_once(jobs):
    """Run each job in its own thread, released together; return (results, errors)."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait()
            result = job()
            with lock:
                results.append(result)
        except DomainError as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.fixture
def world(transactional_db):
    from tests.personas import build_world

    return build_world()


def test_fifty_parallel_spend_requests_never_overspend_and_leave_the_budget_exact(world):
    Contract.objects.filter(pk=world.contract.pk).update(
        delegated_limit_per_child_year=Decimal("1000000.00")
    )
    budget = Budget.objects.create(
        contract=world.contract,
        financial_year=financial_year_of(today()),
        amount=Decimal("10000.00"),
    )

    def job(n):
        return lambda: request_spend(
            child=world.child,
            by=world.manager,
            category="item",
            description=f"Item {n}",
            frequency="one_off",
            amount=Decimal("300.00"),
            starts_on=today(),
            reason="Needed",
        )

    results, errors = all_at_once([job(n) for n in range(50)])
    assert len(results) == 33 and len(errors) == 17
    assert {e.code for e in errors} == {"over_budget"}
    approved = SpendRequest.objects.filter(status="approved")
    assert approved.count() == 33
    assert SpendRequest.objects.exclude(status="approved").count() == 0
    figures = budget_figures(budget)
    assert used_total(budget) == Decimal("9900.00") == figures.used
    assert figures.remaining == Decimal("100.00")
    assert sum(r.committed_amount for r in approved) == figures.used


def test_approving_the_same_request_twice_at_once_applies_it_once(world):
    Budget.objects.create(
        contract=world.contract, financial_year=financial_year_of(today()), amount=Decimal("5000")
    )
    request = request_spend(
        child=world.child,
        by=world.worker,
        category="service",
        description="Therapy",
        frequency="one_off",
        amount=Decimal("900.00"),
        starts_on=today(),
        reason="Needed",
    )
    approvers = [world.commissioner, world.senior_commissioner] * 5
    results, errors = all_at_once(
        [lambda who=who: approve_spend(spend_request=request, by=who) for who in approvers]
    )
    assert len(results) == 1 and len(errors) == 9
    assert {e.code for e in errors} == {"already_decided"}
    assert used_total(Budget.objects.get()) == Decimal("900.00")


def test_two_acceptances_for_the_last_place_at_the_same_moment_one_wins(world):
    held = Allocation.objects.filter(contract=world.contract, ended_on__isnull=True).count()
    Contract.objects.filter(pk=world.contract.pk).update(capacity=held + 1)
    referrals = []
    for name in ("First", "Second"):
        child = looked_after(ChildFactory(council=world.council, first_name=name))
        Allocation.objects.create(child=child, practice=None, started_on=child.date_of_birth)
        referrals.append(
            refer_child(child=child, contract=world.contract, reason="Place", by=world.commissioner)
        )
    results, errors = all_at_once(
        [
            lambda r=r: accept_referral(
                referral=r, worker=world.worker, started_on=today(), by=world.manager
            )
            for r in referrals
        ]
    )
    assert len(results) == 1 and len(errors) == 1
    assert errors[0].code == "at_capacity"
    assert Allocation.objects.filter(contract=world.contract, ended_on__isnull=True).count() == (
        held + 1
    )
    assert sorted(Referral.objects.values_list("status", flat=True)) == ["accepted", "pending"]
