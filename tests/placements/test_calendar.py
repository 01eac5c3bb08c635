import datetime as dt

import pytest

from placements.calendar import sync_bank_holidays
from placements.models import NonWorkingDay
from placements.tasks import sync_bank_holidays as sync_task

pytestmark = pytest.mark.django_db


def test_sync_adds_england_and_wales_bank_holidays_once():
    added = sync_bank_holidays(first_year=2026, years=1)
    assert added >= 8
    assert NonWorkingDay.objects.filter(day=dt.date(2026, 4, 3), name="Good Friday").exists()
    assert NonWorkingDay.objects.filter(day=dt.date(2026, 12, 28)).exists()  # Boxing Day observed
    assert sync_bank_holidays(first_year=2026, years=1) == 0


def test_sync_keeps_a_day_an_administrator_added():
    NonWorkingDay.objects.create(day=dt.date(2026, 4, 3), name="Renamed by admin")
    sync_bank_holidays(first_year=2026, years=1)
    assert NonWorkingDay.objects.get(day=dt.date(2026, 4, 3)).name == "Renamed by admin"


def test_the_celery_task_runs_the_sync():
    assert sync_task.apply().get() > 0
    assert sync_task.apply().get() == 0
