"""Build children's histories for the deadline tests: pure snapshots, or database rows."""

import datetime as dt
import itertools
from functools import cache

from placements.deadlines.calendar import WorkingDays
from placements.deadlines.rules import RULES_BY_NAME, Context, derive
from placements.deadlines.snapshot import (
    ChildSnapshot,
    EducationPlanSnap,
    EpisodeSnap,
    HealthAssessmentSnap,
    NotificationSnap,
    PeriodSnap,
    PlacementSnap,
    PlanSnap,
    ReviewSnap,
    SchoolSnap,
    VisitSnap,
)

D = dt.date
DEFAULT_BIRTH = D(2014, 6, 1)
_ids = itertools.count(1000)


@cache
def calendar() -> WorkingDays:
    """England and Wales bank holidays from the `holidays` package, 2000 to 2045."""
    return WorkingDays.for_years(D(2000, 1, 1), D(2045, 12, 31))


def ctx(today: dt.date) -> Context:
    return Context(today=today, calendar=calendar())


class Record:
    """A child's record, built step by step like the services would write it.

    `placement()` ends the period's open placement on the day the new one starts, as
    `change_placement` does; `end_period()` ends the open placement too.
    """

    def __init__(self, date_of_birth: dt.date = DEFAULT_BIRTH, date_of_death=None):
        self.id = next(_ids)
        self.date_of_birth = date_of_birth
        self.date_of_death = date_of_death
        self.periods: list[dict] = []
        self.placements: list[dict] = []
        self.reviews: list[ReviewSnap] = []
        self.visits: list[VisitSnap] = []
        self.health: list[HealthAssessmentSnap] = []
        self.peps: list[EducationPlanSnap] = []
        self.plans: list[PlanSnap] = []
        self.notifications: list[NotificationSnap] = []
        self.schools: list[SchoolSnap] = []

    # --- periods and placements -------------------------------------------------------------
    def period(self, started_on, *, legal_status="C2", place="U4", **placement) -> dict:
        period = {
            "id": next(_ids),
            "started_on": started_on,
            "ended_on": None,
            "legal_status": legal_status,
        }
        self.periods.append(period)
        self.placement(started_on, place=place, **placement)
        return period

    @property
    def current_period(self) -> dict:
        return self.periods[-1]

    def placement(self, started_on, **fields) -> dict:
        period = self.current_period
        for p in self.placements:
            if p["period_id"] == period["id"] and p["ended_on"] is None:
                p["ended_on"] = started_on
        placement = {
            "id": next(_ids),
            "period_id": period["id"],
            "started_on": started_on,
            "ended_on": None,
            **fields,
        }
        self.placements.append(placement)
        return placement

    def end_period(self, ended_on) -> None:
        period = self.current_period
        period["ended_on"] = ended_on
        for p in self.placements:
            if p["period_id"] == period["id"] and p["ended_on"] is None:
                p["ended_on"] = ended_on

    # --- the record ------------------------------------------------------------------------
    def review(self, held_on, next_review_by=None) -> "Record":
        self.reviews.append(ReviewSnap(self.current_period["id"], held_on, next_review_by))
        return self

    def visit(self, *days, seen=True, location="placement") -> "Record":
        self.visits += [VisitSnap(day, seen, location) for day in days]
        return self

    def health_assessment(self, completed_on, kind="review") -> "Record":
        self.health.append(HealthAssessmentSnap(kind, completed_on))
        return self

    def pep(self, completed_on, kind="review") -> "Record":
        self.peps.append(EducationPlanSnap(kind, completed_on))
        return self

    def plan(self, kind, completed_on, placement=None) -> "Record":
        self.plans.append(PlanSnap(kind, completed_on, placement and placement["id"]))
        return self

    def notify(self, placement, sent_on, *recipients) -> "Record":
        self.notifications += [NotificationSnap(placement["id"], r, sent_on) for r in recipients]
        return self

    def school(self, started_on, ended_on=None) -> "Record":
        self.schools.append(SchoolSnap(started_on, ended_on))
        return self

    # --- reading it back -------------------------------------------------------------------
    def snapshot(self) -> ChildSnapshot:
        return ChildSnapshot(
            id=self.id,
            date_of_birth=self.date_of_birth,
            date_of_death=self.date_of_death,
            periods=[PeriodSnap(**p) for p in self.periods],
            placements=[PlacementSnap(**p) for p in self.placements],
            episodes=[
                EpisodeSnap(
                    p["period_id"],
                    p["id"],
                    p["started_on"],
                    p["ended_on"],
                    self._status(p["period_id"]),
                )
                for p in self.placements
            ],
            reviews=list(self.reviews),
            visits=list(self.visits),
            health_assessments=list(self.health),
            education_plans=list(self.peps),
            plans=list(self.plans),
            notifications=list(self.notifications),
            schools=list(self.schools),
        ).sort()

    def _status(self, period_id) -> str:
        return next(p["legal_status"] for p in self.periods if p["id"] == period_id)

    def deadlines(self, today, rule: str | None = None) -> list[dict]:
        """What the rules derive for this record today (all rules, or the one named)."""
        snap = self.snapshot()
        if rule is None:
            return derive(snap, ctx(today))
        found = RULES_BY_NAME[rule].derive(snap, ctx(today))
        return sorted(found, key=lambda d: d["due_on"])


def dates(deadlines) -> list[tuple]:
    """(due_on, met_on) of each deadline, for compact assertions."""
    return [(d["due_on"], d["met_on"]) for d in deadlines]


# --- database rows -------------------------------------------------------------------------


def child_in_care(started_on, *, council=None, place="U4", date_of_birth=DEFAULT_BIRTH, **kw):
    """A child with a period of care, its placement and the episode, as rows."""
    from tests.factories import ChildFactory, EpisodeFactory, PeriodOfCareFactory, PlacementFactory

    child = ChildFactory(date_of_birth=date_of_birth, **({"council": council} if council else {}))
    period = PeriodOfCareFactory(child=child, started_on=started_on)
    placement = PlacementFactory(
        period=period, place=place, place_provider="" if place.startswith("T") else "PR1", **kw
    )
    EpisodeFactory(placement=placement, legal_status="C2")
    return child


def seed_children(n: int, *, today: dt.date, rng, council=None) -> list:
    """`n` children with varied, valid histories: one period each (some ended), a move for
    some, and reviews, visits, care plans and health assessments made on time, late or not
    at all."""
    from placements.models import Episode, HealthAssessment, Plan, Review, Visit
    from tests.factories import CouncilFactory, PlacementFactory, UserFactory

    council = council or CouncilFactory()
    worker = UserFactory()
    children = []
    for _ in range(n):
        start = today - dt.timedelta(days=rng.randint(1, 900))
        child = child_in_care(
            start, council=council, date_of_birth=start - dt.timedelta(days=rng.randint(400, 6000))
        )
        period = child.periods.get()
        end = None
        if rng.random() < 0.2:
            end = start + dt.timedelta(days=rng.randint(1, (today - start).days + 1))
            end = min(end, today)
        if rng.random() < 0.3 and (end or today) - start > dt.timedelta(days=10):
            move = start + dt.timedelta(days=rng.randint(5, ((end or today) - start).days - 1))
            old = child.placements.get()
            old.ended_on, old.reason_ended = move, "CARPL"
            old.save()
            child.episodes.update(dec=move, rec="X1", reason_place_change="CARPL")
            new = PlacementFactory(period=period, started_on=move, place="U6", place_provider="PR1")
            Episode.objects.create(
                child=child, period=period, placement=new, decom=move, rne="P", legal_status="C2"
            )
        if end is not None:
            period.ended_on, period.reason_ended = end, "E13"
            period.save()
            child.placements.filter(ended_on__isnull=True).update(ended_on=end)
            child.episodes.filter(dec__isnull=True).update(dec=end, rec="E13")
        until = end or today
        day = start + dt.timedelta(days=rng.randint(5, 40))
        while day <= until and rng.random() < 0.8:
            Review.objects.create(child=child, period=period, held_on=day, participation="PN1")
            day += dt.timedelta(days=rng.randint(60, 200))
        day = start + dt.timedelta(days=rng.randint(0, 12))
        while day <= until:
            Visit.objects.create(
                child=child,
                visited_on=day,
                seen=True,
                seen_alone=False,
                location="placement",
                recorded_by=worker,
            )
            day += dt.timedelta(days=rng.randint(20, 60))
        if rng.random() < 0.6:
            done = start + dt.timedelta(days=rng.randint(-3, 25))
            if done <= until:
                Plan.objects.create(child=child, kind="care_plan", completed_on=done)
        if rng.random() < 0.6:
            done = start + dt.timedelta(days=rng.randint(3, 40))
            if done <= until:
                HealthAssessment.objects.create(child=child, kind="initial", completed_on=done)
        children.append(child)
    return children
