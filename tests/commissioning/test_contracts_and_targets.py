"""A contract is drafted, signed, and then changed only by variations that keep the
previous terms; targets on a signed contract change the same way."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from commissioning.models import Contract, ContractVariation, PerformanceTarget
from commissioning.services.contracts import (
    activate_contract,
    create_contract,
    price_segments,
    set_target,
    vary_contract,
)
from core.errors import DomainError
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

TERMS = dict(
    reference="A-2026-01",
    kind=Contract.Kind.COST_AND_VOLUME,
    starts_on=dt.date(2026, 4, 1),
    ends_on=dt.date(2029, 3, 31),
    notice_period_days=90,
    cohort="Children in the north of the borough",
    functions=["looked_after_casework", "visits"],
    capacity=20,
    weekly_price_per_child=Decimal("480.00"),
    annual_value=Decimal("500000.00"),
    delegated_limit_per_item=Decimal("500.00"),
    delegated_limit_per_child_year=Decimal("5000.00"),
    senior_approval_threshold=Decimal("10000.00"),
)


def test_a_commissioner_drafts_and_signs_a_contract_with_a_registered_practice(world):
    practice = PracticeFactory(ofsted_urn="SC123456")
    contract = create_contract(
        council=world.council, practice=practice, by=world.commissioner, **TERMS
    )
    assert contract.status == "draft"
    activate_contract(contract=contract, by=world.commissioner)
    assert Contract.objects.get(pk=contract.pk).status == "active"


def test_a_practice_without_ofsted_registration_cannot_be_contracted(world):
    contract = create_contract(
        council=world.council, practice=PracticeFactory(), by=world.commissioner, **TERMS
    )
    with pytest.raises(DomainError, match="Ofsted registration"):
        activate_contract(contract=contract, by=world.commissioner)


def test_iro_and_adoption_functions_cannot_be_delegated(world):
    with pytest.raises(DomainError):
        create_contract(
            council=world.council,
            practice=PracticeFactory(),
            by=world.commissioner,
            **(TERMS | {"functions": ["iro"]}),
        )


def test_others_cannot_draft_a_contract_for_the_council(world):
    for somebody in (world.other_commissioner, world.manager, world.council_admin):
        with pytest.raises(DomainError, match="Only a commissioner"):
            create_contract(council=world.council, practice=PracticeFactory(), by=somebody, **TERMS)


def test_a_variation_keeps_the_previous_terms_who_and_why(world):
    variation = vary_contract(
        contract=world.contract,
        by=world.commissioner,
        effective_from=dt.date(2025, 9, 1),
        reason="Two more places agreed at the review",
        capacity=52,
        weekly_price_per_child=Decimal("470.00"),
    )
    assert variation.number == 1
    assert variation.previous_terms == {"capacity": 50, "weekly_price_per_child": "450.00"}
    assert variation.new_terms == {"capacity": 52, "weekly_price_per_child": "470.00"}
    assert variation.made_by == world.commissioner
    contract = Contract.objects.get(pk=world.contract.pk)
    assert (contract.capacity, contract.weekly_price_per_child) == (52, Decimal("470.00"))
    second = vary_contract(
        contract=contract,
        by=world.senior_commissioner,
        effective_from=dt.date(2025, 10, 1),
        reason="Extension",
        ends_on=dt.date(2030, 3, 31),
    )
    assert second.number == 2


def test_variations_are_append_only(world):
    variation = vary_contract(
        contract=world.contract,
        by=world.commissioner,
        effective_from=dt.date(2025, 9, 1),
        reason="More places",
        capacity=60,
    )
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - the trigger refuses
        ContractVariation.objects.filter(pk=variation.pk).update(reason="Something else")
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017
        ContractVariation.objects.filter(pk=variation.pk).delete()


def test_a_variation_must_change_something_and_say_why(world):
    with pytest.raises(DomainError, match="Nothing changed"):
        vary_contract(
            contract=world.contract,
            by=world.commissioner,
            effective_from=dt.date(2025, 9, 1),
            reason="x",
            capacity=50,
        )
    with pytest.raises(DomainError, match="Say why"):
        vary_contract(
            contract=world.contract,
            by=world.commissioner,
            effective_from=dt.date(2025, 9, 1),
            reason="",
            capacity=55,
        )
    with pytest.raises(DomainError, match="capacity cannot go below"):
        vary_contract(
            contract=world.contract,
            by=world.commissioner,
            effective_from=dt.date(2025, 9, 1),
            reason="Shrink",
            capacity=0,
        )


def test_a_draft_is_not_varied_and_variations_go_forward_in_time(world):
    draft = create_contract(
        council=world.council, practice=PracticeFactory(), by=world.commissioner, **TERMS
    )
    with pytest.raises(DomainError, match="Only a signed"):
        vary_contract(
            contract=draft,
            by=world.commissioner,
            effective_from=dt.date(2026, 5, 1),
            reason="x",
            capacity=3,
        )
    vary_contract(
        contract=world.contract,
        by=world.commissioner,
        effective_from=dt.date(2025, 9, 1),
        reason="x",
        capacity=55,
    )
    with pytest.raises(DomainError, match="on or after"):
        vary_contract(
            contract=world.contract,
            by=world.commissioner,
            effective_from=dt.date(2025, 8, 1),
            reason="x",
            capacity=56,
        )


def test_price_segments_follow_the_variations(world):
    for day, price in [(dt.date(2025, 6, 16), "500.00"), (dt.date(2025, 6, 21), "520.00")]:
        vary_contract(
            contract=world.contract,
            by=world.commissioner,
            effective_from=day,
            reason="Uplift",
            weekly_price_per_child=Decimal(price),
        )
    segments = price_segments(world.contract, dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    assert [(s["from"].day, s["to"].day, s["weekly_price_per_child"]) for s in segments] == [
        (1, 15, Decimal("450")),
        (16, 20, Decimal("500.00")),
        (21, 30, Decimal("520.00")),
    ]


def test_a_target_on_a_signed_contract_is_set_by_variation_and_replaces_the_old(world):
    first = set_target(
        contract=world.contract,
        by=world.commissioner,
        indicator="visits_on_time",
        threshold=Decimal("90"),
        direction="at_least",
        reason="Agreed at review",
    )
    second = set_target(
        contract=world.contract,
        by=world.commissioner,
        indicator="visits_on_time",
        threshold=Decimal("95"),
        direction="at_least",
        reason="Raised",
    )
    first.refresh_from_db()
    assert first.ended_at is not None and first.ended_by == second.variation
    assert second.variation.previous_terms == {
        "target:visits_on_time": "Visits on time: at least 90.00%"
    }
    assert PerformanceTarget.objects.filter(ended_at__isnull=True).count() == 1
    with pytest.raises(DomainError, match="Say why"):
        set_target(
            contract=world.contract,
            by=world.commissioner,
            indicator="missing",
            threshold=Decimal("5"),
            direction="at_most",
        )


def test_one_current_target_per_indicator_in_the_database(world):
    PerformanceTarget.objects.create(
        contract=world.contract, indicator="missing", threshold=5, direction="at_most"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PerformanceTarget.objects.create(
            contract=world.contract, indicator="missing", threshold=4, direction="at_most"
        )
