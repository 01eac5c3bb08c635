"""The back office follows the same access policy as the pages."""

import pytest
from django.urls import reverse

from placements.models import Child, Visit

pytestmark = pytest.mark.django_db


def test_council_administrator_lists_only_their_councils_children(world, client):
    client.force_login(world.council_admin)
    response = client.get(reverse("admin:placements_child_changelist"))
    shown = set(response.context["cl"].result_list.values_list("pk", flat=True))
    assert shown == set(Child.objects.filter(council=world.council).values_list("pk", flat=True))
    assert world.other_child.pk not in shown


def test_another_councils_child_is_not_there_for_them(world, client):
    client.force_login(world.council_admin)
    response = client.get(reverse("admin:placements_child_change", args=[world.other_child.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect


def test_they_may_correct_a_childs_identity_but_not_delete_or_add(world, client):
    client.force_login(world.council_admin)
    page = client.get(reverse("admin:placements_child_change", args=[world.child.pk]))
    assert page.context["has_change_permission"] and not page.context["has_delete_permission"]
    assert client.get(reverse("admin:placements_child_add")).status_code == 403
    delete = client.get(reverse("admin:placements_child_delete", args=[world.child.pk]))
    assert delete.status_code == 403


def test_casework_is_read_only_in_the_back_office_for_them(world, client):
    visit = Visit.objects.create(
        child=world.child,
        visited_on=world.child.date_of_birth,
        seen=True,
        seen_alone=False,
        location="placement",
        recorded_by=world.worker,
    )
    client.force_login(world.council_admin)
    page = client.get(reverse("admin:placements_visit_change", args=[visit.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]


def test_practice_staff_with_is_staff_still_get_nothing(world, client):
    world.manager.is_staff = True
    world.manager.save()
    client.force_login(world.manager)
    assert client.get(reverse("admin:index")).status_code == 302
