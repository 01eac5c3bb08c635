"""On seeded data: the snapshot's figures equal counts made independently of it (plain SQL
written another way, and the SSDA903 OC2/OC3 projection), a re-run writes the same rows,
and the nightly task and the backfill command write the months they should."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum

from oversight.indicators.models import IndicatorSnapshot
from oversight.indicators.services import snapshot_month
from oversight.indicators.tasks import snapshot_indicators
from oversight.ssda903.tables import project
from oversight.ssda903.years import CollectionYear
from practices.models import Council

pytestmark = [pytest.mark.seeding, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 11, 20)
MARCH = dt.date(2026, 3, 1)  # reference day 31 March 2026: the 2025-26 collection year
R, S = dt.date(2026, 3, 31), dt.date(2025, 4, 1)
OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def seeded():
    call_command(
        "seed_demo",
        children=160,
        seed=11,
        councils=2,
        practices=3,
        today=TODAY,
        reset=True,
        stdout=io.StringIO(),
    )


def sql(query, params=None):
    with connection.cursor() as cursor:
        cursor.execute(query, params or {})
        return cursor.fetchone()


def totals(indicator, month, **match):
    got = IndicatorSnapshot.objects.filter(
        month=month, indicator=indicator, age_band="", legal_status="", placement_type="", **match
    ).aggregate(n=Sum("numerator"), d=Sum("denominator"))
    return (got["n"] or 0, got["d"] or 0)


def cells(indicator, month):
    got = (
        IndicatorSnapshot.objects.filter(month=month, indicator=indicator)
        .exclude(age_band="")
        .aggregate(n=Sum("numerator"), d=Sum("denominator"))
    )
    return (got["n"] or 0, got["d"] or 0)


LAC_ON_R = """
    FROM placements_episode e JOIN placements_placement pl ON pl.id = e.placement_id
    WHERE daterange(e.decom, e.dec, '[)') @> %(r)s::date AND e.legal_status NOT IN ('V3', 'V4')
"""


def test_snapshot_figures_equal_independent_counts(seeded):
    snapshot_month(month=MARCH, today=TODAY)
    snapshot_month(month=OCTOBER, today=TODAY)
    p = {"r": R, "s": S}
    year = "daterange(%(s)s::date, %(r)s::date, '[]')"

    assert totals("placed_out_of_area", MARCH) == sql(
        f"SELECT count(*) FILTER (WHERE pl.out_of_area), count(*) {LAC_ON_R}", p
    )
    assert totals("placed_over_20_miles", MARCH) == sql(
        "SELECT count(*) FILTER (WHERE pl.distance_from_home_miles > 20), "
        f"count(pl.distance_from_home_miles) {LAC_ON_R}",
        p,
    )
    # Placements lived in on some day of the year, counted with range operators.
    assert totals("short_term_stability", MARCH) == sql(
        f"""SELECT count(*) FILTER (WHERE n >= 3), count(*) FROM (
            SELECT e.child_id, (SELECT count(*) FROM placements_placement q
                WHERE q.child_id = e.child_id AND NOT q.short_break AND q.place NOT LIKE 'T_'
                  AND daterange(q.started_on, q.ended_on, '[)') && {year}) AS n
            {LAC_ON_R}) x""",
        p,
    )
    assert totals("missing", MARCH) == sql(
        f"""SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM placements_missingepisode m
                WHERE m.child_id = x.child_id AND {year} @> m.started_on)), count(*)
            FROM (SELECT DISTINCT child_id FROM placements_episode
                  WHERE daterange(decom, dec, '[)') && {year}
                    AND legal_status NOT IN ('V3', 'V4')) x""",
        p,
    )
    for kind, indicator in (("review", "reviews_on_time"), ("visit", "visits_on_time")):
        for month, last in ((MARCH, R), (OCTOBER, dt.date(2026, 10, 31))):
            assert totals(indicator, month) == sql(
                """SELECT count(*) FILTER (WHERE met_on <= due_on), count(*)
                   FROM placements_deadline WHERE kind = %(kind)s
                     AND due_on >= %(first)s AND due_on <= %(last)s""",
                {"kind": kind, "first": month, "last": last},
            )
    # The health and care-leaver figures for March are the SSDA903 return's OC2 and OC3.
    oc2 = {"HEALTH_ASSESSMENT": 0, "TEETH_CHECK": 0, "IMMUNISATIONS": 0}
    oc2_children = oc3_children = in_touch = 0
    for council in Council.objects.all():
        projected = project(council, CollectionYear(2025), as_at=R, tables=["OC2", "OC3"])
        oc2_children += len(projected.rows("OC2"))
        for row in projected.rows("OC2"):
            for column in oc2:
                oc2[column] += row[column] == "1"
        oc3_children += len(projected.rows("OC3"))
        in_touch += sum(row["IN_TOUCH"] == "YES" for row in projected.rows("OC3"))
    assert oc2_children > 0 and oc3_children > 0
    assert totals("health_assessments", MARCH) == (oc2["HEALTH_ASSESSMENT"], oc2_children)
    assert totals("dental_checks", MARCH) == (oc2["TEETH_CHECK"], oc2_children)
    assert totals("immunisations", MARCH) == (oc2["IMMUNISATIONS"], oc2_children)
    assert totals("care_leavers_in_touch", MARCH) == (in_touch, oc3_children)
    # The breakdown's cells add up to the totals, for every indicator.
    for code in IndicatorSnapshot.objects.values_list("indicator", flat=True).distinct():
        assert cells(code, MARCH) == totals(code, MARCH), code


def test_a_rerun_writes_the_same_rows_and_the_task_writes_this_month_and_last(seeded):
    def rows():
        key = [
            "month",
            "indicator",
            "council_id",
            "practice_id",
            "age_band",
            "legal_status",
            "placement_type",
        ]
        return list(
            IndicatorSnapshot.objects.order_by(*key).values_list(*key, "numerator", "denominator")
        )

    written = snapshot_month(month=MARCH, today=TODAY)
    first = rows()
    assert written == len(first) > 0
    assert snapshot_month(month=MARCH, today=TODAY) == written
    assert rows() == first

    result = snapshot_indicators(today=TODAY.isoformat())
    assert set(result) == {"2026-10-01", "2026-11-01"}
    months = set(IndicatorSnapshot.objects.values_list("month", flat=True))
    assert months == {MARCH, OCTOBER, dt.date(2026, 11, 1)}
    again = rows()
    snapshot_indicators(today=TODAY.isoformat())
    assert rows() == again


def test_backfill_command_writes_each_month_once(seeded):
    out = io.StringIO()
    call_command("backfill_indicators", months=3, today=TODAY.isoformat(), stdout=out)
    assert "3 months" in out.getvalue()
    assert sorted(set(IndicatorSnapshot.objects.values_list("month", flat=True))) == [
        dt.date(2026, 9, 1),
        OCTOBER,
        dt.date(2026, 11, 1),
    ]
    count = IndicatorSnapshot.objects.count()
    call_command("backfill_indicators", months=3, today=TODAY.isoformat(), stdout=out)
    assert IndicatorSnapshot.objects.count() == count


def test_backfill_command_refuses_bad_input():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="between 1 and 240"):
        call_command("backfill_indicators", months=0, stdout=io.StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("backfill_indicators", months=1, today="soon", stdout=io.StringIO())


def test_the_nightly_job_is_scheduled_after_the_deadlines_are_recomputed():
    from celery.schedules import crontab
    from django.conf import settings

    beat = settings.CELERY_BEAT_SCHEDULE
    entry = next(e for e in beat.values() if e["task"].endswith("snapshot_indicators"))
    assert entry["task"] == snapshot_indicators.name
    deadlines = next(e for e in beat.values() if e["task"].endswith("recompute_all_deadlines"))
    assert isinstance(entry["schedule"], crontab)
    after = (min(entry["schedule"].hour), min(entry["schedule"].minute))
    before = (min(deadlines["schedule"].hour), min(deadlines["schedule"].minute))
    assert after > before
