"""Delegated budgets (per contract and financial year) and the requests that spend them.

Figures are never stored as running totals: what is committed, spent and left is derived
from the rows beneath (approved requests and practice-funded placement costs) by
`commissioning.selectors.budgets`, so it cannot drift from them.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from commissioning.models.contracts import Contract
from core.audit import audited
from core.models import TimeStamped


def financial_year_of(day: dt.date) -> int:
    """The financial year (1 April to 31 March) a day falls in, named by its first year."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of financial year `year` (2025: 1/4/2025-31/3/2026)."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def financial_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


@audited()
class Budget(TimeStamped):
    """The money the council delegates to a practice under one contract for one year."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="budgets")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year it starts: 2025 means 1 April 2025 to 31 March 2026"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contract", "-financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year"],
                name="budget_one_per_contract_year",
                violation_error_message="This contract already has a budget for that year",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
            models.CheckConstraint(
                condition=Q(financial_year__gte=2000, financial_year__lte=2100),
                name="budget_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} {self.label}"

    @property
    def label(self) -> str:
        return financial_year_label(self.financial_year)

    @property
    def starts_on(self) -> dt.date:
        return financial_year_bounds(self.financial_year)[0]

    @property
    def ends_on(self) -> dt.date:
        return financial_year_bounds(self.financial_year)[1]


@audited()
class SpendRequest(TimeStamped):
    """A practice asks to spend from the delegated budget: what, for which child, how much,
    once or weekly, from when. Within the delegated limits the practice manager approves;
    above them the council does (a senior commissioner above the contract's threshold)."""

    class Category(models.TextChoices):
        PLACEMENT = "placement", "Placement cost"
        ITEM = "item", "Item or equipment"
        SERVICE = "service", "Service or therapy"
        ACTIVITY = "activity", "Activity or education"
        OTHER = "other", "Other"

    class Frequency(models.TextChoices):
        ONE_OFF = "one_off", "One-off"
        WEEKLY = "weekly", "Weekly"

    class Level(models.TextChoices):
        PRACTICE = "practice", "Practice manager"
        COUNCIL = "council", "Commissioner"
        SENIOR = "senior", "Senior commissioner"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="spend_requests")
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="spend_requests")
    child = models.ForeignKey(
        "placements.Child", on_delete=models.PROTECT, related_name="spend_requests"
    )
    category = models.CharField(max_length=12, choices=Category.choices)
    description = models.CharField("what it is for", max_length=200)
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    amount = models.DecimalField(
        "amount (£, each week for weekly costs)", max_digits=10, decimal_places=2
    )
    starts_on = models.DateField("date (or first day)")
    ends_on = models.DateField("last day", null=True, blank=True)
    committed_amount = models.DecimalField(
        "total in the financial year",
        max_digits=12,
        decimal_places=2,
        help_text="One-off: the amount. Weekly: amount x days to the last day or 31 March / 7",
    )
    reason = models.TextField()
    level = models.CharField("who decides", max_length=8, choices=Level.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="spend_requests"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    proposal = models.JSONField(
        default=dict, blank=True, help_text="For a placement cost: the move it pays for"
    )
    used_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the approved placement was recorded (its cost row then counts instead)",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "level"]),
            models.Index(fields=["budget", "status"]),
            models.Index(fields=["child", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spend_request_amount_positive"),
            models.CheckConstraint(
                condition=Q(committed_amount__gte=0), name="spend_request_committed_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="spend_request_ends_after_start",
                violation_error_message="The last day must be on or after the first",
            ),
            models.CheckConstraint(
                condition=~Q(frequency="one_off") | Q(ends_on__isnull=True),
                name="spend_request_one_off_has_no_end",
            ),
            models.CheckConstraint(
                condition=(Q(status="pending") & Q(decided_at__isnull=True))
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="spend_request_decided_when_not_pending",
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(status="approved", category="placement"),
                name="spend_request_used_only_when_approved_placement",
            ),
        ]

    def __str__(self) -> str:
        per = " a week" if self.frequency == self.Frequency.WEEKLY else ""
        return f"£{self.amount:,.2f}{per}: {self.description}"
