"""The working-day calendar: weekends, England and Wales bank holidays, one-off holidays.

Bank holidays come from the `holidays` package (`holidays.UK(subdiv="ENG")`) into the
NonWorkingDay table; administrators add one-off proclaimed holidays there in the admin.
"""

import datetime as dt

import holidays
from django.db import transaction

from core import clock
from placements.models import NonWorkingDay


def bank_holidays(years: range) -> dict[dt.date, str]:
    return dict(holidays.UK(subdiv="ENG", years=list(years)).items())


@transaction.atomic
def sync_bank_holidays(
    *, first_year: int | None = None, years: int = 3, today: dt.date | None = None
) -> int:
    """Add the bank holidays the `holidays` package knows for the given years.

    Idempotent: days already present (from the package or an administrator) are left
    alone. Returns how many days were added.
    """
    today = today or clock.today()
    start = first_year or today.year - 10
    span = range(start, today.year + years)
    existing = set(
        NonWorkingDay.objects.filter(day__year__in=list(span)).values_list("day", flat=True)
    )
    new = [
        NonWorkingDay(day=day, name=name, source=NonWorkingDay.Source.HOLIDAYS_PACKAGE)
        for day, name in sorted(bank_holidays(span).items())
        if day not in existing
    ]
    NonWorkingDay.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
