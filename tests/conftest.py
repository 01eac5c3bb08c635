"""Fixtures for every test, and `--clock`: the whole run with the wall clock moved.

    pytest --clock 2028-02-29            # that day, at noon, ticking from there
    pytest --clock 2027-03-31T23:59:50   # across the collection and financial year end

A test that passes today but not on another day is a time bomb; CI runs the suite with the
clock moved (scripts/test-clock.sh) to find them before the calendar does. Only this
process's clock moves: a subprocess (a Celery worker, the browser) keeps the real one, so
those tests are left out of a moved run (`-m "not browser and not celery_worker"`).
"""

import datetime as dt
import zoneinfo

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=None,
        help="Move the wall clock to this ISO date or date-time (Europe/London) for the run",
    )


def _moved_to(value: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(value)
    if len(value) == 10:  # a date alone: noon, clear of either midnight
        when = when.replace(hour=12)
    if when.tzinfo is None:
        when = when.replace(tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    return when


def pytest_configure(config):
    value = config.getoption("--clock")
    if value:
        import time_machine

        traveller = time_machine.travel(_moved_to(value), tick=True)
        traveller.start()
        config._moved_clock = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_moved_clock", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    value = config.getoption("--clock")
    if value:
        return f"clock moved to {_moved_to(value).isoformat()} (time-machine, ticking)"
    return None


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Code lists and permission ids are cached per process; tests must not leak them."""
    from placements.models.codes import clear_code_cache
    from practices.access import _permission_id

    clear_code_cache()
    _permission_id.cache_clear()  # a flushed test database recreates permissions
    yield
    clear_code_cache()
    _permission_id.cache_clear()


@pytest.fixture
def world(db):
    from tests.personas import build_world

    return build_world()
