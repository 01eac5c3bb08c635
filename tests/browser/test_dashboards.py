"""Performance dashboards in the browser: an inspector reads the national dashboard and
goes down to a council; a commissioner filters their council's and looks behind a figure;
a practice manager reads their practice's. axe on every page; screenshots to look at."""

import datetime as dt

import pytest
from django.utils import timezone

from oversight.indicators.definitions import INDICATORS
from oversight.indicators.models import IndicatorSnapshot
from oversight.indicators.services import add_months, snapshot_month
from tests.browser.conftest import check_accessibility, screenshot


@pytest.fixture
def figures(world):
    """24 months of figures for both councils (a gentle trend), and the current month
    computed from the record."""
    today = timezone.localdate()
    this = today.replace(day=1)
    now = timezone.now()
    rows = []
    for k in range(1, 25):
        month = add_months(this, -k)
        for n, indicator in enumerate(INDICATORS):
            for council, practice, den in (
                (world.council, world.practice, 40),
                (world.council, None, 60),
                (world.other_council, world.other_practice, 80),
            ):
                rows.append(
                    IndicatorSnapshot(
                        month=month,
                        indicator=indicator.code,
                        council=council,
                        practice=practice,
                        numerator=(n * 7 + k + den // 10) % den,
                        denominator=den,
                        computed_at=now - dt.timedelta(hours=3),
                    )
                )
    IndicatorSnapshot.objects.bulk_create(rows)
    snapshot_month(month=this, today=today)
    return world


def test_an_inspector_reads_the_national_dashboard_and_goes_to_a_council(
    page, live_server, sign_in_as, figures
):
    # given I am an inspector
    sign_in_as(figures.inspector)
    # when I open the performance dashboards
    page.goto(f"{live_server.url}/performance/")
    # then I see every council's figures, with a chart, its table and its definition
    page.get_by_role("heading", name="England (every council)").wait_for()
    assert page.get_by_role("img", name="Three or more placements in the year, month by month")
    assert page.locator("#definition").inner_text().startswith("Definition:")
    assert "Figures computed at" in page.locator("#computed-at").inner_text()
    check_accessibility(page)
    screenshot(page, "dashboard-national")
    # when I choose an indicator and a council
    page.get_by_label("Indicator to chart").select_option("visits_on_time")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Statutory visits on time").wait_for()
    page.locator("#breakdown-table").get_by_role("link", name="Council A").click()
    # then I see the council's dashboard, compared with England
    page.get_by_role("heading", name="Council A").wait_for()
    assert "England" in page.locator("#summary-table").inner_text()
    check_accessibility(page)
    screenshot(page, "dashboard-council-inspector")


def test_a_commissioner_filters_their_council_and_looks_behind_a_figure(
    page, live_server, sign_in_as, figures
):
    sign_in_as(figures.commissioner)
    page.goto(f"{live_server.url}/performance/")
    page.get_by_role("heading", name="Council A").wait_for()
    # when I filter by legal status and a bad period is impossible to choose, only listed
    page.get_by_label("Legal status").select_option("care_order")
    page.get_by_label("Period (month)").select_option(index=0)
    page.get_by_label("Indicator to chart").select_option("placed_out_of_area")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Placed outside the council's area").wait_for()
    check_accessibility(page)
    screenshot(page, "dashboard-council-filtered")
    # and I look at the children behind the council's own teams' figure
    page.locator("#breakdown-table").get_by_role("link", name="See the children").first.click()
    page.get_by_role("heading", name="the children behind the figure").wait_for()
    check_accessibility(page)
    screenshot(page, "dashboard-children")
    # and a bad period typed into the address is refused next to the field
    page.goto(f"{live_server.url}/performance/councils/{figures.council.pk}/?month=1999-01")
    assert page.title().startswith("Error:")
    check_accessibility(page)


def test_a_practice_manager_reads_their_practice(page, live_server, sign_in_as, figures):
    sign_in_as(figures.manager)
    page.goto(f"{live_server.url}/performance/")
    page.get_by_role("heading", name="Practice P").wait_for()
    assert "The councils it works for" in page.locator("#summary-table").inner_text()
    check_accessibility(page)
    screenshot(page, "dashboard-practice")
