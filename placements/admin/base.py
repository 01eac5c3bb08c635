"""What the placements admins share: code-list widgets and filters, the child-record base
class (read logging, deadline recompute, links) and optimistic locking for Versioned rows."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils.html import format_html
from django.utils.text import capfirst

from core.admin import LargeTableAdmin
from core.audit import record_read
from placements.deadlines import schedule_recompute
from placements.models import Code, CodeField

CHILD_SEARCH_FIELDS = ("child__la_child_id", "child__last_name", "child__first_name")


def code_choices(code_list: str) -> list[tuple[str, str]]:
    """Every code the list has had, in any year, with its latest label.

    Whether a code is valid in the row's year is checked by the model's clean() (and by the
    database); the widget only saves typing the code from memory.
    """
    rows = (
        Code.objects.filter(list_name=code_list)
        .order_by("code", "-valid_from_year")
        .values_list("code", "label")
    )
    labels: dict[str, str] = {}
    for code, label in rows:
        labels.setdefault(code, label)
    return [(code, f"{code}: {label}") for code, label in labels.items()]


def code_filter(field_name: str) -> type[admin.SimpleListFilter]:
    """A list filter for a CodeField, offering the codes of its list: no SELECT DISTINCT
    over a table of millions to find out which values occur."""

    class CodeListFilter(admin.SimpleListFilter):
        title = field_name
        parameter_name = field_name

        def __init__(self, request, params, model, model_admin):
            field = model._meta.get_field(field_name)
            self.title = field.verbose_name
            self.code_list = field.code_list
            super().__init__(request, params, model, model_admin)

        def lookups(self, request, model_admin):
            return code_choices(self.code_list)

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{field_name: self.value()})
            return queryset

    CodeListFilter.__name__ = f"{field_name.title().replace('_', '')}CodeFilter"
    return CodeListFilter


def open_filter(field_name: str = "ended_on"):
    """Open (no end date) or ended."""
    return (field_name, admin.EmptyFieldListFilter)


class CodeFieldsAdmin(admin.ModelAdmin):
    """CodeFields become a select of the codes of their list."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, CodeField):
            code_list = db_field.code_list

            def choices():
                return [("", "---------"), *code_choices(code_list)]

            return forms.ChoiceField(
                choices=choices,
                required=not db_field.blank,
                label=capfirst(db_field.verbose_name),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class VersionedForm(forms.ModelForm):
    """Refuses a save when someone else saved the record after this form was opened."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk is not None and expected is not None:
            rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
            if connection.in_atomic_block:
                rows = rows.select_for_update()  # held until the admin's transaction ends
            current = rows.values_list("version", flat=True).first()
            if current is not None and current != expected:
                raise ValidationError(
                    "Someone else changed this record while you were editing it. Open it "
                    "again to see their changes, then make yours.",
                    code="conflict",
                )
        return cleaned


class VersionedAdmin(admin.ModelAdmin):
    """For Versioned models: `version` is shown, never edited, and goes up by one on each
    save here, so that a social worker's form opened before this edit is refused."""

    form = VersionedForm

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "version")

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
        if change:
            obj.refresh_from_db(fields=["version"])


class ChildRecordAdmin(CodeFieldsAdmin, LargeTableAdmin):
    """A record about one child.

    Opening one here is logged as a read of the child's record, like the service's own
    pages; saving or deleting one asks for the child's deadlines to be recomputed.
    """

    #: attribute path from the record to its child's id
    child_id_path = "child_id"

    def child_id_of(self, obj):
        value = obj
        for part in self.child_id_path.split("."):
            value = getattr(value, part)
        return value

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            record_read(
                request,
                child_ids=[self.child_id_of(obj)],
                what=f"admin: {obj._meta.verbose_name}",
            )
        return obj

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        schedule_recompute(self.child_id_of(obj))

    def delete_model(self, request, obj):
        child_id = self.child_id_of(obj)
        super().delete_model(request, obj)
        schedule_recompute(child_id)

    def delete_queryset(self, request, queryset):
        child_ids = set(queryset.values_list(self.child_id_path.replace(".", "__"), flat=True))
        super().delete_queryset(request, queryset)
        for child_id in child_ids:
            schedule_recompute(child_id)


def links(*pairs) -> str:
    """ "A · B · C" from (url, text) pairs, leaving out any without a url."""
    shown = [(url, text) for url, text in pairs if url]
    if not shown:
        return "-"
    html = format_html('<a href="{}">{}</a>', *shown[0])
    for url, text in shown[1:]:
        html = format_html('{} · <a href="{}">{}</a>', html, url, text)
    return html
