"""The back office, scoped: one admin site that puts every registered admin behind the
access policy.

Superusers (platform staff) see and change everything. A council administrator with
`is_staff` sees only what `practices.access.visible()` gives them, for the models that
have an access rule, and may correct a child's identity details; nothing else is
writable for them and nothing is deleted by anyone but a superuser. Every admin class
registered here gets this, so a new admin cannot forget it.
"""

from django.contrib import admin

COUNCIL_ADMIN_MAY_CHANGE = frozenset({"placements.Child"})


def _is_council_admin(request) -> bool:
    from practices.access import scope_of
    from practices.models import Role

    user = request.user
    return (
        user.is_active
        and user.is_staff
        and bool(scope_of(user).councils_with({Role.COUNCIL_ADMINISTRATOR}))
    )


class ScopedModelAdmin:
    """Mixed in front of every registered ModelAdmin."""

    def _scoped(self, request) -> bool:
        from practices.access import has_rule

        return _is_council_admin(request) and has_rule(self.model)

    def _in_scope(self, request, obj) -> bool:
        from practices.access import visible

        return obj is None or visible(request.user, self.model).filter(pk=obj.pk).exists()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if not self._scoped(request):
            return queryset.none()
        from practices.access import visible

        return queryset.filter(pk__in=visible(request.user, self.model).values("pk"))

    def has_module_permission(self, request):
        return request.user.is_superuser or self._scoped(request)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return self._scoped(request) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        return (
            self._scoped(request)
            and self.model._meta.label in COUNCIL_ADMIN_MAY_CHANGE
            and self._in_scope(request, obj)
        )

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class ScopedAdminSite(admin.AdminSite):
    site_header = "Case management back office"
    site_title = "Back office"
    index_title = "Records"

    def has_permission(self, request):
        return request.user.is_active and (request.user.is_superuser or _is_council_admin(request))

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ScopedModelAdmin):
            admin_class = type(admin_class.__name__, (ScopedModelAdmin, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)
