"""Inspections: the only places inspectors are given, or lose, access to children."""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from core.audit import as_system
from core.errors import DomainError
from oversight.models import Inspection, InspectionInspector, InspectionSample
from placements.models import Child, ChildUserObjectPermission
from practices.access import view_child_permission_id
from practices.models import Council, Inspectorate, Practice


def _window_open(inspection: Inspection, day: dt.date) -> bool:
    return inspection.starts_on <= day <= inspection.ends_on


def _grant(inspection: Inspection, children, inspectors) -> None:
    if not _window_open(inspection, timezone.localdate()):
        return
    ChildUserObjectPermission.objects.bulk_create(
        [
            ChildUserObjectPermission(
                content_object_id=child_id,
                user_id=user_id,
                permission_id=view_child_permission_id(),
            )
            for child_id in children
            for user_id in inspectors
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def schedule_inspection(
    *,
    inspectorate: Inspectorate,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    inspectors,
    by,
    council: Council | None = None,
    practice: Practice | None = None,
    sample_size: int = 20,
    sample_seed: int = 1,
) -> Inspection:
    if ends_on < starts_on:
        raise DomainError("The inspection must end on or after its start", field="ends_on")
    if (council is None) == (practice is None):
        raise DomainError("Inspect either a council or a practice")
    inspection = Inspection.objects.create(
        inspectorate=inspectorate,
        council=council,
        practice=practice,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        sample_size=sample_size,
        sample_seed=sample_seed,
    )
    InspectionInspector.objects.bulk_create(
        [InspectionInspector(inspection=inspection, inspector=user) for user in inspectors]
    )
    return inspection


def children_in_scope(inspection: Inspection):
    """The children an inspection may sample: the council's, or those allocated to the
    practice during the window."""
    if inspection.council_id:
        return Child.objects.filter(council=inspection.council_id)
    return Child.objects.filter(
        allocations__practice=inspection.practice_id,
        allocations__started_on__lte=inspection.ends_on,
    ).distinct()


@transaction.atomic
def add_to_sample(
    *, inspection: Inspection, child: Child, by, reason: str = ""
) -> InspectionSample:
    if not children_in_scope(inspection).filter(pk=child.pk).exists():
        raise DomainError("This child is outside the inspection's scope", field="child")
    sample, _ = InspectionSample.objects.get_or_create(
        inspection=inspection, child=child, defaults={"added_by": by, "reason": reason}
    )
    inspectors = list(inspection.inspectors.values_list("pk", flat=True))
    _grant(inspection, [child.pk], inspectors)
    return sample


@transaction.atomic
def add_inspector(*, inspection: Inspection, inspector, by) -> None:
    InspectionInspector.objects.get_or_create(inspection=inspection, inspector=inspector)
    children = list(inspection.samples.values_list("child_id", flat=True))
    _grant(inspection, children, [inspector.pk])


REVOKE_CLOSED = """
    DELETE FROM placements_childuserobjectpermission g
    WHERE g.permission_id = %(view)s
      AND NOT EXISTS (
        SELECT 1 FROM oversight_inspectionsample s
        JOIN oversight_inspection i ON i.id = s.inspection_id
        JOIN oversight_inspectioninspector ii ON ii.inspection_id = i.id
        WHERE s.child_id = g.content_object_id AND ii.inspector_id = g.user_id
          AND i.starts_on <= %(today)s AND i.ends_on >= %(today)s
      )
"""


def close_inspection_windows(*, today: dt.date | None = None) -> int:
    """Revoke inspectors' grants for every window that has closed, and mark those
    inspections closed. Set-based and idempotent. Returns the grants removed."""
    day = today or timezone.localdate()
    with transaction.atomic(), as_system("close_inspection_windows"):
        with connection.cursor() as cursor:
            cursor.execute(REVOKE_CLOSED, {"view": view_child_permission_id(), "today": day})
            removed = cursor.rowcount
        Inspection.objects.filter(ends_on__lt=day).exclude(status=Inspection.Status.CLOSED).update(
            status=Inspection.Status.CLOSED, access_revoked_at=timezone.now()
        )
        Inspection.objects.filter(
            starts_on__lte=day, ends_on__gte=day, status=Inspection.Status.SCHEDULED
        ).update(status=Inspection.Status.OPEN)
    return removed
