"""Councils, practices, inspectorates and who works in them."""

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html

from core import clock
from core.admin import admin_changelist_url, audit_history_url, register_event_admins
from practices.models import Council, Inspectorate, Membership, Practice
from practices.reconcile import reconcile_access
from practices.services import practice_group


def bring_access_into_line(*practices) -> None:
    """After an edit made in the admin (not through the services): make sure each practice has
    its permission group, then put group membership and the practices' grants on children
    back in line with memberships and allocations. Runs in the admin's transaction."""
    for practice in practices:
        if practice is not None:
            practice_group(practice)
    reconcile_access(repair=True)


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "ons_code", "dfe_la_number", "region")
    list_filter = ("region",)
    search_fields = ("name", "ons_code", "dfe_la_number")
    ordering = ("name",)
    readonly_fields = ("created_at", "updated_at", "related")

    @admin.display(description="Related records")
    def related(self, obj):
        if obj.pk is None:
            return "-"
        return format_html(
            '<a href="{}">Children</a> · <a href="{}">Contracts</a> · <a href="{}">People</a>',
            admin_changelist_url("placements.Child", council__id__exact=obj.pk),
            admin_changelist_url("commissioning.Contract", council__id__exact=obj.pk),
            admin_changelist_url("practices.Membership", council__id__exact=obj.pk),
        )


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("name", "legal_form", "ofsted_urn", "registered_on", "town", "postcode")
    list_filter = ("legal_form",)
    search_fields = ("name", "ofsted_urn", "company_number", "charity_number", "town", "postcode")
    ordering = ("name",)
    fieldsets = (
        (None, {"fields": ("name", "legal_form")}),
        (
            "Registration",
            {"fields": ("ofsted_urn", "registered_on", "company_number", "charity_number")},
        ),
        (
            "Contact",
            {
                "fields": (
                    "address_line_1",
                    "address_line_2",
                    "town",
                    "postcode",
                    "email",
                    "telephone",
                )
            },
        ),
        ("Record", {"fields": ("group", "related", "created_at", "updated_at")}),
    )
    readonly_fields = ("group", "related", "created_at", "updated_at")

    @admin.display(description="Related records")
    def related(self, obj):
        if obj.pk is None:
            return "-"
        return format_html(
            '<a href="{}">Contracts</a> · <a href="{}">Cases held</a> · <a href="{}">People</a>',
            admin_changelist_url("commissioning.Contract", practice__id__exact=obj.pk),
            admin_changelist_url("placements.Allocation", practice__id__exact=obj.pk),
            admin_changelist_url("practices.Membership", practice__id__exact=obj.pk),
        )


@admin.register(Inspectorate)
class InspectorateAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    ordering = ("name",)
    readonly_fields = ("created_at", "updated_at")


class CurrentFilter(admin.SimpleListFilter):
    title = "current"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return (("yes", "Current"), ("no", "Ended or not yet started"))

    def queryset(self, request, queryset):
        today = clock.today()
        current = Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        if self.value() == "yes":
            return queryset.filter(current)
        if self.value() == "no":
            return queryset.exclude(current)
        return queryset


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """A person's role in one organisation. Saving here also brings practice groups and the
    practices' access to children back in line (the services do the same)."""

    list_display = ("user", "role", "organisation", "started_on", "ended_on", "sw_id")
    list_select_related = ("user", "council", "practice", "inspectorate")
    list_filter = (CurrentFilter, "role", "council", "practice", "inspectorate")
    search_fields = (
        "user__username",
        "user__full_name",
        "user__email",
        "sw_id",
        "social_work_england_number",
    )
    date_hierarchy = "started_on"
    ordering = ("user__full_name", "user__username", "-started_on")
    autocomplete_fields = ("user",)
    fieldsets = (
        (None, {"fields": ("user", "role")}),
        (
            "Organisation",
            {
                "fields": ("council", "practice", "inspectorate"),
                "description": (
                    "Exactly one: a practice for a practice role, a council for a council "
                    "role, an inspectorate for an inspectorate role."
                ),
            },
        ),
        ("Dates", {"fields": ("started_on", "ended_on")}),
        ("Social worker", {"fields": ("social_work_england_number", "sw_id")}),
        ("Record", {"fields": ("history", "created_at", "updated_at")}),
    )
    readonly_fields = ("history", "created_at", "updated_at")

    @admin.display(description="Organisation")
    def organisation(self, obj):
        return obj.organisation

    @admin.display(description="Changes")
    def history(self, obj):
        url = audit_history_url(obj) if obj.pk else ""
        return format_html('<a href="{}">Audit trail</a>', url) if url else "-"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bring_access_into_line(obj.practice)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bring_access_into_line()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bring_access_into_line()


register_event_admins("practices")
