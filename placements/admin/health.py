"""Health: assessments, dental checks, immunisations, SDQ, substance misuse, convictions."""

from django.contrib import admin

from placements.admin.base import CHILD_SEARCH_FIELDS, ChildRecordAdmin, VersionedAdmin, code_filter
from placements.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQAssessment,
    SubstanceMisuse,
)


class HealthRecordAdmin(ChildRecordAdmin):
    list_select_related = ("child",)
    search_fields = CHILD_SEARCH_FIELDS
    autocomplete_fields = ("child",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(HealthAssessment)
class HealthAssessmentAdmin(VersionedAdmin, HealthRecordAdmin):
    list_display = ("child", "kind", "completed_on", "completed_by", "immunisations_up_to_date")
    list_filter = ("kind", "immunisations_up_to_date")
    date_hierarchy = "completed_on"
    ordering = ("-completed_on",)
    autocomplete_fields = ("child", "recorded_by")


@admin.register(DentalCheck)
class DentalCheckAdmin(HealthRecordAdmin):
    list_display = ("child", "checked_on")
    date_hierarchy = "checked_on"
    ordering = ("-checked_on",)


@admin.register(ImmunisationStatus)
class ImmunisationStatusAdmin(HealthRecordAdmin):
    list_display = ("child", "recorded_on", "up_to_date")
    list_filter = ("up_to_date",)
    date_hierarchy = "recorded_on"
    ordering = ("-recorded_on",)


@admin.register(SDQAssessment)
class SDQAssessmentAdmin(HealthRecordAdmin):
    list_display = ("child", "completed_on", "score", "reason")
    list_filter = (code_filter("reason"),)
    date_hierarchy = "completed_on"
    ordering = ("-completed_on",)


@admin.register(SubstanceMisuse)
class SubstanceMisuseAdmin(HealthRecordAdmin):
    list_display = ("child", "identified_on", "intervention_offered", "intervention_received")
    list_filter = ("intervention_offered", "intervention_received")
    date_hierarchy = "identified_on"
    ordering = ("-identified_on",)


@admin.register(Conviction)
class ConvictionAdmin(HealthRecordAdmin):
    list_display = ("child", "convicted_on")
    date_hierarchy = "convicted_on"
    ordering = ("-convicted_on",)
