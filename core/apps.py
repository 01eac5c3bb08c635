from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "core"
    default_auto_field = "django.db.models.BigAutoField"


class ScopedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the scoped site (core.admin_site) as `admin.site`."""

    default = False
    default_site = "core.admin_site.ScopedAdminSite"
