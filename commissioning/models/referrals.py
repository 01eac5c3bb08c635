"""Referrals: the council asks a practice to take a child's case under a contract."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from commissioning.models.contracts import Contract
from core.audit import audited
from core.models import TimeStamped


@audited()
class Referral(TimeStamped):
    """A commissioner refers a looked-after child to a practice; the practice manager
    accepts (choosing the worker: the allocation starts) or declines with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the practice"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="referrals")
    child = models.ForeignKey(
        "placements.Child", on_delete=models.PROTECT, related_name="referrals"
    )
    reason = models.TextField("why this practice, and what the child needs")
    documents = models.TextField(
        "documents the practice needs",
        blank=True,
        help_text="One a line: the care plan, latest review, court order, and where to find them",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    allocation = models.OneToOneField(
        "placements.Allocation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referral",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["contract", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="pending"),
                name="referral_one_pending_per_child",
                violation_error_message="This child already has a referral waiting for a practice",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(allocation__isnull=False),
                name="referral_accepted_has_allocation",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
                violation_error_message="Say why the practice cannot take the child",
            ),
            models.CheckConstraint(
                condition=(Q(status="pending") & Q(decided_at__isnull=True))
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="referral_decided_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.child} to {self.contract.practice}"
