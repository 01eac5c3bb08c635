"""The SSDA903 pages: results by rule and by child with links to fix, scoped by the
access policy; check now; download; a bounded number of queries whatever the size."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from oversight.models import SSDA903Run
from oversight.ssda903.rules import rules_for
from oversight.ssda903.services import request_validation, run_validation
from oversight.ssda903.tables import COLUMNS
from oversight.ssda903.years import CollectionYear
from placements.services.allocations import allocate_child
from placements.services.episodes import start_period_of_care
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return CollectionYear.of(timezone.localdate()).start_year


def looked_after(child, on=dt.date(2024, 5, 1)):
    start_period_of_care(
        child=child,
        by=None,
        started_on=on,
        legal_status="C2",
        cin="N1",
        place="U4",
        place_provider="PR1",
        postcode="YO1 3RU",
    )
    return child


def checked(world, year) -> SSDA903Run:
    run = request_validation(council=world.council, year=year, trigger="on_demand")
    run_validation(run.pk)
    run.refresh_from_db()
    return run


def page(client, person, world, year, **params):
    client.force_login(person)
    url = reverse("oversight:ssda903_results", args=[world.council.ons_code, year])
    return client.get(url, params)


@pytest.fixture
def checked_world(world, year):
    """Council A's return checked, with one child of the council's own team failing too."""
    looked_after(world.child_council)
    world.run = checked(world, year)
    return world


def test_the_data_lead_sees_errors_by_rule_and_each_child_with_links_to_fix(
    checked_world, client, year
):
    w = checked_world
    html = page(client, w.data_lead, w, year).content.decode()
    # Both children lack a URN, a UPN and a home postcode; only Cara has no social worker.
    expected = {"218": 2, "392B": 2, "442": 2, "SW01STG1": 1}
    if timezone.localdate() >= CollectionYear.of(timezone.localdate()).end:
        expected["186"] = 2  # on 31 March the year is whole and their SDQ scores are due
    assert {code: c["children"] for code, c in w.run.rule_counts.items()} == expected
    for code in w.run.rule_counts:
        assert f'<th scope="row" class="govuk-table__header">{code}</th>' in html
    assert f"{w.run.error_count} errors and 0 queries" in html
    child_url = reverse("placements:child", args=[w.child.pk])
    assert f'href="{child_url}"' in html and "Amara Held" in html and "Cara Council" in html
    assert f'href="{child_url}#placements"' in html  # rule 218 is fixed in the placement
    assert "Ofsted URN of the placement (URN): blank" in html
    assert "Rule 218" in html and "Ofsted Unique reference number (URN) is required." in html
    assert "Check the return now" in html and "Download the return" in html


def test_a_practice_sees_only_its_own_childrens_errors_and_cannot_check_or_download(
    checked_world, client, year
):
    w = checked_world
    for person in (w.worker, w.manager):
        html = page(client, person, w, year).content.decode()
        assert "Amara Held" in html and "Cara Council" not in html
        assert "You see the children you work with." in html
        assert "1 child" in html
        assert "Check the return now" not in html and "Download the return" not in html
    client.force_login(w.manager)
    args = [w.council.ons_code, year]
    assert client.post(reverse("oversight:ssda903_validate", args=args)).status_code == 403
    assert client.get(reverse("oversight:ssda903_download", args=args)).status_code == 403


def test_an_inspector_sees_only_the_sampled_childs_errors(checked_world, client, year):
    w = checked_world
    html = page(client, w.inspector, w, year).content.decode()
    assert "Amara Held" in html and "Cara Council" not in html
    html = page(client, w.inspector_not_sampled, w, year).content.decode()
    assert "Cara Council" in html and "Amara Held" not in html


def test_a_return_not_yet_checked_and_one_being_checked(world, client, year):
    html = page(client, world.data_lead, world, year).content.decode()
    assert "This return has not been checked yet." in html
    run = request_validation(council=world.council, year=year, trigger="on_demand")
    SSDA903Run.objects.filter(pk=run.pk).update(
        status="running", started_at=timezone.now(), progress_done=40, progress_total=133
    )
    html = page(client, world.data_lead, world, year).content.decode()
    assert "40 of 133 rules checked." in html
    assert "oversight/ssda903_progress" in html and 'data-poll="' in html  # polls while it runs
    assert "disabled" in html  # no second check while one runs


def test_check_now_queues_a_run_and_comes_back_to_the_page(world, client, year):
    client.force_login(world.data_lead)
    url = reverse("oversight:ssda903_validate", args=[world.council.ons_code, year])
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "oversight:ssda903_results", args=[world.council.ons_code, year]
    )
    run = SSDA903Run.objects.get()
    assert (run.requested_by, run.trigger, run.status) == (world.data_lead, "on_demand", "queued")
    assert "The return is being checked." in response.content.decode()
    client.post(url)
    assert SSDA903Run.objects.count() == 1


def test_a_year_outside_the_collections_is_not_found(world, client):
    client.force_login(world.data_lead)
    future = CollectionYear.of(timezone.localdate()).start_year + 1
    for year in (2014, future):
        url = reverse("oversight:ssda903_results", args=[world.council.ons_code, year])
        assert client.get(url).status_code == 404
    assert (
        client.get(reverse("oversight:ssda903_results", args=["E00000000", 2025])).status_code
        == 404
    )


def test_the_download_is_a_zip_of_the_dfe_tables(world, client, year):
    client.force_login(world.data_lead)
    response = client.get(
        reverse("oversight:ssda903_download", args=[world.council.ons_code, year])
    )
    assert response["Content-Type"] == "application/zip"
    short = CollectionYear(year).short
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names == [f"{world.council.dfe_la_number}_{short}_{t}.csv" for t in COLUMNS]
    for name, (table, columns) in zip(names, COLUMNS.items(), strict=True):
        rows = list(csv.reader(io.StringIO(archive.read(name).decode())))
        assert rows[0] == columns, table
    episodes = list(csv.DictReader(io.StringIO(archive.read(names[1]).decode())))
    assert [(e["CHILD"], e["DECOM"], e["RNE"]) for e in episodes] == [
        (world.child.la_child_id, "01/01/2020", "S")
    ]


def test_the_index_lists_the_returns_each_person_may_look_at(world, client, year):
    client.force_login(world.data_lead)
    html = client.get(reverse("oversight:ssda903_index")).content.decode()
    assert "Council A" in html and "Council B" not in html
    client.force_login(world.other_worker)  # practice Q works for council B
    html = client.get(reverse("oversight:ssda903_index")).content.decode()
    assert "Council B" in html and "Council A" not in html
    client.force_login(world.iro)
    html = client.get(reverse("oversight:ssda903_index")).content.decode()
    assert "There are no returns for you to look at." in html


def more_failing_children(world, count):
    for n in range(count):
        child = ChildFactory(council=world.council, first_name=f"Extra{n}")
        if n % 2:
            allocate_child(
                child=child,
                practice=world.practice,
                contract=world.contract,
                started_on=dt.date(2024, 1, 1),
                by=None,
            )
        looked_after(child)


@pytest.mark.parametrize("who", ["data_lead", "manager"])
def test_the_results_page_runs_the_same_queries_for_5_and_40_failing_children(
    world, client, year, who
):
    # Queries: session, user, memberships (scope), council, [visible children check], latest
    # run, latest finished run, summary by rule, count of children, page of children, their
    # failures (and the access policy's permission lookups for a practice).
    counts = []
    for size in (5, 40):
        more_failing_children(world, size - len(counts) * 5)
        checked(world, year)
        person = getattr(world, who)
        client.force_login(person)
        url = reverse("oversight:ssda903_results", args=[world.council.ons_code, year])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20


def test_rules_and_progress_agree(world, year):
    run = checked(world, year)
    assert run.progress_total == len(rules_for(year))
