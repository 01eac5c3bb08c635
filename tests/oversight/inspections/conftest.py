"""Inspection fixtures: looked-after children in known strata, and an open inspection."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from oversight.models import Inspection
from oversight.services import schedule_inspection
from placements.models import Allocation
from practices.models import Inspectorate
from tests.factories import ChildFactory, EpisodeFactory

SINCE = dt.date(2023, 4, 3)


def today() -> dt.date:
    return timezone.localdate()


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def looked_after(
    council,
    count,
    *,
    ls="C2",
    place="U4",
    born=dt.date(2014, 6, 1),
    practice=None,
    contract=None,
    since=SINCE,
    ended=None,
):
    """`count` children of `council` looked after from `since` (to `ended`), in one episode
    with legal status `ls` and placement `place`, held by `practice` (or the council's team)."""
    children = []
    for _ in range(count):
        child = ChildFactory(council=council, date_of_birth=born)
        EpisodeFactory(
            placement__period__child=child,
            placement__period__started_on=since,
            placement__period__ended_on=ended,
            placement__period__reason_ended="E11" if ended else "",
            placement__place=place,
            placement__ended_on=ended,
            legal_status=ls,
            dec=ended,
            rec="E11" if ended else "",
        )
        Allocation.objects.create(
            child=child, practice=practice, contract=contract, started_on=since, ended_on=ended
        )
        children.append(child)
    return children


def mixed_council(world, per_stratum=3):
    """Children of council A in 8 strata: 2 legal statuses x 2 placement types x 2 age
    bands, half held by practice P, half by the council's own team (16 strata in all)."""
    made = {}
    for ls, place, born, held in itertools.product(
        ("C2", "V2"), ("U4", "K2"), (dt.date(2014, 6, 1), dt.date(2021, 6, 1)), (True, False)
    ):
        made[(ls, place, born, held)] = looked_after(
            world.council,
            per_stratum,
            ls=ls,
            place=place,
            born=born,
            practice=world.practice if held else None,
            contract=world.contract if held else None,
        )
    return made


def open_inspection(
    world,
    *,
    council=None,
    practice=None,
    inspectors=None,
    size=10,
    seed=42,
    starts_on=None,
    ends_on=None,
) -> Inspection:
    return schedule_inspection(
        inspectorate=Inspectorate.objects.get(name="Ofsted"),
        council=council if council or practice else world.council,
        practice=practice,
        title="Test inspection",
        starts_on=starts_on or today() - dt.timedelta(days=1),
        ends_on=ends_on or today() + dt.timedelta(days=3),
        inspectors=inspectors or [world.inspector],
        by=world.inspectorate_admin,
        sample_size=size,
        sample_seed=seed,
    )


@pytest.fixture
def inspection(world):
    return open_inspection(world)
