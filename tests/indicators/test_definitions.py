"""Each indicator on worked examples at its edges (month: March 2025, reference day 31 March
2025, the year 1 April 2024 to 31 March 2025)."""

import datetime as dt

import pytest

from placements.models import (
    CareLeaverContact,
    Deadline,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    MissingEpisode,
    SDQAssessment,
    WorkerAllocation,
)
from tests.factories import UserFactory
from tests.indicators.conftest import R, S, day, figure

pytestmark = pytest.mark.django_db


# --- Short-term placement stability ---------------------------------------------------------


def test_exactly_three_placements_in_the_year_count_and_two_do_not(record):
    three = record.child()
    # The first placement began before the year and went on into it: it counts.
    record.looked_after(
        three,
        [
            (day("2023-01-10"), "U4", None, "C2"),
            (day("2024-06-01"), "U4", None, "C2"),
            (day("2025-01-01"), "U6", None, "C2"),
        ],
    )
    two = record.child()
    record.looked_after(
        two, [(day("2023-01-10"), "U4", None, "C2"), (day("2024-09-01"), "U6", None, "C2")]
    )
    assert figure("short_term_stability") == (1, 2)


def test_a_placement_left_on_the_first_day_of_the_year_is_not_one_of_its_placements(record):
    child = record.child()
    record.looked_after(
        child,
        [
            (day("2023-01-10"), "U4", None, "C2"),
            (S, "U4", None, "C2"),
            (day("2024-10-01"), "U6", None, "C2"),
        ],
    )
    assert figure("short_term_stability") == (0, 1)
    child2 = record.child()
    record.looked_after(
        child2,
        [
            (day("2023-01-10"), "U4", None, "C2"),
            (S + dt.timedelta(1), "U4", None, "C2"),
            (day("2024-10-01"), "U6", None, "C2"),
        ],
    )
    assert figure("short_term_stability") == (1, 2)


def test_temporary_and_short_break_placements_are_not_counted(record):
    child = record.child()
    record.looked_after(
        child,
        [
            (day("2024-05-01"), "U4", None, "C2"),
            (day("2024-07-01"), "T1", None, "C2"),
            (day("2024-07-08"), "U4", None, "C2"),
        ],
    )
    assert figure("short_term_stability") == (0, 1)


def test_children_on_short_breaks_are_left_out(record):
    child = record.child()
    record.looked_after(
        child,
        [
            (day("2024-05-01"), "U4", None, "V3", True),
            (day("2024-06-01"), "U4", None, "V3", True),
            (day("2024-07-01"), "U6", None, "V4", True),
        ],
    )
    assert figure("short_term_stability") == (0, 0)
    assert figure("placed_out_of_area", compute=False) == (0, 0)


def test_a_child_who_left_care_before_the_reference_day_is_not_counted(record):
    child = record.child()
    record.looked_after(
        child,
        [
            (day("2024-05-01"), "U4", None, "C2"),
            (day("2024-06-01"), "U4", None, "C2"),
            (day("2024-07-01"), "U6", None, "C2"),
        ],
        ended_on=R,  # ceased on the 31st: not looked after on it
    )
    assert figure("short_term_stability") == (0, 0)


# --- Long-term placement stability ----------------------------------------------------------

THIRTY_MONTHS_BEFORE_R = day("2022-09-30")
TWO_YEARS_BEFORE_R = day("2023-03-31")


def test_two_and_a_half_years_in_care_exactly_is_in_and_a_day_less_is_not(record):
    carer = record.carer()
    exactly = record.child()
    record.looked_after(exactly, [(THIRTY_MONTHS_BEFORE_R, "U4", carer, "C2")])
    day_less = record.child()
    record.looked_after(day_less, [(THIRTY_MONTHS_BEFORE_R + dt.timedelta(1), "U4", carer, "C2")])
    assert figure("long_term_stability") == (1, 1)


def test_same_carer_two_years_counts_across_a_change_of_placement_row(record):
    first, same = record.carer("First"), record.carer("Same")
    settled = record.child()
    record.looked_after(
        settled,
        [
            (day("2021-01-01"), "U4", first, "C2"),
            (TWO_YEARS_BEFORE_R, "U4", same, "C2"),
            (day("2024-01-01"), "U1", same, "C2"),
        ],  # new placement row, same carer
    )
    unsettled = record.child()
    record.looked_after(
        unsettled,
        [
            (day("2021-01-01"), "U4", first, "C2"),
            (TWO_YEARS_BEFORE_R + dt.timedelta(1), "U4", same, "C2"),
        ],
    )
    assert figure("long_term_stability") == (1, 2)


def test_a_child_turning_16_on_the_reference_day_is_not_under_16(record):
    carer = record.carer()
    sixteen_on_r = record.child(dob=day("2009-03-31"))
    record.looked_after(sixteen_on_r, [(day("2020-01-01"), "U4", carer, "C2")])
    sixteen_next_day = record.child(dob=day("2009-04-01"))
    record.looked_after(sixteen_next_day, [(day("2020-01-01"), "U4", carer, "C2")])
    assert figure("long_term_stability") == (1, 1)
    # The breakdown puts the 15-year-old in "10 to 15".
    assert figure("long_term_stability", compute=False, age_band="10_15") == (1, 1)


# --- Distance and out of area ---------------------------------------------------------------


def test_more_than_20_miles_means_over_20_and_unknown_distances_are_left_out(record):
    for miles in ("20.0", "20.1", None):
        record.looked_after(record.child(), [(day("2024-01-01"), "U4", None, "C2")], miles=miles)
    assert figure("placed_over_20_miles") == (1, 2)


def test_out_of_area(record):
    record.looked_after(record.child(), [(day("2024-01-01"), "U4", None, "C2")], out_of_area=True)
    record.looked_after(record.child(), [(day("2024-01-01"), "U4", None, "C2")])
    assert figure("placed_out_of_area") == (1, 2)


# --- Health ---------------------------------------------------------------------------------


def test_health_counts_children_looked_after_twelve_months_from_the_first_day_of_the_year(
    record,
):
    in_cohort = record.child(dob=day("2015-01-01"))
    record.looked_after(in_cohort, [(S, "U4", None, "C2")])
    too_recent = record.child(dob=day("2015-01-01"))
    record.looked_after(too_recent, [(S + dt.timedelta(1), "U4", None, "C2")])
    for child in (in_cohort, too_recent):
        HealthAssessment.objects.create(
            child=child,
            kind="review",
            completed_on=day("2024-09-01"),
            immunisations_up_to_date=True,
        )
        DentalCheck.objects.create(child=child, checked_on=R)
        SDQAssessment.objects.create(child=child, completed_on=day("2024-09-01"), score=12)
    assert figure("health_assessments") == (1, 1)
    assert figure("dental_checks", compute=False) == (1, 1)
    assert figure("immunisations", compute=False) == (1, 1)
    assert figure("sdq_scores", compute=False) == (1, 1)


def test_health_checks_outside_the_year_and_a_later_immunisation_record_count_against(record):
    child = record.child(dob=day("2015-01-01"))
    record.looked_after(child, [(day("2023-01-01"), "U4", None, "C2")])
    HealthAssessment.objects.create(
        child=child, kind="review", completed_on=S - dt.timedelta(1), immunisations_up_to_date=True
    )
    DentalCheck.objects.create(child=child, checked_on=R + dt.timedelta(1))
    ImmunisationStatus.objects.create(child=child, recorded_on=day("2025-01-01"), up_to_date=False)
    assert figure("health_assessments") == (0, 1)
    assert figure("dental_checks", compute=False) == (0, 1)
    assert figure("immunisations", compute=False) == (0, 1)


def test_sdq_is_for_ages_4_to_16_on_the_reference_day(record):
    ages = {
        "three": "2021-04-01",
        "four": "2021-03-31",
        "sixteen": "2008-04-01",
        "seventeen": "2008-03-31",
    }
    for dob in ages.values():
        child = record.child(dob=day(dob))
        record.looked_after(
            child, [(day("2020-01-01") if dob < "2020" else day(dob), "U4", None, "C2")]
        )
        SDQAssessment.objects.create(child=child, completed_on=day("2024-12-01"), score=10)
    assert figure("sdq_scores") == (2, 2)


# --- Missing --------------------------------------------------------------------------------


def test_missing_counts_children_looked_after_in_the_year_and_their_episodes(record):
    went = record.child()
    record.looked_after(went, [(day("2024-01-01"), "U4", None, "C2")], ended_on=day("2024-10-01"))
    for start in ("2024-04-01", "2024-05-01", "2024-03-31"):  # the last is before the year
        MissingEpisode.objects.create(child=went, kind="M", started_on=day(start))
    stayed = record.child()
    record.looked_after(stayed, [(day("2024-01-01"), "U4", None, "C2")])
    left_before = record.child()
    record.looked_after(left_before, [(day("2023-01-01"), "U4", None, "C2")], ended_on=S)
    assert figure("missing") == (1, 2)
    assert figure("missing_episodes", compute=False) == (2, 1)


# --- Reviews and visits on time -------------------------------------------------------------


def _deadline(child, kind, due, met=None, key=""):
    return Deadline.objects.create(
        child=child,
        rule="Rule",
        kind=kind,
        key=key or f"{kind}:{due}",
        title=kind,
        due_on=due,
        met_on=met,
        computed_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )


def test_reviews_and_visits_on_time_met_late_counts_against(record):
    child = record.child()
    record.looked_after(child, [(day("2024-01-01"), "U4", None, "C2")])
    _deadline(child, "review", day("2025-03-10"), met=day("2025-03-10"))
    _deadline(child, "review", day("2025-03-20"), met=day("2025-03-21"))
    _deadline(child, "review", day("2025-03-31"))  # never held
    _deadline(child, "review", day("2025-04-01"), met=day("2025-03-01"))  # next month
    _deadline(child, "visit", day("2025-03-01"), met=day("2025-02-27"))
    _deadline(child, "pep", day("2025-03-01"))  # not a review or visit
    assert figure("reviews_on_time") == (1, 3)
    assert figure("visits_on_time", compute=False) == (1, 1)


def test_in_the_month_in_progress_only_deadlines_due_before_today_or_met_count(record):
    child = record.child()
    record.looked_after(child, [(day("2024-01-01"), "U4", None, "C2")])
    today = day("2025-03-15")
    _deadline(child, "visit", day("2025-03-14"))  # overdue: counts, not on time
    _deadline(child, "visit", day("2025-03-15"))  # due today, not yet made: not yet counted
    _deadline(child, "visit", day("2025-03-15"), met=day("2025-03-15"), key="met today")
    _deadline(child, "visit", day("2025-03-20"))  # due later
    assert figure("visits_on_time", today=today) == (1, 2)


# --- Care leavers ---------------------------------------------------------------------------


def test_care_leavers_with_a_birthday_in_the_year(record):
    leaver = record.child(dob=day("2006-06-01"))  # 18 on 1 June 2024, left the day before
    record.looked_after(
        leaver, [(day("2020-01-01"), "U4", None, "C2")], ended_on=day("2024-05-31"), reason="E8"
    )
    # Left care on the 18th birthday itself: looked after that day, as the DfE counts it
    # (rule 1016), so not a care leaver for that birthday.
    on_the_day = record.child(dob=day("2006-07-01"))
    record.looked_after(
        on_the_day, [(day("2020-01-01"), "U4", None, "C2")], ended_on=day("2024-07-01"), reason="E8"
    )
    CareLeaverContact.objects.create(
        child=leaver,
        birthday=day("2024-06-01"),
        contact_on=day("2024-06-10"),
        in_touch="YES",
        activity="F2",
        accommodation="D2",
    )
    silent = record.child(dob=day("2005-09-01"))  # 19 on 1 September 2024, no contact
    record.looked_after(
        silent, [(day("2020-01-01"), "U4", None, "C2")], ended_on=day("2023-09-01"), reason="E8"
    )
    adopted = record.child(dob=day("2006-06-01"))
    record.looked_after(
        adopted, [(day("2020-01-01"), "U4", None, "C2")], ended_on=day("2023-01-01"), reason="E11"
    )
    assert figure("care_leavers_in_touch") == (1, 2)
    assert figure("care_leavers_eet", compute=False) == (1, 2)
    assert figure("care_leavers_accommodation", compute=False) == (0, 2)
    assert figure("care_leavers_in_touch", compute=False, legal_status="none") == (1, 2)
    assert figure("care_leavers_in_touch", compute=False, age_band="18_over") == (1, 2)


# --- Social worker changes ------------------------------------------------------------------


def test_changes_of_social_worker_in_the_year(record, practice):
    child = record.child()
    record.looked_after(child, [(day("2023-01-01"), "U4", None, "C2")])
    allocation = record.allocate(child, practice, day("2023-01-01"))
    workers = [UserFactory() for _ in range(4)]
    starts = ["2023-01-01", "2024-03-31", "2024-08-01", "2025-02-01"]
    for n, (worker, start) in enumerate(zip(workers, starts, strict=True)):
        end = starts[n + 1] if n + 1 < len(starts) else None
        WorkerAllocation.objects.create(
            child=child,
            allocation=allocation,
            worker=worker,
            sw_id=f"SW{n}",
            started_on=day(start),
            ended_on=day(end) if end else None,
            end_reason="LEFTRL" if end else "",
        )
    assert figure("social_worker_changes") == (2, 1)


# --- Who held the case ----------------------------------------------------------------------


def test_each_child_counts_for_who_held_the_case_on_the_reference_day(record, practice):
    held = record.child()
    record.looked_after(held, [(day("2023-01-01"), "U4", None, "C2")], out_of_area=True)
    record.allocate(held, practice, day("2023-01-01"))
    moved_back = record.child()
    record.looked_after(moved_back, [(day("2023-01-01"), "U4", None, "C2")])
    record.allocate(moved_back, practice, day("2023-01-01"), ended_on=R)
    record.allocate(moved_back, None, R)
    assert figure("placed_out_of_area", practice=practice) == (1, 1)
    assert figure("placed_out_of_area", compute=False, practice=None) == (0, 1)
    assert figure("placed_out_of_area", compute=False) == (1, 2)


def test_the_month_in_progress_is_measured_to_today_and_a_future_month_not_at_all(record):
    child = record.child()
    record.looked_after(child, [(day("2025-06-10"), "U4", None, "C2")])
    assert figure("placed_out_of_area", month=dt.date(2025, 6, 1)) == (0, 1)
    assert figure("placed_out_of_area", month=dt.date(2025, 7, 1)) == (0, 0)
