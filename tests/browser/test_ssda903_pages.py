"""The SSDA903 return in the browser: the data lead finds the council's return, checks it,
sees the errors by rule and by child, and follows a link to fix one; the practice manager
sees only the practice's children. axe on every page."""

from django.utils import timezone

from oversight.models import SSDA903Run
from oversight.ssda903.services import run_validation
from oversight.ssda903.years import CollectionYear
from tests.browser.conftest import check_accessibility, screenshot


def test_data_lead_checks_the_return_and_follows_a_link_to_fix(
    page, context, live_server, sign_in_as, world
):
    year = CollectionYear.of(timezone.localdate())
    # given the data lead opens the returns they look after
    sign_in_as(world.data_lead)
    page.goto(f"{live_server.url}/returns/ssda903/")
    check_accessibility(page)
    screenshot(page, "ssda903-index")
    page.get_by_role("link", name=f"{year.label} return for Council A").click()
    page.get_by_text("This return has not been checked yet.").wait_for()
    check_accessibility(page)

    # when they ask for a check, and the job runs (no broker here: run it as the worker would)
    page.get_by_role("button", name="Check the return now").click()
    page.get_by_text("The return is being checked.").wait_for()
    check_accessibility(page)
    screenshot(page, "ssda903-checking")
    run_validation(SSDA903Run.objects.get().pk)
    page.get_by_text("The check has finished.").wait_for(timeout=10_000)  # the page polls
    page.get_by_role("link", name="Show the results").click()

    # then the errors are listed by rule and by child, with a link into the record
    page.get_by_role("heading", name="Children with something to fix").wait_for()
    check_accessibility(page)
    screenshot(page, "ssda903-results")
    page.get_by_role("link", name="Fix it in the record").first.click()
    page.wait_for_url(f"**/children/{world.child.pk}/**")
    assert "Amara Held" in page.content()

    # and the practice manager sees only the practice's child
    context.clear_cookies()
    sign_in_as(world.manager)
    page.goto(f"{live_server.url}/returns/ssda903/{world.council.ons_code}/{year.start_year}/")
    page.get_by_text("You see the children you work with.").wait_for()
    assert page.get_by_role("button", name="Check the return now").count() == 0
    check_accessibility(page)
    screenshot(page, "ssda903-results-practice")

    # and the manager's link for rule 218 opens the page that sets the placement's URN
    page.get_by_role("link", name="Fix it in the record").first.click()
    page.get_by_role("heading", name="Correct the placement's details").wait_for()
    check_accessibility(page)
    page.get_by_label("Ofsted URN of the placement (optional)").fill("SC12")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").get_by_text("Enter an Ofsted URN").wait_for()
    check_accessibility(page)
    screenshot(page, "placement-details-error")
    page.get_by_label("Ofsted URN of the placement (optional)").fill("SC654321")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Placement details corrected").wait_for()
    assert page.get_by_role("cell", name="SC654321").count() == 1
