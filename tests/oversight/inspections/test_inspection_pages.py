"""Scheduling, drawing and adding by hand through the pages; the council sees who was
sampled and each view an inspector made; the inspector reads, never writes, and only in
the window."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import RecordAccess
from oversight.models import Inspection, InspectionSample
from oversight.services import close_inspection_windows, draw_sample
from placements.models import Visit
from practices.access import forget_scope
from tests.oversight.inspections.conftest import date_fields, mixed_council, open_inspection, today

pytestmark = pytest.mark.django_db


def schedule_form(world, **changes):
    data = {
        "title": "Inspection of children in care",
        "subject": f"council:{world.council.pk}",
        "inspectors": [str(world.inspector.pk), str(world.inspector_closed.pk)],
        **date_fields("starts_on", today()),
        **date_fields("ends_on", today() + dt.timedelta(days=9)),
        "scope": "Children in care and care leavers",
        "sample_size": "12",
        "sample_seed": "2024",
    }
    return data | changes


def test_an_inspectorate_administrator_schedules_an_inspection(world, client):
    client.force_login(world.inspectorate_admin)
    response = client.post(reverse("oversight:inspection_new"), schedule_form(world))
    inspection = Inspection.objects.get(title="Inspection of children in care")
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:inspection", args=[inspection.pk])
    assert (inspection.council, inspection.sample_seed, inspection.sample_size) == (
        world.council,
        2024,
        12,
    )
    assert set(inspection.inspectors.all()) == {world.inspector, world.inspector_closed}
    assert inspection.scheduled_by == world.inspectorate_admin
    assert inspection.status == Inspection.Status.OPEN


def test_a_seed_is_chosen_and_kept_when_none_is_given(world, client):
    client.force_login(world.inspectorate_admin)
    client.post(reverse("oversight:inspection_new"), schedule_form(world, sample_seed=""))
    assert Inspection.objects.get(title="Inspection of children in care").sample_seed >= 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title for the inspection"),
        ({"subject": ""}, "subject", "Select the council or practice to inspect"),
        ({"inspectors": []}, "inspectors", "Select at least one inspector"),
        (
            date_fields("ends_on", today() - dt.timedelta(days=1)),
            "ends_on",
            "The last day must be the same as or after the first day",
        ),
        ({"sample_size": "0"}, "sample_size", "Sample size must be at least 1"),
    ],
)
def test_a_bad_schedule_is_shown_next_to_its_field(world, client, changes, field, message):
    client.force_login(world.inspectorate_admin)
    response = client.post(reverse("oversight:inspection_new"), schedule_form(world, **changes))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not Inspection.objects.filter(title="Inspection of children in care").exists()


def test_only_inspectors_of_the_inspectorate_can_be_chosen(world, client):
    client.force_login(world.inspectorate_admin)
    response = client.post(
        reverse("oversight:inspection_new"),
        schedule_form(world, inspectors=[str(world.worker.pk)]),
    )
    assert response.status_code == 400
    assert "inspectors" in response.context["form"].errors


def test_an_inspector_cannot_schedule(world, client):
    client.force_login(world.inspector)
    response = client.post(reverse("oversight:inspection_new"), schedule_form(world))
    assert response.status_code == 403
    assert not Inspection.objects.filter(title="Inspection of children in care").exists()


def test_the_administrator_draws_the_sample_from_the_page(world, client):
    mixed_council(world, per_stratum=1)
    inspection = open_inspection(world, size=6)
    client.force_login(world.inspectorate_admin)
    response = client.post(reverse("oversight:inspection_sample_draw", args=[inspection.pk]))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.samples.filter(method="drawn").count() == 6
    assert inspection.sample_frame_size == 17  # 16 strata of 1, and the world's child
    again = client.post(reverse("oversight:inspection_sample_draw", args=[inspection.pk]))
    assert again.status_code == 400
    assert "already been drawn" in again.content.decode()


def test_an_inspector_adds_a_child_by_hand_with_a_reason(world, client, inspection):
    client.force_login(world.inspector)
    url = reverse("oversight:inspection_sample_add", args=[inspection.pk])
    wrong = client.post(url, {"child": world.other_child.la_child_id, "reason": "Complaint"})
    assert wrong.status_code == 400
    assert wrong.context["form"].errors["child"] == [
        "There is no child with this ID in the inspection's scope"
    ]
    empty = client.post(url, {"child": world.child_council.la_child_id, "reason": ""})
    assert empty.context["form"].errors["reason"] == ["Enter why you are adding this child"]
    done = client.post(url, {"child": world.child_council.la_child_id, "reason": "Complaint"})
    assert done.status_code == 302
    sample = InspectionSample.objects.get(inspection=inspection, child=world.child_council)
    assert (sample.method, sample.reason, sample.added_by) == ("hand", "Complaint", world.inspector)


def test_the_council_sees_who_was_sampled_and_every_view_the_inspector_made(world, client):
    inspection = Inspection.objects.get(title="Inspection of Council A")
    client.force_login(world.inspector)
    assert client.get(reverse("placements:child", args=[world.child.pk])).status_code == 200
    client.force_login(world.council_admin)
    response = client.get(reverse("oversight:inspection_sample", args=[inspection.pk]))
    assert [s.child for s in response.context["samples"]] == [world.child]
    log = list(response.context["log"].object_list)
    assert [(row.actor, row.child_id) for row in log] == [(world.inspector, world.child.pk)]
    assert world.child.la_child_id in response.content.decode()


def test_the_access_log_leaves_out_other_people_and_other_councils(world, client):
    inspection = Inspection.objects.get(title="Inspection of Council A")
    client.force_login(world.worker)
    client.get(reverse("placements:child", args=[world.child.pk]))  # not an inspector
    RecordAccess.objects.create(actor=world.inspector, child_id=world.other_child.pk, what="x")
    client.force_login(world.council_admin)
    response = client.get(reverse("oversight:inspection_sample", args=[inspection.pk]))
    assert list(response.context["log"].object_list) == []


def test_an_inspector_can_never_write_to_a_sampled_childs_record(world, client):
    client.force_login(world.inspector)
    child = world.child
    assert client.get(reverse("placements:child", args=[child.pk])).status_code == 200
    for route in ("record_visit", "add_note", "record_health", "record_missing"):
        assert client.post(reverse(f"placements:{route}", args=[child.pk]), {}).status_code == 403
    api = client.post(
        reverse("api:visit-list"),
        {
            "child": child.pk,
            "visited_on": today().isoformat(),
            "kind": "statutory",
            "seen": True,
            "seen_alone": True,
            "location": "placement",
        },
        content_type="application/json",
    )
    assert api.status_code in (403, 404)
    assert client.patch(
        reverse("api:child-detail", args=[child.pk]),
        {"first_name": "X"},
        content_type="application/json",
    ).status_code in (403, 405)
    assert not Visit.objects.filter(child=child).exists()
    child.refresh_from_db()
    assert child.first_name == "Amara"


def test_the_inspector_loses_the_record_the_moment_the_window_ends(world, client, time_machine):
    inspection = Inspection.objects.get(title="Inspection of Council A")
    url = reverse("placements:child", args=[world.child.pk])
    client.force_login(world.inspector)
    assert client.get(url).status_code == 200
    time_machine.move_to(inspection.ends_on + dt.timedelta(days=1))
    forget_scope(world.inspector)
    client.force_login(world.inspector)  # the session outlived the move in time
    assert client.get(url).status_code == 404  # before the nightly job has run
    audit_url = reverse("oversight:case_audit", args=[inspection.pk, inspection.samples.get().pk])
    assert client.get(audit_url).status_code == 403
    lists_url = reverse("oversight:inspection_lists", args=[inspection.pk])
    assert client.get(lists_url).status_code == 403
    close_inspection_windows()
    assert client.get(url).status_code == 404


def test_a_sample_drawn_before_the_window_is_granted_when_it_opens(world, client, time_machine):
    mixed_council(world, per_stratum=1)
    starts = today() + dt.timedelta(days=10)
    inspection = open_inspection(
        world,
        inspectors=[world.inspector_not_sampled],
        size=3,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=4),
    )
    draw_sample(inspection=inspection, by=world.inspectorate_admin)
    child_id = inspection.samples.first().child_id
    client.force_login(world.inspector_not_sampled)
    assert client.get(reverse("placements:child", args=[child_id])).status_code == 404
    time_machine.move_to(starts)
    close_inspection_windows()
    forget_scope(world.inspector_not_sampled)
    client.force_login(world.inspector_not_sampled)
    assert client.get(reverse("placements:child", args=[child_id])).status_code == 200
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.OPEN


def test_the_inspector_home_lists_open_inspections_and_sampled_children(world, client):
    client.force_login(world.inspector)
    response = client.get(reverse("oversight:inspections"))
    [mine] = response.context["open"]
    assert mine.title == "Inspection of Council A"
    assert [s.child for s in mine.my_samples] == [world.child]
    client.force_login(world.inspector_closed)
    assert client.get(reverse("oversight:inspections")).context["open"] == []


def test_an_inspector_added_to_the_team_reads_the_sample_at_once(world, client):
    inspection = Inspection.objects.get(title="Inspection of Council A")
    client.force_login(world.inspectorate_admin)
    url = reverse("oversight:inspection_inspector_add", args=[inspection.pk])
    form = client.get(url).context["form"]
    assert {label for _, label in form.fields["inspector"].choices} == {
        "Inspector Closed",
        "Inspector Not Sampled",
    }
    assert client.post(url, {"inspector": str(world.worker.pk)}).status_code == 400
    assert client.post(url, {"inspector": str(world.inspector_closed.pk)}).status_code == 302
    client.force_login(world.inspector_closed)
    assert client.get(reverse("placements:child", args=[world.child.pk])).status_code == 200
