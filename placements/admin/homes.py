"""Providers, carers, placements, what they cost and who was told."""

from django.contrib import admin

from core.admin import admin_changelist_url, audit_history_url
from placements.admin.base import (
    CHILD_SEARCH_FIELDS,
    ChildRecordAdmin,
    CodeFieldsAdmin,
    VersionedAdmin,
    code_filter,
    links,
    open_filter,
)
from placements.models import (
    Carer,
    Episode,
    Placement,
    PlacementCost,
    PlacementNotification,
    Plan,
    Provider,
    Visit,
)

PLACEMENT_CHILD_SEARCH_FIELDS = tuple(f"placement__{name}" for name in CHILD_SEARCH_FIELDS)


@admin.register(Provider)
class ProviderAdmin(CodeFieldsAdmin):
    list_display = ("name", "provider_type", "council", "urn", "postcode")
    list_select_related = ("council",)
    list_filter = (code_filter("provider_type"), "council")
    search_fields = ("name", "=urn", "postcode")
    ordering = ("name",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Carer)
class CarerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "provider", "postcode", "approved_on", "temporary_approval")
    list_select_related = ("provider",)
    list_filter = ("kind", "temporary_approval")
    search_fields = ("name", "postcode", "provider__name")
    date_hierarchy = "approved_on"
    ordering = ("name",)
    autocomplete_fields = ("provider",)
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False


@admin.register(Placement)
class PlacementAdmin(VersionedAdmin, ChildRecordAdmin):
    """Placements. The services also write the matching SSDA903 episodes; an edit here does
    not, so keep the episodes in step."""

    list_display = (
        "child",
        "place",
        "place_provider",
        "started_on",
        "ended_on",
        "carer",
        "provider",
        "out_of_area",
    )
    list_select_related = ("child", "carer", "provider")
    list_filter = (
        open_filter(),
        code_filter("place"),
        code_filter("place_provider"),
        "out_of_area",
        "short_break",
    )
    search_fields = (*CHILD_SEARCH_FIELDS, "carer__name", "provider__name", "postcode", "=urn")
    date_hierarchy = "started_on"
    ordering = ("-started_on",)
    autocomplete_fields = ("child", "carer", "provider")
    raw_id_fields = ("period",)
    readonly_fields = ("records", "created_at", "updated_at")

    @admin.display(description="The placement's records")
    def records(self, obj):
        if obj.pk is None:
            return "-"
        return links(
            *(
                (
                    admin_changelist_url(model._meta.label, placement__id__exact=obj.pk),
                    model._meta.verbose_name_plural.capitalize(),
                )
                for model in (PlacementCost, PlacementNotification, Episode, Visit, Plan)
            ),
            (audit_history_url(obj), "Changes to this placement"),
        )


@admin.register(PlacementCost)
class PlacementCostAdmin(ChildRecordAdmin):
    child_id_path = "placement.child_id"
    list_display = ("placement", "weekly_amount", "funded_by", "started_on", "ended_on")
    list_select_related = ("placement__child",)
    list_filter = (open_filter(), "funded_by")
    search_fields = PLACEMENT_CHILD_SEARCH_FIELDS
    date_hierarchy = "started_on"
    ordering = ("-started_on",)
    raw_id_fields = ("placement",)
    autocomplete_fields = ("recorded_by",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(PlacementNotification)
class PlacementNotificationAdmin(ChildRecordAdmin):
    child_id_path = "placement.child_id"
    list_display = ("placement", "recipient", "sent_on")
    list_select_related = ("placement__child",)
    list_filter = ("recipient",)
    search_fields = PLACEMENT_CHILD_SEARCH_FIELDS
    date_hierarchy = "sent_on"
    ordering = ("-sent_on",)
    raw_id_fields = ("placement",)
    readonly_fields = ("created_at", "updated_at")
