"""Inspections: the only places inspectors are given, or lose, access to children, and the
only write paths for schedules, samples, case audits and findings.

Each service takes the person acting as `by` and refuses (DomainError, code "forbidden")
what their standing does not allow; `by=None` is the system (seeding, tests' set-up).
Changes are audited by the database triggers on the models (core.audit).
"""

import datetime as dt
import secrets

from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse

from core import clock
from core.audit import as_system
from core.concurrency import save_versioned
from core.errors import DomainError
from oversight import sampling
from oversight.models import (
    AUDIT_AREAS,
    FINDING_AREAS,
    CaseAudit,
    Inspection,
    InspectionFindings,
    InspectionInspector,
    InspectionSample,
)
from oversight.selectors import administered_inspectorates, children_in_scope, standing
from placements.models import Child, ChildUserObjectPermission
from practices.access import view_child_permission_id
from practices.models import Council, Inspectorate, Membership, Practice, Role

__all__ = [
    "add_by_hand",
    "add_inspector",
    "add_to_sample",
    "children_in_scope",
    "close_inspection_windows",
    "draw_sample",
    "publish_findings",
    "save_case_audit",
    "save_findings",
    "schedule_inspection",
]

MAX_SAMPLE = 200


def _forbidden(message: str) -> DomainError:
    return DomainError(message, code="forbidden")


def _window_open(inspection: Inspection, day: dt.date) -> bool:
    return inspection.starts_on <= day <= inspection.ends_on


def _grant(inspection: Inspection, children, inspectors, today: dt.date) -> None:
    if not _window_open(inspection, today):
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


def _require_manager(by, inspection: Inspection, what: str) -> None:
    if by is not None and not standing(by, inspection).manager:
        raise _forbidden(f"Only an administrator of the inspectorate can {what}")


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
    scope: str = "",
    sample_size: int = 20,
    sample_seed: int | None = None,
    today: dt.date | None = None,
) -> Inspection:
    """Schedule an inspection of a council or a practice. The seed is kept, so the sample
    can be drawn again, identically, by anyone checking it."""
    if by is not None and not (
        by.is_superuser or inspectorate.pk in administered_inspectorates(by)
    ):
        raise _forbidden("Only an administrator of the inspectorate can schedule an inspection")
    if ends_on < starts_on:
        raise DomainError("The inspection must end on or after its start", field="ends_on")
    if (council is None) == (practice is None):
        raise DomainError("Inspect either a council or a practice", field="subject")
    if not 1 <= sample_size <= MAX_SAMPLE:
        raise DomainError(
            f"The sample size must be between 1 and {MAX_SAMPLE}", field="sample_size"
        )
    inspectors = list(inspectors)
    if not inspectors:
        raise DomainError("Choose at least one inspector", field="inspectors")
    on_staff = set(
        Membership.objects.filter(
            inspectorate=inspectorate,
            role=Role.INSPECTOR,
            user__in=[user.pk for user in inspectors],
            started_on__lte=ends_on,
        ).values_list("user_id", flat=True)
    )
    if any(user.pk not in on_staff for user in inspectors):
        raise DomainError(
            "Each inspector must be an inspector of the inspectorate", field="inspectors"
        )
    inspection = Inspection.objects.create(
        inspectorate=inspectorate,
        council=council,
        practice=practice,
        title=title,
        scope=scope,
        starts_on=starts_on,
        ends_on=ends_on,
        sample_size=sample_size,
        sample_seed=sample_seed if sample_seed is not None else secrets.randbelow(2**31 - 1) + 1,
        scheduled_by=by,
        status=(
            Inspection.Status.OPEN
            if starts_on <= (today or clock.today()) <= ends_on
            else Inspection.Status.SCHEDULED
        ),
    )
    InspectionInspector.objects.bulk_create(
        [InspectionInspector(inspection=inspection, inspector=user) for user in inspectors]
    )
    return inspection


def _refuse_if_closed(inspection: Inspection, today: dt.date) -> None:
    if inspection.ends_on < today:
        raise DomainError("This inspection has closed: its sample can no longer change")


@transaction.atomic
def draw_sample(
    *, inspection: Inspection, by, today: dt.date | None = None
) -> list[InspectionSample]:
    """Draw the stratified sample by the inspection's seed (see oversight.sampling). Drawn
    once: the same seed on the same record would give the same children again."""
    today = today or clock.today()
    _require_manager(by, inspection, "draw the sample")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _refuse_if_closed(inspection, today)
    if inspection.sample_drawn_at is not None:
        raise DomainError("The sample has already been drawn")
    rows = sampling.frame(inspection)
    if not rows:
        raise DomainError("There are no looked-after children in this inspection's scope to sample")
    chosen = sampling.draw(rows, size=inspection.sample_size, seed=inspection.sample_seed)
    already = set(inspection.samples.values_list("child_id", flat=True))
    created = InspectionSample.objects.bulk_create(
        [
            InspectionSample(
                inspection=inspection,
                child_id=row.child_id,
                method=InspectionSample.Method.DRAWN,
                stratum=row.stratum[:200],
                added_by=by,
            )
            for row in chosen
            if row.child_id not in already
        ]
    )
    inspection.sample_drawn_at = clock.now()
    inspection.sample_frame_size = len(rows)
    inspection.save(update_fields=["sample_drawn_at", "sample_frame_size", "updated_at"])
    inspectors = list(inspection.inspectors.values_list("pk", flat=True))
    _grant(inspection, [sample.child_id for sample in created], inspectors, today)
    return created


@transaction.atomic
def add_to_sample(
    *,
    inspection: Inspection,
    child: Child,
    by,
    reason: str = "",
    method: str = InspectionSample.Method.HAND,
    today: dt.date | None = None,
) -> InspectionSample:
    if by is not None:
        mine = standing(by, inspection)
        if not (mine.manager or mine.inspector):
            raise _forbidden("Only the inspectors or the inspectorate can add to the sample")
    if not children_in_scope(inspection).filter(pk=child.pk).exists():
        raise DomainError("This child is outside the inspection's scope", field="child")
    sample, _ = InspectionSample.objects.get_or_create(
        inspection=inspection,
        child=child,
        defaults={"added_by": by, "reason": reason, "method": method},
    )
    inspectors = list(inspection.inspectors.values_list("pk", flat=True))
    _grant(inspection, [child.pk], inspectors, today or clock.today())
    return sample


@transaction.atomic
def add_by_hand(
    *, inspection: Inspection, child: Child, by, reason: str, today: dt.date | None = None
) -> InspectionSample:
    """An inspector adds a child to the sample by hand, saying why."""
    today = today or clock.today()
    _refuse_if_closed(inspection, today)
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why this child is added to the sample", field="reason")
    if inspection.samples.filter(child=child).exists():
        raise DomainError("This child is already in the sample", field="child")
    return add_to_sample(inspection=inspection, child=child, by=by, reason=reason, today=today)


@transaction.atomic
def add_inspector(*, inspection: Inspection, inspector, by, today: dt.date | None = None) -> None:
    today = today or clock.today()
    _require_manager(by, inspection, "add an inspector")
    _refuse_if_closed(inspection, today)
    if not Membership.objects.filter(
        inspectorate=inspection.inspectorate_id, role=Role.INSPECTOR, user=inspector
    ).exists():
        raise DomainError("Choose an inspector of the inspectorate", field="inspector")
    InspectionInspector.objects.get_or_create(inspection=inspection, inspector=inspector)
    children = list(inspection.samples.values_list("child_id", flat=True))
    _grant(inspection, children, [inspector.pk], today)


AUDIT_FIELDS = [f"{key}_{part}" for key, _, _ in AUDIT_AREAS for part in ("grade", "evidence")]


@transaction.atomic
def save_case_audit(
    *,
    sample: InspectionSample,
    by,
    expected_version: int | None,
    complete: bool = False,
    **fields,
) -> CaseAudit:
    """Create or change the case audit of a sampled child. Only an inspector of the
    inspection, inside its window; a save based on an older version is refused
    (core.concurrency.EditConflict)."""
    mine = standing(by, sample.inspection)
    if not mine.inspecting:
        raise _forbidden("Only the inspection's inspectors can audit a case, during its window")
    unknown = set(fields) - {*AUDIT_FIELDS, "summary"}
    if unknown:
        raise ValueError(f"Unknown case audit fields: {sorted(unknown)}")
    if complete:
        missing = [key for key, _, _ in AUDIT_AREAS if not fields.get(f"{key}_grade")]
        if missing:
            raise DomainError(
                "Grade every area before you mark the audit complete", field=f"{missing[0]}_grade"
            )
    fields["completed_at"] = clock.now() if complete else None
    # Two first saves at once: the second waits here, then finds the first's audit and is
    # refused as a conflict below, rather than failing on the one-audit-per-sample rule.
    InspectionSample.objects.select_for_update().filter(pk=sample.pk).first()
    audit = CaseAudit.objects.filter(sample=sample).first()
    if audit is None:
        return CaseAudit.objects.create(sample=sample, inspector=by, **fields)
    for name, value in fields.items():
        setattr(audit, name, value)
    audit.inspector = by
    audit.updated_at = clock.now()
    return save_versioned(
        audit,
        expected_version=expected_version or 0,
        fields=[*fields, "inspector", "updated_at"],
    )


FINDINGS_FIELDS = [
    f"{key}_{part}" for key, _ in FINDING_AREAS for part in ("judgement", "text")
] + ["summary"]


@transaction.atomic
def save_findings(
    *, inspection: Inspection, by, expected_version: int | None, **fields
) -> InspectionFindings:
    """Draft (or redraft) the summary of findings: the inspectors or the inspectorate."""
    mine = standing(by, inspection)
    if not mine.sees_draft_findings:
        raise _forbidden("Only the inspectors or the inspectorate can draft the findings")
    unknown = set(fields) - set(FINDINGS_FIELDS)
    if unknown:
        raise ValueError(f"Unknown findings fields: {sorted(unknown)}")
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    findings = InspectionFindings.objects.filter(inspection=inspection).first()
    if findings is None:
        return InspectionFindings.objects.create(inspection=inspection, drafted_by=by, **fields)
    if findings.status == InspectionFindings.Status.PUBLISHED:
        raise DomainError("These findings are published: they can no longer change")
    for name, value in fields.items():
        setattr(findings, name, value)
    findings.drafted_by = by
    findings.updated_at = clock.now()
    return save_versioned(
        findings,
        expected_version=expected_version or 0,
        fields=[*fields, "drafted_by", "updated_at"],
    )


@transaction.atomic
def publish_findings(
    *, inspection: Inspection, by, expected_version: int, today: dt.date | None = None
) -> InspectionFindings:
    """Publish the findings to the council and the practice: the inspectorate's decision,
    once every area has its judgement."""
    _require_manager(by, inspection, "publish the findings")
    findings = InspectionFindings.objects.filter(inspection=inspection).first()
    if findings is None:
        raise DomainError("There are no findings to publish yet")
    if findings.status == InspectionFindings.Status.PUBLISHED:
        raise DomainError("These findings are already published")
    missing = [label for key, label in FINDING_AREAS if not getattr(findings, f"{key}_judgement")]
    if missing or not findings.summary.strip():
        what = f"a judgement for “{missing[0]}”" if missing else "a summary"
        raise DomainError(f"The findings need {what} before they are published")
    findings.status = InspectionFindings.Status.PUBLISHED
    findings.published_at = findings.updated_at = clock.now()
    findings.published_by = by
    save_versioned(
        findings,
        expected_version=expected_version,
        fields=["status", "published_at", "published_by", "updated_at"],
    )
    _tell_the_subject(inspection, today or clock.today())
    return findings


def _tell_the_subject(inspection: Inspection, today: dt.date) -> None:
    """A notification to the inspected council's administrators (or the inspected
    practice's managers and the administrators of the councils it works for), once: the
    key makes a second publication or a retry add nothing."""
    from commissioning.models import Contract
    from core.models import Notification

    day = today
    if inspection.council_id:
        who = Q(role=Role.COUNCIL_ADMINISTRATOR, council=inspection.council_id)
    else:
        partners = Contract.objects.filter(practice=inspection.practice_id).values("council")
        who = Q(role=Role.PRACTICE_MANAGER, practice=inspection.practice_id) | Q(
            role=Role.COUNCIL_ADMINISTRATOR, council__in=partners
        )
    people = (
        Membership.objects.filter(who, started_on__lte=day)
        .exclude(ended_on__lt=day)
        .values_list("user_id", flat=True)
        .distinct()
    )
    url = reverse("oversight:inspection_findings", args=[inspection.pk])
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                key=f"inspection:{inspection.pk}:findings-published",
                title=f"Findings published: {inspection.title}"[:200],
                body=f"The inspectorate has published its findings on {inspection.subject}.",
                url=url,
            )
            for user_id in people
        ],
        ignore_conflicts=True,
    )


GRANT_OPEN = """
    INSERT INTO placements_childuserobjectpermission (content_object_id, user_id, permission_id)
    SELECT DISTINCT s.child_id, ii.inspector_id, %(view)s
    FROM oversight_inspectionsample s
    JOIN oversight_inspection i ON i.id = s.inspection_id
    JOIN oversight_inspectioninspector ii ON ii.inspection_id = i.id
    WHERE i.starts_on <= %(today)s AND i.ends_on >= %(today)s
    ON CONFLICT DO NOTHING
"""

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
    """Nightly: grant the sampled children to the inspectors of every window open today
    (a sample drawn before the window opened), revoke the grants of every window that has
    closed, and set the inspections' status. Set-based and idempotent. Returns the grants
    removed."""
    day = today or clock.today()
    params = {"view": view_child_permission_id(), "today": day}
    with transaction.atomic(), as_system("close_inspection_windows"):
        with connection.cursor() as cursor:
            cursor.execute(REVOKE_CLOSED, params)
            removed = cursor.rowcount
            cursor.execute(GRANT_OPEN, params)
        Inspection.objects.filter(ends_on__lt=day).exclude(status=Inspection.Status.CLOSED).update(
            status=Inspection.Status.CLOSED, access_revoked_at=clock.now()
        )
        Inspection.objects.filter(
            starts_on__lte=day, ends_on__gte=day, status=Inspection.Status.SCHEDULED
        ).update(status=Inspection.Status.OPEN)
    return removed
