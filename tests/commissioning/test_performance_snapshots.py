"""The nightly job: each contract's indicators for a month, set-based and idempotent, and
one notification per missed target and commissioner."""

import datetime as dt
from decimal import Decimal

import pytest

from commissioning.models import PerformanceSnapshot, PerformanceTarget
from commissioning.selectors.performance import target_statuses
from commissioning.tasks import snapshot_contract_performance
from core.models import Notification
from placements.models import Deadline, MissingEpisode, PeriodOfCare, Placement

pytestmark = pytest.mark.django_db

OCTOBER = dt.date(2025, 10, 1)


def deadline(child, kind, due, met=None, key=""):
    return Deadline.objects.create(
        child=child,
        rule=f"Rule_{kind}",
        kind=kind,
        key=key or f"{kind}-{due}",
        title=kind,
        due_on=due,
        met_on=met,
        computed_at="2025-11-01T00:00Z",
    )


@pytest.fixture
def october(world):
    """October 2025 for council A's contract, which held Amara and Ben all month."""
    amara, ben = world.child, world.child_ended
    deadline(amara, "visit", dt.date(2025, 10, 5), dt.date(2025, 10, 4))  # on time
    deadline(amara, "visit", dt.date(2025, 10, 20), dt.date(2025, 10, 25))  # met late
    deadline(ben, "visit", dt.date(2025, 10, 28))  # missed
    deadline(amara, "visit", dt.date(2025, 9, 28))  # another month
    deadline(amara, "review", dt.date(2025, 10, 10), dt.date(2025, 10, 10))
    deadline(world.child_council, "visit", dt.date(2025, 10, 6))  # the council's own team
    MissingEpisode.objects.create(child=ben, kind="M", started_on=dt.date(2025, 10, 12))
    period = PeriodOfCare.objects.create(child=ben, started_on=dt.date(2025, 1, 1), cin="N1")
    for start, end in [
        (dt.date(2025, 1, 1), dt.date(2025, 3, 1)),
        (dt.date(2025, 3, 1), dt.date(2025, 7, 1)),
        (dt.date(2025, 7, 1), None),
    ]:
        Placement.objects.create(
            child=ben,
            period=period,
            place="U4",
            place_provider="PR1",
            started_on=start,
            ended_on=end,
            postcode="YO1 3RU",
        )
    PerformanceTarget.objects.create(
        contract=world.contract, indicator="visits_on_time", threshold=90, direction="at_least"
    )
    PerformanceTarget.objects.create(
        contract=world.contract, indicator="missing", threshold=60, direction="at_most"
    )
    return world


def figures(contract):
    return {
        s.indicator: (s.numerator, s.denominator, s.value)
        for s in PerformanceSnapshot.objects.filter(contract=contract, month=OCTOBER)
    }


def test_snapshot_counts_each_indicator_for_the_children_the_contract_held(october):
    result = snapshot_contract_performance(today="2025-11-05")
    assert result["month"] == "2025-10-01"
    assert figures(october.contract) == {
        "visits_on_time": (1, 3, Decimal("33.33")),
        "reviews_on_time": (1, 1, Decimal("100.00")),
        "health_on_time": (0, 0, None),
        "placement_stability": (1, 2, Decimal("50.00")),
        "missing": (1, 2, Decimal("50.00")),
        "occupancy": (2, 50, Decimal("4.00")),
    }


def test_running_the_job_twice_changes_nothing_and_notifies_once(october):
    assert snapshot_contract_performance(today="2025-11-05")["notified"] == 2
    first = list(PerformanceSnapshot.objects.values_list("contract", "month", "indicator", "value"))
    notes = list(Notification.objects.values_list("recipient__username", "key"))
    assert snapshot_contract_performance(today="2025-11-05")["notified"] == 0
    assert sorted(first) == sorted(
        PerformanceSnapshot.objects.values_list("contract", "month", "indicator", "value")
    )
    assert sorted(notes) == sorted(Notification.objects.values_list("recipient__username", "key"))
    # the visits target (at least 90%) is missed; missing (at most 60%) is met
    assert sorted(n[0] for n in notes) == ["commissioner", "senior_commissioner"]
    assert all(n[1].endswith(":2025-10") for n in notes)


def test_the_contract_page_shows_met_and_missed_with_the_trend(october):
    snapshot_contract_performance(today="2025-10-15")  # September, and October so far
    snapshot_contract_performance(today="2025-11-05")
    rows = {
        r["target"].indicator: r
        for r in target_statuses(october.contract, today=dt.date(2025, 11, 5))
    }
    visits = rows["visits_on_time"]
    assert visits["met"] is False
    assert visits["latest"].value == Decimal("33.33")
    assert visits["trend"] == "up"  # September: 0 of 1 on time
    assert rows["missing"]["met"] is True
