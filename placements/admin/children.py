"""The child, periods of care, episodes, IRO appointments and reviews."""

from django.contrib import admin
from pghistory.models import Event

from core.admin import admin_changelist_url, audit_history_url
from placements.admin.base import (
    CHILD_SEARCH_FIELDS,
    ChildRecordAdmin,
    VersionedAdmin,
    code_filter,
    links,
    open_filter,
)
from placements.models import Child, Episode, IROAppointment, PeriodOfCare, Review


@admin.register(Child)
class ChildAdmin(VersionedAdmin, ChildRecordAdmin):
    """No inlines: a child's visits, notes and episodes run to thousands of rows. The record
    links to each list instead, filtered to the child (a link costs no query)."""

    child_id_path = "pk"
    list_display = (
        "la_child_id",
        "last_name",
        "first_name",
        "date_of_birth",
        "sex",
        "council",
        "uasc",
    )
    list_display_links = ("la_child_id", "last_name")
    list_select_related = ("council",)
    list_filter = ("council", code_filter("sex"), "uasc")
    search_fields = ("la_child_id", "first_name", "last_name", "preferred_name", "=upn")
    date_hierarchy = "date_of_birth"
    ordering = ("last_name", "first_name")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "council",
                    "la_child_id",
                    ("first_name", "last_name"),
                    "preferred_name",
                    ("date_of_birth", "date_of_death"),
                    "sex",
                    "ethnicity",
                )
            },
        ),
        ("Identifiers", {"fields": ("upn", "nhs_number")}),
        (
            "Circumstances",
            {
                "fields": (
                    ("uasc", "uasc_ceased_on"),
                    ("is_mother", "mother_child_dob"),
                    "home_postcode",
                )
            },
        ),
        (
            "Record",
            {"fields": ("records", "version", "created_at", "updated_at", "expected_version")},
        ),
    )
    readonly_fields = ("records", "created_at", "updated_at")

    @admin.display(description="The child's records")
    def records(self, obj):
        if obj.pk is None:
            return "-"
        site = self.admin_site
        pairs = [
            (
                admin_changelist_url(rel.related_model._meta.label, child__id__exact=obj.pk),
                rel.related_model._meta.verbose_name_plural.capitalize(),
            )
            for rel in Child._meta.related_objects
            if rel.field.name == "child"
            and not issubclass(rel.related_model, Event)
            and site.is_registered(rel.related_model)
        ]
        pairs += [
            (admin_changelist_url("core.RecordAccess", child_id=obj.pk), "Who read the record"),
            (audit_history_url(obj), "Changes to these details"),
        ]
        return links(*pairs)


@admin.register(PeriodOfCare)
class PeriodOfCareAdmin(ChildRecordAdmin):
    list_display = ("child", "started_on", "ended_on", "cin", "reason_ended")
    list_select_related = ("child",)
    list_filter = (open_filter(), code_filter("cin"), code_filter("reason_ended"))
    search_fields = CHILD_SEARCH_FIELDS
    date_hierarchy = "started_on"
    ordering = ("-started_on",)
    autocomplete_fields = ("child",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Episode)
class EpisodeAdmin(ChildRecordAdmin):
    """SSDA903 episodes. The services write them as a chain (each ends the day the next
    starts, REC X1); an edit here must keep the chain whole."""

    list_display = ("child", "decom", "dec", "rne", "legal_status", "rec", "reason_place_change")
    list_select_related = ("child",)
    list_filter = (
        open_filter("dec"),
        code_filter("legal_status"),
        code_filter("rne"),
        code_filter("rec"),
    )
    search_fields = CHILD_SEARCH_FIELDS
    date_hierarchy = "decom"
    ordering = ("-decom",)
    autocomplete_fields = ("child",)
    raw_id_fields = ("period", "placement")
    readonly_fields = ("created_at", "updated_at")


@admin.register(IROAppointment)
class IROAppointmentAdmin(ChildRecordAdmin):
    list_display = ("child", "iro", "started_on", "ended_on")
    list_select_related = ("child", "iro")
    list_filter = (open_filter(),)
    search_fields = (*CHILD_SEARCH_FIELDS, "iro__username", "iro__full_name")
    date_hierarchy = "started_on"
    ordering = ("-started_on",)
    autocomplete_fields = ("child", "iro")
    readonly_fields = ("created_at", "updated_at")


@admin.register(Review)
class ReviewAdmin(VersionedAdmin, ChildRecordAdmin):
    list_display = ("child", "held_on", "participation", "chaired_by", "next_review_by")
    list_select_related = ("child", "chaired_by")
    list_filter = (code_filter("participation"),)
    search_fields = (*CHILD_SEARCH_FIELDS, "chaired_by__full_name", "chaired_by__username")
    date_hierarchy = "held_on"
    ordering = ("-held_on",)
    autocomplete_fields = ("child", "chaired_by", "recorded_by")
    raw_id_fields = ("period",)
    readonly_fields = ("created_at", "updated_at")
