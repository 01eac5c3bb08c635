"""The back office: people, the read log, notifications, and the pieces every admin shares.

Shared here (the other apps' admin modules build on them):

- `LargeTableAdmin`: no second unfiltered COUNT(*) on each page of a table of millions.
- `ReadOnlyAdmin`: view only, for rows that only the system writes (logs, grants, events).
- `register_event_admins`: a read-only admin for each django-pghistory event model of an app,
  so every audit table can be browsed and a newly audited model never lacks one.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from pghistory.admin import EventModelAdmin
from pghistory.models import Event

from core.models import Notification, RecordAccess, User


def admin_changelist_url(model_label: str, **params) -> str:
    """The admin list of `app_label.model_name`, filtered by `params`; "" if not registered."""
    app_label, model_name = model_label.lower().split(".")
    try:
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
    except NoReverseMatch:
        return ""
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


def admin_change_link(model_label: str, pk, text) -> str:
    app_label, model_name = model_label.lower().split(".")
    if pk is None:
        return "-"
    try:
        url = reverse(f"admin:{app_label}_{model_name}_change", args=[pk])
    except NoReverseMatch:
        return str(text)
    return format_html('<a href="{}">{}</a>', url, text)


class LargeTableAdmin(admin.ModelAdmin):
    """For tables with hundreds of thousands or millions of rows.

    The changelist shows "N results (Show all)" instead of also counting the whole table.
    Related records use raw-id or autocomplete widgets (set per admin), never a select box.
    """

    show_full_result_count = False
    list_per_page = 50


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the system writes: administrators may look, not touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------- people


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("full_name", "first_name", "last_name", "email")}),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
                "description": (
                    "What a person may do in the service follows from their memberships "
                    "(see below), not from groups or permissions set here. A practice's "
                    "group is kept in step with its memberships automatically."
                ),
            },
        ),
        ("Memberships", {"fields": ("memberships_link",)}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("username", "full_name", "first_name", "last_name", "email")
    ordering = ("full_name", "username")
    readonly_fields = ("memberships_link", "last_login", "date_joined")

    @admin.display(description="Roles")
    def memberships_link(self, obj):
        if obj.pk is None:
            return "-"
        url = admin_changelist_url("practices.Membership", user__id__exact=obj.pk)
        add_url = reverse("admin:practices_membership_add") + f"?user={obj.pk}"
        return format_html(
            '<a href="{}">Roles in councils, practices and inspectorates</a> · '
            '<a href="{}">Add a role</a>',
            url,
            add_url,
        )


# ---------------------------------------------------------------------------- the read log


@admin.register(RecordAccess)
class RecordAccessAdmin(ReadOnlyAdmin, LargeTableAdmin):
    """Who read which child's record. Append-only: the database refuses edits anyway.

    Filter by child with ?child_id=<id> (the child's admin page links here).
    """

    list_display = ("occurred_at", "actor", "child", "what", "ip_address")
    list_select_related = ("actor",)
    search_fields = ("actor__username", "actor__full_name", "what", "path")
    date_hierarchy = "occurred_at"
    ordering = ("-occurred_at",)
    raw_id_fields = ("actor",)

    @admin.display(description="Child", ordering="child_id")
    def child(self, obj):
        return admin_change_link("placements.Child", obj.child_id, f"Child {obj.child_id}")


@admin.register(Notification)
class NotificationAdmin(LargeTableAdmin):
    list_display = ("created_at", "recipient", "title", "read_at", "emailed_at")
    list_select_related = ("recipient",)
    list_filter = (
        ("read_at", admin.EmptyFieldListFilter),
        ("emailed_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("title", "key", "recipient__username", "recipient__full_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    autocomplete_fields = ("recipient",)
    readonly_fields = ("created_at",)


# ---------------------------------------------------------------------------- audit events


class AuditEventAdmin(ReadOnlyAdmin, EventModelAdmin):
    """One change to a tracked record, captured by a database trigger (django-pghistory).

    Filter to one record with ?obj=<app_label.model>:<pk> (the record's admin page links here).
    """

    list_display = ("pgh_created_at", "pgh_label", "record", "who", "where")
    list_select_related = ("pgh_context",)
    ordering = ("-pgh_id",)
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description="Record")
    def record(self, obj):
        tracked = obj.pgh_tracked_model
        return admin_change_link(tracked._meta.label, obj.pgh_obj_id, f"#{obj.pgh_obj_id}")

    @admin.display(description="Who")
    def who(self, obj):
        metadata = obj.pgh_context.metadata if obj.pgh_context_id else {}
        if metadata.get("user"):
            return admin_change_link("core.User", metadata["user"], f"User {metadata['user']}")
        return metadata.get("job") or "-"

    @admin.display(description="Where")
    def where(self, obj):
        metadata = obj.pgh_context.metadata if obj.pgh_context_id else {}
        return metadata.get("url") or "-"


def register_event_admins(app_label: str, site: admin.AdminSite = admin.site) -> None:
    """Register a read-only admin for each audit event model of the app not yet registered."""
    for model in apps.get_app_config(app_label).get_models():
        if issubclass(model, Event) and not site.is_registered(model):
            site.register(model, AuditEventAdmin)


def audit_history_url(obj) -> str:
    """The admin list of the changes made to `obj`, if its model is audited."""
    event_model = next(
        (
            model
            for model in apps.get_app_config(obj._meta.app_label).get_models()
            if issubclass(model, Event) and model.pgh_tracked_model is type(obj)
        ),
        None,
    )
    if event_model is None:
        return ""
    return admin_changelist_url(event_model._meta.label, obj=f"{obj._meta.label_lower}:{obj.pk}")


register_event_admins("core")
