"""Contracts between councils and social work practices."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from commissioning.models import (
    Budget,
    Contract,
    ContractVariation,
    DelegableFunction,
    PerformanceSnapshot,
    PerformanceTarget,
    Referral,
    SpendRequest,
)
from core.admin import (
    LargeTableAdmin,
    ReadOnlyAdmin,
    admin_changelist_url,
    audit_history_url,
    register_event_admins,
)


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "council",
        "practice",
        "kind",
        "status",
        "starts_on",
        "ends_on",
        "capacity",
    )
    list_select_related = ("council", "practice")
    list_filter = ("status", "kind", "council", "practice")
    search_fields = ("reference", "council__name", "practice__name")
    date_hierarchy = "starts_on"
    ordering = ("council__name", "practice__name", "-starts_on")
    fieldsets = (
        (None, {"fields": ("reference", ("council", "practice"), "kind", "status")}),
        (
            "Term",
            {
                "fields": (
                    ("starts_on", "ends_on"),
                    "break_clause_on",
                    "notice_period_days",
                    "review_on",
                )
            },
        ),
        (
            "What is delegated",
            {"fields": ("cohort", "functions", "duties_continue_after_care", "capacity")},
        ),
        (
            "Price",
            {"fields": ("weekly_price_per_child", "block_amount_per_month", "annual_value")},
        ),
        (
            "Delegated spending",
            {
                "fields": (
                    "delegated_limit_per_item",
                    "delegated_limit_per_child_year",
                    "senior_approval_threshold",
                )
            },
        ),
        ("Record", {"fields": ("cases", "history", "created_at", "updated_at")}),
    )
    readonly_fields = ("cases", "history", "created_at", "updated_at")

    def get_queryset(self, request):
        # A contract's name includes its council and practice: fetch them with it, for the
        # autocomplete results too. (A changelist whose queryset already has select_related
        # ignores list_select_related, so this names the same relations.)
        return super().get_queryset(request).select_related(*self.list_select_related)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "functions":
            return forms.MultipleChoiceField(
                choices=DelegableFunction.choices,
                widget=forms.CheckboxSelectMultiple,
                required=not db_field.blank,
                label="Functions delegated",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Cases")
    def cases(self, obj):
        if obj.pk is None:
            return "-"
        # One indexed count, for this contract only (never on the list page).
        open_cases = obj.allocations.filter(ended_on__isnull=True).count()
        return format_html(
            '<a href="{}">{} open of {} capacity</a>',
            admin_changelist_url(
                "placements.Allocation", contract__id__exact=obj.pk, ended_on__isempty=1
            ),
            open_cases,
            obj.capacity,
        )

    @admin.display(description="Changes")
    def history(self, obj):
        url = audit_history_url(obj) if obj.pk else ""
        return format_html('<a href="{}">Audit trail</a>', url) if url else "-"


# Variations, targets, referrals, budgets and spend are written by the commissioning
# services (which keep budgets consistent with the rows beneath them and grant access):
# the back office reads them, it never edits them.


class ByContractAdmin(ReadOnlyAdmin):
    """Lists show the contract by its reference (its full name would join the council and
    the practice on every row)."""

    @admin.display(description="Contract", ordering="contract__reference")
    def contract_reference(self, obj):
        return obj.contract.reference


@admin.register(ContractVariation)
class ContractVariationAdmin(ByContractAdmin):
    list_display = ("contract_reference", "number", "effective_from", "made_by", "created_at")
    list_select_related = ("contract", "made_by")
    search_fields = ("contract__reference", "reason")
    date_hierarchy = "effective_from"


@admin.register(PerformanceTarget)
class PerformanceTargetAdmin(ByContractAdmin):
    list_display = ("contract_reference", "indicator", "direction", "threshold", "ended_at")
    list_select_related = ("contract",)
    list_filter = ("indicator",)
    search_fields = ("contract__reference",)


@admin.register(PerformanceSnapshot)
class PerformanceSnapshotAdmin(ByContractAdmin, LargeTableAdmin):
    list_display = ("contract_reference", "month", "indicator", "numerator", "denominator", "value")
    list_select_related = ("contract",)
    list_filter = ("indicator",)
    search_fields = ("contract__reference",)
    date_hierarchy = "month"


@admin.register(Referral)
class ReferralAdmin(ByContractAdmin, LargeTableAdmin):
    list_display = ("child", "contract_reference", "status", "referred_by", "decided_at")
    list_select_related = ("child", "contract", "referred_by")
    list_filter = ("status",)
    search_fields = ("contract__reference", "child__la_child_id")


@admin.register(Budget)
class BudgetAdmin(ByContractAdmin):
    list_display = ("contract_reference", "financial_year", "amount", "set_by")
    list_select_related = ("contract", "set_by")
    list_filter = ("financial_year",)
    search_fields = ("contract__reference",)


@admin.register(SpendRequest)
class SpendRequestAdmin(ByContractAdmin, LargeTableAdmin):
    list_display = (
        "child",
        "contract_reference",
        "category",
        "amount",
        "frequency",
        "level",
        "status",
    )
    list_select_related = ("child", "contract")
    list_filter = ("status", "level", "category")
    search_fields = ("contract__reference", "child__la_child_id", "description")
    date_hierarchy = "starts_on"


register_event_admins("commissioning")
