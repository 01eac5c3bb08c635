"""seed_demo's councils produce returns that pass every rule, this year and last; with
--with-errors, the few deliberate errors are found. Today is 20 November 2026."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command

from oversight.ssda903.rules import validate
from oversight.ssda903.tables import TABLES, project
from oversight.ssda903.years import CollectionYear
from practices.models import Council

pytestmark = [pytest.mark.seeding, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 20)
THIS_YEAR, LAST_YEAR = CollectionYear(2026), CollectionYear(2025)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC), tick=False)


def seed(**extra):
    call_command(
        "seed_demo",
        children=300,
        seed=7,
        reset=True,
        no_deadlines=True,
        skip_checks=True,
        stdout=io.StringIO(),
        **extra,
    )


def failures(council, year):
    return Counter(f.code for f in validate(project(council, year)))


def test_every_seeded_council_validates_with_no_errors_or_queries_this_year_and_last(tmp_path):
    seed()
    councils = list(Council.objects.order_by("pk"))
    assert len(councils) == 3
    for council in councils:
        for year in (THIS_YEAR, LAST_YEAR):
            projected = project(council, year)
            assert projected.child_count > 50
            assert len(projected.rows("Episodes")) > projected.child_count
            assert failures(council, year) == Counter(), (council.name, year.label)
    # The command writes the same return, and says it is clean.
    out = io.StringIO()
    council = councils[0]
    call_command(
        "export_ssda903",
        council=council.ons_code,
        year=2025,
        out=tmp_path,
        skip_checks=True,
        stdout=out,
    )
    assert "0 errors, 0 queries" in out.getvalue()
    written = sorted(p.name for p in tmp_path.iterdir())
    # 2025-26 has every table but DoLo, which the DfE added for 2026-27
    every = [t for t in TABLES if t != "DoLo"]
    assert written == sorted(f"{council.dfe_la_number}_2025-26_{t}.csv" for t in every)


def test_seed_demo_with_errors_breaks_a_few_rules_in_the_first_council_only():
    seed(with_errors=True)
    first, *others = Council.objects.order_by("pk")
    found = failures(first, THIS_YEAR)
    assert set(found) == {"218", "209", "630", "225"}
    assert all(1 <= n <= 3 for n in found.values())
    assert all(failures(council, THIS_YEAR) == Counter() for council in others)
