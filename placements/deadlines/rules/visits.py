"""Statutory visits: CPPCR 2010 reg 28, and reg 48 for short breaks.

How the visit clock runs (docs/adr/0002-working-days.md has the counting convention):

- Each placement starts a new clock: a visit is due within one week of its start, then
  at the intervals of the regime that applies on the day of the last visit.
- A temporary placement (SSDA903 PLACE T0 to T4: hospital, holiday, a short stay away)
  does not start a clock: the child is expected back, and the clock of the placement
  they left keeps running. When the child comes back to the same carer (same carer, or
  same provider and postcode) the clock still runs on; moving anywhere else starts one.
- Only visits where the child was seen, in person (not by video call), count.
- The interval after a visit follows the regime on the day of that visit, and the
  "first year of the placement" is counted from the start of the placement's clock.
- When a placement ends, a visit still pending for it lapses: the next placement's
  one-week visit replaces it.
"""

import datetime as dt
from dataclasses import dataclass, field

from placements.deadlines.calendar import add_months, add_weeks, add_years
from placements.deadlines.rules.base import (
    CareUnit,
    Context,
    Link,
    Rule,
    care_units,
    placements_of,
    walk_chain,
)
from placements.deadlines.rules.reviews import first_review_on
from placements.deadlines.snapshot import ChildSnapshot, PlacementSnap
from placements.models.deadlines import Deadline

NOT_IN_PERSON = frozenset({"virtual"})


class VisitRule(Rule):
    """A reg 28 or reg 48 visit regime. The visits of one placement form one chain (see
    `visit_links`); each deadline in it belongs to the regime that set its interval."""

    kind = Deadline.Kind.VISIT

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        by_rule = child.memo.get("visit_deadlines")
        if by_rule is None:  # the chains are walked once for all the visit rules
            by_rule = {}
            for unit in care_units(child, ctx.today):
                for key, link in visit_links(child, unit, ctx):
                    if ctx.shows(link.due_on, link.met_on):
                        by_rule.setdefault(link.rule, []).append(
                            link.rule.deadline(key, link.due_on, link.met_on, link.counted_from)
                        )
            child.memo["visit_deadlines"] = by_rule
        return by_rule.get(cls, [])


class CPPCR_Reg28_VisitWithinOneWeekOfPlacement(VisitRule):
    """The child must be visited within one week of the start of any placement.

    CPPCR 2010 reg 28(2)(a): the responsible authority must ensure that R visits C "within
    one week of the start of any placement". Temporary placements (T0 to T4) do not start
    a new placement's clock.
    """

    title = "Visit within a week of the placement starting"


class CPPCR_Reg28_StandardVisits(VisitRule):
    """Visits at intervals of not more than 6 weeks in the first year of a placement; then
    every 3 months if the placement is intended to last until the child is 18, otherwise
    every 6 weeks.

    CPPCR 2010 reg 28(2)(b) and (c): "at intervals of not more than six weeks for the first
    year of any placement, and thereafter (i) where the placement is intended to last until
    C is aged 18, at intervals of not more than three months, (ii) and in any other case, at
    intervals of not more than six weeks."
    """

    title = "Statutory visit"


class CPPCR_Reg28_3_ParentBeforeAssessment(VisitRule):
    """A child placed with a parent before the assessment is complete is visited at least
    once a week until the first review, then at intervals of not more than 6 weeks.

    CPPCR 2010 reg 28(3): "Where regulation 19 applies, ... R visits C (a) at least once a
    week until the first review carried out in accordance with Part 6, and (b) thereafter
    at intervals of not more than six weeks."
    """

    title = "Statutory visit (placed with a parent before assessment)"


class CPPCR_Reg28_4_ConnectedPersonTemporary(VisitRule):
    """A child placed with a temporarily approved connected person (or living with a
    parent under an interim care order) is visited at least once a week until the first
    review, then at intervals of not more than 4 weeks.

    CPPCR 2010 reg 28(4): "Where regulation 24 applies, or where an interim care order has
    been made in relation to C under section 38 and C is living with P, ... R visits C (a)
    at least once a week until the first review ..., and (b) thereafter at intervals of not
    more than four weeks."
    """

    title = "Statutory visit (connected person, temporary approval)"


class CPPCR_Reg28_3A_LongTermFoster(VisitRule):
    """Once a designated long-term foster placement has lasted a year, and the child
    agrees, visits are due at intervals of not more than 6 months.

    CPPCR 2010 reg 28(3A) (inserted 2015): where C has been in a long-term foster placement
    for at least a year and C, being of sufficient age and understanding, agrees, R visits
    C at intervals of not more than six months. The designation date
    (`Placement.long_term_foster_on`) is taken to record the child's agreement.
    """

    title = "Six-monthly visit (long-term foster placement)"


class CPPCR_Reg48_ShortBreakVisits(VisitRule):
    """A child on a series of short breaks is visited on days when they are placed: the
    first visit within 3 months of the first short break, then not more than 6 months
    apart.

    CPPCR 2010 reg 48(3)(c): regulation 28(2) does not apply; R visits C on days when C is
    in fact placed, at regular intervals agreed with the IRO and the parents, and in any
    event the first visit within three months of the start of the first placement and
    later visits at intervals of not more than six months.
    """

    title = "Short-break visit"


VISIT_RULES = (
    CPPCR_Reg28_VisitWithinOneWeekOfPlacement,
    CPPCR_Reg28_StandardVisits,
    CPPCR_Reg28_3_ParentBeforeAssessment,
    CPPCR_Reg28_4_ConnectedPersonTemporary,
    CPPCR_Reg28_3A_LongTermFoster,
    CPPCR_Reg48_ShortBreakVisits,
)


@dataclass
class Stretch:
    """A placement and any temporary stays (and returns to the same carer) after it: one
    visit clock."""

    members: list[PlacementSnap] = field(default_factory=list)

    @property
    def first(self) -> PlacementSnap:
        return self.members[0]

    @property
    def started_on(self) -> dt.date:
        return self.first.started_on

    @property
    def ended_on(self) -> dt.date | None:
        return self.members[-1].ended_on

    @property
    def key(self) -> str:
        return f"placement:{self.first.id}"

    @property
    def only_temporary(self) -> bool:
        return all(p.temporary for p in self.members)

    def home_on(self, day: dt.date) -> PlacementSnap:
        """The placement (not a temporary stay) whose regime applies on `day`."""
        home = self.first
        if len(self.members) == 1:
            return home
        for p in self.members:
            if p.started_on > day:
                break
            if not p.temporary:
                home = p
        return home


def same_home(a: PlacementSnap, b: PlacementSnap) -> bool:
    if a.carer_id is not None or b.carer_id is not None:
        return a.carer_id == b.carer_id
    return (
        a.provider_id is not None
        and a.provider_id == b.provider_id
        and a.postcode == b.postcode
        and a.place == b.place
    )


def stretches(child: ChildSnapshot, unit: CareUnit) -> list[Stretch]:
    memo_key = ("stretches", unit.key)
    if memo_key in child.memo:
        return child.memo[memo_key]
    result: list[Stretch] = []
    current: Stretch | None = None
    for p in placements_of(child, unit):
        if current is not None and p.temporary:
            current.members.append(p)
            continue
        if (
            current is not None
            and current.members[-1].temporary
            and same_home(current.home_on(current.members[-1].started_on), p)
        ):
            current.members.append(p)
            continue
        current = Stretch([p])
        result.append(current)
    child.memo[memo_key] = result
    return result


def visit_dates(child: ChildSnapshot) -> list[dt.date]:
    """The days the child was seen in person, in order, once each."""
    if "visit_dates" not in child.memo:
        child.memo["visit_dates"] = sorted(
            {v.visited_on for v in child.visits if v.seen and v.location not in NOT_IN_PERSON}
        )
    return child.memo["visit_dates"]


def legal_status_on(child: ChildSnapshot, day: dt.date) -> str:
    status = ""
    for e in child.episodes:
        if e.decom > day:
            break
        status = e.legal_status
    return status


def _weekly_until_first_review(
    rule: type[Rule], day: dt.date, first_review: dt.date | None, then_days: int
) -> tuple[type[Rule], dt.date]:
    if first_review is None or first_review > add_weeks(day, 1):
        return rule, add_weeks(day, 1)
    return rule, day + dt.timedelta(days=then_days)


def visit_links(child: ChildSnapshot, unit: CareUnit, ctx: Context) -> list[tuple[str, Link]]:
    """Every visit deadline of the unit as (key, link), the pending one last per clock."""
    memo_key = ("visits", unit.key)
    if memo_key in child.memo:
        return child.memo[memo_key]
    out: list[tuple[str, Link]] = []
    events = visit_dates(child)
    if unit.short_breaks:
        links = walk_chain(
            first_rule=CPPCR_Reg48_ShortBreakVisits,
            first_due=add_months(unit.started_on, 3),
            counted_from=unit.started_on,
            events=events,
            window_start=unit.started_on,
            window_end=None if unit.active else unit.ended_on + dt.timedelta(days=1),
            after=lambda day: (CPPCR_Reg48_ShortBreakVisits, add_months(day, 6)),
            skip_met_before=ctx.history_from,
        )
        out = [(f"{unit.key}:visit:{link.seq}", link) for link in links if _keep(link, unit)]
        child.memo[memo_key] = out
        return out

    first_review = first_review_on(child, unit, ctx)
    for stretch in stretches(child, unit):
        if stretch.only_temporary:
            continue
        anniversary = add_years(stretch.started_on, 1)

        def after(day: dt.date, stretch=stretch, anniversary=anniversary):
            home = stretch.home_on(day)
            if home.with_parent_before_assessment:
                return _weekly_until_first_review(
                    CPPCR_Reg28_3_ParentBeforeAssessment, day, first_review, 42
                )
            if (home.carer_kind == "connected_person" and home.carer_temporary_approval) or (
                home.place == "P1" and legal_status_on(child, day) == "C1"
            ):
                return _weekly_until_first_review(
                    CPPCR_Reg28_4_ConnectedPersonTemporary, day, first_review, 28
                )
            if home.long_term_foster_on is not None and day >= max(
                anniversary, home.long_term_foster_on
            ):
                return CPPCR_Reg28_3A_LongTermFoster, add_months(day, 6)
            if day < anniversary or not home.intended_until_18:
                return CPPCR_Reg28_StandardVisits, add_weeks(day, 6)
            return CPPCR_Reg28_StandardVisits, add_months(day, 3)

        links = walk_chain(
            first_rule=CPPCR_Reg28_VisitWithinOneWeekOfPlacement,
            first_due=add_weeks(stretch.started_on, 1),
            counted_from=stretch.started_on,
            events=events,
            window_start=stretch.started_on,
            window_end=stretch.ended_on,
            after=after,
            skip_met_before=ctx.history_from,
        )
        open_clock = stretch.ended_on is None
        prefix = f"{stretch.key}:visit:"
        out += [
            (f"{prefix}{link.seq}", link)
            for link in links
            if link.met_on is not None or (open_clock and unit.active)
        ]
    child.memo[memo_key] = out
    return out


def _keep(link: Link, unit: CareUnit) -> bool:
    return link.met_on is not None or unit.active
