"""Plans and notices: the care plan (reg 4), the placement plan (reg 9), placement
notifications (reg 13), the permanence plan, and the pathway needs assessment (reg 42)."""

import datetime as dt

from placements.deadlines.calendar import add_months, birthday
from placements.deadlines.rules.base import (
    CareUnit,
    Context,
    Rule,
    care_units,
    looked_after_units,
    placements_of,
)
from placements.deadlines.rules.reviews import second_review_due
from placements.deadlines.rules.visits import stretches
from placements.deadlines.snapshot import ChildSnapshot
from placements.models.deadlines import Deadline

#: Reg 40: looked after for 13 weeks in total since 14 (and after 16) makes a child eligible.
ELIGIBLE_DAYS = 13 * 7
#: The pathway needs assessment shows from a year before the child becomes eligible.
LOOK_AHEAD = dt.timedelta(days=365)


def _plans(child: ChildSnapshot, kind: str) -> list[dt.date]:
    return [p.completed_on for p in child.plans if p.kind == kind]


def _first_between(dates: list[dt.date], after: dt.date | None, until: dt.date | None):
    """The first date after `after` (exclusive) and on or before `until`."""
    for day in dates:
        if (after is None or day > after) and (until is None or day <= until):
            return day
    return None


def _previous_end(units: list[CareUnit], unit: CareUnit) -> dt.date | None:
    i = units.index(unit)
    return units[i - 1].ended_on if i else None


class CPPCR_Reg4_CarePlan(Rule):
    """The care plan is due before the first placement of the period of care, or if that
    is not practicable, within 10 working days of its start.

    CPPCR 2010 reg 4(2): the care plan must be prepared before C is first placed by the
    responsible authority or, if it is not practicable to do so, "within ten working days
    of the start of the first placement". For short breaks the short-break care plan
    (reg 48(3)(a)) takes its place, on the same timescale.
    """

    kind = Deadline.Kind.CARE_PLAN
    title = "Care plan"

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        out = []
        units = care_units(child, ctx.today)
        done = _plans(child, "care_plan")
        for unit in units:
            placements = placements_of(child, unit)
            start = placements[0].started_on if placements else unit.started_on
            met = _first_between(done, _previous_end(units, unit), unit.ended_on)
            if met is None and not unit.active:
                continue
            out.append(cls.deadline(unit.key, ctx.calendar.add(start, 10), met, start))
        return out


class CPPCR_Reg9_PlacementPlan(Rule):
    """A placement plan is due before the placement, or if that is not practicable within
    5 working days of its start.

    CPPCR 2010 reg 9(1): the placement plan must be prepared before the placement is made
    or, if it is not practicable to do so, "within five working days of the start of the
    placement". Not for temporary placements (T0 to T4), which continue the placement
    before them, nor for short breaks (reg 48(3)(a)).
    """

    kind = Deadline.Kind.PLACEMENT_PLAN
    title = "Placement plan"

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        out = []
        for unit in looked_after_units(child, ctx.today):
            for stretch in stretches(child, unit):
                if stretch.only_temporary:
                    continue
                ids = {p.id for p in stretch.members}
                dates = [
                    p.completed_on
                    for p in child.plans
                    if p.kind == "placement_plan" and p.placement_id in ids
                ]
                met = min(dates) if dates else None
                if met is None and not (unit.active and stretch.ended_on is None):
                    continue
                due = ctx.calendar.add(stretch.started_on, 5)
                out.append(cls.deadline(stretch.key, due, met, stretch.started_on))
        return out


NOTIFY_ALWAYS = ("parents", "gp", "health_body", "iro")
RECIPIENT_WORDS = {
    "parents": "parents",
    "gp": "GP",
    "health_body": "health body",
    "iro": "IRO",
    "school": "school",
    "area_authority": "area authority",
}


class CPPCR_Reg13_PlacementNotifications(Rule):
    """The people who must be told about a placement are told before it starts, or within
    5 working days of its start.

    CPPCR 2010 reg 13: the responsible authority must give notice of the placement, and of
    the placement plan's relevant details, to C's parents, the GP, the health body, the
    school, the IRO (and the area authority for a placement out of area) "before the
    placement is made or, if ... not practicable, within five working days of the start of
    the placement". Telling the child depends on their understanding, so it is recorded
    but not required here. Not for temporary placements, nor for short breaks (reg
    48(3)(b)).
    """

    kind = Deadline.Kind.PLACEMENT_NOTIFICATION
    title = "Tell people about the placement"

    @staticmethod
    def required(child: ChildSnapshot, stretch) -> list[str]:
        needed = list(NOTIFY_ALWAYS)
        start = stretch.started_on
        if any(
            s.started_on <= start and (s.ended_on is None or s.ended_on > start)
            for s in child.schools
        ):
            needed.append("school")
        if stretch.first.out_of_area:
            needed.append("area_authority")
        return needed

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        out = []
        for unit in looked_after_units(child, ctx.today):
            for stretch in stretches(child, unit):
                if stretch.only_temporary:
                    continue
                ids = {p.id for p in stretch.members}
                told: dict[str, dt.date] = {}
                for n in child.notifications:
                    if n.placement_id in ids and n.recipient not in told:
                        told[n.recipient] = n.sent_on
                needed = cls.required(child, stretch)
                met = max(told[r] for r in needed) if all(r in told for r in needed) else None
                if met is None and not (unit.active and stretch.ended_on is None):
                    continue
                words = [RECIPIENT_WORDS[r] for r in needed]
                title = f"Tell the {', '.join(words[:-1])} and {words[-1]} about the placement"
                due = ctx.calendar.add(stretch.started_on, 5)
                out.append(cls.deadline(stretch.key, due, met, stretch.started_on, title=title))
        return out


class PermanencePlan_BySecondReview(Rule):
    """The care plan includes a plan for permanence by the time of the second review.

    Children Act 1989 guidance, volume 2 (care planning), para 2.3 and 3.1: the
    permanence plan "should be in place by the second review" (4 months after the child
    becomes looked after). Due on the second review's due date: 3 months after the first
    review, or an earlier date the IRO set.
    """

    kind = Deadline.Kind.PERMANENCE_PLAN
    title = "Permanence plan"

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        out = []
        units = list(care_units(child, ctx.today))
        done = _plans(child, "permanence_plan")
        for unit in looked_after_units(child, ctx.today):
            met = _first_between(done, _previous_end(units, unit), unit.ended_on)
            if met is None and not unit.active:
                continue
            due = second_review_due(child, unit, ctx)
            out.append(cls.deadline(unit.key, due, met, unit.started_on))
        return out


def eligible_on(child: ChildSnapshot, today: dt.date) -> tuple[dt.date, CareUnit] | None:
    """When the child became (or becomes) an eligible child (CPPCR reg 40): looked after
    for 13 weeks in total since turning 14, and looked after on a day from 16. Short
    breaks do not count (reg 40(2))."""
    b14 = birthday(child.date_of_birth, 14)
    b16 = birthday(child.date_of_birth, 16)
    b18 = birthday(child.date_of_birth, 18)
    counted = 0
    for unit in looked_after_units(child, today):
        for period in unit.periods:
            start = max(period.started_on, b14)
            end = period.ended_on
            if end is not None and end <= start:
                continue
            if start < b16:
                before_16 = b16 if end is None else min(end, b16)
                counted += (before_16 - start).days
                if end is not None and end <= b16:
                    continue
                start = b16
            eligible = start + dt.timedelta(days=max(0, ELIGIBLE_DAYS - counted))
            if eligible >= b18:
                return None
            if end is None or eligible < end:
                return eligible, unit
            counted += (end - start).days
    return None


class CPPCR_Reg42_PathwayNeedsAssessment(Rule):
    """The pathway needs assessment is due within 3 months of an eligible child turning 16,
    or of becoming eligible after 16.

    CPPCR 2010 reg 42(1): the assessment of an eligible child's needs must be completed
    "not more than three months after the date on which C reaches the age of 16 or becomes
    an eligible child after that age". Reg 40: an eligible child has been looked after for
    13 weeks in total since the age of 14, ending after 16. An assessment completed after
    the child turned 15 counts.
    """

    kind = Deadline.Kind.PATHWAY_NEEDS_ASSESSMENT
    title = "Pathway needs assessment"

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        found = eligible_on(child, ctx.today)
        if found is None:
            return []
        trigger, unit = found
        if trigger > ctx.today + LOOK_AHEAD:
            return []
        b15 = birthday(child.date_of_birth, 15)
        met = _first_between(_plans(child, "pathway_needs_assessment"), b15, None)
        if met is None and not unit.active:
            return []
        return [cls.deadline("eligible", add_months(trigger, 3), met, trigger)]
