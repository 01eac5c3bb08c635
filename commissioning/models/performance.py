"""Monthly snapshots of each contract's indicators, written only by the nightly job."""

from django.db import models

from commissioning.models.contracts import Contract, Indicator


class PerformanceSnapshot(models.Model):
    """One indicator for one contract and month: numerator / denominator as a percentage.

    Keyed by (contract, month, indicator) so the job upserts: running it twice, or
    re-running a month, leaves one row with the latest figures.
    """

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="performance_snapshots"
    )
    month = models.DateField(help_text="The first day of the month")
    indicator = models.CharField(max_length=32, choices=Indicator.choices)
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["contract", "indicator", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "month", "indicator"], name="performance_snapshot_key"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="performance_snapshot_month_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} {self.month:%m/%Y} {self.indicator}: {self.value}"
