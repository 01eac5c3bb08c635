"""How each contract is doing against its targets, from the nightly snapshots."""

import datetime as dt

from django.db.models import OuterRef, Subquery

from commissioning.models import PerformanceSnapshot, PerformanceTarget
from commissioning.services.performance import previous_month

TREND_MONTHS = 6


def target_statuses(contract, *, today: dt.date) -> list[dict]:
    """Each current target with its last complete month's figure, met or missed, and the
    figures for the last six months (two queries whatever the number of targets)."""
    targets = list(contract.targets.filter(ended_at__isnull=True).order_by("indicator"))
    since = (today.replace(day=1) - dt.timedelta(days=31 * TREND_MONTHS)).replace(day=1)
    snapshots: dict[str, list[PerformanceSnapshot]] = {}
    for snap in PerformanceSnapshot.objects.filter(
        contract=contract, month__gte=since, indicator__in=[t.indicator for t in targets]
    ).order_by("month"):
        snapshots.setdefault(snap.indicator, []).append(snap)
    last_month = previous_month(today)
    rows = []
    for target in targets:
        series = snapshots.get(target.indicator, [])
        complete = [s for s in series if s.month <= last_month]
        latest = complete[-1] if complete else None
        earlier = complete[-2] if len(complete) > 1 else None
        trend = None
        if latest and earlier and latest.value is not None and earlier.value is not None:
            trend = (
                "up"
                if latest.value > earlier.value
                else "down"
                if latest.value < earlier.value
                else "same"
            )
        rows.append(
            {
                "target": target,
                "latest": latest,
                "met": target.is_met(latest.value) if latest else None,
                "trend": trend,
                "series": series,
            }
        )
    return rows


def missed_for(contracts, *, today: dt.date):
    """Current targets missed last month on these contracts (one query)."""
    month = previous_month(today)
    value = PerformanceSnapshot.objects.filter(
        contract=OuterRef("contract"), indicator=OuterRef("indicator"), month=month
    ).values("value")[:1]
    targets = (
        PerformanceTarget.objects.filter(contract__in=contracts, ended_at__isnull=True)
        .annotate(value=Subquery(value))
        .select_related("contract", "contract__practice")
        .order_by("contract__reference", "indicator")
    )
    return month, [t for t in targets if t.is_met(t.value) is False]
