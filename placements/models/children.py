"""The child, their periods of care, and the episodes that make up the SSDA903 chain."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core.audit import audited
from core.models import TimeStamped
from placements.models.base import Versioned, ends_after_start, no_overlap_per_child
from placements.models.codes import CodedModel, CodeField
from practices.models import Council, postcode_validator

upn_validator = RegexValidator(
    r"^([A-Z]\d{11}[A-Z\d]|UN[1-5])$",
    "Enter a 13-character UPN (a letter, 11 digits, then a letter or digit) or UN1 to UN5",
)


@audited()
class Child(TimeStamped, Versioned, CodedModel):
    """A child the council looks after (or has looked after): the record it keeps to 75."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="children")
    la_child_id = models.CharField(
        "Child ID (CHILD)",
        max_length=10,
        validators=[RegexValidator(r"^[A-Za-z0-9]{1,10}$", "Use up to 10 letters and digits")],
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    sex = CodeField("sex", code_list="SEX", max_length=1, blank=False)
    date_of_birth = models.DateField()
    date_of_death = models.DateField(null=True, blank=True)
    ethnicity = CodeField("ethnicity", code_list="ETHNIC", max_length=4, blank=False)
    upn = models.CharField("UPN", max_length=13, blank=True, validators=[upn_validator])
    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}$", "Enter 10 digits")],
    )
    uasc = models.BooleanField("Unaccompanied asylum-seeking child", default=False)
    uasc_ceased_on = models.DateField("Date UASC status ceased (DUC)", null=True, blank=True)
    is_mother = models.BooleanField("Child is a mother (MOTHER)", default=False)
    mother_child_dob = models.DateField(
        "Date of birth of the mother's child (MC_DOB)", null=True, blank=True
    )
    home_postcode = models.CharField(
        max_length=8,
        blank=True,
        validators=[postcode_validator],
        help_text="The address the child was living at before they became looked after",
    )

    class Meta:
        verbose_name_plural = "children"
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["council", "last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "la_child_id"],
                name="child_id_unique_per_council",
                violation_error_message="This council already has a child with this ID",
            ),
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_death__gte=models.F("date_of_birth")),
                name="child_death_after_birth",
                violation_error_message="The date of death cannot be before the date of birth",
            ),
            models.CheckConstraint(
                condition=Q(is_mother=False, mother_child_dob__isnull=True)
                | Q(is_mother=True, sex="F"),
                name="child_mother_fields_consistent",
                violation_error_message=(
                    "Only a child recorded as a mother (and female) has a child's date of birth"
                ),
            ),
            models.CheckConstraint(
                condition=Q(uasc=True) | Q(uasc_ceased_on__isnull=True),
                name="child_duc_only_for_uasc",
                violation_error_message="Only an unaccompanied asylum-seeking child has a DUC",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.la_child_id})"

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"


@audited()
class PeriodOfCare(TimeStamped, CodedModel):
    """One continuous period of being looked after. Starting and ending one is the council's."""

    code_date_field = "started_on"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="periods")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    cin = CodeField("category of need (CIN)", code_list="CIN", max_length=2, blank=False)
    reason_ended = CodeField("reason ceased (REC)", code_list="REC", max_length=3)

    class Meta:
        verbose_name_plural = "periods of care"
        ordering = ["child", "-started_on"]
        constraints = [
            no_overlap_per_child(
                "period_of_care_no_overlap",
                "started_on",
                "ended_on",
                message="This child already has a period of care in these dates",
            ),
            ends_after_start(
                "period_of_care_ends_after_start", "started_on", "ended_on", strictly=True
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(reason_ended=""))
                | (Q(ended_on__isnull=False) & ~Q(reason_ended__in=["", "X1"])),
                name="period_of_care_reason_with_end",
                violation_error_message="A period of care that has ended needs its reason (not X1)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} from {self.started_on:%d/%m/%Y}"


@audited()
class Episode(TimeStamped, CodedModel):
    """One SSDA903 episode: a stretch of one legal status in one placement.

    Written only by the services that change legal status or placement: the previous
    episode ends on the day the next starts with REC X1. PLACE, PLACE_PROVIDER, PL_POST
    and URN come from the placement; CIN from the period of care.
    """

    code_date_field = "decom"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="episodes")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="episodes")
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="episodes"
    )
    decom = models.DateField("episode started (DECOM)")
    dec = models.DateField("episode ceased (DEC)", null=True, blank=True)
    rne = CodeField("reason for new episode (RNE)", code_list="RNE", max_length=1, blank=False)
    legal_status = CodeField("legal status (LS)", code_list="LS", max_length=2, blank=False)
    rec = CodeField("reason episode ceased (REC)", code_list="REC", max_length=3)
    reason_place_change = CodeField(
        "reason for placement change (REASON_PLACE_CHANGE)",
        code_list="REASON_PLACE_CHANGE",
        max_length=6,
    )
    home_postcode = models.CharField(
        "home postcode (HOME_POST)", max_length=8, blank=True, validators=[postcode_validator]
    )

    class Meta:
        ordering = ["child", "decom"]
        indexes = [
            models.Index(fields=["child", "decom"]),
            models.Index(fields=["decom", "dec"]),
            models.Index(
                fields=["child"], condition=Q(dec__isnull=True), name="episode_open_per_child"
            ),
        ]
        constraints = [
            no_overlap_per_child(
                "episode_no_overlap",
                "decom",
                "dec",
                message="This child already has an episode in these dates",
            ),
            ends_after_start("episode_not_same_day", "decom", "dec", strictly=True),
            models.CheckConstraint(
                condition=(Q(dec__isnull=True) & Q(rec="")) | (Q(dec__isnull=False) & ~Q(rec="")),
                name="episode_rec_with_dec",
                violation_error_message="An episode that has ended needs its reason (REC)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child}: {self.legal_status} from {self.decom:%d/%m/%Y}"


@audited()
class IROAppointment(TimeStamped):
    """The independent reviewing officer for a child (Children Act 1989 s25A): the council's."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="iro_appointments")
    iro = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="iro_appointments"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "IRO appointment"
        ordering = ["child", "-started_on"]
        constraints = [
            no_overlap_per_child(
                "iro_appointment_no_overlap",
                "started_on",
                "ended_on",
                message="This child already has an IRO in these dates",
            ),
            ends_after_start(
                "iro_appointment_ends_after_start", "started_on", "ended_on", strictly=True
            ),
        ]

    def __str__(self) -> str:
        return f"{self.iro} for {self.child}"


@audited()
class Review(TimeStamped, Versioned, CodedModel):
    """A looked-after review, chaired by the IRO (CPPCR reg 33)."""

    code_date_field = "held_on"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="reviews")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("date of review (REVIEW)")
    participation = CodeField(
        "child's participation (REVIEW_CODE)", code_list="REVIEW_CODE", max_length=3, blank=False
    )
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews_chaired",
    )
    next_review_by = models.DateField(
        null=True, blank=True, help_text="Set by the IRO when the next review must come sooner"
    )
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["child", "-held_on"]
        indexes = [models.Index(fields=["child", "held_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "held_on"],
                name="review_one_per_day",
                violation_error_message="A review is already recorded for this child on this date",
            )
        ]

    def __str__(self) -> str:
        return f"Review for {self.child} on {self.held_on:%d/%m/%Y}"
