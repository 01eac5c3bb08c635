"""A social worker's day, through the pages: record, refuse bad input, keep what was typed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import CaseNote, Episode, HealthAssessment, MissingEpisode, Visit

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def looked_after(world):
    """world.child is looked after (since 2020) by practice P, with `worker` allocated."""
    return world


def visit_data(**overrides):
    data = {
        **date_fields("visited_on", today() - dt.timedelta(days=1)),
        "kind": "statutory",
        "location": "placement",
        "seen": "yes",
        "seen_alone": "yes",
        "record": "Talked about school and football.",
        "follow_up": "",
    }
    return data | overrides


def test_worker_records_a_visit_and_returns_to_the_child_with_a_banner(looked_after, client):
    w = looked_after
    client.force_login(w.worker)
    response = client.post(
        reverse("placements:record_visit", args=[w.child.pk]), visit_data(), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("placements:child", args=[w.child.pk])
    assert "Visit recorded" in response.content.decode()
    visit = Visit.objects.get()
    assert (visit.seen, visit.seen_alone, visit.recorded_by) == (True, True, w.worker)
    assert visit.placement == w.child.placements.get()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            date_fields("visited_on", dt.date.today() + dt.timedelta(days=3)),
            "visited_on",
            "must be today or in the past",
        ),
        (
            {"visited_on_day": "31", "visited_on_month": "2", "visited_on_year": "2026"},
            "visited_on",
            "must be a real date",
        ),
        (
            {"seen": "no", "seen_alone": "yes"},
            "seen_alone",
            "seen alone must also be recorded as seen",
        ),
        ({"record": ""}, "record", "Enter what happened on the visit"),
        ({"location": "moon"}, "location", "Select a valid choice"),
    ],
)
def test_bad_visits_are_refused_next_to_the_field_keeping_what_was_typed(
    looked_after, client, overrides, field, message
):
    w = looked_after
    client.force_login(w.worker)
    response = client.post(
        reverse("placements:record_visit", args=[w.child.pk]), visit_data(**overrides)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    body = response.content.decode()
    assert "There is a problem" in body and "<title>Error:" in body
    assert "Talked about school" in body or overrides.get("record") == ""
    assert not Visit.objects.exists()


def test_another_practice_cannot_record_a_visit(looked_after, client):
    client.force_login(looked_after.other_worker)
    response = client.post(
        reverse("placements:record_visit", args=[looked_after.child.pk]), visit_data()
    )
    assert response.status_code == 404
    assert not Visit.objects.exists()


def test_an_inspector_cannot_record_a_visit(looked_after, client):
    client.force_login(looked_after.inspector)
    response = client.post(
        reverse("placements:record_visit", args=[looked_after.child.pk]), visit_data()
    )
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_case_note_and_significant_event_in_chronology(looked_after, client):
    w = looked_after
    client.force_login(w.worker)
    client.post(
        reverse("placements:add_note", args=[w.child.pk]),
        {
            **date_fields("occurred_on", today()),
            "category": "safeguarding",
            "subject": "Disclosure at school",
            "body": "Details.",
            "significant": "on",
        },
    )
    page = client.get(reverse("placements:child", args=[w.child.pk]))
    assert any(e["text"] == "Disclosure at school" for e in page.context["events"])


def test_second_editor_of_a_note_is_refused_with_what_changed(looked_after, client):
    w = looked_after
    note = CaseNote.objects.create(
        child=w.child, occurred_on=today(), subject="Contact", body="First", written_by=w.worker
    )
    url = reverse("placements:edit_note", args=[w.child.pk, note.pk])
    form = {**date_fields("occurred_on", today()), "category": "general", "subject": "Contact"}
    client.force_login(w.worker)
    assert client.post(url, {**form, "body": "Worker's version", "version": 1}).status_code == 302
    client.force_login(w.manager)
    response = client.post(url, {**form, "body": "Manager's version", "version": 1})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this record" in body and "Worker&#x27;s version" in body
    note.refresh_from_db()
    assert (note.body, note.version) == ("Worker's version", 2)


def test_health_assessment_missing_episode_and_pep(looked_after, client):
    w = looked_after
    client.force_login(w.worker)
    assert (
        client.post(
            reverse("placements:record_health", args=[w.child.pk]),
            {
                "kind": "initial",
                **date_fields("completed_on", today()),
                "immunisations_up_to_date": "yes",
            },
        ).status_code
        == 302
    )
    assert HealthAssessment.objects.get().immunisations_up_to_date is True
    response = client.post(
        reverse("placements:record_missing", args=[w.child.pk]),
        {
            "kind": "M",
            **date_fields("started_on", today()),
            **date_fields("ended_on", today() - dt.timedelta(days=2)),
        },
    )
    assert "must be the same as or after" in response.content.decode()
    assert (
        client.post(
            reverse("placements:record_missing", args=[w.child.pk]),
            {
                "kind": "M",
                **date_fields("started_on", today() - dt.timedelta(days=2)),
                **date_fields("ended_on", today()),
            },
        ).status_code
        == 302
    )
    assert MissingEpisode.objects.count() == 1
    assert (
        client.post(
            reverse("placements:record_pep", args=[w.child.pk]),
            {
                "kind": "initial",
                **date_fields("completed_on", today()),
                "term": "autumn",
                "attendance_percent": "101",
            },
        ).status_code
        == 400
    )


def move(client, child, **overrides):
    data = {
        **date_fields("started_on", today()),
        "place": "U6",
        "place_provider": "PR4",
        "same_carer": "no",
        "carer_name": "The Okafor family",
        "postcode": "yo2 6pj",
        "reason_place_change": "CARPL",
        "weekly_cost": "450.00",
    }
    return client.post(reverse("placements:change_placement", args=[child.pk]), data | overrides)


def test_change_of_placement_closes_the_episode_and_opens_the_next_in_one_go(looked_after, client):
    w = looked_after
    client.force_login(w.worker)
    assert move(client, w.child).status_code == 302
    first, second = Episode.objects.filter(child=w.child).order_by("decom")
    assert (first.dec, first.rec, first.reason_place_change) == (today(), "X1", "CARPL")
    assert (second.decom, second.rne, second.legal_status, second.dec) == (today(), "P", "C2", None)
    assert second.placement.postcode == "YO2 6PJ"
    assert first.placement.ended_on == today()


def test_placement_cost_over_the_delegated_limit_is_refused_saying_council_must_approve(
    looked_after, client
):
    w = looked_after
    client.force_login(w.worker)
    response = move(client, w.child, weekly_cost="2500.00")
    assert response.status_code == 400
    assert "over the practice&#x27;s delegated limit" in response.content.decode()
    assert "council must approve" in response.content.decode()
    assert Episode.objects.filter(child=w.child).count() == 1


def test_same_day_second_move_is_refused_with_a_clear_message(looked_after, client):
    w = looked_after
    client.force_login(w.worker)
    move(client, w.child)
    response = move(client, w.child, place="U4")
    assert "cannot start and end on the same day" in response.content.decode()


def test_manager_reallocates_the_worker_with_a_reason(looked_after, client):
    w = looked_after
    url = reverse("placements:allocate_worker", args=[w.child.pk])
    client.force_login(w.worker)
    assert client.get(url).status_code == 403
    client.force_login(w.manager)
    response = client.post(url, {"worker": w.manager.pk, **date_fields("started_on", today())})
    assert "Select why the worker is changing" in response.content.decode()
    response = client.post(
        url,
        {"worker": w.manager.pk, **date_fields("started_on", today()), "change_reason": "MANAGE"},
    )
    assert response.status_code == 302
    old, new = w.child.worker_allocations.order_by("started_on")
    assert (old.ended_on, old.end_reason) == (today(), "MANAGE")
    assert (new.worker, new.sw_id) == (w.manager, "SW0002")


def test_the_child_summary_names_the_current_carer(looked_after, client):
    w = looked_after
    client.force_login(w.worker)
    html = client.get(reverse("placements:child", args=[w.child.pk])).content.decode()
    assert 'Carer</dt><dd class="govuk-summary-list__value">Not recorded' in html
    assert move(client, w.child).status_code == 302
    page = client.get(reverse("placements:child", args=[w.child.pk]))
    assert page.context["carer"].name == "The Okafor family"
    assert 'Carer</dt><dd class="govuk-summary-list__value">The Okafor family' in (
        page.content.decode()
    )
