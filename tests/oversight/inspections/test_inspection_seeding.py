"""The demo's inspection: open, its sample drawn from the first council, written once."""

import pytest

from oversight.models import Inspection
from oversight.seeding import DEMO_TITLE, seed_inspections
from tests.oversight.inspections.conftest import mixed_council, today

pytestmark = [pytest.mark.seeding, pytest.mark.django_db]


def test_the_demo_has_an_open_inspection_with_its_sample(world):
    mixed_council(world, per_stratum=1)
    assert seed_inspections(today=today(), seed=3).endswith("12 children sampled")
    inspection = Inspection.objects.get(title=DEMO_TITLE)
    assert inspection.council == world.council
    assert inspection.status_today == Inspection.Status.OPEN
    assert set(inspection.samples.values_list("child__council", flat=True)) == {world.council.pk}
    assert seed_inspections(today=today(), seed=3) == "inspection already there"
