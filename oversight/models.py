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
