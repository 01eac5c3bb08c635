"""A commissioner and a practice in the browser: refer a child, accept, ask to spend over
the delegated limit, approve, and see it committed in the budget. axe on every page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.models import Budget, Referral, SpendRequest, financial_year_of
from commissioning.selectors.budgets import budget_figures
from placements.models import Allocation
from tests.browser.conftest import check_accessibility, screenshot
from tests.commissioning.test_referrals import looked_after


@pytest.fixture
def council_and_practice(world):
    """Cara is looked after by council A's own team; A's contract with P has £5,000 this
    year and a delegated limit of £500 an item."""
    looked_after(world.child_council)
    world.budget = Budget.objects.create(
        contract=world.contract,
        financial_year=financial_year_of(timezone.localdate()),
        amount=Decimal("5000.00"),
    )
    return world


def fill_date(page, group: str, day: dt.date) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def test_refer_accept_ask_over_the_limit_approve_and_see_it_committed(
    page, live_server, sign_in_as, council_and_practice
):
    w = council_and_practice
    today = timezone.localdate()
    # The therapy starts next week (or on 31 March, so it stays in this year's budget):
    # approved, it is committed but not yet spent.
    therapy_on = min(today + dt.timedelta(days=7), w.budget.ends_on)

    # The commissioner refers Cara to practice P from their home page.
    sign_in_as(w.commissioner)
    page.goto(f"{live_server.url}/commissioning/")
    page.get_by_role("heading", name="Commissioning", exact=True).wait_for()
    check_accessibility(page)
    screenshot(page, "commissioning-home")
    page.get_by_role("link", name="Refer a child").click()
    page.get_by_role("button", name="Send the referral").click()  # nothing chosen yet
    assert page.title().startswith("Error:")
    assert page.get_by_role("alert").get_by_text("Select the child").is_visible()
    check_accessibility(page)
    screenshot(page, "commissioning-refer-errors")
    page.get_by_label("Child", exact=True).select_option(value=str(w.child_council.pk))
    page.get_by_label("Practice and contract").select_option(index=1)
    page.get_by_label("Why this practice, and what the child needs").fill(
        "Cara needs a worker who can stay with her through the move to secondary school."
    )
    page.get_by_label("Documents the practice needs (optional)").fill("Care plan\nLatest review")
    page.get_by_role("button", name="Send the referral").click()
    assert page.get_by_text("Referral sent to the practice").is_visible()
    check_accessibility(page)
    screenshot(page, "commissioning-referral-sent")
    referral = Referral.objects.get(child=w.child_council)
    assert referral.status == "pending"
    assert referral.documents.splitlines() == ["Care plan", "Latest review"]

    # The practice manager finds it in the queue and accepts it, choosing the worker.
    sign_in_as(w.manager)
    page.goto(f"{live_server.url}/commissioning/referrals/")
    check_accessibility(page)
    screenshot(page, "commissioning-referral-queue")
    page.get_by_role("link", name="Cara Council").first.click()
    page.get_by_role("link", name="Accept").click()
    page.get_by_label("Allocated social worker").select_option(label=str(w.worker))
    fill_date(page, "Start date", today)
    check_accessibility(page)
    page.get_by_role("button", name="Accept and allocate").click()
    assert page.get_by_text("Referral accepted").is_visible()
    check_accessibility(page)
    screenshot(page, "commissioning-referral-accepted")
    held = Allocation.objects.get(child=w.child_council, ended_on__isnull=True)
    assert (held.practice, held.contract) == (w.practice, w.contract)

    # Cara's worker asks for £800 of therapy: over the £500 limit, so it goes to the council.
    sign_in_as(w.worker)
    page.goto(f"{live_server.url}/commissioning/spending/")
    check_accessibility(page)
    page.get_by_role("link", name="Ask to spend").click()
    page.get_by_label("Child", exact=True).select_option(value=str(w.child_council.pk))
    page.get_by_label("Type of spending").select_option(label="Service or therapy")
    page.get_by_label("What it is for").fill("Play therapy, 10 sessions")
    page.get_by_label("One-off").check()
    page.get_by_label("Amount, in pounds").fill("800.00")
    fill_date(page, "Date (or first day, for weekly costs)", therapy_on)
    page.get_by_label("Why it is needed").fill("Recommended by CAMHS after the move.")
    check_accessibility(page)
    screenshot(page, "commissioning-ask-to-spend")
    page.get_by_role("button", name="Send the request").click()
    assert page.get_by_text("Request sent").is_visible()
    assert page.get_by_text("Waiting for a decision").first.is_visible()
    assert page.get_by_text("above the delegated limit of £500.00").is_visible()
    check_accessibility(page)
    screenshot(page, "commissioning-request-waiting")
    request = SpendRequest.objects.get()
    assert (request.level, request.status) == ("council", "pending")
    assert budget_figures(w.budget).used == Decimal("0.00")

    # The commissioner sees it waiting on their home page and approves it.
    sign_in_as(w.commissioner)
    page.goto(f"{live_server.url}/commissioning/")
    waiting = page.get_by_role("table", name="Spend requests you decide")
    assert waiting.get_by_text("Cara Council").is_visible()
    check_accessibility(page)
    waiting.get_by_role("link", name="Play therapy").click()
    page.get_by_role("link", name="Approve").click()
    page.get_by_label("Note (optional)").fill("Agreed with the virtual school head.")
    check_accessibility(page)
    page.get_by_role("button", name="Approve").click()
    assert page.get_by_text("Request approved: the money is committed").is_visible()
    check_accessibility(page)

    # ... and the budget shows it committed: £5,000 less £800 leaves £4,200.
    page.get_by_role("link", name="budget").click()
    page.get_by_text("Play therapy, 10 sessions").first.wait_for()
    if therapy_on > today:
        assert page.locator("#committed").inner_text() == "£800.00"
    assert page.locator("#remaining").inner_text() == "£4,200.00"
    check_accessibility(page)
    screenshot(page, "commissioning-budget-committed")
    figures = budget_figures(w.budget)
    assert (figures.used, figures.remaining) == (Decimal("800.00"), Decimal("4200.00"))
    assert SpendRequest.objects.get().status == "approved"


def test_a_practice_manager_sees_their_contracts_budgets_and_queues(
    page, live_server, sign_in_as, council_and_practice
):
    sign_in_as(council_and_practice.manager)
    for path, name in (
        ("/commissioning/", "commissioning-practice-home"),
        ("/commissioning/contracts/", "commissioning-practice-contracts"),
        (f"/commissioning/contracts/{council_and_practice.contract.pk}/", None),
        (f"/commissioning/budgets/{council_and_practice.budget.pk}/", None),
        ("/commissioning/spending/", None),
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        check_accessibility(page)
        if name:
            screenshot(page, name)


def test_the_comparison_page_is_accessible(page, live_server, sign_in_as, council_and_practice):
    sign_in_as(council_and_practice.commissioner)
    response = page.goto(f"{live_server.url}/commissioning/comparison/")
    assert response.status == 200
    page.get_by_role("img").first.wait_for()
    check_accessibility(page)
    screenshot(page, "commissioning-comparison")
