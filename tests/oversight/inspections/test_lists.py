"""The lists for the inspection, on worked examples at their edges, as pages and downloads,
logged, within the inspection's scope and window."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from core.models import RecordAccess
from oversight import lists
from placements.models import (
    AdoptionDecision,
    CareLeaverContact,
    MissingEpisode,
    WorkerAllocation,
)
from tests.oversight.inspections.conftest import looked_after, open_inspection

pytestmark = pytest.mark.django_db


def years_before(day: dt.date, years: int, days: int = 0) -> dt.date:
    return day.replace(year=day.year - years) - dt.timedelta(days=days)


@pytest.fixture
def inspection(world):
    return open_inspection(world)


def ids(table) -> set[str]:
    return {row[0] for row in table.rows}


def test_children_in_care_now_and_those_who_ceased_in_the_last_6_months(world, inspection):
    day = inspection.starts_on
    [recent] = looked_after(world.council, 1, ended=day - dt.timedelta(days=60))
    [long_gone] = looked_after(world.council, 1, ended=day - dt.timedelta(days=250))
    looked_after(world.other_council, 1)
    table = lists.children_in_care(inspection)
    assert ids(table) == {world.child.la_child_id, recent.la_child_id}
    row = next(r for r in table.rows if r[0] == world.child.la_child_id)
    named = dict(zip(table.header, row, strict=True))
    assert named["Legal status (LS)"] == "C2"
    assert named["Placement (PLACE)"] == "U4"
    assert named["Case held by"] == "Practice P"
    assert named["Social worker"] == "Worker"
    ceased = dict(
        zip(table.header, next(r for r in table.rows if r[0] == recent.la_child_id), strict=True)
    )
    assert ceased["Ceased on"] == day - dt.timedelta(days=60)


def test_children_in_care_matches_an_independent_sql_count(world, inspection):
    day = inspection.starts_on
    looked_after(world.council, 7)
    looked_after(world.council, 3, ended=day - dt.timedelta(days=10))
    looked_after(world.council, 2, ended=day - dt.timedelta(days=400))
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(DISTINCT c.id) FROM placements_child c
               JOIN placements_periodofcare p ON p.child_id = c.id
               WHERE c.council_id = %s AND p.started_on <= %s
                 AND (p.ended_on IS NULL OR p.ended_on > %s
                      OR p.ended_on >= (%s::date - interval '6 months'))""",
            [world.council.pk, day, day, day],
        )
        expected = cursor.fetchone()[0]
    assert len(lists.children_in_care(inspection).rows) == expected == 11


def test_missing_and_away_episodes_in_the_last_6_months(world, inspection):
    day = inspection.starts_on
    for kind, ago, offered in (
        ("M", 10, True),
        ("M", 30, False),
        ("A", 40, False),
        ("M", 300, True),
    ):
        MissingEpisode.objects.create(
            child=world.child,
            kind=kind,
            started_on=day - dt.timedelta(days=ago),
            ended_on=day - dt.timedelta(days=ago),
            return_interview_offered_on=day - dt.timedelta(days=ago) if offered else None,
        )
    [row] = lists.missing(inspection).rows
    named = dict(zip(lists.missing(inspection).header, row, strict=True))
    assert (named["Times missing"], named["Times away"]) == (2, 1)
    assert named["First went missing"] == day - dt.timedelta(days=40)
    assert named["Return interviews offered"] == 1
    in_care = lists.children_in_care(inspection)
    held = dict(
        zip(
            in_care.header,
            next(r for r in in_care.rows if r[0] == world.child.la_child_id),
            strict=True,
        )
    )
    assert (held["Times missing"], held["Times away"], held["Return interviews offered"]) == (
        2,
        1,
        1,
    )


def test_care_leavers_by_category_at_the_edges(world, inspection):
    day = inspection.starts_on
    make = {
        # 17 today, in care since 15: eligible
        "eligible": dict(born=years_before(day, 17), since=years_before(day, 2)),
        # 17, left care at 16 and a half after two years: relevant
        "relevant": dict(
            born=years_before(day, 17),
            since=years_before(day, 2),
            ended=day - dt.timedelta(days=180),
        ),
        # 19, in care from 15 to 17: former relevant
        "former": dict(
            born=years_before(day, 19), since=years_before(day, 4), ended=years_before(day, 2)
        ),
        # 17, in care for 40 days after 16: qualifying
        "qualifying": dict(
            born=years_before(day, 17),
            since=day - dt.timedelta(days=60),
            ended=day - dt.timedelta(days=20),
        ),
        # 15: not yet
        "too young": dict(born=years_before(day, 15), since=years_before(day, 1)),
        # 18, left care at 15: never eligible
        "left at 15": dict(
            born=years_before(day, 18), since=years_before(day, 5), ended=years_before(day, 3)
        ),
        # 22 today: past 21
        "too old": dict(
            born=years_before(day, 22), since=years_before(day, 6), ended=years_before(day, 4)
        ),
    }
    children = {name: looked_after(world.council, 1, **kw)[0] for name, kw in make.items()}
    CareLeaverContact.objects.create(
        child=children["former"],
        birthday=years_before(day, 0, 0).replace(year=children["former"].date_of_birth.year + 19),
        contact_on=day - dt.timedelta(days=5),
        in_touch="YES",
        activity="F1",
        accommodation="B1",
    )
    table = lists.care_leavers(inspection)
    category = {row[0]: row[4] for row in table.rows}
    assert category == {
        children["eligible"].la_child_id: "Eligible",
        children["relevant"].la_child_id: "Relevant",
        children["former"].la_child_id: "Former relevant",
        children["qualifying"].la_child_id: "Qualifying",
    }
    former = dict(
        zip(table.header, next(r for r in table.rows if r[4] == "Former relevant"), strict=True)
    )
    assert (former["In touch"], former["Activity"], former["Accommodation"]) == ("YES", "F1", "B1")


def test_children_placed_for_adoption_in_the_last_12_months(world, inspection):
    day = inspection.starts_on
    [placed] = looked_after(
        world.council, 1, ls="E1", place="A4", since=day - dt.timedelta(days=50)
    )
    [decided] = looked_after(world.council, 1, ls="E1")
    AdoptionDecision.objects.create(child=decided, decided_on=day - dt.timedelta(days=100))
    [ceased_long_ago] = looked_after(world.council, 1, ls="E1")
    AdoptionDecision.objects.create(
        child=ceased_long_ago,
        decided_on=day - dt.timedelta(days=600),
        ceased_on=day - dt.timedelta(days=400),
        ceased_reason="RD2",
    )
    table = lists.placed_for_adoption(inspection)
    assert ids(table) == {placed.la_child_id, decided.la_child_id}
    row = dict(
        zip(table.header, next(r for r in table.rows if r[0] == placed.la_child_id), strict=True)
    )
    assert row["Placed for adoption on"] == day - dt.timedelta(days=50)


def test_social_workers_and_their_caseloads(world, inspection):
    for child in looked_after(world.council, 2, practice=world.practice, contract=world.contract):
        WorkerAllocation.objects.create(
            child=child,
            allocation=child.allocations.get(),
            worker=world.worker,
            sw_id="SW0001",
            started_on=dt.date(2024, 1, 1),
        )
    looked_after(world.other_council, 1)
    table = lists.social_work_staff(inspection)
    [row] = table.rows
    named = dict(zip(table.header, row, strict=True))
    assert (named["Name"], named["Organisation"], named["SW_ID"], named["Children allocated"]) == (
        "Worker",
        "Practice P",
        "SW0001",
        3,
    )


def test_a_practice_inspection_lists_only_the_practices_children(world):
    inspection = open_inspection(world, council=None, practice=world.practice)
    council_team = looked_after(world.council, 2)
    table = lists.children_in_care(inspection)
    assert world.child.la_child_id in ids(table)
    assert not ids(table) & {c.la_child_id for c in council_team}


def test_the_list_page_logs_each_child_shown_for_the_council_to_see(world, client):
    from oversight.models import Inspection

    inspection = Inspection.objects.get(title="Inspection of Council A")
    client.force_login(world.inspector)
    url = reverse("oversight:inspection_list", args=[inspection.pk, "children-in-care"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Amara Held" in response.content.decode()
    logged = RecordAccess.objects.filter(actor=world.inspector)
    assert set(logged.values_list("child_id", flat=True)) == {
        row_ids[0] for _, row_ids in response.context["page"].object_list
    }
    client.force_login(world.council_admin)
    sample_page = client.get(reverse("oversight:inspection_sample", args=[inspection.pk]))
    assert "inspection list: Children in care" in sample_page.content.decode()


def test_downloads_carry_the_same_rows_as_csv_and_xlsx(world, client):
    from oversight.models import Inspection

    inspection = Inspection.objects.get(title="Inspection of Council A")
    client.force_login(world.inspector)
    table = lists.children_in_care(inspection)
    csv = client.get(
        reverse("oversight:inspection_list_csv", args=[inspection.pk, "children-in-care"])
    )
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().strip().splitlines()
    assert lines[0].split(",")[:3] == ["Child ID", "Name", "Date of birth"]
    assert len(lines) == len(table.rows) + 1
    xlsx = client.get(reverse("oversight:inspection_list_xlsx", args=[inspection.pk, "staff"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:2] == ["Name", "Organisation"]
    assert sheet.max_row == len(lists.social_work_staff(inspection).rows) + 1


def test_an_unknown_list_is_not_found(world, client):
    from oversight.models import Inspection

    inspection = Inspection.objects.get(title="Inspection of Council A")
    client.force_login(world.inspector)
    assert (
        client.get(reverse("oversight:inspection_list", args=[inspection.pk, "nope"])).status_code
        == 404
    )
