"""Inspections: who inspects what, when, and which children's records they may read."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import TimeStamped
from placements.models import Child
from practices.models import Council, Inspectorate, Practice


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
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="InspectionInspector", related_name="inspections"
    )
    sample_seed = models.PositiveIntegerField(default=1)
    sample_size = models.PositiveIntegerField(default=20)
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


class InspectionInspector(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspector"], name="inspector_once")
        ]

    def __str__(self) -> str:
        return f"{self.inspector} on {self.inspection}"


class InspectionSample(TimeStamped):
    """A child sampled into an inspection: drawn by the seed, or added by hand with a reason."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="samples")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="inspection_samples")
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

    class Meta:
        ordering = ["run", "child", "code"]
        indexes = [
            models.Index(fields=["run", "child"]),
            models.Index(fields=["run", "code"]),
        ]

    def __str__(self) -> str:
        return f"Rule {self.code} for child {self.child_id}"
