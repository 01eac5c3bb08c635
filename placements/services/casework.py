"""The practice's day-to-day recording: one function per kind of record, each checking
who may write, validating against the record, and keeping deadlines current."""

import datetime as dt

from django.db import transaction

from core import clock
from core.concurrency import save_versioned
from core.errors import DomainError
from placements.models import (
    CaseNote,
    Child,
    EducationPlan,
    HealthAssessment,
    MissingEpisode,
    Visit,
)
from practices.access import Action, can


def _check(by, action: str, child: Child) -> None:
    if not can(by, action, child):
        raise DomainError(
            "Your role does not allow this change to the child's record", code="forbidden"
        )


def _check_date(day: dt.date, child: Child, field: str, *, label: str, today) -> None:
    if day > (today or clock.today()):
        raise DomainError(f"{label} must be today or in the past", field=field)
    if day < child.date_of_birth:
        raise DomainError(f"{label} must be on or after the child's date of birth", field=field)


def _after_commit(child: Child) -> None:
    from placements.deadlines import schedule_recompute

    schedule_recompute(child.pk)


def current_placement(child: Child):
    return child.placements.filter(ended_on__isnull=True).first()


@transaction.atomic
def record_visit(
    *,
    child: Child,
    by,
    visited_on: dt.date,
    kind: str,
    seen: bool,
    seen_alone: bool,
    location: str,
    record: str = "",
    follow_up: str = "",
    today: dt.date | None = None,
) -> Visit:
    _check(by, Action.RECORD_CASEWORK, child)
    _check_date(visited_on, child, "visited_on", label="The date of the visit", today=today)
    if seen_alone and not seen:
        raise DomainError("A child seen alone must also be recorded as seen", field="seen_alone")
    placement = child.placements.filter(started_on__lte=visited_on).order_by("-started_on").first()
    visit = Visit.objects.create(
        child=child,
        placement=placement,
        visited_on=visited_on,
        kind=kind,
        seen=seen,
        seen_alone=seen_alone,
        location=location,
        record=record,
        follow_up=follow_up,
        recorded_by=by,
    )
    _after_commit(child)
    return visit


@transaction.atomic
def update_visit(
    *, visit: Visit, by, expected_version: int, today: dt.date | None = None, **changes
) -> Visit:
    _check(by, Action.RECORD_CASEWORK, visit.child)
    if "visited_on" in changes:
        _check_date(
            changes["visited_on"],
            visit.child,
            "visited_on",
            label="The date of the visit",
            today=today,
        )
    for name, value in changes.items():
        setattr(visit, name, value)
    if visit.seen_alone and not visit.seen:
        raise DomainError("A child seen alone must also be recorded as seen", field="seen_alone")
    save_versioned(visit, expected_version=expected_version, fields=list(changes))
    _after_commit(visit.child)
    return visit


@transaction.atomic
def add_case_note(
    *,
    child: Child,
    by,
    occurred_on: dt.date,
    subject: str,
    body: str,
    category: str = CaseNote.Category.GENERAL,
    significant: bool = False,
    today: dt.date | None = None,
) -> CaseNote:
    _check(by, Action.RECORD_CASEWORK, child)
    _check_date(occurred_on, child, "occurred_on", label="The date", today=today)
    return CaseNote.objects.create(
        child=child,
        occurred_on=occurred_on,
        subject=subject,
        body=body,
        category=category,
        significant=significant,
        written_by=by,
    )


@transaction.atomic
def update_case_note(
    *, note: CaseNote, by, expected_version: int, today: dt.date | None = None, **changes
) -> CaseNote:
    _check(by, Action.RECORD_CASEWORK, note.child)
    if "occurred_on" in changes:
        _check_date(
            changes["occurred_on"], note.child, "occurred_on", label="The date", today=today
        )
    for name, value in changes.items():
        setattr(note, name, value)
    return save_versioned(note, expected_version=expected_version, fields=list(changes))


@transaction.atomic
def record_health_assessment(
    *,
    child: Child,
    by,
    kind: str,
    completed_on: dt.date,
    completed_by: str = "",
    immunisations_up_to_date: bool | None = None,
    notes: str = "",
    today: dt.date | None = None,
) -> HealthAssessment:
    _check(by, Action.RECORD_CASEWORK, child)
    _check_date(
        completed_on, child, "completed_on", label="The date of the assessment", today=today
    )
    if (
        kind == HealthAssessment.Kind.INITIAL
        and child.health_assessments.filter(kind=HealthAssessment.Kind.INITIAL).exists()
    ):
        raise DomainError(
            "An initial health assessment is already recorded: record a review instead",
            field="kind",
        )
    assessment = HealthAssessment.objects.create(
        child=child,
        kind=kind,
        completed_on=completed_on,
        completed_by=completed_by,
        immunisations_up_to_date=immunisations_up_to_date,
        notes=notes,
        recorded_by=by,
    )
    _after_commit(child)
    return assessment


@transaction.atomic
def record_education_plan(
    *,
    child: Child,
    by,
    kind: str,
    completed_on: dt.date,
    term: str,
    school_name: str = "",
    attendance_percent=None,
    targets: str = "",
    today: dt.date | None = None,
) -> EducationPlan:
    _check(by, Action.RECORD_CASEWORK, child)
    _check_date(
        completed_on, child, "completed_on", label="The date of the PEP meeting", today=today
    )
    if attendance_percent is not None and not 0 <= attendance_percent <= 100:
        raise DomainError(
            "Attendance must be between 0 and 100 percent", field="attendance_percent"
        )
    plan = EducationPlan.objects.create(
        child=child,
        kind=kind,
        completed_on=completed_on,
        term=term,
        school_name=school_name,
        attendance_percent=attendance_percent,
        targets=targets,
        recorded_by=by,
    )
    _after_commit(child)
    return plan


@transaction.atomic
def record_missing_episode(
    *,
    child: Child,
    by,
    kind: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    return_interview_offered_on: dt.date | None = None,
    return_interview_accepted: bool | None = None,
    notes: str = "",
    today: dt.date | None = None,
) -> MissingEpisode:
    _check(by, Action.RECORD_CASEWORK, child)
    _check_date(started_on, child, "started_on", label="The date they went missing", today=today)
    if ended_on is not None:
        _check_date(ended_on, child, "ended_on", label="The date they came back", today=today)
        if ended_on < started_on:
            raise DomainError(
                "The date they came back must be the same as or after the date they went missing",
                field="ended_on",
            )
    if return_interview_offered_on is not None and ended_on is None:
        raise DomainError(
            "Record when the child came back before the return interview",
            field="return_interview_offered_on",
        )
    if kind not in {"M", "A"}:
        raise DomainError(
            "Select missing or away from placement without authorisation", field="kind"
        )
    return MissingEpisode.objects.create(
        child=child,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        return_interview_offered_on=return_interview_offered_on,
        return_interview_accepted=return_interview_accepted,
        notes=notes,
        recorded_by=by,
    )
