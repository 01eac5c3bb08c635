"""A practice's inspection: its manager sees who was sampled and every view; each council
the practice works for sees the same for its own children; nobody else."""

import pytest
from django.urls import reverse

from oversight.services import draw_sample
from tests.factories import ContractFactory, CouncilFactory
from tests.oversight.inspections.conftest import looked_after, open_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice_inspection(world):
    council_c = CouncilFactory(name="Council C")
    contract_c = ContractFactory(council=council_c, practice=world.practice)
    world.council_c_child = looked_after(
        council_c, 1, practice=world.practice, contract=contract_c
    )[0]
    world.council_a_children = looked_after(
        world.council, 2, practice=world.practice, contract=world.contract
    )
    inspection = open_inspection(world, council=None, practice=world.practice, size=50)
    draw_sample(inspection=inspection, by=world.inspectorate_admin)
    return inspection


def sampled(client, inspection) -> set[int]:
    response = client.get(reverse("oversight:inspection_sample", args=[inspection.pk]))
    assert response.status_code == 200
    return {sample.child_id for sample in response.context["samples"]}


def test_the_practice_manager_sees_every_sampled_child(world, client, practice_inspection):
    client.force_login(world.manager)
    everyone = {world.child.pk, world.council_c_child.pk, *(c.pk for c in world.council_a_children)}
    assert sampled(client, practice_inspection) == everyone


def test_each_council_sees_only_its_own_children_and_their_views(
    world, client, practice_inspection
):
    client.force_login(world.inspector)
    for child in (world.child, world.council_c_child):
        assert client.get(reverse("placements:child", args=[child.pk])).status_code == 200
    client.force_login(world.council_admin)
    assert sampled(client, practice_inspection) == {
        world.child.pk,
        *(c.pk for c in world.council_a_children),
    }
    response = client.get(reverse("oversight:inspection_sample", args=[practice_inspection.pk]))
    assert [row.child_id for row in response.context["log"].object_list] == [world.child.pk]


@pytest.mark.parametrize(
    ("person", "status"), [("worker", 403), ("other_worker", 404), ("other_commissioner", 404)]
)
def test_nobody_else_sees_the_sample(world, client, practice_inspection, person, status):
    client.force_login(getattr(world, person))
    url = reverse("oversight:inspection_sample", args=[practice_inspection.pk])
    assert client.get(url).status_code == status


def test_published_findings_reach_the_practice_and_its_councils(world, client, practice_inspection):
    from core.models import Notification
    from oversight.services import publish_findings, save_findings

    save_findings(
        inspection=practice_inspection,
        by=world.inspector,
        expected_version=None,
        summary="Good work",
        leaders_judgement="good",
        children_in_care_judgement="good",
        care_leavers_judgement="good",
    )
    client.force_login(world.council_admin)
    url = reverse("oversight:inspection_findings", args=[practice_inspection.pk])
    assert client.get(url).status_code == 404
    publish_findings(
        inspection=practice_inspection, by=world.inspectorate_admin, expected_version=1
    )
    told = set(
        Notification.objects.filter(
            key__startswith=f"inspection:{practice_inspection.pk}:"
        ).values_list("recipient__username", flat=True)
    )
    assert told == {"manager", "council_admin"}
    assert client.get(url).status_code == 200
    client.force_login(world.manager)
    assert client.get(url).status_code == 200
