"""Contracts between a council and a social work practice, their variations and targets."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
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


# The terms a variation may change on a signed (active or suspended) contract. Everything
# else (council, practice, reference, kind, cohort, functions) is fixed once signed: a
# different arrangement is a new contract.
VARIABLE_TERMS = (
    "status",
    "ends_on",
    "break_clause_on",
    "notice_period_days",
    "review_on",
    "duties_continue_after_care",
    "capacity",
    "weekly_price_per_child",
    "block_amount_per_month",
    "annual_value",
    "delegated_limit_per_item",
    "delegated_limit_per_child_year",
    "senior_approval_threshold",
)


@audited()
class ContractVariation(TimeStamped):
    """A change to a signed contract's terms: what they were, what they became, from when,
    who agreed it and why. Append-only: a variation is never edited or deleted."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="variations")
    number = models.PositiveSmallIntegerField()
    effective_from = models.DateField()
    reason = models.TextField()
    previous_terms = models.JSONField(help_text="The changed terms as they were before")
    new_terms = models.JSONField(help_text="The changed terms as they are from effective_from")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="contract_variation_number_unique"
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self) -> str:
        return f"Variation {self.number} to {self.contract.reference}"


class Indicator(models.TextChoices):
    """What a target can measure, per contract and month (DOMAIN.md section 4)."""

    VISITS_ON_TIME = "visits_on_time", "Visits on time"
    REVIEWS_ON_TIME = "reviews_on_time", "Reviews on time"
    HEALTH_ON_TIME = "health_on_time", "Health assessments on time"
    PLACEMENT_STABILITY = "placement_stability", "Children with 3 or more placements in 12 months"
    MISSING = "missing", "Children missing or away in the month"
    OCCUPANCY = "occupancy", "Places used (children against capacity)"


@audited()
class PerformanceTarget(TimeStamped):
    """A target in the contract: an indicator, a threshold in per cent, and which side of
    it is good. Replacing a target ends the old row (through a variation once signed)."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", "At least"
        AT_MOST = "at_most", "At most"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="targets")
    indicator = models.CharField(max_length=32, choices=Indicator.choices)
    threshold = models.DecimalField(
        "threshold (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    variation = models.ForeignKey(
        ContractVariation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets_set",
        help_text="The variation that set this target (none: set before signing)",
    )
    ended_by = models.ForeignKey(
        ContractVariation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets_ended",
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contract", "indicator", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "indicator"],
                condition=Q(ended_at__isnull=True),
                name="performance_target_one_current_per_indicator",
                violation_error_message="This contract already has a target for this indicator",
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=0, threshold__lte=100),
                name="performance_target_threshold_percent",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_indicator_display()}: {self.get_direction_display().lower()} "
            f"{self.threshold}%"
        )

    def is_met(self, value) -> bool | None:
        if value is None:
            return None
        if self.direction == self.Direction.AT_LEAST:
            return value >= self.threshold
        return value <= self.threshold
