"""Property-based tests: random valid histories never give a due date before the event it
counts from, and recomputing gives the same rows every time."""

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placements.deadlines.engine import recompute
from placements.models import Deadline
from tests.placements.deadlines.builders import D, Record, seed_children

PLACES = ["U4", "U1", "U6", "P1", "R1", "K2", "T1", "T2", "T4"]


def day_after(draw, day, most=400):
    return day + dt.timedelta(days=draw(st.integers(1, most)))


@st.composite
def histories(draw):
    """A child with one to three periods of care, moves, temporary stays, and the record
    (reviews, visits, assessments, plans, notices) scattered through it."""
    dob = draw(st.dates(D(2004, 1, 1), D(2023, 12, 31)))
    child = Record(date_of_birth=dob)
    day = max(dob, D(2018, 1, 1)) + dt.timedelta(days=draw(st.integers(0, 300)))
    for _ in range(draw(st.integers(1, 3))):
        short_break = draw(st.booleans()) and draw(st.booleans())
        child.period(
            day,
            legal_status="V4" if short_break else draw(st.sampled_from(["C1", "C2", "V2"])),
            place=draw(st.sampled_from(PLACES[:6])),
            short_break=short_break,
            carer_id=draw(st.sampled_from([None, 1, 2])),
        )
        for _ in range(draw(st.integers(0, 3))):
            day = day_after(draw, day, 200)
            child.placement(
                day,
                place=draw(st.sampled_from(PLACES)),
                short_break=short_break,
                carer_id=draw(st.sampled_from([None, 1, 2])),
                carer_kind=draw(st.sampled_from(["", "foster_carer", "connected_person"])),
                carer_temporary_approval=draw(st.booleans()),
                intended_until_18=draw(st.booleans()),
                with_parent_before_assessment=draw(st.booleans()),
                long_term_foster_on=draw(st.one_of(st.none(), st.just(day_after(draw, day)))),
            )
        for _ in range(draw(st.integers(0, 6))):
            held = day_after(draw, child.current_period["started_on"], 700)
            if all(r.held_on != held for r in child.reviews):
                nxt = draw(st.one_of(st.none(), st.just(day_after(draw, held, 200))))
                child.review(held, next_review_by=nxt)
        if draw(st.booleans()):
            day = day_after(draw, day, 300)
            child.end_period(day)
            day = day_after(draw, day, 500)
        else:
            break
    start = child.periods[0]["started_on"]
    offsets = st.lists(st.integers(-30, 1500), max_size=25)
    child.visit(*[start + dt.timedelta(days=o) for o in draw(offsets)])
    for kind in ("initial", "review"):
        for o in draw(st.lists(st.integers(-10, 1500), max_size=4)):
            child.health_assessment(start + dt.timedelta(days=o), kind=kind)
    for o in draw(st.lists(st.integers(-10, 1500), max_size=6)):
        child.pep(start + dt.timedelta(days=o))
    for kind in ("care_plan", "placement_plan", "permanence_plan", "pathway_needs_assessment"):
        for o in draw(st.lists(st.integers(-30, 1500), max_size=3)):
            placement = draw(st.sampled_from(child.placements))
            child.plan(kind, start + dt.timedelta(days=o), placement=placement)
    for placement in child.placements:
        recipients = draw(
            st.lists(
                st.sampled_from(["parents", "gp", "health_body", "iro", "school"]), unique=True
            )
        )
        child.notify(placement, day_after(draw, placement["started_on"], 20), *recipients)
    return child


@settings(max_examples=300, deadline=None)
@given(child=histories(), today=st.dates(D(2018, 6, 1), D(2030, 12, 31)))
def test_no_due_date_falls_before_the_event_it_counts_from(child, today):
    found = child.deadlines(today)
    for d in found:
        assert d["due_on"] > d["counted_from"], d
        assert d["counted_from"] >= child.periods[0]["started_on"] or d["rule"].startswith(
            "CPPCR_Reg42"
        ), d
        assert d["due_on"] >= child.periods[0]["started_on"], d
    keys = [(d["rule"], d["key"]) for d in found]
    assert len(keys) == len(set(keys))
    # Pure: the same record gives the same deadlines, in the same order.
    assert child.deadlines(today) == found


@settings(max_examples=300, deadline=None)
@given(child=histories(), today=st.dates(D(2018, 6, 1), D(2030, 12, 31)))
def test_only_care_still_going_on_has_open_deadlines(child, today):
    open_ = [d for d in child.deadlines(today) if d["met_on"] is None]
    in_care = any(p["ended_on"] is None for p in child.periods)
    short_breaks = any(p["legal_status"] == "V4" for p in child.periods)
    if open_ and not in_care:
        assert short_breaks, open_  # a series of short breaks goes on between breaks


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 10_000), batch_size=st.integers(1, 7))
def test_recomputing_twice_gives_the_same_rows_whatever_the_batches(seed, batch_size):
    today = D(2026, 6, 1)
    Deadline.objects.all().delete()
    seed_children(6, today=today, rng=random.Random(seed))
    recompute(today=today)
    first = list(Deadline.objects.order_by("pk").values())
    counts = recompute(today=today, batch_size=batch_size)
    assert (counts["inserted"], counts["updated"], counts["deleted"]) == (0, 0, 0)
    assert list(Deadline.objects.order_by("pk").values()) == first


@settings(max_examples=500, deadline=None)
@given(
    events=st.lists(st.dates(D(2018, 1, 1), D(2026, 12, 31)), max_size=60).map(sorted),
    intervals=st.lists(st.sampled_from([7, 28, 42, 91, 184]), min_size=1, max_size=5),
    history_from=st.dates(D(2018, 1, 1), D(2027, 6, 1)),
)
def test_skipping_old_links_of_a_chain_changes_nothing_visible(events, intervals, history_from):
    from placements.deadlines.rules.base import Rule, walk_chain

    def after(day):
        return Rule, day + dt.timedelta(days=intervals[day.toordinal() % len(intervals)])

    def visible(links):
        return [
            link
            for link in links
            if link.met_on is None or max(link.due_on, link.met_on) >= history_from
        ]

    common = dict(
        first_rule=Rule, first_due=D(2018, 1, 8), counted_from=D(2018, 1, 1), events=events,
        window_start=D(2018, 1, 1), window_end=None, after=after,
    )  # fmt: skip
    everything = walk_chain(**common)
    skipped = walk_chain(**common, skip_met_before=history_from)
    assert visible(skipped) == visible(everything)
    assert skipped[-1] == everything[-1]
