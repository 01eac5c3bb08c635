"""Worked examples for the indicators: children written straight into the record with
fixed dates, so each edge (a day either side) is exact."""

import datetime as dt

import pytest
from django.db.models import Sum

from oversight.indicators.models import IndicatorSnapshot
from oversight.indicators.services import snapshot_month
from placements.models import Allocation, Carer, Episode, PeriodOfCare, Placement
from tests.factories import ChildFactory, CouncilFactory, PracticeFactory

# The month we measure: March 2025 (its reference day is 31 March 2025, its year starts
# on 1 April 2024); "today" is well after it.
MONTH = dt.date(2025, 3, 1)
R = dt.date(2025, 3, 31)
S = dt.date(2024, 4, 1)
TODAY = dt.date(2025, 6, 15)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class Record:
    """Builds children's records with placements that follow one another."""

    def __init__(self, council):
        self.council = council

    def child(self, dob=dt.date(2012, 6, 1), **extra):
        return ChildFactory(council=self.council, date_of_birth=dob, **extra)

    def looked_after(
        self,
        child,
        stays,
        *,
        ended_on=None,
        reason="E13",
        miles=None,
        out_of_area=False,
    ):
        """stays: [(started_on, place, carer or None, legal status, short_break)], each
        ending when the next begins; the period ends on `ended_on` (or stays open)."""
        period = PeriodOfCare.objects.create(
            child=child,
            started_on=stays[0][0],
            cin="N1",
            ended_on=ended_on,
            reason_ended=reason if ended_on else "",
        )
        for index, stay in enumerate(stays):
            started_on, place, carer, legal_status, *rest = stay
            short_break = rest[0] if rest else False
            until = stays[index + 1][0] if index + 1 < len(stays) else ended_on
            temporary = place.startswith("T") or place.startswith("Z")
            placement = Placement.objects.create(
                child=child,
                period=period,
                carer=carer,
                place=place,
                place_provider="" if temporary else "PR1",
                started_on=started_on,
                ended_on=until,
                reason_ended="CARPL" if until and index + 1 < len(stays) else "",
                distance_from_home_miles=miles,
                out_of_area=out_of_area,
                short_break=short_break,
            )
            last = index + 1 == len(stays)
            Episode.objects.create(
                child=child,
                period=period,
                placement=placement,
                decom=started_on,
                dec=until,
                rne="S" if index == 0 else "P",
                legal_status=legal_status,
                rec=(reason if last else "X1") if until else "",
            )
        return period

    def carer(self, name="Carer"):
        return Carer.objects.create(name=name, kind=Carer.Kind.FOSTER_CARER)

    def allocate(self, child, practice, started_on, ended_on=None):
        return Allocation.objects.create(
            child=child, practice=practice, started_on=started_on, ended_on=ended_on
        )


@pytest.fixture
def council(db):
    return CouncilFactory(name="Council X")


@pytest.fixture
def practice(db):
    return PracticeFactory(name="Practice Y")


@pytest.fixture
def record(council):
    return Record(council)


def figure(indicator, *, month=MONTH, today=TODAY, compute=True, **match):
    """(numerator, denominator) of the totals rows for an indicator (after computing)."""
    if compute:
        snapshot_month(month=month, today=today)
    rows = IndicatorSnapshot.objects.filter(month=month, indicator=indicator)
    if any(k in match for k in ("age_band", "legal_status", "placement_type")):
        rows = rows.exclude(age_band="")
    else:
        rows = rows.filter(age_band="", legal_status="", placement_type="")
    got = rows.filter(**match).aggregate(n=Sum("numerator"), d=Sum("denominator"))
    return (got["n"] or 0, got["d"] or 0)
