"""The one place the system reads the wall clock.

Business dates ("today" for a deadline, a window, a financial year) are decided by the
caller at the edge of the system (a view, an API view, a task, a command) and passed down:
a service or selector that takes `today` uses the day it is given all the way down and
reads `clock.today()` only as the fallback of its own parameter (`today or clock.today()`).
`tests/core/test_clock.py` holds every module to that.

`now()` is for record stamps (when a row was written or a decision taken), which are the
real moment by definition; it never decides a business rule.
"""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """Today's date in the service's time zone (Europe/London)."""
    return timezone.localdate()


def now() -> dt.datetime:
    """This moment, time-zone aware: for stamps, never for rules."""
    return timezone.now()
