"""Collection years, and finding a council by the code people type."""

import datetime as dt
import re
from dataclasses import dataclass

from placements.models.codes import collection_year
from practices.models import Council

FIRST_YEAR = 2015  # the code lists go back this far (placements/data/ssda903_codes.json)


@dataclass(frozen=True, order=True)
class CollectionYear:
    """1 April to 31 March, named by the year it starts: 2026 is 1 April 2026 to
    31 March 2027, which the DfE calls "2026 to 2027". `--year 2026` is that year."""

    start_year: int

    @classmethod
    def of(cls, day: dt.date) -> "CollectionYear":
        return cls(collection_year(day))

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year} to {self.start_year + 1}"

    @property
    def short(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def previous(self) -> "CollectionYear":
        return CollectionYear(self.start_year - 1)

    @property
    def next(self) -> "CollectionYear":
        return CollectionYear(self.start_year + 1)

    def as_at(self, today: dt.date) -> dt.date:
        """The date the return is projected as at: the year's end, or today while the
        year is still running (so that, say, a care leaver's birthday still to come is
        not yet asked for)."""
        return min(self.end, today)

    def __str__(self) -> str:
        return self.label


def years_available(today: dt.date) -> list[CollectionYear]:
    current = CollectionYear.of(today)
    return [CollectionYear(y) for y in range(current.start_year, FIRST_YEAR - 1, -1)]


def is_available(year: int, today: dt.date) -> bool:
    return FIRST_YEAR <= year <= CollectionYear.of(today).start_year


def find_council(code: str) -> Council | None:
    """By ONS code (E09000027) or DfE LA number (210)."""
    code = code.strip().upper()
    if re.fullmatch(r"E\d{8}", code):
        return Council.objects.filter(ons_code=code).first()
    if code.isdigit():
        return Council.objects.filter(dfe_la_number=int(code)).first()
    return None
