"""A deadline's state, worked out when read (it depends on today), and how pages show it.

    met_on set, on or before due_on      met_on_time
    met_on set, after due_on             met_late     (stays visible: inspectors count it)
    not met, due_on before today         overdue
    not met, due within DUE_SOON_DAYS    due_soon
    otherwise                            upcoming

`with_state(queryset)` annotates `state` in SQL, so pages can filter and count by it
(`with_state(Deadline.objects.filter(...)).filter(state=State.OVERDUE).count()`);
`state_of()` is the same rule in Python; `DeadlinePresenter` turns a deadline into a
GOV.UK tag and plain-English words.
"""

import datetime as dt

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from core import clock

DUE_SOON_DAYS = 7


class State:
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"

    ALL = (OVERDUE, DUE_SOON, UPCOMING, MET_LATE, MET_ON_TIME)


def with_state(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Annotate each Deadline with `state` (a SQL CASE; see the module docstring)."""
    today = today or clock.today()
    return queryset.annotate(
        state=Case(
            When(Q(met_on__isnull=False, met_on__lte=F("due_on")), then=Value(State.MET_ON_TIME)),
            When(met_on__isnull=False, then=Value(State.MET_LATE)),
            When(due_on__lt=today, then=Value(State.OVERDUE)),
            When(
                due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
                then=Value(State.DUE_SOON),
            ),
            default=Value(State.UPCOMING),
            output_field=CharField(),
        )
    )


def state_of(due_on: dt.date, met_on: dt.date | None, today: dt.date | None = None) -> str:
    """The same rule as `with_state`, for one deadline in Python."""
    today = today or clock.today()
    if met_on is not None:
        return State.MET_ON_TIME if met_on <= due_on else State.MET_LATE
    if due_on < today:
        return State.OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS:
        return State.DUE_SOON
    return State.UPCOMING


# GOV.UK Frontend 6.6 tag colours (components/tag/_mixin.scss): the plain tag is blue and
# there is no govuk-tag--blue modifier; modifiers are green, purple, red, orange, teal,
# magenta, yellow and grey. The words carry the meaning; colour only repeats it.
# `tag_class` is the modifier only: templates write class="govuk-tag {{ d.tag_class }}".
TAGS = {
    State.OVERDUE: ("govuk-tag--red", "Overdue"),
    State.DUE_SOON: ("govuk-tag--yellow", "Due soon"),
    State.UPCOMING: ("", "Upcoming"),
    State.MET_LATE: ("govuk-tag--orange", "Done late"),
    State.MET_ON_TIME: ("govuk-tag--green", "Done on time"),
}


def govuk_date(day: dt.date) -> str:
    """4 March 2026 (GOV.UK style: no leading zero, full month)."""
    return f"{day.day} {day:%B %Y}"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def due_text(due_on: dt.date, met_on: dt.date | None, today: dt.date) -> str:
    """Plain English: "Due in 3 days", "3 days overdue", "Due 4 March 2026", "Done 2 March
    2026, 5 days late"."""
    if met_on is not None:
        late = (met_on - due_on).days
        if late > 0:
            return f"Done {govuk_date(met_on)}, {_days(late)} late"
        return f"Done {govuk_date(met_on)}"
    days = (due_on - today).days
    if days < 0:
        return f"{_days(-days)} overdue"
    if days == 0:
        return "Due today"
    if days == 1:
        return "Due tomorrow"
    if days <= DUE_SOON_DAYS:
        return f"Due in {_days(days)}"
    return f"Due {govuk_date(due_on)}"


class DeadlinePresenter:
    """One deadline as the pages show it: a GOV.UK tag (class and words) and a sentence.

    Works on a Deadline (annotated by `with_state` or not) or anything with due_on, met_on
    and title.
    """

    def __init__(self, deadline, today: dt.date | None = None):
        self.deadline = deadline
        self.today = today or clock.today()
        self.state = getattr(deadline, "state", None) or state_of(
            deadline.due_on, deadline.met_on, self.today
        )
        self.tag_class, self.tag_text = TAGS[self.state]

    def __getattr__(self, name):
        return getattr(self.deadline, name)

    @property
    def text(self) -> str:
        return due_text(self.deadline.due_on, self.deadline.met_on, self.today)

    @property
    def due_on_text(self) -> str:
        return govuk_date(self.deadline.due_on)

    @property
    def is_open(self) -> bool:
        return self.deadline.met_on is None
