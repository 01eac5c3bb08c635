"""Contracts between a council and a social work practice."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from core.audit import audited
from core.models import TimeStamped
from practices.models import Council, Practice


class DelegableFunction(models.TextChoices):
    """Functions a council may delegate (Children and Young Persons Act 2008, Part 1).

    The IRO and adoption agency functions are not delegable and are not listed.
    """

    LOOKED_AFTER_CASEWORK = "looked_after_casework", "Looked-after children casework"
    CARE_PLANNING = "care_planning", "Care planning"
    PLACEMENT_FINDING = "placement_finding", "Finding and arranging placements"
    VISITS = "visits", "Statutory visits"
    HEALTH_EDUCATION = "health_education", "Health and education planning"
    CARE_LEAVERS = "care_leavers", "Care-leaver (leaving care) functions"


@audited()
class Contract(TimeStamped):
    """A delegation contract: which functions, for which cohort, on what terms."""

    class Kind(models.TextChoices):
        BLOCK = "block", "Block"
        SPOT = "spot", "Spot purchase"
        COST_AND_VOLUME = "cost_and_volume", "Cost and volume"
        OUTCOMES = "outcomes", "Outcomes-based"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        ENDED = "ended", "Ended"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="contracts")
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField()
    ends_on = models.DateField()
    break_clause_on = models.DateField(null=True, blank=True)
    notice_period_days = models.PositiveSmallIntegerField(default=90)
    review_on = models.DateField(null=True, blank=True)
    cohort = models.TextField(help_text="The children covered: named individuals or a locality")
    functions = ArrayField(
        models.CharField(max_length=32, choices=DelegableFunction.choices), default=list
    )
    duties_continue_after_care = models.BooleanField(default=False)
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    weekly_price_per_child = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    block_amount_per_month = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    annual_value = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    delegated_limit_per_item = models.DecimalField(
        "delegated spending limit per item",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    delegated_limit_per_child_year = models.DecimalField(
        "delegated spending limit per child per financial year",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    senior_approval_threshold = models.DecimalField(
        "amount above which a senior commissioner must approve",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["council", "practice", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="contract_ends_after_start",
                violation_error_message="The contract must end after it starts",
            ),
            models.CheckConstraint(
                condition=Q(weekly_price_per_child__isnull=False)
                | Q(block_amount_per_month__isnull=False),
                name="contract_has_a_price",
                violation_error_message="Give a weekly price per child or a monthly block sum",
            ),
            models.CheckConstraint(
                condition=Q(senior_approval_threshold__gte=F("delegated_limit_per_item")),
                name="contract_senior_threshold_above_limit",
                violation_error_message=(
                    "The senior approval threshold must be at least the delegated limit"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.council} with {self.practice}"
