"""Referrals, acceptance with a worker, capacity, take-back and transfer: access to the
child moves only through the allocation services."""

import datetime as dt

import pytest

from commissioning.models import Contract, Referral
from commissioning.services.referrals import (
    accept_referral,
    decline_referral,
    refer_child,
    take_back_case,
    transfer_case,
    withdraw_referral,
)
from core.errors import DomainError
from placements.models import Child, WorkerAllocation
from placements.services.episodes import start_period_of_care
from practices.access import Action, can, visible
from practices.models import Role
from tests.commissioning.conftest import today
from tests.factories import ContractFactory, PracticeFactory
from tests.personas import person

pytestmark = pytest.mark.django_db


def looked_after(child):
    start_period_of_care(
        child=child,
        by=None,
        started_on=dt.date(2024, 1, 1),
        legal_status="C2",
        cin="N1",
        place="U4",
        place_provider="PR1",
    )
    return child


@pytest.fixture
def referred(world):
    """Cara (council A's own team) is looked after and referred to practice P."""
    looked_after(world.child_council)
    world.referral = refer_child(
        child=world.child_council,
        contract=world.contract,
        reason="Needs a consistent worker",
        documents="Care plan\nLatest review",
        by=world.commissioner,
    )
    return world


def test_commissioner_refers_a_looked_after_child_of_their_council(referred):
    assert referred.referral.status == "pending"
    assert not can(referred.manager, Action.VIEW, referred.child_council)  # not until accepted


def test_only_a_commissioner_of_the_childs_council_refers(world):
    looked_after(world.child_council)
    for somebody in (world.other_commissioner, world.manager, world.council_worker, world.iro):
        with pytest.raises(DomainError) as error:
            refer_child(child=world.child_council, contract=world.contract, reason="x", by=somebody)
        assert error.value.code == "forbidden"


def test_a_child_cannot_be_referred_under_another_councils_or_inactive_contract(world):
    looked_after(world.child_council)
    other = Contract.objects.exclude(pk=world.contract.pk).get()
    with pytest.raises(DomainError, match="not with this child's council"):
        refer_child(child=world.child_council, contract=other, reason="x", by=world.commissioner)
    draft = ContractFactory(council=world.council, status=Contract.Status.DRAFT)
    with pytest.raises(DomainError, match="active contract"):
        refer_child(child=world.child_council, contract=draft, reason="x", by=world.commissioner)


def test_a_child_not_looked_after_or_already_with_a_practice_is_refused(world):
    with pytest.raises(DomainError, match="not looked after"):
        refer_child(
            child=world.child_council, contract=world.contract, reason="x", by=world.commissioner
        )
    with pytest.raises(DomainError, match="holds this case"):
        refer_child(child=world.child, contract=world.contract, reason="x", by=world.commissioner)


def test_accepting_allocates_the_case_and_the_worker_in_one_go(referred):
    w = referred
    accept_referral(referral=w.referral, worker=w.worker, started_on=today(), by=w.manager)
    w.referral.refresh_from_db()
    assert w.referral.status == "accepted"
    allocation = w.referral.allocation
    assert (allocation.practice, allocation.contract, allocation.started_on) == (
        w.practice,
        w.contract,
        today(),
    )
    council_team = w.child_council.allocations.get(practice__isnull=True)
    assert council_team.ended_on == today()
    assert WorkerAllocation.objects.get(child=w.child_council, ended_on__isnull=True).worker == (
        w.worker
    )
    assert can(w.worker, Action.RECORD_CASEWORK, w.child_council)
    assert visible(w.manager, Child).filter(pk=w.child_council.pk).exists()


def test_acceptance_is_all_or_nothing(referred):
    w = referred
    with pytest.raises(DomainError, match="social worker who works"):
        accept_referral(
            referral=w.referral, worker=w.other_worker, started_on=today(), by=w.manager
        )
    w.referral.refresh_from_db()
    assert w.referral.status == "pending"
    assert not w.child_council.allocations.filter(practice=w.practice).exists()
    assert not can(w.worker, Action.VIEW, w.child_council)


def test_only_the_practice_manager_accepts_or_declines(referred):
    for somebody in (referred.worker, referred.commissioner):
        with pytest.raises(DomainError, match="Only the practice manager"):
            accept_referral(
                referral=referred.referral, worker=referred.worker, started_on=today(), by=somebody
            )
    other_manager = person("other_manager", Role.PRACTICE_MANAGER, referred.other_practice)
    with pytest.raises(DomainError, match="Only the practice manager"):
        decline_referral(referral=referred.referral, reason="Full", by=other_manager)


def test_declining_needs_a_reason_and_leaves_the_case_with_the_council(referred):
    with pytest.raises(DomainError, match="Say why"):
        decline_referral(referral=referred.referral, reason="", by=referred.manager)
    decline_referral(referral=referred.referral, reason="No worker free", by=referred.manager)
    referred.referral.refresh_from_db()
    assert (referred.referral.status, referred.referral.decline_reason) == (
        "declined",
        "No worker free",
    )
    with pytest.raises(DomainError, match="already been declined"):
        accept_referral(
            referral=referred.referral,
            worker=referred.worker,
            started_on=today(),
            by=referred.manager,
        )
    # the council can refer the child again
    refer_child(
        child=referred.child_council,
        contract=referred.contract,
        reason="Again",
        by=referred.commissioner,
    )


def test_a_contract_at_capacity_refuses_a_new_acceptance(referred):
    w = referred
    Contract.objects.filter(pk=w.contract.pk).update(capacity=1)  # Amara holds the only place
    with pytest.raises(DomainError, match="at capacity") as error:
        accept_referral(referral=w.referral, worker=w.worker, started_on=today(), by=w.manager)
    assert error.value.code == "at_capacity"


def test_withdrawing_a_referral(referred):
    with pytest.raises(DomainError):
        withdraw_referral(referral=referred.referral, by=referred.manager)
    withdraw_referral(referral=referred.referral, by=referred.commissioner)
    assert Referral.objects.get().status == "withdrawn"


def test_taking_a_case_back_ends_the_practices_access_and_keeps_the_record(world):
    allocation = world.child.allocations.get(ended_on__isnull=True)
    with pytest.raises(DomainError):
        take_back_case(allocation=allocation, ended_on=today(), reason="x", by=world.manager)
    visits_before = world.child.episodes.count()
    council = take_back_case(
        allocation=allocation, ended_on=today(), reason="Court direction", by=world.commissioner
    )
    assert council.practice is None and council.started_on == today()
    allocation.refresh_from_db()
    assert (allocation.ended_on, allocation.end_reason) == (today(), "Court direction")
    assert not can(world.worker, Action.VIEW, world.child)
    assert can(world.commissioner, Action.VIEW, world.child)
    assert world.child.episodes.count() == visits_before


def test_a_take_back_dated_ahead_keeps_access_until_that_day(world):
    allocation = world.child.allocations.get(ended_on__isnull=True)
    take_back_case(
        allocation=allocation,
        ended_on=today() + dt.timedelta(days=14),
        reason="Planned handover",
        by=world.commissioner,
    )
    assert can(world.worker, Action.RECORD_CASEWORK, world.child)


def test_transfer_takes_the_case_back_and_refers_it_to_the_other_practice(world):
    practice_r = PracticeFactory(name="Practice R")
    contract_r = ContractFactory(council=world.council, practice=practice_r)
    allocation = world.child.allocations.get(ended_on__isnull=True)
    referral = transfer_case(
        allocation=allocation,
        to_contract=contract_r,
        ended_on=today(),
        reason="Practice P is closing",
        by=world.commissioner,
    )
    assert (referral.contract, referral.status) == (contract_r, "pending")
    assert "Transferred from Practice P" in referral.reason
    assert not can(world.worker, Action.VIEW, world.child)
    assert world.child.allocations.get(ended_on__isnull=True).practice is None
