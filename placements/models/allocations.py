"""Who holds a child's case: a practice (or the council's own team), and which worker."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.audit import audited
from core.models import TimeStamped
from placements.models.base import ends_after_start, no_overlap_per_child
from placements.models.children import Child
from placements.models.codes import CodedModel, CodeField
from practices.models import Practice


@audited()
class Allocation(TimeStamped):
    """The case is held by a practice from a date until a date; no practice means the
    council's own team holds it. Access to the child follows the open allocation."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="allocations")
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations"
    )
    contract = models.ForeignKey(
        "commissioning.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["child", "-started_on"]
        indexes = [
            models.Index(fields=["practice", "ended_on"]),
            models.Index(
                fields=["child"], condition=Q(ended_on__isnull=True), name="allocation_open"
            ),
        ]
        constraints = [
            no_overlap_per_child(
                "allocation_no_overlap",
                "started_on",
                "ended_on",
                message="This child's case is already held by someone in these dates",
            ),
            ends_after_start(
                "allocation_ends_after_start", "started_on", "ended_on", strictly=True
            ),
            models.CheckConstraint(
                condition=Q(practice__isnull=False) | Q(contract__isnull=True),
                name="allocation_contract_only_with_practice",
                violation_error_message="Only an allocation to a practice has a contract",
            ),
        ]

    def __str__(self) -> str:
        holder = self.practice or "council's own team"
        return f"{self.child} held by {holder} from {self.started_on:%d/%m/%Y}"


@audited()
class WorkerAllocation(TimeStamped, CodedModel):
    """The child's allocated social worker: the SSDA903 SWEpisodes table."""

    code_date_field = "ended_on"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="worker_allocations")
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="worker_allocations"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="worker_allocations"
    )
    sw_id = models.CharField("SW_ID", max_length=12)
    started_on = models.DateField("SW_DECOM")
    ended_on = models.DateField("SW_DEC", null=True, blank=True)
    end_reason = CodeField("reason for change (SW_REASON)", code_list="SW_REASON", max_length=6)

    class Meta:
        ordering = ["child", "-started_on"]
        indexes = [
            models.Index(fields=["worker", "ended_on"]),
            models.Index(
                fields=["child"], condition=Q(ended_on__isnull=True), name="worker_allocation_open"
            ),
        ]
        constraints = [
            no_overlap_per_child(
                "worker_allocation_no_overlap",
                "started_on",
                "ended_on",
                message="This child already has an allocated worker in these dates",
            ),
            ends_after_start(
                "worker_allocation_ends_after_start", "started_on", "ended_on", strictly=True
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(end_reason=""))
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="worker_allocation_reason_with_end",
                violation_error_message="Say why the worker changed (SW_REASON)",
            ),
            models.CheckConstraint(
                condition=Q(sw_id__startswith="SW"), name="worker_allocation_sw_id_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} for {self.child} from {self.started_on:%d/%m/%Y}"
