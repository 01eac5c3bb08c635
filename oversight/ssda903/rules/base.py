"""What every SSDA903 rule shares.

A rule is a class named after its DfE code (`SSDA903_Rule_103`), as tamato names its
business rules. Its docstring is the DfE's message for the rule, word for word, and the
message a person sees (`Rule.message()`); `tables` and `fields` are the DfE's "affected
fields"; `severity` tells errors (the DfE rejects the return) from queries (the DfE's
warnings: the council must check, and may explain rather than change).

`check(ret)` is a pure function of the projected return (tables.Return): it walks rows
already grouped by child, never the database, so a 2,000-child council validates in well
under a second. It yields `(table, row)` for each row that breaks the rule.

Rules are in force for collection years `since` to `until` (named by the starting year),
so a rule the DfE adds, changes or drops is a new class or a new bound, never an `if`.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from placements.models.codes import collection_year

ERROR = "error"
QUERY = "query"

TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
NO_PROVIDER = TEMPORARY | {"Z11", "Z12", "Z13", "Z14"}
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
SHORT_BREAKS = frozenset({"V3", "V4"})
ADOPTED = frozenset({"E11", "E12"})
CONTINUATIONS = frozenset({"P", "L", "T", "U", "B"})


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February (as PostgreSQL does)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Rule:
    """A DfE validation rule. Subclasses quote the DfE's message as their docstring."""

    code: ClassVar[str]
    severity: ClassVar[str] = ERROR
    tables: ClassVar[tuple[str, ...]]
    fields: ClassVar[tuple[str, ...]]
    since: ClassVar[int] = 2015
    until: ClassVar[int | None] = None

    @classmethod
    def message(cls) -> str:
        """The rule's text: its docstring's first paragraph, on one line."""
        return " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split())

    @classmethod
    def in_force(cls, year: int) -> bool:
        return cls.since <= year and (cls.until is None or year <= cls.until)

    def check(self, ret) -> Iterator[tuple[str, dict]]:
        raise NotImplementedError


class RowRule(Rule):
    """A rule about one row of one table at a time."""

    def fails(self, row: dict, ret) -> bool:
        raise NotImplementedError

    def check(self, ret) -> Iterator[tuple[str, dict]]:
        table = self.tables[0]
        for row in ret.rows(table):
            if self.fails(row, ret):
                yield table, row


class CodeRule(RowRule):
    """A field holds a code of the list in force (blank allowed unless `required`).

    The list is the collection year's, or, with `dated_by`, the list in force on that
    date of the row, where the DfE judges a code by when it was given (a reason an
    episode ended, by its end). A placement type is judged in the return's year, as the
    DfE does: a placement open when its type was withdrawn is re-coded (H5 to K3) and the
    return of each year writes the code of that year."""

    code_list: ClassVar[str]
    required: ClassVar[bool] = False
    dated_by: ClassVar[str | None] = None

    def fails(self, row: dict, ret) -> bool:
        value = row.get(self.fields[0])
        if value in (None, ""):
            return self.required
        on = row.get(self.dated_by) if self.dated_by else None
        year = collection_year(on) if on else None
        return value not in ret.codes(self.code_list, year)


class EpisodeChainRule(Rule):
    """A rule about an episode and the one before it, for each child (episodes in DECOM
    order)."""

    tables = ("Episodes",)

    def fails(self, episode: dict, previous: dict, ret) -> bool:
        raise NotImplementedError

    def check(self, ret) -> Iterator[tuple[str, dict]]:
        for episodes in ret.by_child("Episodes").values():
            for previous, episode in zip(episodes, episodes[1:], strict=False):
                if self.fails(episode, previous, ret):
                    yield "Episodes", episode


def dob(ret, child: str) -> dt.date | None:
    header = ret.header.get(child)
    return header["DOB"] if header else None


def aged_under(ret, row: dict, years: int, on_field: str) -> bool:
    """Was the child under `years` on the date in `row[on_field]`?"""
    born, on = dob(ret, row["CHILD"]), row.get(on_field)
    return born is not None and on is not None and on < add_years(born, years)


@dataclass(frozen=True)
class Failure:
    """One row breaking one rule: what a person must fix, and where."""

    code: str
    severity: str
    table: str
    child: str
    child_pk: int | None
    row: dict

    @property
    def key(self) -> tuple:
        return (self.code, self.table, id(self.row))
