"""The dashboards: who sees which figures, small numbers hidden, the children behind a
figure only where the viewer may see them, bad filters refused, and bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from oversight.indicators.models import IndicatorSnapshot
from oversight.indicators.selectors import default_month
from oversight.indicators.services import add_months, snapshot_month
from placements.models import Episode, PeriodOfCare, Placement
from tests.factories import ChildFactory, CouncilFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def month():
    return default_month(timezone.localdate())


def put(council, practice, indicator, num, den, *, on=None, **dims):
    return IndicatorSnapshot.objects.create(
        month=on or month(),
        indicator=indicator,
        council=council,
        practice=practice,
        numerator=num,
        denominator=den,
        computed_at=timezone.now(),
        **dims,
    )


def test_council_staff_see_their_figures_whole_and_compared_with_england(world, client):
    put(world.council, world.practice, "placed_out_of_area", 3, 40)
    put(world.council, None, "placed_out_of_area", 1, 10)
    put(world.other_council, None, "placed_out_of_area", 30, 50)
    client.force_login(world.commissioner)
    page = client.get(
        reverse("indicators:council", args=[world.council.pk]),
        {"indicator": "placed_out_of_area"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    summary = text[text.index('id="summary-table"') : text.index('id="chart"')]
    # Council A: 4 of 50 = 8.0%; England: 34 of 100 = 34.0%. Nothing hidden from its staff.
    assert "8.0%" in summary and "4 of 50" in summary
    assert "34.0%" in summary and "34 of 100" in summary
    breakdown = text[text.index('id="breakdown-table"') :]
    assert "Practice P" in breakdown and "3 of 40" in breakdown
    assert "Council&#x27;s own teams" in breakdown and "1 of 10" in breakdown
    assert "Figures computed at" in text
    assert 'role="img"' in text and "<title" in text and "Definition:" in text


def test_an_inspector_sees_every_council_with_small_numbers_hidden(world, client):
    put(world.council, world.practice, "placed_out_of_area", 3, 40)
    put(world.other_council, None, "placed_out_of_area", 30, 50)
    client.force_login(world.inspector)
    text = client.get(
        reverse("indicators:national"), {"indicator": "placed_out_of_area"}
    ).content.decode()
    breakdown = text[text.index('id="breakdown-table"') :]
    assert "Council A" in breakdown and "Council B" in breakdown
    assert "fewer than 5 of 40" in breakdown and "Suppressed (small numbers)" in breakdown
    assert "30 of 50" in breakdown and "60.0%" in breakdown
    assert "33 of 90" in text  # England as a whole


def test_a_practice_manager_sees_their_practice_against_its_councils(world, client):
    put(world.council, world.practice, "placed_out_of_area", 6, 40)
    put(world.council, None, "placed_out_of_area", 4, 10)
    put(world.other_council, None, "placed_out_of_area", 30, 50)
    client.force_login(world.manager)
    text = client.get(reverse("indicators:practice", args=[world.practice.pk])).content.decode()
    summary = text[text.index('id="summary-table"') : text.index('id="chart"')]
    assert "6 of 40" in summary and "10 of 50" in summary  # council A only, not B
    assert "30 of 50" not in text


def test_filters_read_the_matching_cells(world, client):
    put(world.council, None, "placed_out_of_area", 9, 100)
    put(
        world.council,
        None,
        "placed_out_of_area",
        6,
        60,
        **dict(age_band="10_15", legal_status="care_order", placement_type="foster"),
    )
    put(
        world.council,
        None,
        "placed_out_of_area",
        3,
        40,
        **dict(age_band="16_17", legal_status="care_order", placement_type="foster"),
    )
    client.force_login(world.commissioner)
    url = reverse("indicators:council", args=[world.council.pk])
    text = client.get(url, {"age_band": "16_17"}).content.decode()
    summary = text[text.index('id="summary-table"') : text.index('id="chart"')]
    assert "3 of 40" in summary and "9 of 100" not in summary
    text = client.get(url, {"legal_status": "care_order"}).content.decode()
    assert "9 of 100" in text[text.index('id="summary-table"') : text.index('id="chart"')]


def test_bad_filters_are_refused_next_to_the_field(world, client):
    client.force_login(world.commissioner)
    url = reverse("indicators:council", args=[world.council.pk])
    page = client.get(url, {"month": "1999-01", "age_band": "ancient"})
    assert page.status_code == 400
    text = page.content.decode()
    assert "Select a month from the last 24 months" in text
    assert "govuk-error-summary" in text


def test_the_children_behind_a_figure_only_those_the_viewer_may_see(world, client):
    """Counted from the record now: the council's staff see every child; an inspector only
    the child sampled into their open inspection, the rest as a (suppressed) number."""
    today = timezone.localdate()
    first = add_months(today.replace(day=1), -1)
    for child in (world.child, world.child_council):
        period = PeriodOfCare.objects.get_or_create(
            child=child, defaults={"started_on": dt.date(2020, 1, 1), "cin": "N1"}
        )[0]
        placement = child.placements.first() or Placement.objects.create(
            child=child,
            period=period,
            place="U4",
            place_provider="PR1",
            started_on=dt.date(2020, 1, 1),
        )
        placement.out_of_area = True
        placement.save()
        if not child.episodes.exists():
            Episode.objects.create(
                child=child,
                period=period,
                placement=placement,
                decom=dt.date(2020, 1, 1),
                rne="S",
                legal_status="C2",
            )
    url = reverse("indicators:children", args=[world.council.pk])
    query = {"indicator": "placed_out_of_area", "month": first.strftime("%Y-%m")}
    client.force_login(world.commissioner)
    text = client.get(url, query).content.decode()
    assert "Amara" in text and "Cara" in text and "2 children count" in text
    client.force_login(world.inspector)
    text = client.get(url, query).content.decode()
    assert "Amara" in text and "Cara" not in text
    assert "fewer than 5 of them is not listed" in text or "fewer than 5 of them are" in text
    client.force_login(world.manager)
    text = client.get(url, {**query, "holder": world.practice.pk}).content.decode()
    assert "Amara" in text and "Cara" not in text


def _fill(councils, practices, months):
    """councils × (practices + own teams) × months × every indicator, totals and 3 cells."""
    from oversight.indicators.definitions import INDICATORS

    now = timezone.now()
    rows = []
    for council in councils:
        for practice in [*practices, None]:
            for k in range(months):
                for i in INDICATORS:
                    for dims in (
                        {},
                        dict(age_band="1_4", legal_status="care_order", placement_type="foster"),
                        dict(age_band="5_9", legal_status="section_20", placement_type="foster"),
                        dict(age_band="10_15", legal_status="care_order", placement_type="other"),
                    ):
                        rows.append(
                            IndicatorSnapshot(
                                month=add_months(month(), -k),
                                indicator=i.code,
                                council=council,
                                practice=practice,
                                numerator=7,
                                denominator=20,
                                computed_at=now,
                                **dims,
                            )
                        )
    IndicatorSnapshot.objects.bulk_create(rows)


@pytest.mark.parametrize(
    "who, url",
    [
        ("inspector", lambda w: reverse("indicators:national")),
        ("commissioner", lambda w: reverse("indicators:council", args=[w.council.pk])),
        ("manager", lambda w: reverse("indicators:practice", args=[w.practice.pk])),
        ("inspector", lambda w: reverse("api:indicator-national")),
    ],
)
def test_dashboards_run_the_same_queries_at_two_data_sizes(world, client, who, url):
    """Queries: session, user, memberships (scope), the dashboard's councils or practices
    (the object), this level's series, the level above's series, the breakdown, the
    practice's councils (practice page), the navigation's scope checks. Whatever the
    count, it is the same with 2 councils × 2 months as with 8 councils × 24 months."""
    client.force_login(getattr(world, who))
    target = url(world)
    _fill([world.council, world.other_council], [world.practice], 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    more = [CouncilFactory() for _ in range(6)]
    extra = [PracticeFactory() for _ in range(3)]
    IndicatorSnapshot.objects.all().delete()
    _fill([world.council, world.other_council, *more], [world.practice, *extra], 24)
    with CaptureQueriesContext(connection) as large:
        assert client.get(target, {"age_band": "1_4"}).status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(small) <= 14


def test_a_computed_snapshot_reaches_the_dashboard(world, client):
    child = ChildFactory(council=world.council, date_of_birth=dt.date(2012, 1, 1))
    period = PeriodOfCare.objects.create(child=child, started_on=dt.date(2021, 1, 1), cin="N1")
    placement = Placement.objects.create(
        child=child,
        period=period,
        place="U4",
        place_provider="PR1",
        started_on=dt.date(2021, 1, 1),
        out_of_area=True,
    )
    Episode.objects.create(
        child=child,
        period=period,
        placement=placement,
        decom=dt.date(2021, 1, 1),
        rne="S",
        legal_status="C2",
    )
    snapshot_month(month=month())
    client.force_login(world.commissioner)
    text = client.get(reverse("indicators:council", args=[world.council.pk])).content.decode()
    summary = text[text.index('id="summary-table"') : text.index('id="chart"')]
    # The new child (out of area) and Amara (world.child, in area) are looked after.
    assert "1 of 2" in summary and "50.0%" in summary
