from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_code_lists(sender, using="default", **kwargs):
    """Code lists are reference data: put back any shipped code that is missing (after a
    test database flush, say). Never overwrites an administrator's edit."""
    from placements.codelists import load_code_lists
    from placements.models import Code

    load_code_lists(Code)


class PlacementsConfig(AppConfig):
    name = "placements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_ensure_code_lists, sender=self)
