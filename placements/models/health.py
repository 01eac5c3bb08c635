"""Health records the SSDA903 OC2 table and the health indicators need."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from core.audit import audited
from core.models import TimeStamped
from placements.models.base import Versioned
from placements.models.children import Child
from placements.models.codes import CodedModel, CodeField


@audited()
class HealthAssessment(TimeStamped, Versioned):
    """An initial or review health assessment (statutory guidance on promoting health)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial health assessment"
        REVIEW = "review", "Review health assessment"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="health_assessments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    completed_on = models.DateField()
    completed_by = models.CharField("health professional", max_length=200, blank=True)
    immunisations_up_to_date = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["child", "-completed_on"]
        indexes = [models.Index(fields=["child", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.completed_on:%d/%m/%Y}"


@audited()
class DentalCheck(TimeStamped):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="dental_checks")
    checked_on = models.DateField()

    class Meta:
        ordering = ["child", "-checked_on"]
        indexes = [models.Index(fields=["child", "checked_on"])]

    def __str__(self) -> str:
        return f"Dental check {self.checked_on:%d/%m/%Y}"


@audited()
class ImmunisationStatus(TimeStamped):
    """Whether the child's immunisations were up to date when checked."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="immunisations")
    recorded_on = models.DateField()
    up_to_date = models.BooleanField()

    class Meta:
        verbose_name_plural = "immunisation statuses"
        ordering = ["child", "-recorded_on"]

    def __str__(self) -> str:
        return f"Immunisations {'up to date' if self.up_to_date else 'not up to date'}"


@audited()
class SDQAssessment(TimeStamped, CodedModel):
    """A Strengths and Difficulties Questionnaire score, or why there is none."""

    code_date_field = "completed_on"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="sdq_assessments")
    completed_on = models.DateField()
    score = models.PositiveSmallIntegerField(
        "SDQ score", null=True, blank=True, validators=[MaxValueValidator(40)]
    )
    reason = CodeField("reason for no score (SDQ_REASON)", code_list="SDQ_REASON", max_length=4)

    class Meta:
        verbose_name = "SDQ assessment"
        ordering = ["child", "-completed_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(score__isnull=False) & Q(score__lte=40) & Q(reason=""))
                | (Q(score__isnull=True) & ~Q(reason="")),
                name="sdq_score_or_reason",
                violation_error_message="Give a score from 0 to 40, or a reason there is none",
            )
        ]

    def __str__(self) -> str:
        return f"SDQ {self.score if self.score is not None else self.reason}"


@audited()
class SubstanceMisuse(TimeStamped):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="substance_misuse")
    identified_on = models.DateField()
    intervention_offered = models.BooleanField(default=False)
    intervention_received = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "substance misuse records"
        ordering = ["child", "-identified_on"]

    def __str__(self) -> str:
        return f"Substance misuse identified {self.identified_on:%d/%m/%Y}"


@audited()
class Conviction(TimeStamped):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="convictions")
    convicted_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["child", "-convicted_on"]

    def __str__(self) -> str:
        return f"Conviction {self.convicted_on:%d/%m/%Y}"
