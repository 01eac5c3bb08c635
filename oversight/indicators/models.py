"""Monthly indicator snapshots: written by the nightly job in SQL, read by the dashboards."""

from django.db import models
from django.db.models import Q

from oversight.indicators.definitions import AGE_BANDS, CHOICES, LEGAL_STATUSES, PLACEMENT_TYPES
from practices.models import Council, Practice

ALL = ""  # a dimension's value on the rows that add up every value of it


class IndicatorSnapshot(models.Model):
    """One figure of one indicator for one month, one council and one holder of the case.

    Holder: `practice` is the practice that held the case on the day the child counts;
    NULL means the council's own teams. Each child counts for one holder only, so the
    council's figure is the sum of its rows, and the national figure the sum of every
    council's.

    Breakdown: the rows with `age_band`, `legal_status` and `placement_type` all blank
    ("all") are the totals; the rows with all three set are the cells of the breakdown,
    which add up to the totals. A filtered figure sums the cells that match.

    The job deletes and rewrites a month's rows in one transaction, so a re-run gives
    the same rows (computed_at aside).
    """

    month = models.DateField(help_text="The first day of the month")
    indicator = models.CharField(max_length=40, choices=CHOICES)
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey(
        Practice,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: the council's own teams",
    )
    age_band = models.CharField(max_length=10, choices=AGE_BANDS, blank=True)
    legal_status = models.CharField(max_length=20, choices=LEGAL_STATUSES, blank=True)
    placement_type = models.CharField(max_length=20, choices=PLACEMENT_TYPES, blank=True)
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["month", "indicator", "council", "practice"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "month",
                    "indicator",
                    "council",
                    "practice",
                    "age_band",
                    "legal_status",
                    "placement_type",
                ],
                name="indicator_snapshot_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="indicator_snapshot_first_of_month"
            ),
            models.CheckConstraint(
                condition=Q(age_band="", legal_status="", placement_type="")
                | (~Q(age_band="") & ~Q(legal_status="") & ~Q(placement_type="")),
                name="indicator_snapshot_total_or_cell",
            ),
        ]
        indexes = [
            models.Index(
                fields=["month", "indicator"],
                condition=Q(age_band="", legal_status="", placement_type=""),
                name="indicator_snapshot_totals",
            ),
            models.Index(fields=["council", "month"], name="indicator_snapshot_council"),
            models.Index(fields=["practice", "month"], name="indicator_snapshot_practice"),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.month:%B %Y}: {self.numerator}/{self.denominator}"
