"""Reads for inspections, always through the access policy, and each person's standing
towards one inspection (what they may see and do there)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from commissioning.models import Contract
from core import clock
from core.models import RecordAccess
from oversight.models import (
    AUDIT_AREAS,
    CaseAudit,
    Grade,
    Inspection,
    InspectionFindings,
    InspectionSample,
)
from placements.models import Child
from practices.access import scope_of, visible
from practices.models import Council, Inspectorate, Membership, Practice, Role


@dataclass(frozen=True)
class Standing:
    """Who this person is to one inspection. `manager`: an inspectorate administrator of
    its inspectorate (or a superuser); `inspector`: on it; `subject`: the council inspected
    (any council role), or the practice inspected (its managers) and the councils it works
    for (any council role), who see only their own children in it (`only_councils`);
    `in_window`: today is inside the inspection's window."""

    manager: bool
    inspector: bool
    subject: bool
    in_window: bool
    only_councils: tuple[int, ...] | None = None

    @property
    def inspecting(self) -> bool:
        """An inspector of this inspection, today, inside its window."""
        return self.inspector and self.in_window

    @property
    def sees_sample(self) -> bool:
        return self.manager or self.inspector or self.subject

    @property
    def sees_draft_findings(self) -> bool:
        return self.manager or self.inspector


def get_inspection(user, pk: int) -> Inspection:
    """The inspection, if this person may know of it (404 otherwise)."""
    inspection = (
        visible(user, Inspection)
        .select_related("council", "practice", "inspectorate")
        .filter(pk=pk)
        .first()
    )
    if inspection is None:
        raise Http404("No inspection found")
    return inspection


def standing(user, inspection: Inspection, *, today: dt.date | None = None) -> Standing:
    scope = scope_of(user)
    day = today or clock.today()
    manager = scope.superuser or (
        inspection.inspectorate_id in scope.inspectorate_ids
        and inspection.inspectorate_id in administered_inspectorates(user)
    )
    inspector = scope.inspector and inspection.inspectors.filter(pk=scope.user_id).exists()
    only_councils = None
    if inspection.council_id:
        subject = inspection.council_id in scope.council_roles
    else:
        subject = inspection.practice_id in scope.practices_with({Role.PRACTICE_MANAGER})
        if not (subject or manager or inspector) and scope.council_ids:
            only_councils = tuple(
                Contract.objects.filter(
                    practice=inspection.practice_id, council__in=scope.council_ids
                ).values_list("council_id", flat=True)
            )
            subject = bool(only_councils)
    return Standing(
        manager=manager,
        inspector=inspector,
        subject=subject or scope.superuser,
        in_window=inspection.window_open(day),
        only_councils=only_councils or None,
    )


def administered_inspectorates(user) -> list[int]:
    """The inspectorates this person may schedule inspections for."""
    day = clock.today()
    return list(
        user.memberships.filter(role=Role.INSPECTORATE_ADMINISTRATOR, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("inspectorate_id", flat=True)
    )


def children_in_scope(inspection: Inspection) -> QuerySet:
    """The children an inspection may sample: a council inspection, the council's children;
    a practice inspection, the children allocated to the practice at some time up to the
    end of the window."""
    if inspection.council_id:
        return Child.objects.filter(council=inspection.council_id)
    return Child.objects.filter(
        allocations__practice=inspection.practice_id,
        allocations__started_on__lte=inspection.ends_on,
    ).distinct()


def samples(inspection: Inspection, mine: Standing | None = None) -> QuerySet:
    """The sampled children with their audit (if begun) and who added them: one query.
    A council looking at a practice's inspection sees only its own children."""
    rows = inspection.samples.select_related("child", "added_by", "audit", "audit__inspector")
    if mine is not None and mine.only_councils:
        rows = rows.filter(child__council__in=mine.only_councils)
    return rows.order_by("child__last_name", "child__first_name", "pk")


def access_log(inspection: Inspection, mine: Standing | None = None) -> QuerySet:
    """Every read of a child's record in the inspection's scope by one of its inspectors
    during its window: the council and practice see each one (a council looking at a
    practice's inspection, those of its own children)."""
    starts = timezone.make_aware(dt.datetime.combine(inspection.starts_on, dt.time.min))
    ends = timezone.make_aware(
        dt.datetime.combine(inspection.ends_on + dt.timedelta(days=1), dt.time.min)
    )
    children = children_in_scope(inspection)
    if mine is not None and mine.only_councils:
        children = children.filter(council__in=mine.only_councils)
    return (
        RecordAccess.objects.filter(
            actor__in=inspection.inspectors.values("pk"),
            occurred_at__gte=starts,
            occurred_at__lt=ends,
            child_id__in=children.values("pk"),
        )
        .select_related("actor")
        .order_by("-occurred_at")
    )


def my_open_inspections(user, *, today: dt.date | None = None) -> list[Inspection]:
    """The inspections this person is inspecting today, with their sampled children."""
    day = today or clock.today()
    rows = list(
        visible(user, Inspection)
        .filter(inspectors=user.pk, starts_on__lte=day, ends_on__gte=day)
        .select_related("council", "practice")
        .order_by("ends_on", "pk")
    )
    by_inspection = {i.pk: [] for i in rows}
    for sample in (
        InspectionSample.objects.filter(inspection__in=[i.pk for i in rows])
        .select_related("child", "audit")
        .order_by("child__last_name", "child__first_name")
    ):
        by_inspection[sample.inspection_id].append(sample)
    for inspection in rows:
        inspection.my_samples = by_inspection[inspection.pk]
    return rows


def inspectorate_to_schedule_for(user) -> Inspectorate | None:
    """The inspectorate this person schedules for: the first they administer (a superuser,
    the first of all)."""
    if user.is_superuser:
        return Inspectorate.objects.order_by("pk").first()
    administered = administered_inspectorates(user)
    return Inspectorate.objects.filter(pk__in=administered).order_by("pk").first()


def inspectors_of(inspectorate: Inspectorate, today: dt.date | None = None) -> dict:
    """The inspectorate's inspectors on `today`, by user id, in name order."""
    day = today or clock.today()
    memberships = (
        Membership.objects.filter(
            inspectorate=inspectorate, role=Role.INSPECTOR, started_on__lte=day
        )
        .exclude(ended_on__lt=day)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    return {m.user.pk: m.user for m in memberships}


def subjects() -> tuple[QuerySet, QuerySet]:
    """Who an inspectorate may inspect: every council and every practice."""
    return Council.objects.order_by("name"), Practice.objects.order_by("name")


def subject(kind: str, pk: int) -> Council | Practice:
    return {"council": Council, "practice": Practice}[kind].objects.get(pk=pk)


def findings_of(inspection: Inspection) -> InspectionFindings | None:
    return InspectionFindings.objects.filter(inspection=inspection).first()


def child_refs(child_ids) -> dict[int, str]:
    """The council's child IDs for rows already scoped (the access log's page)."""
    return dict(Child.objects.filter(pk__in=list(child_ids)).values_list("pk", "la_child_id"))


def grade_counts(inspection: Inspection) -> list[dict]:
    """Per audit area, how many case audits gave each grade, and how many none (one query)."""
    audits = list(
        CaseAudit.objects.filter(sample__inspection=inspection).values(
            *[f"{key}_grade" for key, _, _ in AUDIT_AREAS]
        )
    )
    return [
        {
            "area": label,
            "counts": [
                sum(1 for a in audits if a[f"{key}_grade"] == value) for value, _ in Grade.choices
            ],
            "ungraded": sum(1 for a in audits if not a[f"{key}_grade"]),
        }
        for key, label, _ in AUDIT_AREAS
    ]
