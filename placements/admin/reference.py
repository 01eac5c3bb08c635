"""Reference data (SSDA903 code lists, non-working days) and the derived deadlines."""

from django.contrib import admin
from django.db import transaction

from core.admin import ReadOnlyAdmin
from placements.admin.base import CHILD_SEARCH_FIELDS, ChildRecordAdmin
from placements.models import Code, Deadline, NonWorkingDay
from placements.models.codes import clear_code_cache


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    """SSDA903 codes by collection year (2025 means 1 April 2025 to 31 March 2026).

    A code that stops being valid gets a "valid until" year; deleting it would leave the
    rows that use it with a code the database no longer knows.
    """

    list_display = ("list_name", "code", "label", "valid_from_year", "valid_until_year")
    list_display_links = ("list_name", "code")
    list_filter = ("list_name",)
    search_fields = ("list_name", "code", "label")
    ordering = ("list_name", "code", "valid_from_year")
    list_per_page = 200

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _recheck_returns()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        clear_code_cache()
        _recheck_returns()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        clear_code_cache()
        _recheck_returns()


def _recheck_returns() -> None:
    """A code list decides what the SSDA903 rules accept for every child: once the edit
    commits, every council's return for this year is checked again."""
    from oversight.ssda903.services import request_after_bulk_change

    transaction.on_commit(request_after_bulk_change)


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin):
    """Bank holidays come from the `holidays` package; add one-off proclaimed holidays here."""

    list_display = ("day", "name", "source")
    list_filter = ("source",)
    search_fields = ("name",)
    date_hierarchy = "day"
    ordering = ("-day",)

    def get_readonly_fields(self, request, obj=None):
        # A day added here is always the administrator's; a package day stays the package's.
        return ("source",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = NonWorkingDay.Source.ADMIN
        super().save_model(request, obj, form, change)


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin, ChildRecordAdmin):
    """Worked out from the child's record by the deadline engine, and rewritten by it: to
    change a deadline, change the record it comes from."""

    list_display = ("child", "kind", "title", "due_on", "met_on", "rule")
    list_select_related = ("child",)
    list_filter = ("kind", ("met_on", admin.EmptyFieldListFilter))
    search_fields = (*CHILD_SEARCH_FIELDS, "title", "rule")
    date_hierarchy = "due_on"
    ordering = ("due_on",)
    raw_id_fields = ("child",)
