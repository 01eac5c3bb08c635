"""Councils, social work practices, inspectorates, and the people who work in them."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core.audit import audited
from core.models import TimeStamped

ons_code_validator = RegexValidator(
    r"^E\d{8}$", "Enter an ONS code like E09000027 (E followed by 8 digits)"
)
urn_validator = RegexValidator(
    r"^(SC\d{6}|\d{7}|XXXXXXX)$",
    "Enter an Ofsted URN: SC and 6 digits, 7 digits, or XXXXXXX",
)
postcode_validator = RegexValidator(
    r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$", "Enter a full UK postcode, like SW1A 1AA"
)


class Council(TimeStamped):
    """A local authority: the responsible authority and corporate parent of its children."""

    name = models.CharField(max_length=200, unique=True)
    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[ons_code_validator]
    )
    dfe_la_number = models.PositiveSmallIntegerField("DfE LA number", unique=True)
    region = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ons_code__regex=r"^E\d{8}$"), name="council_ons_code_format"
            ),
            models.CheckConstraint(
                condition=Q(dfe_la_number__gte=100, dfe_la_number__lte=999),
                name="council_la_number_3_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Practice(TimeStamped):
    """A social work practice: registered social workers contracted to hold a caseload."""

    class LegalForm(models.TextChoices):
        COOPERATIVE = "cooperative", "Co-operative"
        PARTNERSHIP = "partnership", "Partnership"
        LLP = "llp", "Limited liability partnership"
        CHARITY = "charity", "Charity"
        CIC = "cic", "Community interest company"
        COMPANY = "company", "Company limited by shares"
        MUTUAL = "mutual", "Public service mutual"

    name = models.CharField(max_length=200, unique=True)
    legal_form = models.CharField(max_length=20, choices=LegalForm.choices)
    ofsted_urn = models.CharField(
        "Ofsted URN",
        max_length=8,
        blank=True,
        validators=[urn_validator],
        help_text="Registration as a provider of social work services",
    )
    registered_on = models.DateField("Registered with Ofsted on", null=True, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8, validators=[postcode_validator])
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    group = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="practice",
        help_text="The permission group of the practice's current members",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Inspectorate(TimeStamped):
    """An inspectorate (Ofsted, or a regional team of it) whose inspectors judge the work."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRACTICE_SOCIAL_WORKER = "practice_social_worker", "Practice social worker"
    PRACTICE_MANAGER = "practice_manager", "Practice manager"
    COUNCIL_SOCIAL_WORKER = "council_social_worker", "Council social worker"
    COMMISSIONER = "commissioner", "Commissioner"
    SENIOR_COMMISSIONER = "senior_commissioner", "Senior commissioner"
    IRO = "iro", "Independent reviewing officer"
    DATA_LEAD = "data_lead", "Council data lead"
    COUNCIL_ADMINISTRATOR = "council_administrator", "Council administrator"
    INSPECTOR = "inspector", "Inspector"
    INSPECTORATE_ADMINISTRATOR = "inspectorate_administrator", "Inspectorate administrator"


PRACTICE_ROLES = frozenset({Role.PRACTICE_SOCIAL_WORKER, Role.PRACTICE_MANAGER})
COUNCIL_ROLES = frozenset(
    {
        Role.COUNCIL_SOCIAL_WORKER,
        Role.COMMISSIONER,
        Role.SENIOR_COMMISSIONER,
        Role.IRO,
        Role.DATA_LEAD,
        Role.COUNCIL_ADMINISTRATOR,
    }
)
INSPECTORATE_ROLES = frozenset({Role.INSPECTOR, Role.INSPECTORATE_ADMINISTRATOR})
SOCIAL_WORKER_ROLES = frozenset(
    {Role.PRACTICE_SOCIAL_WORKER, Role.PRACTICE_MANAGER, Role.COUNCIL_SOCIAL_WORKER}
)


@audited()
class Membership(TimeStamped):
    """A person's role in exactly one organisation, from a date, until a date.

    Scope comes from here and nowhere else: never from a URL or a form.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    inspectorate = models.ForeignKey(
        Inspectorate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    social_work_england_number = models.CharField(
        "Social Work England number",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^SW\d{1,10}$", "Enter a number like SW123456")],
    )
    sw_id = models.CharField(
        "SSDA903 social worker ID (SW_ID)",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^SW[A-Z0-9]{1,10}$", "SW_ID starts with SW")],
        help_text="The identifier the SWEpisodes table uses for this worker",
    )

    class Meta:
        ordering = ["user", "-started_on"]
        indexes = [models.Index(fields=["user", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(PRACTICE_ROLES))
                    & Q(practice__isnull=False, council__isnull=True, inspectorate__isnull=True)
                )
                | (
                    Q(role__in=sorted(COUNCIL_ROLES))
                    & Q(council__isnull=False, practice__isnull=True, inspectorate__isnull=True)
                )
                | (
                    Q(role__in=sorted(INSPECTORATE_ROLES))
                    & Q(inspectorate__isnull=False, practice__isnull=True, council__isnull=True)
                ),
                name="membership_role_matches_one_organisation",
                violation_error_message=(
                    "A practice role needs a practice, a council role a council, and an "
                    "inspectorate role an inspectorate (and only that one)"
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
                violation_error_message="The end date must be on or after the start date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"

    @property
    def organisation(self):
        return self.practice or self.council or self.inspectorate
