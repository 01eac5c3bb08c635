"""Every change to a child's record is kept, attributable, and cannot be rewritten."""

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, transaction

from core.audit import as_system
from placements.models import Child

pytestmark = pytest.mark.django_db


def child_events(child):
    from django.apps import apps

    model = apps.get_model("placements", "ChildEvent")
    return model.objects.filter(pgh_obj=child).order_by("pgh_id")


def test_a_bulk_update_is_captured_for_every_row(world):
    with as_system("test_bulk"):
        Child.objects.filter(council=world.council).update(preferred_name="Bulk")
    for child in (world.child, world.child_ended, world.child_council):
        last = child_events(child).last()
        assert last.pgh_label == "update"
        assert last.preferred_name == "Bulk"
        assert last.pgh_context.metadata["job"] == "test_bulk"
    assert child_events(world.other_child).last().pgh_label == "insert"


def test_old_and_new_values_can_be_read_from_the_history(world):
    from pghistory.models import Events

    world.child.first_name = "Amira"
    world.child.save()
    diffs = [
        event.pgh_diff
        for event in Events.objects.tracks(world.child).order_by("pgh_created_at")
        if event.pgh_label == "update"
    ]
    assert diffs[-1]["first_name"] == ["Amara", "Amira"]


def test_an_admin_edit_records_who_made_it_and_from_where(world, client):
    client.force_login(world.superuser)
    response = client.get(f"/admin/placements/child/{world.child.pk}/change/")
    assert response.status_code == 200
    data = {
        key: value
        for key, value in response.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(first_name="Edited", la_child_id=world.child.la_child_id)
    data["council"] = world.council.pk
    data["date_of_birth"] = world.child.date_of_birth.isoformat()
    response = client.post(
        f"/admin/placements/child/{world.child.pk}/change/",
        data,
        HTTP_USER_AGENT="pytest-browser/1.0",
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = child_events(world.child).last()
    assert event.first_name == "Edited"
    metadata = event.pgh_context.metadata
    assert metadata["user"] == world.superuser.pk
    assert metadata["ip"] == "10.1.2.3"
    assert metadata["user_agent"] == "pytest-browser/1.0"
    assert metadata["url"].endswith("/change/")


@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET first_name = 'x'", "DELETE FROM {table}"]
)
def test_the_history_cannot_be_rewritten(world, statement):
    from django.apps import apps
    from django.db import connection

    table = apps.get_model("placements", "ChildEvent")._meta.db_table
    with (
        pytest.raises((IntegrityError, InternalError, ProgrammingError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(table=table))


def test_the_read_log_cannot_be_rewritten(world, rf):
    from core.audit import record_read
    from core.models import RecordAccess

    request = rf.get("/children/1/")
    request.user = world.worker
    record_read(request, child_ids=[world.child.pk], what="child record")
    row = RecordAccess.objects.get()
    with pytest.raises((IntegrityError, InternalError, ProgrammingError)), transaction.atomic():
        RecordAccess.objects.filter(pk=row.pk).update(what="nothing")
    with pytest.raises((IntegrityError, InternalError, ProgrammingError)), transaction.atomic():
        row.delete()
