"""Optimistic locking: a save based on an old version is refused, never silently applied."""

from django.db import models

from core.errors import DomainError


class EditConflict(DomainError):
    """Someone else saved this record after you opened it."""

    def __init__(self, current: models.Model, changed: dict[str, tuple]):
        self.current = current
        self.changed = changed
        names = (
            ", ".join(str(current._meta.get_field(name).verbose_name) for name in changed)
            or "the record"
        )
        super().__init__(
            f"Someone else changed this record while you were editing it ({names}). "
            "Check their changes below, then make yours again.",
            code="conflict",
        )


def save_versioned(instance: models.Model, *, expected_version: int, fields: list[str]):
    """UPDATE ... WHERE version = expected: one statement, so two saves cannot both win."""
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=models.F("version") + 1, **values
    )
    if not updated:
        current = model._default_manager.get(pk=instance.pk)
        changed = {
            name: (getattr(current, name),)
            for name in fields
            if getattr(current, name) != values[name]
        }
        raise EditConflict(current, changed)
    instance.version = expected_version + 1
    return instance
