"""Oversight in the back office. Inspections: platform staff may correct an inspection's
title, scope or window; samples, case audits and findings are written only by the
services (oversight.services), so here they are view only."""

from django.contrib import admin

from core.admin import (
    LargeTableAdmin,
    ReadOnlyAdmin,
    admin_changelist_url,
    audit_history_url,
    register_event_admins,
)
from oversight.models import (
    CaseAudit,
    Inspection,
    InspectionFindings,
    InspectionInspector,
    InspectionSample,
    SSDA903Failure,
    SSDA903Run,
)


class InspectorInline(admin.TabularInline):
    model = InspectionInspector
    extra = 0
    autocomplete_fields = ("inspector",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "inspectorate",
        "council",
        "practice",
        "starts_on",
        "ends_on",
        "status",
    )
    list_select_related = ("inspectorate", "council", "practice")
    list_filter = ("status", "inspectorate")
    search_fields = ("title", "council__name", "practice__name")
    date_hierarchy = "starts_on"
    ordering = ("-starts_on",)
    fields = (
        "title",
        "inspectorate",
        ("council", "practice"),
        "scope",
        ("starts_on", "ends_on"),
        "status",
        ("sample_size", "sample_seed"),
        "sample_drawn_at",
        "sample_frame_size",
        "access_revoked_at",
        "history",
    )
    readonly_fields = (
        "inspectorate",
        "council",
        "practice",
        "status",
        "sample_size",
        "sample_seed",
        "sample_drawn_at",
        "sample_frame_size",
        "access_revoked_at",
        "history",
    )
    inlines = (InspectorInline,)

    def has_add_permission(self, request):
        return False  # scheduled by an inspectorate administrator, on the inspection pages

    @admin.display(description="History")
    def history(self, obj):
        from django.utils.html import format_html

        url = audit_history_url(obj)
        return format_html('<a href="{}">Changes to this inspection</a>', url) if url else "-"


@admin.register(InspectionInspector)
class InspectionInspectorAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "inspector")
    list_select_related = ("inspection", "inspector")
    search_fields = ("inspection__title", "inspector__username", "inspector__full_name")


@admin.register(InspectionSample)
class InspectionSampleAdmin(ReadOnlyAdmin):
    list_display = ("child", "inspection", "method", "stratum", "added_by", "created_at")
    list_select_related = ("child", "inspection", "added_by")
    list_filter = ("method",)
    search_fields = ("inspection__title", "child__la_child_id", "child__last_name")
    raw_id_fields = ("child",)
    show_full_result_count = False


@admin.register(CaseAudit)
class CaseAuditAdmin(ReadOnlyAdmin):
    list_display = ("sample", "inspector", "completed_at", "version", "updated_at")
    list_select_related = ("sample__child", "sample__inspection", "inspector")
    search_fields = ("sample__inspection__title", "sample__child__la_child_id")
    raw_id_fields = ("sample",)


@admin.register(InspectionFindings)
class InspectionFindingsAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "status", "published_at", "version")
    list_select_related = ("inspection",)
    list_filter = ("status",)
    search_fields = ("inspection__title",)


def _flat(fields) -> tuple[str, ...]:
    """readonly_fields takes names only; `fields` may group them in tuples on one line."""
    return tuple(
        name for group in fields for name in (group if isinstance(group, tuple) else (group,))
    )


# --- SSDA903 validation runs: written only by oversight.ssda903.services (view only) --------


@admin.register(SSDA903Run)
class SSDA903RunAdmin(ReadOnlyAdmin):
    list_display = (
        "council",
        "year",
        "status",
        "trigger",
        "child_count",
        "error_count",
        "query_count",
        "created_at",
        "finished_at",
    )
    list_select_related = ("council",)
    list_filter = ("status", "trigger", "year")
    search_fields = ("council__name", "council__ons_code")
    date_hierarchy = "created_at"
    fields = (
        ("council", "year"),
        ("status", "trigger", "requested_by"),
        ("created_at", "started_at", "finished_at"),
        ("progress_done", "progress_total"),
        ("child_count", "error_count", "query_count"),
        "rule_counts",
        "message",
        "links",
    )
    readonly_fields = _flat(fields)

    @admin.display(description="See")
    def links(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        page = reverse("oversight:ssda903_results", args=[obj.council.ons_code, obj.year])
        failures = admin_changelist_url("oversight.SSDA903Failure", run__id__exact=obj.pk)
        return format_html(
            '<a href="{}">The results page</a> · <a href="{}">This run\'s failures</a>',
            page,
            failures,
        )


@admin.register(SSDA903Failure)
class SSDA903FailureAdmin(ReadOnlyAdmin, LargeTableAdmin):
    list_display = ("code", "severity", "table", "child", "where", "run")
    list_select_related = ("child", "run__council")
    list_filter = ("severity", "table")
    search_fields = ("code", "child__la_child_id")
    raw_id_fields = ("run", "child")
    fields = ("run", "child", ("code", "severity", "table"), "where", "values")
    readonly_fields = _flat(fields)


register_event_admins("oversight")
