"""Where a child lives: providers, carers, placements and what they cost."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from core.audit import audited
from core.models import TimeStamped
from placements.models.base import Versioned, ends_after_start, no_overlap_per_child
from placements.models.children import Child, PeriodOfCare
from placements.models.codes import CodedModel, CodeField
from practices.models import Council, postcode_validator, urn_validator

TEMPORARY_PLACES = frozenset({"T0", "T1", "T2", "T3", "T4"})
NO_PROVIDER_PLACES = TEMPORARY_PLACES | {"Z11", "Z12", "Z13", "Z14"}


class Provider(TimeStamped, CodedModel):
    """An organisation that provides placements: the council itself, an agency, a home."""

    code_date_field = ""

    name = models.CharField(max_length=200)
    provider_type = CodeField(
        "provider type (PLACE_PROVIDER)", code_list="PLACE_PROVIDER", max_length=3, blank=False
    )
    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="providers",
        help_text="For a council's own provision",
    )
    urn = models.CharField("Ofsted URN", max_length=8, blank=True, validators=[urn_validator])
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode_validator])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Carer(TimeStamped):
    """A person or household who cares for a child: foster carer, connected person, parent."""

    class Kind(models.TextChoices):
        FOSTER_CARER = "foster_carer", "Foster carer"
        CONNECTED_PERSON = "connected_person", "Connected person (family or friend)"
        PARENT = "parent", "Parent or person with parental responsibility"
        ADOPTER = "adopter", "Prospective adopter"
        RESIDENTIAL = "residential", "Residential setting"
        SUPPORTED_ACCOMMODATION = "supported", "Supported accommodation"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="carers"
    )
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode_validator])
    approved_on = models.DateField(null=True, blank=True)
    temporary_approval = models.BooleanField(
        default=False, help_text="A connected person approved temporarily (CPPCR reg 24)"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@audited()
class Placement(TimeStamped, Versioned, CodedModel):
    """A child living with a carer or in a setting, from a date until a date."""

    code_date_field = "codes_dated_on"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="placements")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="placements")
    carer = models.ForeignKey(
        Carer, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    place = CodeField("placement type (PLACE)", code_list="PLACE", max_length=3, blank=False)
    place_provider = CodeField(
        "placement provider (PLACE_PROVIDER)", code_list="PLACE_PROVIDER", max_length=3
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason_ended = CodeField(
        "reason the placement ended (REASON_PLACE_CHANGE)",
        code_list="REASON_PLACE_CHANGE",
        max_length=6,
    )
    postcode = models.CharField(
        "placement postcode (PL_POST)", max_length=8, blank=True, validators=[postcode_validator]
    )
    urn = models.CharField(
        "setting or agency URN", max_length=8, blank=True, validators=[urn_validator]
    )
    distance_from_home_miles = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Straight-line distance from the home postcode",
    )
    out_of_area = models.BooleanField(
        default=False, help_text="Outside the council's boundary (CPPCR reg 11 approval)"
    )
    intended_until_18 = models.BooleanField(
        default=False, help_text="The placement is meant to last until the child is 18"
    )
    long_term_foster_on = models.DateField(
        "designated a long-term foster placement on", null=True, blank=True
    )
    with_parent_before_assessment = models.BooleanField(
        default=False, help_text="Placed with a parent before the assessment is complete"
    )
    short_break = models.BooleanField(default=False)
    # A placement open when the DfE withdrew its code is re-coded in place (H5 to K3 from
    # 2025-26): the old code is kept for the returns of the years before `recoded_on`.
    recoded_from = models.CharField("placement type before re-coding", max_length=3, blank=True)
    recoded_on = models.DateField("re-coded from", null=True, blank=True)

    class Meta:
        ordering = ["child", "-started_on"]
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(recoded_from="", recoded_on__isnull=True)
                | (~Q(recoded_from="") & Q(recoded_on__isnull=False)),
                name="placement_recoded_from_with_date",
                violation_error_message="A re-coded placement keeps its old code and the date",
            ),
            no_overlap_per_child(
                "placement_no_overlap",
                "started_on",
                "ended_on",
                message="This child already has a placement in these dates",
            ),
            ends_after_start("placement_ends_after_start", "started_on", "ended_on", strictly=True),
            models.CheckConstraint(
                condition=Q(place__in=sorted(NO_PROVIDER_PLACES), place_provider="")
                | (~Q(place__in=sorted(NO_PROVIDER_PLACES)) & ~Q(place_provider="")),
                name="placement_provider_matches_place",
                violation_error_message=(
                    "Placement provider is needed, except for temporary (T0 to T4) and "
                    "other (Z11 to Z14) placements, where it must be blank"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child}: {self.place} from {self.started_on:%d/%m/%Y}"

    @property
    def is_temporary(self) -> bool:
        return self.place in TEMPORARY_PLACES

    @property
    def codes_dated_on(self):
        """The day the placement's codes are judged on: its start, or the day it was
        re-coded into a later year's list."""
        return self.recoded_on or self.started_on


@audited()
class PlacementCost(TimeStamped):
    """What a placement costs each week, from a date until a date."""

    class FundedBy(models.TextChoices):
        COUNCIL = "council", "Council"
        PRACTICE = "practice", "Practice (delegated budget)"

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="costs")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    weekly_amount = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    funded_by = models.CharField(max_length=10, choices=FundedBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["placement", "started_on"]
        constraints = [
            no_overlap_per_child(
                "placement_cost_no_overlap",
                "started_on",
                "ended_on",
                key="placement_id",
                message="This placement already has a cost in these dates",
            ),
            ends_after_start(
                "placement_cost_ends_after_start", "started_on", "ended_on", strictly=True
            ),
            models.CheckConstraint(
                condition=Q(weekly_amount__gte=0), name="placement_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.weekly_amount} a week from {self.started_on:%d/%m/%Y}"


@audited()
class PlacementNotification(TimeStamped):
    """Notice of a placement to a person or body who must be told (CPPCR reg 13)."""

    class Recipient(models.TextChoices):
        CHILD = "child", "The child"
        PARENTS = "parents", "Parents"
        GP = "gp", "GP"
        HEALTH_BODY = "health_body", "Health body (ICB)"
        SCHOOL = "school", "School"
        IRO = "iro", "IRO"
        AREA_AUTHORITY = "area_authority", "Area authority (out of area)"

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="notifications")
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    sent_on = models.DateField()

    class Meta:
        ordering = ["placement", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "recipient"], name="placement_notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_recipient_display()} told on {self.sent_on:%d/%m/%Y}"
