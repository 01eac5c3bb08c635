"""Looked-after reviews: CPPCR 2010 reg 33, and reg 48 for short breaks."""

import datetime as dt

from placements.deadlines.calendar import add_months
from placements.deadlines.rules.base import (
    CareUnit,
    Context,
    Link,
    Rule,
    care_units,
    walk_chain,
)
from placements.deadlines.snapshot import ChildSnapshot
from placements.models.deadlines import Deadline


class ReviewRule(Rule):
    """A reg 33 or reg 48 review. The reviews of one period (or series of short breaks)
    form one chain (see `review_links`); each deadline belongs to the rule that set it."""

    kind = Deadline.Kind.REVIEW

    @classmethod
    def key(cls, unit: CareUnit, link: Link) -> str:
        return f"{unit.key}:review:{link.seq}"

    @classmethod
    def derive(cls, child: ChildSnapshot, ctx: Context) -> list[dict]:
        by_rule = child.memo.get("review_deadlines")
        if by_rule is None:  # the chains are walked once for all the review rules
            by_rule = {}
            for unit in care_units(child, ctx.today):
                for link in review_links(child, unit, ctx):
                    if link.met_on is None and not unit.active:
                        continue
                    if not ctx.shows(link.due_on, link.met_on):
                        continue
                    rule = link.rule
                    by_rule.setdefault(rule, []).append(
                        rule.deadline(
                            rule.key(unit, link), link.due_on, link.met_on, link.counted_from
                        )
                    )
            child.memo["review_deadlines"] = by_rule
        return by_rule.get(cls, [])


class CPPCR_Reg33_FirstReview(ReviewRule):
    """The first looked-after review is due within 20 working days of the child becoming
    looked after.

    CPPCR 2010 reg 33(1): "The responsible authority must first review C's case within 20
    working days of the date on which C becomes looked after." Counted from the start of
    the period of care; the start day is not counted.
    """

    title = "First looked-after review"

    @classmethod
    def key(cls, unit: CareUnit, link: Link) -> str:
        return unit.key


class CPPCR_Reg33_SecondReview(ReviewRule):
    """The second looked-after review is due not more than 3 months after the first, or
    sooner if the IRO sets an earlier date.

    CPPCR 2010 reg 33(2): "The second review must be carried out not more than three months
    after the first"; reg 33(3)(a): a review must be carried out sooner if the IRO so
    directs (recorded as the review's `next_review_by`).
    """

    title = "Second looked-after review"

    @classmethod
    def key(cls, unit: CareUnit, link: Link) -> str:
        return unit.key


class CPPCR_Reg33_LaterReviews(ReviewRule):
    """Later looked-after reviews are due not more than 6 months after the previous one,
    or sooner if the IRO sets an earlier date.

    CPPCR 2010 reg 33(2): "subsequent reviews must be carried out not more than six months
    after the date of the previous review"; reg 33(3)(a): sooner if the IRO so directs.
    """

    title = "Looked-after review"


class CPPCR_Reg48_ShortBreakReviews(ReviewRule):
    """A child on a series of short breaks has a first review within 3 months of the start
    of the first short break, then reviews not more than 6 months apart.

    CPPCR 2010 reg 48(3): regulation 33 does not apply to short breaks; instead the case is
    first reviewed within three months of the start of the first placement, and later
    reviews are not more than six months apart (or sooner if the IRO so directs).
    """

    title = "Short-break review"


def _iro_date(next_by: dict[dt.date, dt.date | None], held_on: dt.date, due: dt.date) -> dt.date:
    """An earlier date set by the IRO at a review wins (one after the review itself)."""
    earlier = next_by.get(held_on)
    if earlier is not None and held_on < earlier < due:
        return earlier
    return due


def review_links(child: ChildSnapshot, unit: CareUnit, ctx: Context) -> list[Link]:
    """The unit's reviews as a chain: each link due, and met by the review that followed."""
    memo_key = ("reviews", unit.key)
    if memo_key in child.memo:
        return child.memo[memo_key]
    ids = unit.period_ids
    reviews = [r for r in child.reviews if r.period_id in ids]
    held = [r.held_on for r in reviews]
    next_by = {r.held_on: r.next_review_by for r in reviews}
    if unit.short_breaks:

        def after(day: dt.date):
            return CPPCR_Reg48_ShortBreakReviews, _iro_date(next_by, day, add_months(day, 6))

        first_rule = CPPCR_Reg48_ShortBreakReviews
        first_due = add_months(unit.started_on, 3)
    else:
        first_held = held[0] if held else None

        def after(day: dt.date):
            if day == first_held:
                return CPPCR_Reg33_SecondReview, _iro_date(next_by, day, add_months(day, 3))
            return CPPCR_Reg33_LaterReviews, _iro_date(next_by, day, add_months(day, 6))

        first_rule = CPPCR_Reg33_FirstReview
        first_due = ctx.calendar.add(unit.started_on, 20)
    links = walk_chain(
        first_rule=first_rule,
        first_due=first_due,
        counted_from=unit.started_on,
        events=held,
        window_start=unit.started_on,
        window_end=None,
        after=after,
    )
    child.memo[memo_key] = links
    return links


def first_review_on(child: ChildSnapshot, unit: CareUnit, ctx: Context) -> dt.date | None:
    links = review_links(child, unit, ctx)
    return links[0].met_on


def second_review_due(child: ChildSnapshot, unit: CareUnit, ctx: Context) -> dt.date:
    """When the second review is (or will be) due: 3 months after the first review, or
    3 months after the first review's due date while it has not been held."""
    links = review_links(child, unit, ctx)
    if len(links) > 1:
        return links[1].due_on
    return add_months(links[0].due_on, 3)
