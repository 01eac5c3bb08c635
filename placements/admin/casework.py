"""Visits, case notes, plans and missing episodes."""

from django.contrib import admin

from placements.admin.base import (
    CHILD_SEARCH_FIELDS,
    ChildRecordAdmin,
    VersionedAdmin,
    code_filter,
    open_filter,
)
from placements.models import CaseNote, DeprivationOfLiberty, MissingEpisode, Plan, Visit


@admin.register(Visit)
class VisitAdmin(VersionedAdmin, ChildRecordAdmin):
    list_display = ("child", "visited_on", "kind", "location", "seen", "seen_alone", "recorded_by")
    list_select_related = ("child", "recorded_by")
    list_filter = ("kind", "location", "seen", "seen_alone")
    search_fields = (*CHILD_SEARCH_FIELDS, "recorded_by__full_name", "recorded_by__username")
    date_hierarchy = "visited_on"
    ordering = ("-visited_on",)
    autocomplete_fields = ("child", "recorded_by")
    raw_id_fields = ("placement",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(CaseNote)
class CaseNoteAdmin(VersionedAdmin, ChildRecordAdmin):
    list_display = ("child", "occurred_on", "category", "subject", "significant", "written_by")
    list_select_related = ("child", "written_by")
    list_filter = ("category", "significant")
    search_fields = (*CHILD_SEARCH_FIELDS, "subject")
    date_hierarchy = "occurred_on"
    ordering = ("-occurred_on", "-id")
    autocomplete_fields = ("child", "written_by")
    readonly_fields = ("created_at", "updated_at")


@admin.register(Plan)
class PlanAdmin(VersionedAdmin, ChildRecordAdmin):
    list_display = ("child", "kind", "completed_on", "agreed_with_carer", "recorded_by")
    list_select_related = ("child", "recorded_by")
    list_filter = ("kind", "agreed_with_carer")
    search_fields = CHILD_SEARCH_FIELDS
    date_hierarchy = "completed_on"
    ordering = ("-completed_on",)
    autocomplete_fields = ("child", "recorded_by")
    raw_id_fields = ("placement",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(MissingEpisode)
class MissingEpisodeAdmin(VersionedAdmin, ChildRecordAdmin):
    list_display = (
        "child",
        "kind",
        "started_on",
        "ended_on",
        "return_interview_offered_on",
        "return_interview_accepted",
    )
    list_select_related = ("child",)
    list_filter = (open_filter(), code_filter("kind"), "return_interview_accepted")
    search_fields = CHILD_SEARCH_FIELDS
    date_hierarchy = "started_on"
    ordering = ("-started_on",)
    autocomplete_fields = ("child", "recorded_by")
    readonly_fields = ("created_at", "updated_at")


@admin.register(DeprivationOfLiberty)
class DeprivationOfLibertyAdmin(VersionedAdmin, ChildRecordAdmin):
    list_display = ("child", "started_on", "ended_on", "court", "recorded_by")
    list_select_related = ("child", "recorded_by")
    list_filter = (open_filter(),)
    search_fields = CHILD_SEARCH_FIELDS
    date_hierarchy = "started_on"
    ordering = ("-started_on",)
    autocomplete_fields = ("child", "recorded_by")
    readonly_fields = ("created_at", "updated_at")
