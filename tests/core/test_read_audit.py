"""Reading a child's record leaves a row saying who read what, when, and from where."""

import pytest
from django.urls import reverse

from core.models import RecordAccess

pytestmark = pytest.mark.django_db


def test_reading_a_child_page_is_recorded(world, client):
    client.force_login(world.worker)
    response = client.get(
        reverse("placements:child", args=[world.child.pk]),
        HTTP_USER_AGENT="Firefox/140",
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 200
    read = RecordAccess.objects.get()
    assert (read.actor, read.child_id, read.what) == (world.worker, world.child.pk, "child record")
    assert (read.ip_address, read.user_agent) == ("192.0.2.7", "Firefox/140")


def test_an_api_read_is_recorded(world, client):
    client.force_login(world.inspector)
    response = client.get(reverse("api:child-detail", args=[world.child.pk]))
    assert response.status_code == 200
    assert RecordAccess.objects.get().what == "child record (API)"


def test_a_refused_read_records_nothing(world, client):
    client.force_login(world.other_worker)
    assert client.get(reverse("placements:child", args=[world.child.pk])).status_code == 404
    assert not RecordAccess.objects.exists()


def test_council_administrator_finds_reads_by_child_and_person(world, client):
    client.force_login(world.worker)
    client.get(reverse("placements:child", args=[world.child.pk]))
    client.force_login(world.council_admin)
    response = client.get(
        reverse("oversight:audit"), {"child": world.child.la_child_id, "person": "worker"}
    )
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == list(RecordAccess.objects.all())
    assert any(row["change"] == "insert" for row in response.context["changes"])


def test_audit_search_does_not_reach_another_councils_children(world, client):
    client.force_login(world.other_worker)
    client.get(reverse("placements:child", args=[world.other_child.pk]))
    client.force_login(world.council_admin)
    response = client.get(reverse("oversight:audit"), {"person": "other_worker"})
    assert list(response.context["page"].object_list) == []


def test_audit_search_rejects_a_to_date_before_the_from_date(world, client):
    client.force_login(world.council_admin)
    response = client.get(
        reverse("oversight:audit"),
        {
            "date_from_day": "5",
            "date_from_month": "3",
            "date_from_year": "2026",
            "date_to_day": "1",
            "date_to_month": "3",
            "date_to_year": "2026",
        },
    )
    assert response.status_code == 200
    assert "must be the same as or after" in response.content.decode()
