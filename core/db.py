"""Turn what the database refused into a message a person can act on."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError


def _constraint_messages() -> dict[str, str]:
    messages = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            messages[constraint.name] = str(constraint.violation_error_message) % {
                "name": constraint.name
            }
    return messages


def validation_error_from(exc: IntegrityError) -> ValidationError:
    """A ValidationError for a refused write: the constraint's own message, against the
    column the database names when it names one."""
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None) or ""
    column = getattr(diag, "column_name", None)
    if name == "ssda903_code_valid":
        message = getattr(diag, "message_primary", str(exc))
        table, _, rest = message.partition(".")
        return ValidationError({column or "__all__": rest.split(": ", 1)[-1] or message})
    message = _constraint_messages().get(name) or "This change conflicts with the record"
    return ValidationError({column: message} if column else message)
