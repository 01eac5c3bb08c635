"""Deprivation of liberty orders: the DfE's DoLo rules (700 to 710, 2026-27 on), each with a
clean case and one change that breaks it; the orders recorded by the council through the
page and the API, refused as they are typed where the return would reject them; the DoLo
table of the return from 2026-27 only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.concurrency import EditConflict
from core.errors import DomainError
from oversight.ssda903 import export
from oversight.ssda903.rules import liberty as rules
from oversight.ssda903.rules import validate
from oversight.ssda903.tables import project
from oversight.ssda903.years import CollectionYear
from placements.models import DeprivationOfLiberty
from placements.services.episodes import change_placement, end_period_of_care
from placements.services.liberty import end_dolo, record_dolo
from tests.oversight.ssda903.returns import build, clean_tables, row

pytestmark = pytest.mark.django_db
d = dt.date
Y2026 = CollectionYear(2026)


def with_order(t, child="D", **values):
    t["DoLo"].append(
        row("DoLo", child, **{"DOB": t_dob(t, child), "DOLO_START": d(2026, 5, 1)} | values)
    )


def t_dob(t, child):
    return next(r["DOB"] for r in t["Header"] if r["CHILD"] == child)


def clean():
    """2026-27 with one order for D, in a children's home (K2) since May 2025."""
    t = clean_tables()
    t["DoLo"] = []
    with_order(t, DOLO_END=d(2026, 9, 1))
    return t


def dolo_row(t, n=0):
    return t["DoLo"][n]


def episode_of(t, child):
    return next(e for e in t["Episodes"] if e["CHILD"] == child and e["DEC"] is None)


DOLO_CASES = [
    ("700", lambda t: dolo_row(t).update(DOLO_START=None)),
    ("701", lambda t: dolo_row(t).update(DOLO_END="31/02/2026")),
    ("702", lambda t: dolo_row(t).update(DOLO_END=d(2026, 4, 30))),
    ("703", lambda t: dolo_row(t).update(DOLO_START=d(2027, 5, 1), DOLO_END=None)),
    ("704", lambda t: dolo_row(t).update(DOLO_END=d(2027, 5, 1))),
    ("705", lambda t: with_order(t, DOLO_START=d(2026, 6, 1))),  # the first still in force
    (
        "707",  # A leaves care in January with an order still open
        lambda t: (
            episode_of(t, "A").update(DEC=d(2027, 1, 1), REC="E13"),
            with_order(t, "A", DOLO_START=d(2026, 5, 1)),
        ),
    ),
    ("708", lambda t: dolo_row(t).update(DOLO_START=t_dob(t, "D"))),
    ("709", lambda t: with_order(t, "A", DOLO_END=d(2026, 8, 1))),  # A is in foster care
    ("710", lambda t: episode_of(t, "D").update(PLACE="K1"), {"709"}),
]
DOLO_CASE_IDS = [case[0] for case in DOLO_CASES]


def failing(tables) -> set[str]:
    return {f.code for f in validate(build(tables, year=Y2026), rules=list(rules.RULES))}


def test_the_clean_order_breaks_no_dolo_rule():
    assert failing(clean()) == set()


@pytest.mark.parametrize("case", DOLO_CASES, ids=DOLO_CASE_IDS)
def test_one_change_breaks_exactly_the_dolo_rule(case):
    code, change, *also = case
    tables = clean()
    change(tables)
    assert failing(tables) == {code, *(also[0] if also else set())}


def test_dolo_rules_are_asked_from_2026_27_only():
    from oversight.ssda903.rules import rules_for

    assert not {r.code for r in rules_for(2025)} & set(DOLO_CASE_IDS)
    assert set(DOLO_CASE_IDS) <= {r.code for r in rules_for(2026)}


# --- in the record -------------------------------------------------------------------------


def today():
    return timezone.localdate()


def test_the_council_records_an_order_and_ends_it_with_the_version(world):
    start = today() - dt.timedelta(days=30)
    order = record_dolo(
        child=world.child, by=world.commissioner, started_on=start, court="High Court"
    )
    assert (order.ended_on, order.version) == (None, 1)
    with pytest.raises(DomainError, match="SSDA903 rule 705"):
        record_dolo(child=world.child, by=world.commissioner, started_on=today())
    with pytest.raises(DomainError, match="SSDA903 rule 702") as error:
        end_dolo(dolo=order, by=world.commissioner, expected_version=1, ended_on=start)
    assert error.value.field == "ended_on"
    end_dolo(dolo=order, by=world.commissioner, expected_version=1, ended_on=today())
    with pytest.raises(EditConflict):
        end_dolo(dolo=order, by=world.senior_commissioner, expected_version=1, ended_on=today())
    order.refresh_from_db()
    assert (order.ended_on, order.version) == (today(), 2)


def test_dates_the_return_would_reject_are_refused_as_typed(world):
    child = world.child
    with pytest.raises(DomainError, match="SSDA903 rule 708"):
        record_dolo(child=child, by=world.commissioner, started_on=child.date_of_birth)
    with pytest.raises(DomainError, match="today or in the past"):
        record_dolo(child=child, by=world.commissioner, started_on=today() + dt.timedelta(days=1))
    with pytest.raises(DomainError, match="must be looked after"):
        record_dolo(child=world.child_council, by=world.commissioner, started_on=today())
    assert not DeprivationOfLiberty.objects.exists()


def test_an_order_and_a_placement_rule_710_bars_cannot_go_together(world):
    order = record_dolo(
        child=world.child, by=world.commissioner, started_on=today() - dt.timedelta(days=10)
    )
    move = dict(
        child=world.child,
        by=world.worker,
        started_on=today(),
        place="P1",
        place_provider="PR0",
        reason_place_change="CARPL",
        postcode="YO2 6PJ",
    )
    with pytest.raises(DomainError, match="SSDA903 rule 710") as error:
        change_placement(**move)
    assert error.value.field == "place"
    end_dolo(dolo=order, by=world.commissioner, expected_version=1, ended_on=today())
    change_placement(**move)  # the order has ended: the move goes through
    with pytest.raises(DomainError, match="SSDA903 rule 710"):
        record_dolo(child=world.child, by=world.commissioner, started_on=today())


def test_care_cannot_end_with_an_order_left_open(world):
    record_dolo(child=world.child, by=world.commissioner, started_on=today() - dt.timedelta(days=5))
    with pytest.raises(DomainError, match="End the deprivation of liberty order first"):
        end_period_of_care(child=world.child, by=world.commissioner, ended_on=today(), reason="E13")
    assert world.child.periods.get().ended_on is None


def test_only_the_council_records_an_order(world):
    for person in (world.worker, world.manager, world.other_worker, world.inspector, world.iro):
        with pytest.raises(DomainError) as error:
            record_dolo(child=world.child, by=person, started_on=today())
        assert error.value.code == "forbidden"
    assert not DeprivationOfLiberty.objects.exists()


def test_the_page_records_an_order_with_errors_next_to_the_fields(world, client):
    url = reverse("placements:record_dolo", args=[world.child.pk])
    client.force_login(world.commissioner)
    dob = world.child.date_of_birth
    response = client.post(
        url, {"started_on_day": dob.day, "started_on_month": dob.month, "started_on_year": dob.year}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "rule 708" in body
    day = today() - dt.timedelta(days=3)
    response = client.post(
        url,
        {
            "started_on_day": day.day,
            "started_on_month": day.month,
            "started_on_year": day.year,
            "court": "High Court (Family Division)",
        },
    )
    assert response.status_code == 302
    order = DeprivationOfLiberty.objects.get()
    assert order.recorded_by == world.commissioner
    page = client.get(reverse("placements:child", args=[world.child.pk]))
    html = page.content.decode()
    assert "by the High Court (Family Division), in force" in html
    assert reverse("placements:end_dolo", args=[world.child.pk, order.pk]) in html
    assert any(e["text"] == "Deprivation of liberty order made" for e in page.context["events"])
    # the practice sees the order, and may not record or end one
    client.force_login(world.worker)
    html = client.get(reverse("placements:child", args=[world.child.pk])).content.decode()
    assert "in force" in html
    assert reverse("placements:end_dolo", args=[world.child.pk, order.pk]) not in html
    assert client.post(url, {}).status_code == 403
    end_url = reverse("placements:end_dolo", args=[world.child.pk, order.pk])
    assert client.post(end_url, {"version": 1}).status_code == 403
    client.force_login(world.other_worker)
    assert client.get(url).status_code == 404


def test_the_api_records_and_ends_an_order(world):
    api = APIClient()
    api.force_authenticate(world.commissioner)
    start = today() - dt.timedelta(days=20)
    body = {"child": world.child.pk, "started_on": str(start), "court": "High Court"}
    created = api.post(reverse("api:dolo-list"), body, format="json")
    assert created.status_code == 201, created.json()
    again = api.post(reverse("api:dolo-list"), body, format="json")
    assert again.status_code == 400 and "705" in again.json()["started_on"][0]
    url = reverse("api:dolo-detail", args=[created.json()["id"]])
    ended = api.patch(url, {"ended_on": str(today()), "version": 1}, format="json")
    assert ended.status_code == 200 and ended.json()["ended_on"] == str(today())
    assert (
        api.patch(url, {"ended_on": str(today()), "version": 1}, format="json").status_code == 409
    )
    worker = APIClient()
    worker.force_authenticate(world.worker)
    assert worker.get(url).status_code == 200  # the practice sees it
    assert worker.post(reverse("api:dolo-list"), body, format="json").status_code == 403
    other = APIClient()
    other.force_authenticate(world.other_worker)
    assert other.get(url).status_code == 404


def test_the_return_has_a_dolo_table_from_2026_27(world, tmp_path):
    DeprivationOfLiberty.objects.create(
        child=world.child, started_on=d(2026, 6, 1), ended_on=d(2027, 6, 1)
    )
    this = project(world.council, Y2026, as_at=Y2026.end)
    [order] = this.rows("DoLo")
    assert (order["DOLO_START"], order["DOLO_END"]) == (d(2026, 6, 1), None)  # in force at 31 March
    names = [p.name for p in export.write_dir(this, tmp_path / "2026")]
    assert f"{this.la_number}_2026-27_DoLo.csv" in names
    last = project(world.council, CollectionYear(2025), as_at=CollectionYear(2025).end)
    assert "DoLo" not in last.tables
    assert not any("DoLo" in p.name for p in export.write_dir(last, tmp_path / "2025"))
