"""Leaving care, adoption and previous permanence: SSDA903 OC3, AD1, PlacedAdoption, PrevPerm."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.audit import audited
from core.models import TimeStamped
from placements.models.base import ends_after_start
from placements.models.children import Child
from placements.models.codes import CodedModel, CodeField

PLACEMENT_ORDER = "E1"  # the legal status of a child under a placement order


@audited()
class CareLeaverContact(TimeStamped, CodedModel):
    """Contact with a care leaver around a birthday from 17 to 21 (OC3)."""

    code_date_field = "contact_on"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="care_leaver_contacts")
    birthday = models.DateField(help_text="The birthday this contact is for")
    contact_on = models.DateField()
    in_touch = CodeField("in touch (IN_TOUCH)", code_list="IN_TOUCH", max_length=4, blank=False)
    activity = CodeField("activity (ACTIV)", code_list="ACTIV", max_length=2)
    accommodation = CodeField("accommodation (ACCOM)", code_list="ACCOM", max_length=2)

    class Meta:
        ordering = ["child", "-birthday"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "birthday"],
                name="care_leaver_contact_once_per_birthday",
                violation_error_message="This birthday's contact is already recorded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child} at {self.birthday:%d/%m/%Y}: {self.in_touch}"


@audited()
class AdoptionDecision(TimeStamped, CodedModel):
    """The decision that the child should be placed for adoption (PlacedAdoption)."""

    code_date_field = "decided_on"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="adoption_decisions")
    decided_on = models.DateField("DATE_PLACED")
    ceased_on = models.DateField("DATE_PLACED_CEASED", null=True, blank=True)
    ceased_reason = CodeField(
        "REASON_PLACED_CEASED", code_list="REASON_PLACED_CEASED", max_length=3
    )

    class Meta:
        ordering = ["child", "-decided_on"]
        constraints = [
            ends_after_start("adoption_decision_ends_after_start", "decided_on", "ceased_on"),
            models.CheckConstraint(
                condition=(Q(ceased_on__isnull=True) & Q(ceased_reason=""))
                | (Q(ceased_on__isnull=False) & ~Q(ceased_reason="")),
                name="adoption_decision_reason_with_end",
                violation_error_message="A decision that has ceased needs its reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Should be placed for adoption, decided {self.decided_on:%d/%m/%Y}"

    def clean(self) -> None:
        """Rule 554: decided on or before the period's first placement order (E1)."""
        super().clean()
        if not self.child_id or not self.decided_on:
            return
        from oversight.ssda903.guards import placement_order_problem

        order = (
            self.child.episodes.filter(
                legal_status=PLACEMENT_ORDER,
                period__started_on__lte=self.decided_on,
            )
            .exclude(period__ended_on__lt=self.decided_on)
            .order_by("decom")
            .first()
        )
        problem = order and placement_order_problem(
            decided_on=self.decided_on, order_on=order.decom
        )
        if problem:
            raise ValidationError(
                {
                    "decided_on": f"The placement order was granted on {order.decom:%-d %B %Y}: "
                    f"{problem[1]} (SSDA903 rule {problem[0]})"
                }
            )


@audited()
class Adoption(TimeStamped, CodedModel):
    """An adoption (AD1): the match and the adopters. The order is the last episode's
    end with REC E11 or E12."""

    code_date_field = "decision_on"

    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="adoption")
    decision_on = models.DateField("DATE_INT")
    matched_on = models.DateField("DATE_MATCH")
    adopted_on = models.DateField("date of adoption order", null=True, blank=True)
    by_foster_carer = models.BooleanField("FOSTER_CARE")
    number_of_adopters = models.PositiveSmallIntegerField("NB_ADOPTR", choices=[(1, "1"), (2, "2")])
    sex_of_adopters = CodeField("SEX_ADOPTR", code_list="SEX_ADOPTR", max_length=2, blank=False)
    legal_status_of_adopters = CodeField(
        "LS_ADOPTR", code_list="LS_ADOPTR", max_length=3, blank=False
    )

    class Meta:
        ordering = ["-matched_on"]
        constraints = [
            ends_after_start("adoption_match_after_decision", "decision_on", "matched_on"),
            ends_after_start("adoption_order_after_match", "matched_on", "adopted_on"),
        ]

    def __str__(self) -> str:
        return f"Adoption of {self.child}"

    def clean(self) -> None:
        """Rule 335: adopted by the current foster carer, or not, as the placement for
        adoption says (the child's latest placement, when it is one)."""
        super().clean()
        if not self.child_id or self.by_foster_carer is None:
            return
        from oversight.ssda903.guards import adopter_problem

        latest = self.child.episodes.select_related("placement").order_by("-decom").first()
        place = latest.placement.place if latest else ""
        problem = adopter_problem(place=place, by_foster_carer=self.by_foster_carer)
        if problem:
            raise ValidationError(
                {
                    "by_foster_carer": f"The child is placed for adoption in {place}: "
                    f"{problem[1]} (SSDA903 rule {problem[0]})"
                }
            )


@audited()
class PreviousPermanence(TimeStamped, CodedModel):
    """A permanence order the child had before this period of care (PrevPerm)."""

    code_date_field = ""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="previous_permanence")
    prev_perm = CodeField("PREV_PERM", code_list="PREV_PERM", max_length=2, blank=False)
    la_perm = models.CharField("LA_PERM", max_length=3, blank=True)
    date_perm = models.CharField(
        "DATE_PERM",
        max_length=10,
        blank=True,
        help_text="dd/mm/yyyy; use zz for an unknown day or month, as the DfE allows",
    )
    recorded_on = models.DateField()

    class Meta:
        verbose_name_plural = "previous permanence"
        ordering = ["child", "-recorded_on"]

    def __str__(self) -> str:
        return f"{self.child}: {self.prev_perm}"
