"""The working-day convention (docs/adr/0002-working-days.md): the start day is not
counted; day 1 is the first working day after it. Weeks and months are calendar ones."""

import datetime as dt

import pytest

from placements.deadlines.calendar import WorkingDays, add_months, add_weeks, birthday
from placements.models import NonWorkingDay
from tests.placements.deadlines.builders import D, calendar


def test_the_start_day_is_not_counted():
    cal = WorkingDays(D(2026, 1, 1), D(2026, 12, 31))
    # Monday 2 March 2026: day 1 is Tuesday 3 March, day 5 is Monday 9 March.
    assert cal.add(D(2026, 3, 2), 0) == D(2026, 3, 2)
    assert cal.add(D(2026, 3, 2), 1) == D(2026, 3, 3)
    assert cal.add(D(2026, 3, 2), 5) == D(2026, 3, 9)
    assert cal.add(D(2026, 3, 2), 20) == D(2026, 3, 30)


def test_a_weekend_start_counts_from_monday():
    cal = WorkingDays(D(2026, 1, 1), D(2026, 12, 31))
    assert cal.add(D(2026, 3, 7), 1) == D(2026, 3, 9)  # Saturday -> Monday is day 1
    assert cal.add(D(2026, 3, 8), 1) == D(2026, 3, 9)  # Sunday too


def test_a_friday_start_makes_the_next_monday_day_one():
    cal = calendar()
    assert cal.add(D(2026, 1, 16), 1) == D(2026, 1, 19)
    assert cal.add(D(2026, 1, 16), 5) == D(2026, 1, 23)
    assert cal.add(D(2026, 1, 16), 20) == D(2026, 2, 13)


def test_the_thursday_before_easter_skips_good_friday_and_easter_monday():
    cal = calendar()
    # Easter Sunday is 5 April 2026: Good Friday 3 April and Easter Monday 6 April are
    # bank holidays, so day 1 after Thursday 2 April is Tuesday 7 April; day 20 falls on
    # the early May bank holiday (Monday 4 May) and moves to Tuesday 5 May.
    assert cal.add(D(2026, 4, 2), 1) == D(2026, 4, 7)
    assert cal.add(D(2026, 4, 2), 20) == D(2026, 5, 5)


def test_christmas_boxing_day_substitute_and_new_year_are_skipped():
    cal = calendar()
    # Wednesday 23 December 2026: day 1 Thursday 24th; Friday 25th (Christmas), Monday 28th
    # (Boxing Day substitute) and Friday 1 January 2027 are not working days.
    assert cal.add(D(2026, 12, 23), 1) == D(2026, 12, 24)
    assert cal.add(D(2026, 12, 23), 2) == D(2026, 12, 29)
    assert cal.add(D(2026, 12, 23), 5) == D(2027, 1, 4)
    assert cal.add(D(2026, 12, 23), 20) == D(2027, 1, 25)


def test_between_counts_working_days_after_the_start_up_to_the_end():
    cal = calendar()
    assert cal.between(D(2026, 4, 2), D(2026, 5, 5)) == 20
    assert cal.between(D(2026, 4, 2), D(2026, 4, 2)) == 0


def test_a_day_outside_the_loaded_calendar_is_refused_not_guessed():
    cal = WorkingDays(D(2026, 1, 1), D(2026, 1, 31))
    with pytest.raises(ValueError):
        cal.add(D(2026, 1, 30), 5)
    with pytest.raises(ValueError):
        cal.is_working_day(D(2025, 12, 31))


def test_months_are_calendar_months_clamped_to_the_month_end():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 5, 31), 3) == D(2026, 8, 31)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert add_weeks(D(2026, 4, 2), 1) == D(2026, 4, 9)
    assert birthday(D(2012, 2, 29), 16) == D(2028, 2, 29)
    assert birthday(D(2012, 2, 29), 14) == D(2026, 2, 28)


@pytest.mark.django_db
def test_the_calendar_reads_the_table_and_honours_a_one_off_day_an_administrator_added():
    NonWorkingDay.objects.create(day=D(2026, 3, 10), name="State funeral")
    cal = WorkingDays.load(D(2026, 1, 1), D(2026, 12, 31))
    assert not cal.is_working_day(D(2026, 3, 10))
    assert cal.add(D(2026, 3, 9), 1) == D(2026, 3, 11)
    # The nightly sync has not run for 2026: the package's bank holidays fill in.
    assert not cal.is_working_day(D(2026, 4, 3))


@pytest.mark.django_db
def test_once_synced_the_table_is_the_calendar():
    from placements.calendar import sync_bank_holidays

    sync_bank_holidays(first_year=2026, years=1)
    # An administrator removes a bank holiday (say, moved by proclamation) and adds another.
    NonWorkingDay.objects.filter(day=D(2026, 5, 4)).delete()
    NonWorkingDay.objects.create(day=D(2026, 5, 5), name="Moved bank holiday")
    cal = WorkingDays.load(D(2026, 1, 1), D(2026, 12, 31))
    assert cal.is_working_day(D(2026, 5, 4))
    assert not cal.is_working_day(D(2026, 5, 5))


@pytest.mark.django_db
def test_loading_the_calendar_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        WorkingDays.load(D(2016, 1, 1), D(2030, 12, 31))


def test_adding_working_days_is_constant_time_over_a_long_range():
    cal = calendar()
    start = D(2001, 1, 1)
    day = start
    for _ in range(5000):
        day = cal.add(day, 1)
    assert cal.between(start, day) == 5000
    assert day - start > dt.timedelta(days=5000)
