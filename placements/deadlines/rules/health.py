"""Health assessments: statutory guidance "Promoting the health and well-being of looked-after
children" (2015) under CPPCR 2010 reg 7. Not for short breaks (reg 48(3)(b))."""

import datetime as dt

from placements.deadlines.calendar import add_months, birthday
from placements.deadlines.rules.base import (
    CareUnit,
    Context,
    Rule,
    first_on_or_after,
    looked_after_units,
    walk_chain,
)
from placements.deadlines.snapshot import ChildSnapshot
from placements.models.deadlines import Deadline

KIND = Deadline.Kind.HEALTH_ASSESSMENT


def _within(unit: CareUnit, dates: list[dt.date]) -> list[dt.date]:
    end = unit.ended_on
    return [d for d in dates if d >= unit.started_on and (end is None or d <= end)]


class HealthAssessment_Initial(Rule):
    """An initial health assessment is due within 20 working days of the child becoming
    looked after, in time for the first review.

    Statutory guidance on promoting the health of looked-after children (2015), under
    CPPCR 2010 reg 7: the initial health assessment "should take place in time to inform
    the first statutory review ... within 20 working days" of the child becoming looked
    after. Counted from the start of the period of care.
    """

    kind = KIND
    title = "Initial health assessment"

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        out = []
        initial = [h.completed_on for h in child.health_assessments if h.kind == "initial"]
        for unit in looked_after_units(child, ctx.today):
            met = first_on_or_after(_within(unit, initial), unit.started_on)
            if met is None and not unit.active:
                continue
            due = ctx.calendar.add(unit.started_on, 20)
            out.append(cls.deadline(unit.key, due, met, unit.started_on))
        return out


class HealthAssessment_Review(Rule):
    """A review health assessment is due 6 months after the last assessment while the child
    is under 5, and 12 months after it from the age of 5.

    Statutory guidance on promoting the health of looked-after children (2015): the review
    health assessment "must happen once every six months before a child's fifth birthday
    and once every 12 months after the child's fifth birthday". The interval follows the
    child's age on the day of the previous assessment: one done at 4 years 10 months is
    reviewed 6 months later, one done at 5 is reviewed 12 months later.
    """

    kind = KIND
    title = "Review health assessment"

    @staticmethod
    def interval_after(child: ChildSnapshot, day: dt.date) -> dt.date:
        months = 6 if day < birthday(child.date_of_birth, 5) else 12
        return add_months(day, months)

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        out = []
        initial = [h.completed_on for h in child.health_assessments if h.kind == "initial"]
        every = sorted({h.completed_on for h in child.health_assessments})
        for unit in looked_after_units(child, ctx.today):
            start = first_on_or_after(_within(unit, initial), unit.started_on)
            if start is None:
                continue
            links = walk_chain(
                first_rule=cls,
                first_due=cls.interval_after(child, start),
                counted_from=start,
                events=_within(unit, every),
                window_start=start + dt.timedelta(days=1),
                window_end=None,
                after=lambda day: (cls, cls.interval_after(child, day)),
            )
            out += [
                cls.deadline(
                    f"{unit.key}:review:{link.seq}", link.due_on, link.met_on, link.counted_from
                )
                for link in links
                if (link.met_on is not None or unit.active) and ctx.shows(link.due_on, link.met_on)
            ]
        return out
