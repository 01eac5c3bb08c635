"""The payments statement for one contract and month: fees, then approved spend.

Fees: for a per-child price, one line per child and price in force: weekly price x days
the child was allocated under the contract in the month / 7; for a block price, one line
per price in force: the monthly sum x days it was in force / days in the month. A
variation that changes the price mid-month splits the lines at its effective date.
Spend: the budget lines (approved requests, practice-funded placement costs) that fall in
the month. Every line is rounded to the penny on its own and the totals are their sums.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from commissioning.models import Contract
from commissioning.selectors.budgets import Line, spend_lines
from commissioning.services.contracts import price_segments
from placements.models import Allocation

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class FeeLine:
    kind: str  # "per child" or "block"
    allocation_id: int | None
    child_id: int | None
    la_child_id: str
    child_name: str
    first_day: dt.date
    last_day: dt.date
    days: int
    rate: Decimal  # weekly price, or the monthly block sum
    amount: Decimal


@dataclass
class Statement:
    contract: Contract
    month: dt.date
    first_day: dt.date
    last_day: dt.date
    fees: list[FeeLine] = field(default_factory=list)
    spend: list[Line] = field(default_factory=list)

    @property
    def fees_total(self) -> Decimal:
        return sum((line.amount for line in self.fees), Decimal("0.00"))

    @property
    def spend_total(self) -> Decimal:
        return sum((line.total for line in self.spend), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.fees_total + self.spend_total


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _overlap(a_start, a_end_excl, b_start, b_end) -> int:
    """Days in [a_start, a_end_excl) and [b_start, b_end] (inclusive)."""
    start = max(a_start, b_start)
    end = min(a_end_excl or dt.date.max, b_end + dt.timedelta(days=1))
    return max(0, (end - start).days)


def statement(contract: Contract, month: dt.date) -> Statement:
    first, last = month_bounds(month)
    days_in_month = (last - first).days + 1
    result = Statement(contract=contract, month=first, first_day=first, last_day=last)
    start, end = max(first, contract.starts_on), min(last, contract.ends_on)
    if start > end:
        return result
    segments = price_segments(contract, start, end)
    allocations = (
        Allocation.objects.filter(contract=contract, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        .select_related("child")
        .order_by("child__la_child_id", "started_on")
    )
    for segment in segments:
        price = segment["weekly_price_per_child"]
        if price is None:
            continue
        for allocation in allocations:
            days = _overlap(
                allocation.started_on, allocation.ended_on, segment["from"], segment["to"]
            )
            if not days:
                continue
            child = allocation.child
            result.fees.append(
                FeeLine(
                    kind="per child",
                    allocation_id=allocation.pk,
                    child_id=child.pk,
                    la_child_id=child.la_child_id,
                    child_name=child.display_name,
                    first_day=max(allocation.started_on, segment["from"]),
                    last_day=min(
                        (allocation.ended_on or dt.date.max) - dt.timedelta(days=1),
                        segment["to"],
                    ),
                    days=days,
                    rate=price,
                    amount=(price * days / 7).quantize(PENNY, rounding=ROUND_HALF_UP),
                )
            )
    for segment in segments:
        block = segment["block_amount_per_month"]
        if block is None:
            continue
        days = (segment["to"] - segment["from"]).days + 1
        result.fees.append(
            FeeLine(
                kind="block",
                allocation_id=None,
                child_id=None,
                la_child_id="",
                child_name="",
                first_day=segment["from"],
                last_day=segment["to"],
                days=days,
                rate=block,
                amount=(block * days / days_in_month).quantize(PENNY, rounding=ROUND_HALF_UP),
            )
        )
    result.fees.sort(key=lambda line: (line.kind != "block", line.la_child_id, line.first_day))
    result.spend = spend_lines(contract.pk, first, last)
    return result
