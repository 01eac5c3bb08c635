"""Comparing practices with the council's own teams: the figures, the drill-down within
the viewer's scope, the exports, and a query count that does not grow with the caseload."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.models import Contract, financial_year_of
from commissioning.selectors.comparison import COUNCIL_TEAM, comparison
from placements.models import Deadline, MissingEpisode
from placements.services.allocations import allocate_child
from tests.commissioning.conftest import give_budget, today
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def visit(child, due, met=None):
    Deadline.objects.create(
        child=child,
        rule="CPPCR_Reg28_StandardVisits",
        kind="visit",
        key=f"v-{due}",
        title="Visit",
        due_on=due,
        met_on=met,
        computed_at="2026-01-01T00:00Z",
    )


def this_year_start():
    return dt.date(financial_year_of(today()), 4, 1)


@pytest.fixture
def mid_year(time_machine):
    """A day well into a financial year (20 November 2026): the figures below need visits
    already due in the year, which on 1 April none are. The comparison on the first day of
    a year has its own test."""
    time_machine.move_to(dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC))


@pytest.fixture
def compared(mid_year, world):
    """This financial year: practice P holds Amara (and held Ben until 3 days ago); the
    council's own team holds Cara (and Ben now). Visits and a missing episode in the year."""
    start = this_year_start()
    visit(world.child, start + dt.timedelta(days=10), start + dt.timedelta(days=9))
    visit(world.child, start + dt.timedelta(days=50), start + dt.timedelta(days=52))
    visit(world.child_council, start + dt.timedelta(days=20), start + dt.timedelta(days=20))
    MissingEpisode.objects.create(
        child=world.child_council, kind="A", started_on=start + dt.timedelta(days=5)
    )
    give_budget(world.contract, "20000.00")
    return world


def rows(world):
    result = comparison(
        council_id=world.council.pk,
        contracts=Contract.objects.all(),
        year=financial_year_of(today()),
        today=today(),
    )
    return {r.holder: r for r in result.rows}


def test_each_practice_sits_beside_the_councils_own_teams(compared):
    r = rows(compared)
    assert list(r) == [compared.practice.pk, COUNCIL_TEAM]
    practice, council = r[compared.practice.pk], r[COUNCIL_TEAM]
    assert (practice.children, practice.capacity, practice.budget) == (1, 50, Decimal("20000.00"))
    assert (council.children, council.capacity) == (2, None)
    assert practice.visits == (1, 2) and practice.visits_pct == Decimal("50.0")
    assert council.visits == (1, 1) and council.visits_pct == Decimal("100.0")
    assert (council.missing_episodes, practice.missing_episodes) == (1, 0)
    days = (today() - this_year_start()).days
    held_days = (days + 1) + (days - 3)
    assert practice.child_days == held_days  # Amara to today; Ben until 3 days ago
    # fees are £450 a week for each day held, so cost per child per week is £450
    assert practice.cost_per_child_week == Decimal("450.00")


def test_drill_down_lists_the_children_behind_a_figure(compared, client):
    client.force_login(compared.commissioner)
    url = reverse("commissioning:comparison_children")
    page = client.get(url, {"holder": compared.practice.pk, "figure": "visits_late"})
    assert page.status_code == 200
    assert "Amara Held" in page.content.decode()
    page = client.get(url, {"holder": COUNCIL_TEAM, "figure": "missing"}).content.decode()
    assert "Cara Council" in page and "Amara" not in page


def test_drill_down_never_shows_another_councils_children(compared, client):
    client.force_login(compared.other_commissioner)
    page = client.get(
        reverse("commissioning:comparison_children"),
        {"holder": COUNCIL_TEAM, "figure": "missing", "council": compared.council.pk},
    )
    assert page.status_code == 200
    assert "Cara" not in page.content.decode()


def test_practice_managers_and_inspectors_cannot_compare(compared, client):
    for person in (compared.manager, compared.inspector, compared.council_worker):
        client.force_login(person)
        assert client.get(reverse("commissioning:comparison")).status_code == 403


def test_the_page_draws_accessible_charts_with_the_same_figures_in_tables(compared, client):
    client.force_login(compared.commissioner)
    page = client.get(reverse("commissioning:comparison")).content.decode()
    # children, spend, cost, visits, reviews, health (bars) and visits by month (lines)
    assert page.count('role="img"') == 7
    assert page.count("<title id=") == 7 and page.count("<desc id=") == 7
    assert 'id="comparison-table"' in page and 'id="trend-table"' in page
    assert "50.0%" in page and "100.0%" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_exports_carry_the_same_figures(compared, client):
    client.force_login(compared.commissioner)
    rows_ = list(
        csv.reader(
            io.StringIO(client.get(reverse("commissioning:comparison_csv")).content.decode())
        )
    )
    header, practice, council = rows_
    assert practice[0] == "Practice P" and council[0] == "Council's own teams"
    assert practice[header.index("Visits on time (%)")] == "50.0"
    book = load_workbook(io.BytesIO(client.get(reverse("commissioning:comparison_xlsx")).content))
    assert book.sheetnames == ["Comparison", "By month"]
    assert book["Comparison"]["A2"].value == "Practice P"


def held_children(world, size):
    for child in ChildFactory.create_batch(size, council=world.council):
        allocate_child(
            child=child,
            practice=world.practice,
            contract=world.contract,
            started_on=dt.date(2025, 1, 1),
            by=None,
        )
        visit(child, this_year_start() + dt.timedelta(days=3))


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_comparison_page_runs_the_same_queries_for_5_and_50_children(world, client):
    # session, user, memberships; contracts, their variations (prefetch), budgets; budget
    # lines by contract, figures by holder, monthly trend (three set-based SQL statements);
    # the session save (savepoint, update, release): 12, whatever the caseload.
    client.force_login(world.commissioner)
    url = reverse("commissioning:comparison")
    held_children(world, 5)
    assert queries(client, url) == 12
    held_children(world, 45)
    assert queries(client, url) == 12


def test_quarters_of_the_financial_year():
    from commissioning.selectors.comparison import period_bounds

    assert period_bounds(2025) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert [period_bounds(2025, q) for q in (1, 2, 3, 4)] == [
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ]


def test_a_quarter_counts_only_what_fell_in_it(world, client):
    """Last financial year, fully past: a visit on time in each of Q1 and Q3, one late in
    Q4, a missing episode in Q2; Amara was held all year."""
    year = financial_year_of(today()) - 1
    start = dt.date(year, 4, 1)
    visit(world.child, start + dt.timedelta(days=20), start + dt.timedelta(days=20))
    visit(world.child, dt.date(year, 11, 2), dt.date(year, 11, 1))
    visit(world.child, dt.date(year + 1, 2, 2), dt.date(year + 1, 2, 9))
    MissingEpisode.objects.create(child=world.child, kind="M", started_on=dt.date(year, 8, 3))

    def practice(quarter):
        result = comparison(
            council_id=world.council.pk,
            contracts=Contract.objects.all(),
            year=year,
            today=today(),
            quarter=quarter,
        )
        return next(r for r in result.rows if r.holder == world.practice.pk)

    whole, q1, q2, q3, q4 = (practice(q) for q in (None, 1, 2, 3, 4))
    assert whole.visits == (2, 3)
    assert (q1.visits, q2.visits, q3.visits, q4.visits) == ((1, 1), (0, 0), (1, 1), (0, 1))
    assert (q1.missing_episodes, q2.missing_episodes) == (0, 1)
    assert q1.child_days == 91 + 91 and q3.child_days == 92 + 92  # Amara and Ben, all quarter
    assert q1.fees + q2.fees + q3.fees + q4.fees == whole.fees

    client.force_login(world.commissioner)
    page = client.get(reverse("commissioning:comparison"), {"year": year, "quarter": 2})
    assert f"from 1 July {year} to 30 September {year}" in page.content.decode()
    drill = client.get(
        reverse("commissioning:comparison_children"),
        {"year": year, "quarter": 2, "holder": world.practice.pk, "figure": "missing"},
    ).content.decode()
    assert "Amara Held" in drill and "July to September" in drill
    api = client.get(reverse("api:comparison"), {"year": year, "quarter": 5})
    assert api.status_code == 400 and "quarter" in api.json()


def test_on_the_first_day_of_a_year_the_comparison_shows_that_year_with_nothing_yet_due(
    time_machine, db
):
    """1 April 2027: the new year has one day in it. Ben left the practice three days ago,
    in the year before, so only Amara counts; a visit falls due next week, not yet."""
    time_machine.move_to(dt.datetime(2027, 4, 1, 12, 0, tzinfo=dt.UTC))
    from tests.personas import build_world

    world = build_world()
    visit(world.child, dt.date(2027, 4, 8))
    r = rows(world)
    practice = r[world.practice.pk]
    assert financial_year_of(today()) == 2027
    assert (practice.children, practice.child_days) == (1, 1)
    assert practice.visits == (0, 0) and practice.visits_pct is None
