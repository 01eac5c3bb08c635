"""What every rule shares: the context, the deadline shape, care units and chains.

A rule is a class named after its source (tamato's business rules). Its docstring quotes
the source and is the default message; `derive(child, ctx)` is a pure function of the
child's snapshot and the context (today and the working-day calendar) that returns
deadline dicts:

    {"rule", "kind", "key", "title", "due_on", "met_on", "counted_from"}

`key` is stable across recomputes (it names what the deadline is about: a period, a
placement, the n-th visit of a placement); `counted_from` is the event the time limit runs
from (it is not stored, but tests check no deadline falls before it).

Open deadlines come only from care that is still going on: an open period of care, or a
series of short breaks still in use. Met deadlines (on time or late) stay for
`HISTORY_DAYS`, so inspectors can count the late ones.
"""

import bisect
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from placements.deadlines.calendar import WorkingDays, add_months
from placements.deadlines.snapshot import ChildSnapshot, PeriodSnap, PlacementSnap

#: Met deadlines stay visible at least this long (two years).
HISTORY_DAYS = 731
#: Longer than any interval of a recurring duty skipped in a chain (six months).
LONGEST_INTERVAL = dt.timedelta(days=190)
#: Legal statuses of short breaks (SSDA903 LS V3 single, V4 a series).
SHORT_BREAK_STATUSES = frozenset({"V3", "V4"})
#: A series of short breaks with no break for this long has ended (CPPCR reg 48 allows
#: six months between visits and reviews; no break in that time means no arrangement).
SHORT_BREAK_SERIES_GAP_MONTHS = 6


@dataclass(frozen=True)
class Context:
    today: dt.date
    calendar: WorkingDays
    #: Met deadlines due and met before this day are dropped (HISTORY_DAYS before today).
    history_from: dt.date = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "history_from", self.today - dt.timedelta(days=HISTORY_DAYS))

    def shows(self, due_on: dt.date, met_on: dt.date | None) -> bool:
        """Whether a deadline is kept: open, or met (or due) within the history window."""
        return met_on is None or due_on >= self.history_from or met_on >= self.history_from


class Rule:
    """A statutory time limit. Subclasses set `kind` and `title` and quote the source."""

    kind: str = ""
    title: str = ""

    @classmethod
    def name(cls) -> str:
        return cls.__name__

    @classmethod
    def message(cls) -> str:
        """The rule's text: its docstring's first paragraph."""
        return " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split())

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        raise NotImplementedError

    @classmethod
    def deadline(
        cls,
        key: str,
        due_on: dt.date,
        met_on: dt.date | None,
        counted_from: dt.date,
        title: str | None = None,
    ) -> dict:
        return {
            "rule": cls.name(),
            "kind": str(cls.kind),
            "key": key,
            "title": title or cls.title,
            "due_on": due_on,
            "met_on": met_on,
            "counted_from": counted_from,
        }


# --- Care units: an open period of care, or a series of short breaks ------------------------


@dataclass(frozen=True)
class CareUnit:
    """What a timetable runs over: one period of care, or a series of short breaks (CPPCR
    reg 48), whose periods share one timetable of reviews and visits."""

    periods: tuple[PeriodSnap, ...]
    short_breaks: bool
    active: bool  # may produce open deadlines

    @property
    def first(self) -> PeriodSnap:
        return self.periods[0]

    @property
    def started_on(self) -> dt.date:
        return self.first.started_on

    @property
    def ended_on(self) -> dt.date | None:
        return self.periods[-1].ended_on

    @property
    def key(self) -> str:
        return f"period:{self.first.id}"

    @property
    def period_ids(self) -> frozenset[int]:
        return frozenset(p.id for p in self.periods)


def is_short_break_period(child: ChildSnapshot, period: PeriodSnap) -> bool:
    if period.legal_status in SHORT_BREAK_STATUSES:
        return True
    placements = [p for p in child.placements if p.period_id == period.id]
    return bool(placements) and all(p.short_break for p in placements)


def care_units(child: ChildSnapshot, today: dt.date) -> list[CareUnit]:
    """The child's periods of care, with consecutive short-break periods joined into one
    series while no more than six months pass between breaks.

    A period of care is active while it is open. A series of short breaks is active while
    a break is going on, or its last break ended within six months and nothing followed.
    Nothing is active once the child has died.
    """
    memo = child.memo.get("care_units")
    if memo is not None:
        return memo
    units: list[CareUnit] = []
    series: list[PeriodSnap] = []

    def flush(final: bool) -> None:
        if series:
            last = series[-1].ended_on
            active = last is None or (
                final and add_months(last, SHORT_BREAK_SERIES_GAP_MONTHS) >= today
            )
            units.append(CareUnit(tuple(series), True, active))
            series.clear()

    for period in child.periods:
        if is_short_break_period(child, period):
            previous_end = series[-1].ended_on if series else None
            if series and (
                previous_end is None
                or add_months(previous_end, SHORT_BREAK_SERIES_GAP_MONTHS) < period.started_on
            ):
                flush(final=False)
            series.append(period)
        else:
            flush(final=False)
            units.append(CareUnit((period,), False, period.ended_on is None))
    flush(final=True)
    if child.date_of_death is not None:
        units = [CareUnit(u.periods, u.short_breaks, False) for u in units]
    child.memo["care_units"] = units
    return units


def looked_after_units(child: ChildSnapshot, today: dt.date) -> Iterator[CareUnit]:
    """Care units under the full regulations (not short breaks)."""
    return (u for u in care_units(child, today) if not u.short_breaks)


# --- Chains: a duty that recurs after each time it is met -----------------------------------


@dataclass(frozen=True)
class Link:
    seq: int
    rule: type[Rule]
    due_on: dt.date
    met_on: dt.date | None
    counted_from: dt.date


def walk_chain(
    *,
    first_rule: type[Rule],
    first_due: dt.date,
    counted_from: dt.date,
    events: list[dt.date],
    window_start: dt.date,
    window_end: dt.date | None,
    after: Callable[[dt.date], tuple[type[Rule], dt.date]],
    skip_met_before: dt.date | None = None,
) -> list[Link]:
    """Walk a recurring duty: the first is due on `first_due`; each event (a visit, a
    review) in [window_start, window_end) meets the one pending and starts the next,
    due on `after(event)`. The last link is the one still pending (met_on None).

    `events` must be sorted; two events on one day count once. With `skip_met_before`,
    links met before that day whose due date cannot reach it (their previous event is
    more than `LONGEST_INTERVAL` earlier) are left out without working out their due
    date: a long placement's early visits cost nothing. Their numbers (seq) are kept.
    """
    links: list[Link] = []
    pending: tuple[type[Rule], dt.date] | None = (first_rule, first_due)
    origin = counted_from
    skip_origin_before = skip_met_before - LONGEST_INTERVAL if skip_met_before else None
    i = bisect.bisect_left(events, window_start)
    seq = 1
    while i < len(events) and (window_end is None or events[i] < window_end):
        event = events[i]
        if pending is None and not (
            skip_origin_before is not None
            and origin < skip_origin_before
            and event < skip_met_before
        ):
            pending = after(origin)
        if pending is not None:
            links.append(Link(seq, pending[0], pending[1], event, origin))
        pending = None
        origin = event
        seq += 1
        i = bisect.bisect_right(events, event, lo=i)
    if pending is None:
        pending = after(origin)
    links.append(Link(seq, pending[0], pending[1], None, origin))
    return links


def first_on_or_after(dates: list[dt.date], day: dt.date) -> dt.date | None:
    i = bisect.bisect_left(dates, day)
    return dates[i] if i < len(dates) else None


def placements_of(child: ChildSnapshot, unit: CareUnit) -> list[PlacementSnap]:
    ids = unit.period_ids
    return [p for p in child.placements if p.period_id in ids]
