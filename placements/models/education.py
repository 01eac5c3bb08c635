"""School and the personal education plan (CPPCR reg 5)."""

from django.conf import settings
from django.db import models

from core.audit import audited
from core.models import TimeStamped
from placements.models.base import Versioned, ends_after_start, no_overlap_per_child
from placements.models.children import Child


@audited()
class SchoolEnrolment(TimeStamped):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="schools")
    school_name = models.CharField(max_length=200)
    school_urn = models.CharField("school URN", max_length=7, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "-started_on"]
        constraints = [
            no_overlap_per_child(
                "school_enrolment_no_overlap",
                "started_on",
                "ended_on",
                message="This child is already at a school in these dates",
            ),
            ends_after_start(
                "school_enrolment_ends_after_start", "started_on", "ended_on", strictly=True
            ),
        ]

    def __str__(self) -> str:
        return self.school_name


@audited()
class EducationPlan(TimeStamped, Versioned):
    """A personal education plan (PEP) or its termly review."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial PEP"
        REVIEW = "review", "PEP review"

    class Term(models.TextChoices):
        AUTUMN = "autumn", "Autumn term"
        SPRING = "spring", "Spring term"
        SUMMER = "summer", "Summer term"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="education_plans")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    completed_on = models.DateField()
    term = models.CharField(max_length=10, choices=Term.choices)
    school_name = models.CharField(max_length=200, blank=True)
    attendance_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    targets = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "personal education plan"
        ordering = ["child", "-completed_on"]
        indexes = [models.Index(fields=["child", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.completed_on:%d/%m/%Y}"
