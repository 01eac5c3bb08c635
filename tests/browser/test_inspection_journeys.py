"""An inspection in the browser: the inspectorate schedules it and draws the sample, the
inspector audits a case and drafts the findings, the inspectorate publishes them, and the
council reads them with every view the inspector made. axe on every page."""

import datetime as dt

import pytest
from django.utils import timezone

from oversight.models import CaseAudit, Inspection, InspectionFindings
from tests.browser.conftest import check_accessibility, screenshot
from tests.oversight.inspections.conftest import mixed_council


@pytest.fixture
def council(world):
    mixed_council(world, per_stratum=1)
    return world


def fill_date(page, name, day: dt.date):
    page.locator(f"#id_{name}_day").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


def as_person(context, sign_in_as, person):
    context.clear_cookies()
    sign_in_as(person)


def test_schedule_sample_audit_and_publish(page, context, live_server, sign_in_as, council):
    w = council
    today = timezone.localdate()
    # given the inspectorate administrator schedules an inspection of council A
    sign_in_as(w.inspectorate_admin)
    page.goto(f"{live_server.url}/inspections/")
    check_accessibility(page)
    page.get_by_role("button", name="Schedule an inspection").click()
    page.get_by_role("button", name="Schedule the inspection").click()
    assert page.title().startswith("Error:")
    check_accessibility(page)
    screenshot(page, "inspection-schedule-errors")
    page.get_by_label("Title").fill("Inspection of services for children in care")
    page.get_by_label("Council or practice to inspect").select_option(label="Council A")
    page.get_by_label("Inspector", exact=True).check()
    fill_date(page, "starts_on", today)
    fill_date(page, "ends_on", today + dt.timedelta(days=7))
    page.get_by_label("Scope").fill("Children in care and care leavers")
    page.get_by_label("Sample size").fill("6")
    page.get_by_label("Seed (optional)").fill("2026")
    page.get_by_role("button", name="Schedule the inspection").click()
    page.get_by_text("Inspection scheduled").wait_for()
    check_accessibility(page)
    screenshot(page, "inspection-scheduled")
    inspection = Inspection.objects.get(title="Inspection of services for children in care")

    # when they draw the sample
    page.get_by_role("button", name="Draw the sample").click()
    check_accessibility(page)
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_role("heading", name="Sample and access log").wait_for()
    assert inspection.samples.count() == 6
    check_accessibility(page)
    screenshot(page, "inspection-sample")

    # then the inspector finds the sampled children at home, reads one and audits it
    as_person(context, sign_in_as, w.inspector)
    page.goto(f"{live_server.url}/inspections/")
    page.get_by_role("heading", name="Your open inspections").wait_for()
    check_accessibility(page)
    screenshot(page, "inspector-home")
    sample = inspection.samples.select_related("child").order_by(
        "child__last_name", "child__first_name"
    )[0]
    page.get_by_role("link", name=sample.child.display_name).first.click()
    page.get_by_role("heading", name=sample.child.display_name).first.wait_for()
    assert page.get_by_role("link", name="Record a visit").count() == 0
    page.go_back()
    page.get_by_role("link", name=f"audit of {sample.child.display_name}").first.click()
    for area, grade in (
        ("Quality of planning", "Good"),
        ("Timeliness", "Requires improvement to be good"),
        ("The child's voice", "Good"),
        ("Stability", "Outstanding"),
        ("Management oversight", "Inadequate"),
    ):
        page.get_by_role("group", name=area).get_by_label(grade, exact=True).check()
    page.get_by_label("Evidence for the grade on quality of planning").fill(
        "The care plan is current and specific."
    )
    page.get_by_label("The audit is complete").check()
    check_accessibility(page)
    screenshot(page, "case-audit")
    page.get_by_role("button", name="Save the case audit").click()
    page.get_by_text("Case audit saved").wait_for()
    audit = CaseAudit.objects.get(sample=sample)
    assert (audit.stability_grade, audit.completed_at is not None) == ("outstanding", True)

    # and drafts the findings
    page.get_by_role("link", name="Findings").click()
    page.get_by_label("Summary of findings").fill("Children in care get good help.")
    for area, grade in (
        ("The impact of leaders on social work practice", "Good"),
        ("The experiences and progress of children in care", "Good"),
        ("The experiences and progress of care leavers", "Requires improvement to be good"),
    ):
        page.get_by_role("group", name=area).get_by_label(grade, exact=True).check()
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("Draft findings saved").wait_for()
    check_accessibility(page)
    screenshot(page, "findings-draft")

    # when the inspectorate publishes them
    as_person(context, sign_in_as, w.inspectorate_admin)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/findings/")
    page.get_by_role("button", name="Publish").click()
    check_accessibility(page)
    page.get_by_role("button", name="Publish the findings").click()
    page.get_by_text("Findings published").wait_for()
    assert InspectionFindings.objects.get(inspection=inspection).status == "published"

    # then the council reads the findings, who was sampled, and what the inspector viewed
    as_person(context, sign_in_as, w.council_admin)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/findings/")
    page.get_by_text("Children in care get good help.").wait_for()
    check_accessibility(page)
    screenshot(page, "findings-published-council")
    page.get_by_role("link", name="Sample and access log").click()
    log = page.get_by_role("table", name="Views by the inspectors")
    assert log.get_by_text("child record").count() >= 1
    check_accessibility(page)
    screenshot(page, "access-log-council")


def test_the_inspectors_lists(page, live_server, sign_in_as, council):
    inspection = Inspection.objects.get(title="Inspection of Council A")
    sign_in_as(council.inspector)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/lists/")
    check_accessibility(page)
    page.get_by_role("link", name="Children in care", exact=True).click()
    page.get_by_role("heading", name="Children in care").wait_for()
    assert page.get_by_role("cell", name="Amara Held").is_visible()
    check_accessibility(page)
    screenshot(page, "inspection-list-children-in-care")
