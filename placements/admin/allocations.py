"""Who holds a child's case, the allocated worker, and the per-child access grants."""

from django.contrib import admin

from core.admin import LargeTableAdmin, ReadOnlyAdmin
from placements.admin.base import CHILD_SEARCH_FIELDS, ChildRecordAdmin, code_filter, open_filter
from placements.models import (
    Allocation,
    ChildGroupObjectPermission,
    ChildUserObjectPermission,
    WorkerAllocation,
)
from practices.admin import bring_access_into_line


@admin.register(Allocation)
class AllocationAdmin(ChildRecordAdmin):
    """Saving here also grants or revokes the practice's access to the child (as the services
    do). Ending an allocation here does not end the allocated worker: end that too."""

    list_display = ("child", "holder", "contract_reference", "started_on", "ended_on")
    list_select_related = ("child", "practice", "contract")
    list_filter = (open_filter(), "practice", "child__council")
    search_fields = (*CHILD_SEARCH_FIELDS, "practice__name", "contract__reference")
    date_hierarchy = "started_on"
    ordering = ("-started_on",)
    autocomplete_fields = ("child", "contract")
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description="Held by", ordering="practice__name")
    def holder(self, obj):
        return obj.practice or "Council's own team"

    @admin.display(description="Contract", ordering="contract__reference")
    def contract_reference(self, obj):
        return obj.contract.reference if obj.contract_id else "-"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bring_access_into_line(obj.practice)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bring_access_into_line()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bring_access_into_line()


@admin.register(WorkerAllocation)
class WorkerAllocationAdmin(ChildRecordAdmin):
    """SSDA903 SWEpisodes: the child's allocated social worker."""

    list_display = ("child", "worker", "sw_id", "started_on", "ended_on", "end_reason")
    list_select_related = ("child", "worker")
    list_filter = (open_filter(), code_filter("end_reason"))
    search_fields = (*CHILD_SEARCH_FIELDS, "worker__username", "worker__full_name", "=sw_id")
    date_hierarchy = "started_on"
    ordering = ("-started_on",)
    autocomplete_fields = ("child", "worker")
    raw_id_fields = ("allocation",)
    readonly_fields = ("created_at", "updated_at")


class GrantAdmin(ReadOnlyAdmin, LargeTableAdmin):
    """Written only by the allocation and inspection services and the nightly reconciliation
    (which would undo a hand edit), so view only."""

    search_fields = ("content_object__la_child_id", "content_object__last_name")
    ordering = ("-id",)
    raw_id_fields = ("content_object", "permission")


@admin.register(ChildGroupObjectPermission)
class ChildGroupObjectPermissionAdmin(GrantAdmin):
    list_display = ("content_object", "group", "permission")
    list_select_related = ("content_object", "group", "permission__content_type")
    search_fields = (*GrantAdmin.search_fields, "group__name")
    raw_id_fields = (*GrantAdmin.raw_id_fields, "group")


@admin.register(ChildUserObjectPermission)
class ChildUserObjectPermissionAdmin(GrantAdmin):
    list_display = ("content_object", "user", "permission")
    list_select_related = ("content_object", "user", "permission__content_type")
    search_fields = (*GrantAdmin.search_fields, "user__username", "user__full_name")
    raw_id_fields = (*GrantAdmin.raw_id_fields, "user")
