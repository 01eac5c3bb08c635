"""A child's record as the deadline rules read it: plain dataclasses, loaded set-based.

The rules never touch the database. `load_snapshots(child_ids)` reads each source table
once for the whole batch (one query per table, never one per child) and hands each child's
rows to the rules as a `ChildSnapshot`.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from placements.models.homes import TEMPORARY_PLACES


@dataclass(frozen=True, slots=True)
class PeriodSnap:
    id: int
    started_on: dt.date
    ended_on: dt.date | None = None
    #: The first episode's legal status (V3/V4 mark short breaks)
    legal_status: str = ""


@dataclass(frozen=True, slots=True)
class PlacementSnap:
    id: int
    period_id: int
    started_on: dt.date
    ended_on: dt.date | None = None
    place: str = "U4"
    carer_id: int | None = None
    carer_kind: str = ""
    carer_temporary_approval: bool = False
    provider_id: int | None = None
    postcode: str = ""
    intended_until_18: bool = False
    long_term_foster_on: dt.date | None = None
    with_parent_before_assessment: bool = False
    short_break: bool = False
    out_of_area: bool = False

    @property
    def temporary(self) -> bool:
        return self.place in TEMPORARY_PLACES


@dataclass(frozen=True, slots=True)
class EpisodeSnap:
    period_id: int
    placement_id: int
    decom: dt.date
    dec: dt.date | None
    legal_status: str


@dataclass(frozen=True, slots=True)
class ReviewSnap:
    period_id: int
    held_on: dt.date
    next_review_by: dt.date | None = None


@dataclass(frozen=True, slots=True)
class VisitSnap:
    visited_on: dt.date
    seen: bool = True
    location: str = "placement"


@dataclass(frozen=True, slots=True)
class HealthAssessmentSnap:
    kind: str
    completed_on: dt.date


@dataclass(frozen=True, slots=True)
class EducationPlanSnap:
    kind: str
    completed_on: dt.date


@dataclass(frozen=True, slots=True)
class PlanSnap:
    kind: str
    completed_on: dt.date
    placement_id: int | None = None


@dataclass(frozen=True, slots=True)
class NotificationSnap:
    placement_id: int
    recipient: str
    sent_on: dt.date


@dataclass(frozen=True, slots=True)
class SchoolSnap:
    started_on: dt.date
    ended_on: dt.date | None = None


@dataclass
class ChildSnapshot:
    """Everything the rules may read about one child. Lists are sorted by date."""

    id: int
    date_of_birth: dt.date
    date_of_death: dt.date | None = None
    periods: list[PeriodSnap] = field(default_factory=list)
    placements: list[PlacementSnap] = field(default_factory=list)
    episodes: list[EpisodeSnap] = field(default_factory=list)
    reviews: list[ReviewSnap] = field(default_factory=list)
    visits: list[VisitSnap] = field(default_factory=list)
    health_assessments: list[HealthAssessmentSnap] = field(default_factory=list)
    education_plans: list[EducationPlanSnap] = field(default_factory=list)
    plans: list[PlanSnap] = field(default_factory=list)
    notifications: list[NotificationSnap] = field(default_factory=list)
    schools: list[SchoolSnap] = field(default_factory=list)
    #: Structures several rules share (care units, visit chains), worked out once per
    #: context; `rules.derive()` clears it first.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def sort(self) -> "ChildSnapshot":
        self.periods.sort(key=lambda p: p.started_on)
        self.placements.sort(key=lambda p: (p.started_on, p.id))
        self.episodes.sort(key=lambda e: e.decom)
        self.reviews.sort(key=lambda r: r.held_on)
        self.visits.sort(key=lambda v: v.visited_on)
        self.health_assessments.sort(key=lambda h: h.completed_on)
        self.education_plans.sort(key=lambda e: e.completed_on)
        self.plans.sort(key=lambda p: p.completed_on)
        self.notifications.sort(key=lambda n: n.sent_on)
        self.schools.sort(key=lambda s: s.started_on)
        return self

    def earliest_date(self) -> dt.date:
        dates = [p.started_on for p in self.periods] or [self.date_of_birth]
        return min(dates)

    def latest_date(self) -> dt.date:
        """The latest date any row mentions (for sizing the working-day calendar)."""
        dates = [self.date_of_birth]
        dates += [p.started_on for p in self.periods]
        dates += [p.ended_on for p in self.periods if p.ended_on]
        dates += [p.started_on for p in self.placements]
        dates += [r.held_on for r in self.reviews]
        dates += [r.next_review_by for r in self.reviews if r.next_review_by]
        if self.visits:
            dates.append(self.visits[-1].visited_on)
        return max(dates)


def _of(model, ids: list[int], column: str = "child_id"):
    """`model`'s rows for these children: `column = ANY(array)`, one parameter however
    many children (an IN list of thousands costs more to build than to run)."""
    table = model._meta.db_table
    if "." in column:
        table, column = column.split(".")
    # Table and column names come from this module, never from input; ids are a parameter.
    sql = f'"{table}"."{column}" = ANY(%s::bigint[])'
    condition = RawSQL(sql, (ids,), BooleanField())  # noqa: S611
    return model.objects.filter(condition)


def load_snapshots(child_ids: list[int]) -> dict[int, ChildSnapshot]:
    """The snapshots of these children: one query per source table for the whole list."""
    from placements.models import (
        Child,
        EducationPlan,
        Episode,
        HealthAssessment,
        PeriodOfCare,
        Placement,
        PlacementNotification,
        Plan,
        Review,
        SchoolEnrolment,
        Visit,
    )

    ids = list(child_ids)
    snaps: dict[int, ChildSnapshot] = {
        pk: ChildSnapshot(id=pk, date_of_birth=dob, date_of_death=dod)
        for pk, dob, dod in _of(Child, ids, "id").values_list(
            "pk", "date_of_birth", "date_of_death"
        )
    }
    if not snaps:
        return snaps
    ids = list(snaps)

    first_status: dict[int, str] = {}
    episodes = defaultdict(list)
    for child_id, period_id, placement_id, decom, dec, status in (
        _of(Episode, ids)
        .order_by("child_id", "decom")
        .values_list("child_id", "period_id", "placement_id", "decom", "dec", "legal_status")
    ):
        first_status.setdefault(period_id, status)
        episodes[child_id].append(EpisodeSnap(period_id, placement_id, decom, dec, status))

    for child_id, pk, started_on, ended_on in _of(PeriodOfCare, ids).values_list(
        "child_id", "pk", "started_on", "ended_on"
    ):
        snaps[child_id].periods.append(
            PeriodSnap(pk, started_on, ended_on, first_status.get(pk, ""))
        )

    for row in _of(Placement, ids).values_list(
        "child_id",
        "pk",
        "period_id",
        "started_on",
        "ended_on",
        "place",
        "carer_id",
        "carer__kind",
        "carer__temporary_approval",
        "provider_id",
        "postcode",
        "intended_until_18",
        "long_term_foster_on",
        "with_parent_before_assessment",
        "short_break",
        "out_of_area",
    ):
        snaps[row[0]].placements.append(
            PlacementSnap(
                id=row[1],
                period_id=row[2],
                started_on=row[3],
                ended_on=row[4],
                place=row[5],
                carer_id=row[6],
                carer_kind=row[7] or "",
                carer_temporary_approval=bool(row[8]),
                provider_id=row[9],
                postcode=row[10],
                intended_until_18=row[11],
                long_term_foster_on=row[12],
                with_parent_before_assessment=row[13],
                short_break=row[14],
                out_of_area=row[15],
            )
        )

    for child_id, rows in episodes.items():
        snaps[child_id].episodes = rows
    for child_id, period_id, held_on, next_by in _of(Review, ids).values_list(
        "child_id", "period_id", "held_on", "next_review_by"
    ):
        snaps[child_id].reviews.append(ReviewSnap(period_id, held_on, next_by))
    for child_id, visited_on, seen, location in _of(Visit, ids).values_list(
        "child_id", "visited_on", "seen", "location"
    ):
        snaps[child_id].visits.append(VisitSnap(visited_on, seen, location))
    for child_id, kind, completed_on in _of(HealthAssessment, ids).values_list(
        "child_id", "kind", "completed_on"
    ):
        snaps[child_id].health_assessments.append(HealthAssessmentSnap(kind, completed_on))
    for child_id, kind, completed_on in _of(EducationPlan, ids).values_list(
        "child_id", "kind", "completed_on"
    ):
        snaps[child_id].education_plans.append(EducationPlanSnap(kind, completed_on))
    for child_id, kind, completed_on, placement_id in _of(Plan, ids).values_list(
        "child_id", "kind", "completed_on", "placement_id"
    ):
        snaps[child_id].plans.append(PlanSnap(kind, completed_on, placement_id))
    for child_id, placement_id, recipient, sent_on in _of(
        PlacementNotification, ids, "placements_placement.child_id"
    ).values_list("placement__child_id", "placement_id", "recipient", "sent_on"):
        snaps[child_id].notifications.append(NotificationSnap(placement_id, recipient, sent_on))
    for child_id, started_on, ended_on in _of(SchoolEnrolment, ids).values_list(
        "child_id", "started_on", "ended_on"
    ):
        snaps[child_id].schools.append(SchoolSnap(started_on, ended_on))

    for snap in snaps.values():
        snap.sort()
    return snaps
