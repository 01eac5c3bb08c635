"""Spend requests: routed by the contract's limits, decided by the right person, committed
once, and a placement over the limit becomes a request to the council."""

import datetime as dt
from decimal import Decimal

import pytest

from commissioning.models import SpendRequest
from commissioning.selectors.budgets import budget_figures, used_total
from commissioning.services.spend import approve_spend, refuse_spend, request_spend
from core.errors import DomainError
from placements.models import Episode, PlacementCost
from placements.services.episodes import change_placement
from tests.commissioning.conftest import today

pytestmark = pytest.mark.django_db


def ask(w, by, amount, *, frequency="one_off", category="item", **extra):
    return request_spend(
        child=w.child,
        by=by,
        category=category,
        description="Laptop for school",
        frequency=frequency,
        amount=Decimal(amount),
        starts_on=extra.pop("starts_on", today()),
        reason="Needed for homework",
        **extra,
    )


def test_manager_request_within_the_limits_is_approved_and_committed_at_once(funded):
    request = ask(funded, funded.manager, "300.00")
    assert (request.status, request.level) == ("approved", "practice")
    assert request.decided_by == funded.manager
    assert used_total(funded.budget) == Decimal("300.00")


def test_worker_request_within_the_limits_waits_for_the_practice_manager(funded):
    request = ask(funded, funded.worker, "300.00")
    assert (request.status, request.level) == ("pending", "practice")
    with pytest.raises(DomainError, match="Only the practice manager"):
        approve_spend(spend_request=request, by=funded.commissioner)
    approve_spend(spend_request=request, by=funded.manager)
    assert used_total(funded.budget) == Decimal("300.00")


def test_request_over_the_item_limit_goes_to_the_council_even_from_the_manager(funded):
    request = ask(funded, funded.manager, "600.00")  # per item limit is £500
    assert (request.status, request.level) == ("pending", "council")
    with pytest.raises(DomainError, match="a commissioner"):
        approve_spend(spend_request=request, by=funded.manager)
    with pytest.raises(DomainError, match="a commissioner"):
        approve_spend(spend_request=request, by=funded.other_commissioner)
    approve_spend(spend_request=request, by=funded.commissioner, reason="Agreed")
    assert SpendRequest.objects.get(pk=request.pk).status == "approved"


def test_requests_past_the_per_child_yearly_limit_go_to_the_council(funded):
    for _ in range(10):  # 10 x £490 = £4,900 of the £5,000 per child per year
        assert ask(funded, funded.manager, "490.00").status == "approved"
    request = ask(funded, funded.manager, "490.00")
    assert (request.status, request.level) == ("pending", "council")


def test_a_commitment_above_the_senior_threshold_needs_a_senior_commissioner(funded):
    # £1,000 a week for the whole financial year (£52,142.86, or £52,285.71 in a year
    # with 29 February) is well over the £10,000 senior threshold, on any day it is asked
    request = ask(
        funded,
        funded.worker,
        "1000.00",
        frequency="weekly",
        category="service",
        starts_on=dt.date(funded.budget.financial_year, 4, 1),
    )
    days = (dt.date(funded.budget.financial_year + 1, 3, 31) - request.starts_on).days + 1
    assert days in (365, 366)  # 366 in a year with 29 February in it
    assert request.committed_amount == (Decimal(1000 * days) / 7).quantize(Decimal("0.01"))
    assert request.level == "senior"
    with pytest.raises(DomainError, match="senior commissioner"):
        approve_spend(spend_request=request, by=funded.commissioner)
    approve_spend(spend_request=request, by=funded.senior_commissioner)


def test_approving_twice_applies_once(funded):
    request = ask(funded, funded.worker, "900.00")
    approve_spend(spend_request=request, by=funded.commissioner)
    with pytest.raises(DomainError, match="already been approved") as error:
        approve_spend(spend_request=request, by=funded.senior_commissioner)
    assert error.value.code == "already_decided"
    assert used_total(funded.budget) == Decimal("900.00")


def test_a_request_that_would_overspend_the_budget_is_refused(funded):
    funded.budget.amount = Decimal("1000.00")
    funded.budget.save()
    ask(funded, funded.manager, "450.00")
    ask(funded, funded.manager, "450.00")
    with pytest.raises(DomainError, match="Not enough left"):
        ask(funded, funded.manager, "450.00")
    assert SpendRequest.objects.count() == 2  # the refused one was never written
    council_level = ask(funded, funded.worker, "900.00")
    with pytest.raises(DomainError, match=r"£100\.00 left"):
        approve_spend(spend_request=council_level, by=funded.commissioner)


def test_refusing_needs_a_reason_and_commits_nothing(funded):
    request = ask(funded, funded.worker, "900.00")
    with pytest.raises(DomainError, match="Say why"):
        refuse_spend(spend_request=request, by=funded.commissioner, reason=" ")
    refuse_spend(spend_request=request, by=funded.commissioner, reason="Use the school's")
    assert used_total(funded.budget) == 0
    with pytest.raises(DomainError, match="already been refused"):
        approve_spend(spend_request=request, by=funded.commissioner)


def test_only_the_practice_holding_the_case_can_ask(funded):
    for person in (funded.other_worker, funded.commissioner, funded.inspector):
        with pytest.raises(DomainError) as error:
            ask(funded, person, "10.00")
        assert error.value.code == "forbidden"


def test_no_budget_for_the_year_means_no_request(world):
    with pytest.raises(DomainError, match="no 20.* budget"):
        ask(world, world.manager, "10.00")


def test_weekly_request_is_committed_to_31_march_at_amount_times_days_over_7(funded):
    start = dt.date(funded.budget.financial_year + 1, 3, 25)  # 7 days to 31 March inclusive
    request = ask(funded, funded.worker, "70.00", frequency="weekly", starts_on=start)
    assert request.committed_amount == Decimal("70.00")
    ends = ask(
        funded,
        funded.worker,
        "100.00",
        frequency="weekly",
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
    )
    assert ends.committed_amount == Decimal("42.86")  # 100 x 3 / 7 = 42.857...


def move(w, cost, day=None):
    return change_placement(
        child=w.child,
        by=w.worker,
        started_on=day or today(),
        place="U6",
        place_provider="PR4",
        reason_place_change="CARPL",
        postcode="YO2 6PJ",
        weekly_cost=Decimal(cost),
    )


def test_placement_over_the_limit_becomes_a_request_to_the_council(funded):
    with pytest.raises(DomainError) as error:
        move(funded, "2500.00")
    assert error.value.code == "over_limit"
    assert "A request for £2,500.00 a week was sent to the council" in error.value.message
    request = SpendRequest.objects.get()
    assert (request.category, request.status, request.amount) == (
        "placement",
        "pending",
        Decimal("2500.00"),
    )
    assert request.level in ("council", "senior")
    assert request.proposal["place"] == "U6"
    assert Episode.objects.filter(child=funded.child).count() == 1  # no move yet
    with pytest.raises(DomainError):  # asking again does not send a second request
        move(funded, "2500.00")
    assert SpendRequest.objects.count() == 1


def test_once_approved_the_move_goes_through_and_its_cost_replaces_the_request(funded):
    # £2,500 a week from 1 April is £130,357 in the year: enough budget on any day
    funded.budget.amount = Decimal("200000.00")
    funded.budget.save()
    with pytest.raises(DomainError):
        move(funded, "2500.00")
    request = SpendRequest.objects.get()
    approve_spend(spend_request=request, by=funded.senior_commissioner)
    committed = used_total(funded.budget)
    assert committed == request.committed_amount
    placement = move(funded, "2400.00")
    request.refresh_from_db()
    assert request.used_at is not None
    cost = PlacementCost.objects.get(placement=placement)
    assert cost.funded_by == "practice"
    figures = budget_figures(funded.budget)
    assert [(line.source, line.source_id) for line in figures.lines] == [("placement", cost.pk)]
    assert figures.used <= committed  # £2,400 a week from the same day costs no more
    with pytest.raises(DomainError, match="over the practice"):  # used once only
        move(funded, "2400.00", day=today())
