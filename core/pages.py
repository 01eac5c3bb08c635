"""One way to handle a form page's submission, for every app: if the form is posted and
valid, call the service; put a refusal next to its field (or in the error summary); go on
with a banner."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect

from core.concurrency import EditConflict
from core.db import validation_error_from
from core.errors import DomainError


def add_error(form, error: DomainError | ValidationError) -> None:
    if isinstance(error, DomainError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def submit(request, form, save: Callable, done: str):
    """`save(form)` calls a service and returns the URL to go to. Returns (the redirect,
    None) once saved; (None, the conflict) when someone else saved first; else (None,
    None), with any refusal on the form. A refusal for the person's role is a 403, as for
    the page itself."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    try:
        url = save(form)
    except EditConflict as error:
        add_error(form, error)
        return None, error
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from error
        add_error(form, error)
    except IntegrityError as error:
        add_error(form, validation_error_from(error))
    else:
        messages.success(request, done)
        return redirect(url), None
    return None, None


def form_status(form, conflict=None) -> int:
    """409 after an edit conflict, 400 with errors, else 200."""
    return 409 if conflict else (400 if form.errors else 200)
