"""The sample: reproducible by seed, proportional to the strata, never outside scope."""

import datetime as dt
from collections import Counter

import pytest

from core.errors import DomainError
from oversight import sampling
from oversight.models import InspectionSample
from oversight.services import add_by_hand, draw_sample
from tests.factories import ChildFactory
from tests.oversight.inspections.conftest import looked_after, mixed_council, open_inspection

pytestmark = pytest.mark.django_db


def drawn_ids(inspection) -> list[int]:
    return sorted(inspection.samples.values_list("child_id", flat=True))


def test_the_same_seed_draws_the_same_children(world):
    mixed_council(world)
    first = open_inspection(world, size=12, seed=7)
    second = open_inspection(world, size=12, seed=7)
    draw_sample(inspection=first, by=world.inspectorate_admin)
    draw_sample(inspection=second, by=world.inspectorate_admin)
    assert drawn_ids(first) == drawn_ids(second)
    assert len(drawn_ids(first)) == 12


def test_another_seed_draws_other_children_from_the_same_strata(world):
    mixed_council(world, per_stratum=4)
    first = open_inspection(world, size=16, seed=7)
    second = open_inspection(world, size=16, seed=8)
    draw_sample(inspection=first, by=world.inspectorate_admin)
    draw_sample(inspection=second, by=world.inspectorate_admin)
    assert drawn_ids(first) != drawn_ids(second)
    strata = [Counter(i.samples.values_list("stratum", flat=True)) for i in (first, second)]
    assert strata[0] == strata[1]


def test_each_stratum_gets_its_proportional_share(world):
    made = mixed_council(world, per_stratum=3)  # 16 strata of 3 (and the world's own child)
    # One stratum 5 times as big as the others: 15 more children.
    big = looked_after(world.council, 15, ls="C2", place="U4", born=dt.date(2014, 6, 1))
    inspection = open_inspection(world, size=20, seed=3)
    draw_sample(inspection=inspection, by=world.inspectorate_admin)
    counts = Counter(inspection.samples.values_list("stratum", flat=True))
    big_key = sampling.FrameRow(
        child_id=big[0].pk,
        legal_status="Full care order",
        placement_type="Foster care",
        age_band="10 to 15",
        holder="Council's own team",
    ).stratum
    # The big stratum holds 18 of the 64 children: 20 * 18 / 64 = 5.6, so 5 or 6.
    assert counts[big_key] in (5, 6)
    assert sum(counts.values()) == 20
    assert all(n <= 2 for key, n in counts.items() if key != big_key)
    assert len(made) == 16


def test_allocation_is_largest_remainder_and_deterministic():
    sizes = {"a": 10, "b": 5, "c": 5, "d": 1}
    assert sampling.allocate(sizes, 7) == {"a": 3, "b": 2, "c": 2}
    assert sampling.allocate(sizes, 100) == sizes
    assert sampling.allocate({}, 5) == {}


def test_age_bands_at_their_edges():
    born = dt.date(2010, 3, 31)
    assert sampling.age_band(sampling.age_on(born, dt.date(2011, 3, 30))) == "Under 1"
    assert sampling.age_band(sampling.age_on(born, dt.date(2011, 3, 31))) == "1 to 4"
    assert sampling.age_band(sampling.age_on(born, dt.date(2026, 3, 30))) == "10 to 15"
    assert sampling.age_band(sampling.age_on(born, dt.date(2026, 3, 31))) == "16 and over"


def test_a_council_inspection_never_samples_another_councils_children(world):
    mixed_council(world, per_stratum=1)
    others = looked_after(world.other_council, 30)
    inspection = open_inspection(world, size=50, seed=1)
    draw_sample(inspection=inspection, by=world.inspectorate_admin)
    ids = set(drawn_ids(inspection))
    assert ids and not ids & {c.pk for c in others}
    assert set(
        InspectionSample.objects.filter(inspection=inspection).values_list(
            "child__council", flat=True
        )
    ) == {world.council.pk}


def test_a_practice_inspection_samples_only_the_practices_children(world):
    made = mixed_council(world, per_stratum=2)
    held = {c.pk for key, children in made.items() if key[3] for c in children}
    held.add(world.child.pk)  # the world's child is held by P since 2020
    inspection = open_inspection(world, council=None, practice=world.practice, size=100, seed=5)
    draw_sample(inspection=inspection, by=world.inspectorate_admin)
    ids = set(drawn_ids(inspection))
    assert ids == held  # sample bigger than the frame: all of them, and nobody else


def test_children_not_looked_after_in_the_period_are_not_drawn(world):
    left_long_ago = looked_after(
        world.council, 5, since=dt.date(2019, 1, 1), ended=dt.date(2020, 1, 1)
    )
    inspection = open_inspection(world, size=50, seed=1)
    draw_sample(inspection=inspection, by=world.inspectorate_admin)
    assert not set(drawn_ids(inspection)) & {c.pk for c in left_long_ago}


def test_the_sample_is_drawn_once(world):
    mixed_council(world, per_stratum=1)
    inspection = open_inspection(world, size=4)
    draw_sample(inspection=inspection, by=world.inspectorate_admin)
    with pytest.raises(DomainError, match="already been drawn"):
        draw_sample(inspection=inspection, by=world.inspectorate_admin)


def test_only_the_inspectorate_administrator_draws(world):
    mixed_council(world, per_stratum=1)
    inspection = open_inspection(world, size=4)
    for person in (world.inspector, world.council_admin, world.commissioner):
        with pytest.raises(DomainError) as refused:
            draw_sample(inspection=inspection, by=person)
        assert refused.value.code == "forbidden"
    assert not inspection.samples.exists()


def test_drawing_grants_the_inspectors_read_access_in_the_window(world):
    from practices.access import Action, can, forget_scope

    made = mixed_council(world, per_stratum=1)
    inspection = open_inspection(world, inspectors=[world.inspector_not_sampled], size=100)
    some = next(iter(made.values()))[0]
    assert not can(world.inspector_not_sampled, Action.VIEW, some)
    draw_sample(inspection=inspection, by=world.inspectorate_admin)
    forget_scope(world.inspector_not_sampled)
    assert can(world.inspector_not_sampled, Action.VIEW, some)
    assert not can(world.inspector_not_sampled, Action.RECORD_CASEWORK, some)


def test_a_child_added_by_hand_needs_a_reason_and_must_be_in_scope(world, inspection):
    with pytest.raises(DomainError, match="why"):
        add_by_hand(
            inspection=inspection, child=world.child_council, by=world.inspector, reason=" "
        )
    with pytest.raises(DomainError, match="outside"):
        add_by_hand(inspection=inspection, child=world.other_child, by=world.inspector, reason="x")
    sample = add_by_hand(
        inspection=inspection, child=world.child_council, by=world.inspector, reason="Complaint"
    )
    assert (sample.method, sample.reason, sample.added_by) == ("hand", "Complaint", world.inspector)


def test_nobody_outside_the_inspection_adds_by_hand(world, inspection):
    stranger = ChildFactory(council=world.council)
    for person in (world.inspector_not_sampled, world.council_admin, world.worker):
        with pytest.raises(DomainError) as refused:
            add_by_hand(inspection=inspection, child=stranger, by=person, reason="x")
        assert refused.value.code == "forbidden"
