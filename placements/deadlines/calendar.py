"""Working days, weeks and months, as the statutory deadlines count them.

Counting convention (docs/adr/0002-working-days.md):

- **The day of the event is not counted.** "Within 20 working days of becoming looked
  after" on Monday 2 March 2026 means: day 1 is the first working day *after* 2 March
  (Tuesday 3 March), and the deadline is the 20th such day (Monday 30 March). The work is
  on time if it is done on or before that day. `WorkingDays.add(start, 0)` is `start`.
- A **working day** is any day but a Saturday, a Sunday, or a day in the NonWorkingDay
  table (bank holidays in England and Wales from the `holidays` package, plus one-off days
  an administrator adds). For a year in which the table holds no day from the `holidays`
  package (the nightly sync has not run yet), the package's days for that year are used,
  so a fresh database never counts Christmas Day as a working day.
- **Weeks and months are calendar periods**, counted the same way: "within one week" of
  Thursday 2 April is Thursday 9 April; "3 months after" 31 May is 31 August, and a day
  that does not exist in the target month is clamped to the month's last day ("1 month
  after" 31 January 2026 is 28 February 2026).
"""

import calendar as _calendar
import datetime as dt
from array import array
from collections.abc import Iterable

import holidays

ONE_DAY = dt.timedelta(days=1)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole calendar months, clamped to the end of a shorter month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    if day.day <= 28:
        return dt.date(year, month, day.day)
    last = 29 if month == 2 and _calendar.isleap(year) else _MONTH_DAYS[month - 1]
    return dt.date(year, month, min(day.day, last))


def add_weeks(day: dt.date, weeks: int) -> dt.date:
    return day + dt.timedelta(weeks=weeks)


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` plus whole years; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def birthday(date_of_birth: dt.date, age: int) -> dt.date:
    """The day a person born on `date_of_birth` turns `age` (a 29 February birthday falls
    on 28 February in a common year)."""
    return add_years(date_of_birth, age)


def package_holidays(years: Iterable[int]) -> dict[dt.date, str]:
    """Bank holidays in England and Wales from the `holidays` package."""
    return dict(holidays.UK(subdiv="ENG", years=sorted(set(years))).items())


class WorkingDays:
    """The working days between two dates, loaded once and counted in constant time.

    Build it with `WorkingDays.load(first, last)` (one query) or, in tests and pure code,
    `WorkingDays(first, last, non_working_days)`. Asking about a day outside the range
    raises ValueError rather than guessing.
    """

    def __init__(self, first: dt.date, last: dt.date, non_working_days: Iterable[dt.date] = ()):
        if last < first:
            raise ValueError("The calendar's last day is before its first")
        self.first = first
        self.last = last
        self.non_working_days = frozenset(d for d in non_working_days if first <= d <= last)
        span = (last - first).days + 1
        # _cumulative[i]: working days from `first` up to and including first + i;
        # _days: the working days in order. add() and between() are two lookups.
        self._cumulative = array("l", bytes(8 * span)) if span else array("l")
        self._days: list[dt.date] = []
        total = 0
        day = first
        for i in range(span):
            if day.weekday() < 5 and day not in self.non_working_days:
                total += 1
                self._days.append(day)
            self._cumulative[i] = total
            day += ONE_DAY

    @classmethod
    def for_years(cls, first: dt.date, last: dt.date) -> "WorkingDays":
        """A calendar from the `holidays` package alone (no database): for pure code."""
        return cls(first, last, package_holidays(range(first.year, last.year + 1)))

    @classmethod
    def load(cls, first: dt.date, last: dt.date) -> "WorkingDays":
        """The calendar from the NonWorkingDay table (one query), topped up from the
        `holidays` package for any year the nightly sync has not reached."""
        from placements.models import NonWorkingDay

        rows = NonWorkingDay.objects.filter(day__gte=first, day__lte=last).values_list(
            "day", "source"
        )
        days: set[dt.date] = set()
        synced_years: set[int] = set()
        for day, source in rows:
            days.add(day)
            if source == NonWorkingDay.Source.HOLIDAYS_PACKAGE:
                synced_years.add(day.year)
        missing = [y for y in range(first.year, last.year + 1) if y not in synced_years]
        if missing:
            days.update(package_holidays(missing))
        return cls(first, last, days)

    def _index(self, day: dt.date) -> int:
        if not (self.first <= day <= self.last):
            raise ValueError(f"{day} is outside the loaded calendar ({self.first} to {self.last})")
        return (day - self.first).days

    def is_working_day(self, day: dt.date) -> bool:
        self._index(day)
        return day.weekday() < 5 and day not in self.non_working_days

    def add(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start`; `start` itself is not counted (day 0)."""
        if n < 0:
            raise ValueError("Count working days forwards only")
        if n == 0:
            return start
        position = self._cumulative[self._index(start)] + n - 1
        if position >= len(self._days):
            raise ValueError(f"{n} working days after {start} is beyond {self.last}")
        return self._days[position]

    def between(self, start: dt.date, end: dt.date) -> int:
        """How many working days fall after `start`, up to and including `end`."""
        if end <= start:
            return 0
        return self._cumulative[self._index(end)] - self._cumulative[self._index(start)]
