"""Turn record values into what a person reads: ages, labels, dates in plain English."""

import datetime as dt
from types import SimpleNamespace

from core import clock
from placements.deadlines import states
from placements.deadlines.states import DeadlinePresenter
from placements.models.codes import code_label


def age_on(date_of_birth: dt.date, day: dt.date | None = None) -> int:
    day = day or clock.today()
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def govuk_date(day: dt.date | None) -> str:
    return states.govuk_date(day) if day else ""


class ChildPresenter:
    """A child row or record as the pages show it."""

    def __init__(self, child):
        self.child = child

    def __getattr__(self, name):
        return getattr(self.child, name)

    @property
    def age(self) -> int:
        return age_on(self.child.date_of_birth)

    @property
    def age_text(self) -> str:
        years = self.age
        return "under 1" if years < 1 else f"{years}"

    @property
    def placement_text(self) -> str:
        place = getattr(self.child, "current_place", None)
        return code_label("PLACE", place) if place else "No current placement"

    @property
    def legal_status_text(self) -> str:
        status = getattr(self.child, "current_legal_status", None)
        return code_label("LS", status) if status else "Not looked after"

    @property
    def holder_text(self) -> str:
        if not getattr(self.child, "is_open_case", None):
            return "Case closed"
        return getattr(self.child, "holder_practice", None) or "Council's own team"

    @property
    def worker_text(self) -> str:
        return getattr(self.child, "worker_name", None) or "Not allocated"

    @property
    def iro_text(self) -> str:
        return getattr(self.child, "iro_name", None) or "Not appointed"

    @property
    def school_text(self) -> str:
        return getattr(self.child, "school_name", None) or "Not recorded"

    @property
    def date_of_birth_text(self) -> str:
        return govuk_date(self.child.date_of_birth)

    @property
    def next_due(self):
        """The next open statutory date (from the engine's Deadline rows, annotated by
        `selectors.with_deadlines`) as a DeadlinePresenter, or None."""
        due_on = getattr(self.child, "next_due_on", None)
        if due_on is None:
            return None
        return DeadlinePresenter(
            SimpleNamespace(
                due_on=due_on, met_on=None, title=getattr(self.child, "next_due_title", "")
            )
        )


def seen_text(visit) -> str:
    if visit.seen_alone:
        return "child seen alone"
    return "child seen" if visit.seen else "child not seen"
