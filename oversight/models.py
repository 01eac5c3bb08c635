"""Inspections: who inspects what, when, and which children's records they may read."""

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core import clock
from core.audit import audited
from core.models import TimeStamped
from placements.models import Child
from placements.models.base import Versioned
from practices.models import Council, Inspectorate, Practice


class Grade(models.TextChoices):
    """Ofsted's four-point scale, for a case audit's areas and an inspection's judgements."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


# What an inspector grades in each sampled child's record (field prefix, heading, question).
AUDIT_AREAS = [
    ("planning", "Quality of planning", "Is there a current, specific care plan that fits?"),
    ("timeliness", "Timeliness", "Were visits, reviews and assessments on time?"),
    ("voice", "The child's voice", "Are the child's wishes recorded and acted on?"),
    ("stability", "Stability", "Is the child in a stable home, with a plan for permanence?"),
    ("oversight", "Management oversight", "Do managers direct and check the work?"),
]
# The judgements an inspection of children in care publishes (ILACS, DOMAIN.md section 4).
FINDING_AREAS = [
    ("leaders", "The impact of leaders on social work practice"),
    ("children_in_care", "The experiences and progress of children in care"),
    ("care_leavers", "The experiences and progress of care leavers"),
]


def _grade(label: str):
    return models.CharField(label, max_length=24, choices=Grade.choices, blank=True)


@audited()
class Inspection(TimeStamped):
    """An inspection of a council or a practice, with a window and a sample of children.

    Inspectors may read the sampled children's records, read-only, from `starts_on` to
    `ends_on` inclusive, and never outside it.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    inspectorate = models.ForeignKey(
        Inspectorate, on_delete=models.PROTECT, related_name="inspections"
    )
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    title = models.CharField(max_length=200)
    scope = models.TextField(
        blank=True, help_text="What the inspection looks at, for the inspectors and the subject"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="InspectionInspector", related_name="inspections"
    )
    sample_seed = models.PositiveIntegerField(default=1)
    sample_size = models.PositiveIntegerField(default=20)
    sample_drawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    sample_frame_size = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Children the sample was drawn from"
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    access_revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="inspection_ends_after_start",
                violation_error_message="The inspection must end on or after its start",
            ),
            models.CheckConstraint(
                condition=Q(council__isnull=False, practice__isnull=True)
                | Q(council__isnull=True, practice__isnull=False),
                name="inspection_of_council_or_practice",
                violation_error_message="Inspect either a council or a practice",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self):
        return self.council or self.practice

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The months of the record the inspection looks at: the 6 months up to its start
        (Annex A's List 8 window; the adoption list looks back 12)."""
        return months_before(self.starts_on, 6), self.starts_on

    def window_open(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def status_today(self) -> str:
        """The status by today's date, whether or not the nightly job has run yet."""
        day = clock.today()
        if day > self.ends_on:
            return self.Status.CLOSED
        return self.Status.OPEN if day >= self.starts_on else self.Status.SCHEDULED


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class InspectionInspector(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspector"], name="inspector_once")
        ]

    def __str__(self) -> str:
        return f"{self.inspector} on {self.inspection}"


@audited()
class InspectionSample(TimeStamped):
    """A child sampled into an inspection: drawn by the seed, or added by hand with a reason."""

    class Method(models.TextChoices):
        DRAWN = "drawn", "Drawn by the seed"
        HAND = "hand", "Added by hand"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="samples")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="inspection_samples")
    method = models.CharField(max_length=5, choices=Method.choices, default=Method.HAND)
    stratum = models.CharField(
        max_length=200, blank=True, help_text="Legal status, placement type, age band, holder"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "child"], name="sample_child_once")
        ]
        indexes = [models.Index(fields=["child", "inspection"])]

    def __str__(self) -> str:
        return f"{self.child} in {self.inspection}"


@audited()
class CaseAudit(TimeStamped, Versioned):
    """An inspector's structured audit of one sampled child's record: a grade on the
    four-point scale and the evidence for it, per area (AUDIT_AREAS)."""

    sample = models.OneToOneField(InspectionSample, on_delete=models.PROTECT, related_name="audit")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_audits"
    )
    planning_grade = _grade("Quality of planning")
    planning_evidence = models.TextField("Evidence on planning", blank=True)
    timeliness_grade = _grade("Timeliness")
    timeliness_evidence = models.TextField("Evidence on timeliness", blank=True)
    voice_grade = _grade("The child's voice")
    voice_evidence = models.TextField("Evidence on the child's voice", blank=True)
    stability_grade = _grade("Stability")
    stability_evidence = models.TextField("Evidence on stability", blank=True)
    oversight_grade = _grade("Management oversight")
    oversight_evidence = models.TextField("Evidence on management oversight", blank=True)
    summary = models.TextField("Summary", blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Case audit of {self.sample.child} in {self.sample.inspection}"

    def grades(self) -> list[tuple[str, str, str]]:
        return [
            (label, getattr(self, f"{key}_grade"), getattr(self, f"{key}_evidence"))
            for key, label, _ in AUDIT_AREAS
        ]


@audited()
class InspectionFindings(TimeStamped, Versioned):
    """The inspection's summary of findings: a judgement on the four-point scale per area,
    drafted by the inspectors, then published to the council and the practice (who see it
    only once published)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="findings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField("Summary of findings", blank=True)
    leaders_judgement = _grade("The impact of leaders on social work practice")
    leaders_text = models.TextField("What inspectors found about leaders", blank=True)
    children_in_care_judgement = _grade("The experiences and progress of children in care")
    children_in_care_text = models.TextField(
        "What inspectors found for children in care", blank=True
    )
    care_leavers_judgement = _grade("The experiences and progress of care leavers")
    care_leavers_text = models.TextField("What inspectors found for care leavers", blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "inspection findings"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="findings_published_with_date",
                violation_error_message="Published findings need the date they were published",
            )
        ]

    def __str__(self) -> str:
        return f"Findings of {self.inspection}"

    def judgements(self) -> list[tuple[str, str, str]]:
        return [
            (label, getattr(self, f"{key}_judgement"), getattr(self, f"{key}_text"))
            for key, label in FINDING_AREAS
        ]


class SSDA903Run(TimeStamped):
    """One validation of one council's SSDA903 return for one collection year: queued by a
    person or the nightly job, claimed and run by a Celery task, which updates `progress_*`
    as it goes (the page shows them) and stores what failed (SSDA903Failure)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking"
        DONE = "done", "Checked"
        FAILED = "failed", "Could not finish"

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", "Nightly check"
        ON_DEMAND = "on_demand", "Asked for by a person"
        BULK_CHANGE = "bulk_change", "After a bulk change"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="ssda903_runs")
    year = models.PositiveSmallIntegerField(help_text="Collection year, by its starting year")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    trigger = models.CharField(max_length=12, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    child_count = models.PositiveIntegerField(null=True, blank=True)
    error_count = models.PositiveIntegerField(null=True, blank=True)
    query_count = models.PositiveIntegerField(null=True, blank=True)
    rule_counts = models.JSONField(
        default=dict, blank=True, help_text="{code: {'errors': rows, 'children': n}}"
    )
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["council", "year", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year"],
                condition=Q(status__in=["queued", "running"]),
                name="ssda903_one_active_run_per_council_year",
                violation_error_message="This return is already being checked",
            )
        ]

    def __str__(self) -> str:
        return f"SSDA903 {self.year} check for {self.council} ({self.get_status_display()})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class SSDA903Failure(models.Model):
    """One row of the return breaking one DfE rule, as found by a run."""

    run = models.ForeignKey(SSDA903Run, on_delete=models.CASCADE, related_name="failures")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=12)
    severity = models.CharField(max_length=5)
    table = models.CharField(max_length=20)
    where = models.CharField(max_length=200, blank=True)
    values = models.JSONField(default=dict, blank=True)
    # The placement an Episodes row comes from: its link opens the page that corrects it.
    placement = models.ForeignKey(
        "placements.Placement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["run", "child", "code"]
        indexes = [
            models.Index(fields=["run", "child"]),
            models.Index(fields=["run", "code"]),
        ]

    def __str__(self) -> str:
        return f"Rule {self.code} for child {self.child_id}"
