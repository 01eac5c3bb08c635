"""seed_demo gives commissioners a realistic world: targets, budgets that reconcile, spend
and referrals waiting, snapshots; every decision made by someone allowed to make it."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from commissioning.models import (
    Budget,
    Contract,
    ContractVariation,
    PerformanceSnapshot,
    PerformanceTarget,
    Referral,
    SpendRequest,
    financial_year_of,
)
from commissioning.seeding import TARGETS, seed_commissioning
from commissioning.selectors.budgets import budget_figures
from commissioning.services.contracts import price_segments
from commissioning.services.spend import committed_amount, may_decide

pytestmark = [pytest.mark.seeding, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def seeded():
    out = io.StringIO()
    call_command(
        "seed_demo",
        children=1200,
        seed=7,
        councils=2,
        practices=3,
        today=TODAY,
        reset=True,
        stdout=out,
    )
    return out.getvalue()


def test_every_contract_in_force_has_targets_budgets_and_snapshots(seeded):
    assert "Commissioning in" in seeded
    in_force = Contract.objects.filter(status="active", ends_on__gte=TODAY)
    assert in_force.count() >= 3
    year = financial_year_of(TODAY)
    for contract in in_force:
        targets = PerformanceTarget.objects.filter(contract=contract, ended_at__isnull=True)
        assert sorted(targets.values_list("indicator", flat=True)) == sorted(t[0] for t in TARGETS)
        years = set(
            Budget.objects.filter(contract=contract).values_list("financial_year", flat=True)
        )
        assert years == {year - 1, year}
        months = PerformanceSnapshot.objects.filter(contract=contract).values("month").distinct()
        assert months.count() == 12


def test_budgets_cover_what_is_approved_and_the_lines_reconcile(seeded):
    for budget in Budget.objects.all():
        figures = budget_figures(budget, today=TODAY)
        assert dt.date(2000, 1, 1) < budget.starts_on
        assert Decimal(0) <= figures.used <= budget.amount, budget
        assert figures.used == figures.spent + figures.committed
    approved = SpendRequest.objects.filter(status="approved")
    assert approved.exists()
    for request in approved:
        assert request.committed_amount == committed_amount(
            frequency=request.frequency,
            amount=request.amount,
            starts_on=request.starts_on,
            ends_on=request.ends_on,
        )


def test_requests_wait_at_every_level_and_decisions_were_made_by_the_right_people(seeded):
    waiting = dict(
        SpendRequest.objects.filter(status="pending")
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    assert set(waiting) == {"practice", "council", "senior"}
    decided = SpendRequest.objects.exclude(status="pending").select_related(
        "contract", "decided_by"
    )
    assert {r.status for r in decided} == {"approved", "refused"}
    for request in decided:
        assert may_decide(request.decided_by, request), request
        assert request.budget.financial_year == financial_year_of(request.starts_on)


def test_referrals_wait_for_each_practice_and_accepted_ones_started_its_allocations(seeded):
    for contract in Contract.objects.filter(status="active", ends_on__gte=TODAY):
        assert Referral.objects.filter(contract=contract, status="pending").count() == 3
    accepted = Referral.objects.filter(status="accepted").select_related("allocation")
    assert accepted.exists()
    for referral in accepted:
        assert referral.allocation.contract_id == referral.contract_id
        assert referral.allocation.child_id == referral.child_id


def test_price_variations_keep_the_old_price_and_seeding_again_adds_nothing(seeded):
    uplift = ContractVariation.objects.filter(new_terms__has_key="weekly_price_per_child").first()
    assert uplift is not None
    contract = uplift.contract
    assert contract.weekly_price_per_child == Decimal(uplift.new_terms["weekly_price_per_child"])
    before, after = price_segments(
        contract, uplift.effective_from - dt.timedelta(days=1), uplift.effective_from
    )
    assert before["weekly_price_per_child"] == Decimal(
        uplift.previous_terms["weekly_price_per_child"]
    )
    assert after["weekly_price_per_child"] == contract.weekly_price_per_child

    again = seed_commissioning(today=TODAY, seed=7)
    assert {k: v for k, v in again.items() if k != "snapshots"} == {
        "targets": 0,
        "variations": 0,
        "budgets": 0,
        "spend_requests": 0,
        "referrals_accepted": 0,
        "referrals_waiting_or_declined": 0,
        "notifications": 0,
    }
