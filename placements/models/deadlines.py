"""Statutory deadlines derived from the child's record by placements/deadlines/ rules.

Rows are rewritten by the engine only; people never type them. The state (upcoming, due
soon, overdue, met on time, met late) depends on today, so it is worked out when read
(`placements.deadlines.states.with_state`), not stored.
"""

from django.db import models
from django.db.models import Q

from placements.models.children import Child


class Deadline(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", "Looked-after review"
        VISIT = "visit", "Statutory visit"
        HEALTH_ASSESSMENT = "health_assessment", "Health assessment"
        PEP = "pep", "Personal education plan"
        CARE_PLAN = "care_plan", "Care plan"
        PLACEMENT_PLAN = "placement_plan", "Placement plan"
        PLACEMENT_NOTIFICATION = "placement_notification", "Placement notifications"
        PERMANENCE_PLAN = "permanence_plan", "Permanence plan"
        PATHWAY_NEEDS_ASSESSMENT = "pathway_needs_assessment", "Pathway needs assessment"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(
        max_length=80, help_text="The rule's class name, e.g. CPPCR_Reg33_FirstReview"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    key = models.CharField(
        max_length=120, help_text="What the deadline is about, stable across recomputes"
    )
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    met_on = models.DateField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["child", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "rule", "key"], name="deadline_unique_key")
        ]
        indexes = [
            models.Index(fields=["child", "due_on"]),
            models.Index(
                fields=["due_on"], condition=Q(met_on__isnull=True), name="deadline_open_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} by {self.due_on:%d/%m/%Y}"
