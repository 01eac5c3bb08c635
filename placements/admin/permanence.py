"""Leaving care, adoption and previous permanence (SSDA903 OC3, PlacedAdoption, AD1, PrevPerm)."""

from django.contrib import admin

from placements.admin.base import CHILD_SEARCH_FIELDS, ChildRecordAdmin, code_filter, open_filter
from placements.models import Adoption, AdoptionDecision, CareLeaverContact, PreviousPermanence


class PermanenceRecordAdmin(ChildRecordAdmin):
    list_select_related = ("child",)
    search_fields = CHILD_SEARCH_FIELDS
    autocomplete_fields = ("child",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(CareLeaverContact)
class CareLeaverContactAdmin(PermanenceRecordAdmin):
    list_display = ("child", "birthday", "contact_on", "in_touch", "activity", "accommodation")
    list_filter = (code_filter("in_touch"), code_filter("activity"), code_filter("accommodation"))
    date_hierarchy = "contact_on"
    ordering = ("-contact_on",)


@admin.register(AdoptionDecision)
class AdoptionDecisionAdmin(PermanenceRecordAdmin):
    list_display = ("child", "decided_on", "ceased_on", "ceased_reason")
    list_filter = (open_filter("ceased_on"), code_filter("ceased_reason"))
    date_hierarchy = "decided_on"
    ordering = ("-decided_on",)


@admin.register(Adoption)
class AdoptionAdmin(PermanenceRecordAdmin):
    list_display = ("child", "decision_on", "matched_on", "adopted_on", "by_foster_carer")
    list_filter = (open_filter("adopted_on"), "by_foster_carer", code_filter("sex_of_adopters"))
    date_hierarchy = "matched_on"
    ordering = ("-matched_on",)


@admin.register(PreviousPermanence)
class PreviousPermanenceAdmin(PermanenceRecordAdmin):
    list_display = ("child", "prev_perm", "la_perm", "date_perm", "recorded_on")
    list_filter = (code_filter("prev_perm"),)
    date_hierarchy = "recorded_on"
    ordering = ("-recorded_on",)
