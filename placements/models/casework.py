"""The day-to-day record: visits, notes, plans and missing episodes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.audit import audited
from core.models import TimeStamped
from placements.models.base import Versioned, ends_after_start, no_overlap_per_child
from placements.models.children import Child
from placements.models.codes import CodedModel, CodeField
from placements.models.homes import Placement


@audited()
class Visit(TimeStamped, Versioned):
    """A social worker's visit to the child (CPPCR reg 28)."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", "Statutory visit"
        ADDITIONAL = "additional", "Additional visit"
        UNANNOUNCED = "unannounced", "Unannounced visit"

    class Location(models.TextChoices):
        PLACEMENT = "placement", "Where the child lives"
        SCHOOL = "school", "School or college"
        FAMILY = "family", "Family home"
        OFFICE = "office", "Office"
        COMMUNITY = "community", "Community setting"
        VIRTUAL = "virtual", "Video call"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="visits")
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STATUTORY)
    seen = models.BooleanField("child was seen")
    seen_alone = models.BooleanField("child was seen alone")
    location = models.CharField(max_length=20, choices=Location.choices)
    record = models.TextField(blank=True)
    follow_up = models.TextField("follow-up actions", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits_recorded"
    )

    class Meta:
        ordering = ["child", "-visited_on"]
        indexes = [models.Index(fields=["child", "visited_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(seen=True) | Q(seen_alone=False),
                name="visit_seen_alone_needs_seen",
                violation_error_message="A child seen alone must also be recorded as seen",
            )
        ]

    def __str__(self) -> str:
        return f"Visit to {self.child} on {self.visited_on:%d/%m/%Y}"


@audited()
class CaseNote(TimeStamped, Versioned):
    """A note on the child's record; significant ones appear in the chronology."""

    class Category(models.TextChoices):
        GENERAL = "general", "General"
        CONTACT = "contact", "Family time and contact"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        PLACEMENT = "placement", "Placement"
        MANAGEMENT = "management", "Management oversight"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="notes")
    occurred_on = models.DateField()
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.GENERAL)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    significant = models.BooleanField("significant event", default=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes_written"
    )

    class Meta:
        ordering = ["child", "-occurred_on", "-id"]
        indexes = [models.Index(fields=["child", "occurred_on"])]

    def __str__(self) -> str:
        return self.subject


@audited()
class Plan(TimeStamped, Versioned):
    """A care plan, placement plan, permanence plan or pathway assessment/plan."""

    class Kind(models.TextChoices):
        CARE_PLAN = "care_plan", "Care plan"
        PLACEMENT_PLAN = "placement_plan", "Placement plan"
        PERMANENCE_PLAN = "permanence_plan", "Permanence plan"
        PATHWAY_NEEDS_ASSESSMENT = "pathway_needs_assessment", "Pathway needs assessment"
        PATHWAY_PLAN = "pathway_plan", "Pathway plan"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="plans")
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    completed_on = models.DateField()
    agreed_with_carer = models.BooleanField(default=False)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["child", "-completed_on"]
        indexes = [models.Index(fields=["child", "kind", "completed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="placement_plan") | Q(placement__isnull=False),
                name="plan_placement_plan_has_placement",
                violation_error_message="A placement plan belongs to a placement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.completed_on:%d/%m/%Y}"


@audited()
class MissingEpisode(TimeStamped, Versioned, CodedModel):
    """A time the child was missing or away without authorisation (SSDA903 Missing)."""

    code_date_field = "started_on"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="missing_episodes")
    kind = CodeField("missing or away (MISSING)", code_list="MISSING", max_length=1, blank=False)
    started_on = models.DateField("MIS_START")
    ended_on = models.DateField("MIS_END", null=True, blank=True)
    return_interview_offered_on = models.DateField(null=True, blank=True)
    return_interview_accepted = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["child", "-started_on"]
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [
            ends_after_start("missing_episode_ends_after_start", "started_on", "ended_on"),
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.get_kind_label()} from {self.started_on:%d/%m/%Y}"

    def get_kind_label(self) -> str:
        return "missing" if self.kind == "M" else "away"


@audited()
class DeprivationOfLiberty(TimeStamped, Versioned):
    """A court order authorising the deprivation of a child's liberty (DoLO: the High
    Court's inherent jurisdiction, where no secure accommodation order can be made), from a
    date until a date (SSDA903 DoLo, from 2026-27). A council decision, like legal status."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="dolos")
    started_on = models.DateField("DOLO_START")
    ended_on = models.DateField("DOLO_END", null=True, blank=True)
    court = models.CharField("court that made the order", max_length=200, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["child", "-started_on"]
        verbose_name = "deprivation of liberty order"
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [
            # Rule 702: the end after the start; rule 705: one order at a time.
            ends_after_start("dolo_ends_after_start", "started_on", "ended_on", strictly=True),
            no_overlap_per_child(
                "dolo_no_overlap",
                "started_on",
                "ended_on",
                message="This child already has a deprivation of liberty order in these dates",
            ),
        ]

    def __str__(self) -> str:
        return f"Deprivation of liberty order for {self.child} from {self.started_on:%d/%m/%Y}"
