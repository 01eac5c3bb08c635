"""Every page of the day's recording, at phone and desktop sizes: axe-clean as it opens and
with its error summary, and the journeys that end in a saved record."""

import datetime as dt

import pytest
from django.utils import timezone

from placements.deadlines.engine import recompute
from placements.models import (
    CaseNote,
    Deadline,
    DeprivationOfLiberty,
    Episode,
    MissingEpisode,
    Placement,
    WorkerAllocation,
)
from placements.services.episodes import change_placement
from tests.browser.conftest import check_accessibility, screenshot

SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
FORMS = {
    "record-visit": ("visits/new/", "Enter the date of the visit"),
    "add-note": ("notes/new/", "Enter a subject"),
    "record-health": ("health/new/", "Enter the date of the assessment"),
    "record-pep": ("education/new/", "Enter the date of the PEP meeting"),
    "record-missing": ("missing/new/", "Enter the date they went missing"),
    "change-placement": ("placement/change/", "Select the type of placement"),
}


def fill_date(page, day: dt.date, group: str | None = None) -> None:
    scope = page.get_by_role("group", name=group) if group else page
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


@pytest.mark.parametrize("size", list(SIZES))
def test_every_recording_page_and_its_errors_pass_axe(page, live_server, sign_in_as, world, size):
    recompute([world.child.pk])  # the record's statutory dates, with their states
    assert Deadline.objects.filter(child=world.child).exists()
    page.set_viewport_size(SIZES[size])
    sign_in_as(world.worker)
    base = f"{live_server.url}/children/{world.child.pk}/"
    page.goto(f"{live_server.url}/caseload/")
    check_accessibility(page)
    page.goto(base)
    assert page.locator("#due ~ table .govuk-tag").count() > 0
    check_accessibility(page)
    screenshot(page, f"child-record-{size}")
    for name, (path, message) in FORMS.items():
        page.goto(base + path)
        check_accessibility(page)
        page.get_by_role("button", name="Save").click()
        assert page.title().startswith("Error:"), name
        assert page.get_by_role("alert").get_by_text(message).first.is_visible(), name
        check_accessibility(page)
        screenshot(page, f"{name}-errors-{size}")


def test_a_significant_case_note_shows_in_the_chronology(page, live_server, sign_in_as, world):
    sign_in_as(world.worker)
    page.goto(f"{live_server.url}/children/{world.child.pk}/")
    page.get_by_role("link", name="Add a case note").click()
    fill_date(page, timezone.localdate() + dt.timedelta(days=2))
    page.get_by_label("Subject").fill("Moved school")
    page.get_by_label("Note", exact=True).fill("Started at Riverside today.")
    page.get_by_label("This is a significant event").check()
    page.get_by_role("button", name="Save").click()
    # a future date is refused, and what I typed is kept
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Subject").input_value() == "Moved school"
    fill_date(page, timezone.localdate())
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Case note added").is_visible()
    chronology = page.locator("#chronology ~ table").first
    assert chronology.get_by_text("Moved school").is_visible()
    assert CaseNote.objects.filter(child=world.child, significant=True).exists()
    check_accessibility(page)


def test_a_missing_episode_is_recorded(page, live_server, sign_in_as, world):
    sign_in_as(world.worker)
    page.goto(f"{live_server.url}/children/{world.child.pk}/missing/new/")
    page.get_by_label("Missing", exact=True).check()
    fill_date(page, timezone.localdate() - dt.timedelta(days=1), "Date they went missing")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Missing episode recorded").is_visible()
    assert MissingEpisode.objects.filter(child=world.child).exists()


def test_a_move_over_the_limit_is_refused_then_made(page, live_server, sign_in_as, world):
    page.set_viewport_size(SIZES["phone"])
    sign_in_as(world.worker)
    page.goto(f"{live_server.url}/children/{world.child.pk}/placement/change/")
    fill_date(page, timezone.localdate(), "Date of the move")
    page.get_by_label("Type of placement").select_option("U6")
    page.get_by_label("Who provides the placement?").select_option("PR4")
    page.get_by_role("group", name="Is the child staying with the same carer?").get_by_label(
        "No"
    ).check()
    page.get_by_label("New carer's name").fill("The Okafor family")
    page.get_by_label("Placement postcode").fill("YO2 6PJ")
    page.get_by_label("Why is the placement changing?").select_option("CARPL")
    page.get_by_label("Weekly cost, in pounds (optional)").fill("2500.00")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("alert").get_by_text("council must approve").is_visible()
    check_accessibility(page)
    screenshot(page, "change-placement-over-limit-phone")
    page.get_by_label("Weekly cost, in pounds (optional)").fill("450.00")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Placement changed").is_visible()
    assert Episode.objects.filter(child=world.child).count() == 2


def test_a_placement_open_when_h5_was_withdrawn_is_recoded_to_k3(
    page, live_server, sign_in_as, world
):
    semi_independent = change_placement(
        child=world.child,
        by=world.worker,
        started_on=dt.date(2024, 6, 3),
        place="H5",
        place_provider="PR4",
        reason_place_change="CARPL",
        postcode="YO2 6PJ",
        urn="SC123456",
    )
    sign_in_as(world.worker)
    page.goto(f"{live_server.url}/children/{world.child.pk}/")
    page.get_by_role("link", name="Correct the placement from 3 Jun 2024").click()
    check_accessibility(page)
    assert page.get_by_text("The DfE withdrew H5 from 1 April 2025").is_visible()
    page.get_by_label("Placement type").select_option("K3")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Placement details corrected").is_visible()
    row = page.locator(f"#placement-{semi_independent.pk}")
    assert row.get_by_text("re-coded from H5 on 1 Apr 2025").is_visible()
    check_accessibility(page)
    semi_independent.refresh_from_db()
    assert (semi_independent.place, semi_independent.recoded_from) == ("K3", "H5")
    # once re-coded, the page offers no type to choose
    page.goto(
        f"{live_server.url}/children/{world.child.pk}/placements/{semi_independent.pk}/details/"
    )
    assert page.get_by_label("Placement type").count() == 0
    assert Placement.objects.filter(child=world.child, recoded_from="H5").count() == 1


def test_the_manager_sees_the_team_and_reallocates(page, live_server, sign_in_as, world):
    Deadline.objects.create(
        child=world.child,
        rule="CPPCR_Reg28_StandardVisits",
        kind="visit",
        key="browser",
        title="Statutory visit",
        due_on=timezone.localdate() - dt.timedelta(days=4),
        computed_at=timezone.now(),
    )
    sign_in_as(world.manager)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Social workers").click()
    row = page.get_by_role("row", name="Worker")
    assert row.get_by_text("1 overdue").is_visible()
    check_accessibility(page)
    screenshot(page, "team-desktop")
    page.set_viewport_size(SIZES["phone"])
    check_accessibility(page)
    screenshot(page, "team-phone")
    page.set_viewport_size(SIZES["desktop"])
    page.goto(f"{live_server.url}/children/{world.child.pk}/worker/")
    page.get_by_label("Manager (0 children, 0 overdue)").check()
    fill_date(page, timezone.localdate(), "Date they take over")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("alert").get_by_text("Select why the worker is changing").is_visible()
    check_accessibility(page)
    page.get_by_label("Why is the worker changing?").select_option("MANAGE")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Social worker allocated").is_visible()
    assert WorkerAllocation.objects.get(child=world.child, ended_on__isnull=True).worker == (
        world.manager
    )


def test_the_council_records_a_deprivation_of_liberty_order_and_ends_it(
    page, live_server, sign_in_as, world
):
    sign_in_as(world.commissioner)
    page.goto(f"{live_server.url}/children/{world.child.pk}/")
    page.get_by_role("link", name="Record a deprivation of liberty order").click()
    check_accessibility(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").get_by_text("Enter the date the order was made").wait_for()
    check_accessibility(page)
    fill_date(page, timezone.localdate() - dt.timedelta(days=7), "Date the order was made")
    page.get_by_label("Court that made the order (optional)").fill("High Court")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").get_by_text("Deprivation of liberty order recorded").wait_for()
    page.get_by_role("link", name="end it").click()
    check_accessibility(page)
    fill_date(page, timezone.localdate(), "Date the order ended")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").get_by_text("Deprivation of liberty order ended").wait_for()
    order = DeprivationOfLiberty.objects.get(child=world.child)
    assert (order.ended_on, order.version) == (timezone.localdate(), 2)
