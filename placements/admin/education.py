"""School enrolments and personal education plans."""

from django.contrib import admin

from placements.admin.base import CHILD_SEARCH_FIELDS, ChildRecordAdmin, VersionedAdmin, open_filter
from placements.models import EducationPlan, SchoolEnrolment


@admin.register(SchoolEnrolment)
class SchoolEnrolmentAdmin(ChildRecordAdmin):
    list_display = ("child", "school_name", "school_urn", "started_on", "ended_on")
    list_select_related = ("child",)
    list_filter = (open_filter(),)
    search_fields = (*CHILD_SEARCH_FIELDS, "school_name", "=school_urn")
    date_hierarchy = "started_on"
    ordering = ("-started_on",)
    autocomplete_fields = ("child",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(EducationPlan)
class EducationPlanAdmin(VersionedAdmin, ChildRecordAdmin):
    list_display = ("child", "kind", "term", "completed_on", "school_name", "attendance_percent")
    list_select_related = ("child",)
    list_filter = ("kind", "term")
    search_fields = (*CHILD_SEARCH_FIELDS, "school_name")
    date_hierarchy = "completed_on"
    ordering = ("-completed_on",)
    autocomplete_fields = ("child", "recorded_by")
    readonly_fields = ("created_at", "updated_at")
