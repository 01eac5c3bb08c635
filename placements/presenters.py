"""Turn record values into what a person reads: ages, labels, dates in plain English."""

import datetime as dt

from django.utils import timezone

from placements.models.codes import code_label


def age_on(date_of_birth: dt.date, day: dt.date | None = None) -> int:
    day = day or timezone.localdate()
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def govuk_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


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
    def date_of_birth_text(self) -> str:
        return govuk_date(self.child.date_of_birth)
