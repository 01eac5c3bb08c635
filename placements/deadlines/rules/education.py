"""Personal education plans (PEP): CPPCR 2010 reg 5 and the statutory guidance "Promoting
the education of looked-after children" (2018). Not for short breaks (reg 48(3)(a)).

School terms. Schools set their own dates, so the engine uses fixed terms that cover
every school's real term, and a PEP review is due by the last day of each:

    autumn  1 September to 31 December
    spring  1 January   to 31 March
    summer  1 April     to 31 July

August is the summer holiday: no term starts in it. A review is due for each term that
starts after the initial PEP was completed, up to the term going on today, while the child
is under 18. The first PEP completed on or after a term's first day meets it: on time
within the term, late after it (one late PEP closes a missed term and, if it falls in
the next term, that term too).
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from placements.deadlines.calendar import birthday
from placements.deadlines.rules.base import (
    CareUnit,
    Context,
    Rule,
    first_on_or_after,
    looked_after_units,
)
from placements.deadlines.snapshot import ChildSnapshot
from placements.models.deadlines import Deadline

KIND = Deadline.Kind.PEP
PEP_FROM_AGE = 3
PEP_UNTIL_AGE = 18

#: (name, first month, first day, last month, last day)
TERMS = (
    ("spring", 1, 1, 3, 31),
    ("summer", 4, 1, 7, 31),
    ("autumn", 9, 1, 12, 31),
)


@dataclass(frozen=True)
class Term:
    name: str
    starts_on: dt.date
    ends_on: dt.date

    @property
    def label(self) -> str:
        return f"{self.name} term {self.starts_on.year}"

    @property
    def key(self) -> str:
        return f"{self.starts_on.year}-{self.name}"


def terms_between(first: dt.date, last: dt.date) -> Iterator[Term]:
    """Every term that starts in [first, last], in order."""
    for year in range(first.year, last.year + 1):
        for name, m1, d1, m2, d2 in TERMS:
            term = Term(name, dt.date(year, m1, d1), dt.date(year, m2, d2))
            if first <= term.starts_on <= last:
                yield term


def term_on(day: dt.date) -> Term | None:
    for term in terms_between(dt.date(day.year, 1, 1), day):
        if term.starts_on <= day <= term.ends_on:
            return term
    return None


def _within(unit: CareUnit, dates: list[dt.date]) -> list[dt.date]:
    end = unit.ended_on
    return [d for d in dates if d >= unit.started_on and (end is None or d <= end)]


def _pep_trigger(child: ChildSnapshot, unit: CareUnit) -> dt.date | None:
    """When the child needs a PEP: becoming looked after, or turning 3 while looked after."""
    trigger = max(unit.started_on, birthday(child.date_of_birth, PEP_FROM_AGE))
    if trigger >= birthday(child.date_of_birth, PEP_UNTIL_AGE):
        return None
    if unit.ended_on is not None and trigger >= unit.ended_on:
        return None
    return trigger


class CPPCR_Reg5_InitialPEP(Rule):
    """A personal education plan is due within 10 working days of a child aged 3 to 18
    becoming looked after (or of turning 3 while looked after).

    CPPCR 2010 reg 5(b)(ii): the care plan includes the personal education plan; statutory
    guidance "Promoting the education of looked-after children" (2018): the PEP should be
    initiated "within 10 working days of a child becoming looked after" and be ready for
    the first review.
    """

    kind = KIND
    title = "Personal education plan (PEP)"

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        out = []
        done = [e.completed_on for e in child.education_plans]
        for unit in looked_after_units(child, ctx.today):
            trigger = _pep_trigger(child, unit)
            if trigger is None or trigger > ctx.today:  # not 3 yet: nothing due
                continue
            met = first_on_or_after(_within(unit, done), unit.started_on)
            if met is None and not unit.active:
                continue
            out.append(cls.deadline(unit.key, ctx.calendar.add(trigger, 10), met, trigger))
        return out


class PEP_TermlyReview(Rule):
    """The personal education plan is reviewed each school term.

    Statutory guidance "Promoting the education of looked-after children" (2018): the PEP
    "should be reviewed every school term". Terms are fixed calendar terms (see this
    module's docstring); the review is due by the term's last day.
    """

    kind = KIND
    title = "PEP review"

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        out = []
        done = sorted({e.completed_on for e in child.education_plans})
        adult = birthday(child.date_of_birth, PEP_UNTIL_AGE)
        for unit in looked_after_units(child, ctx.today):
            if _pep_trigger(child, unit) is None:
                continue
            peps = _within(unit, done)
            initial = first_on_or_after(peps, unit.started_on)
            if initial is None:
                continue
            last = min(ctx.today, adult - dt.timedelta(days=1))
            if unit.ended_on is not None:
                last = min(last, unit.ended_on - dt.timedelta(days=1))
            for term in terms_between(initial + dt.timedelta(days=1), last):
                met = first_on_or_after(peps, term.starts_on)
                if met is None and not unit.active:
                    continue
                out.append(
                    cls.deadline(
                        f"{unit.key}:term:{term.key}",
                        term.ends_on,
                        met,
                        term.starts_on,
                        title=f"PEP review for the {term.label}",
                    )
                )
        return out
