"""A social worker's day in the browser: sign in, find the child, record, fix mistakes."""

import datetime as dt

import pytest
from django.utils import timezone

from placements.models import Visit
from tests.browser.conftest import check_accessibility, screenshot


@pytest.fixture
def day(world):
    world.worker.set_password("a-long-test-password")
    world.worker.save()
    return world


def given_i_sign_in_with_the_form(page, live_server, username, password):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_with_a_wrong_password_then_the_right_one(page, live_server, day):
    given_i_sign_in_with_the_form(page, live_server, "worker", "not-it")
    assert page.title().startswith("Error: Sign in")
    check_accessibility(page)
    screenshot(page, "sign-in-error")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My caseload").wait_for()


def test_record_a_visit_from_the_caseload_in_two_clicks(page, live_server, sign_in_as, day):
    sign_in_as(day.worker)
    page.goto(f"{live_server.url}/caseload/")
    check_accessibility(page)
    screenshot(page, "caseload-desktop")
    # when I open the child and choose to record a visit (two clicks)
    page.get_by_role("link", name="Amara Held").click()
    check_accessibility(page)
    screenshot(page, "child-record")
    page.get_by_role("link", name="Record a visit").click()
    # and I save without filling anything in
    page.get_by_role("button", name="Save").click()
    assert page.title().startswith("Error:")
    assert page.get_by_role("alert").get_by_text("Enter the date of the visit").is_visible()
    check_accessibility(page)
    screenshot(page, "record-visit-errors")
    # then I fill it in properly
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Where the child lives").check()
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("What happened").fill("Amara showed me her new bike.")
    page.get_by_role("button", name="Save").click()
    # it returns to the child with a banner, and the visit is in the chronology
    assert page.get_by_text("Visit recorded").is_visible()
    assert Visit.objects.filter(child=day.child, seen_alone=True).exists()
    check_accessibility(page)


def test_the_caseload_works_on_a_phone_and_without_javascript(browser, live_server, client, day):
    from django.conf import settings

    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 375, "height": 812}, bypass_csp=True
    )
    client.force_login(day.worker)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/caseload/?q=Amara")
    assert page.get_by_role("link", name="Amara Held").is_visible()
    page.get_by_label("Search by name or child ID").fill("nobody")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_text("No children match.").is_visible()
    screenshot(page, "caseload-phone-no-js")
    context.close()
