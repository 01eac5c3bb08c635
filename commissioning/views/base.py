"""One way to handle a commissioning form page: show it, call the service, put a refusal
next to its field (or in the error summary), and go on with a banner."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect, render

from core.db import validation_error_from
from core.errors import DomainError
from placements.views.base import add_error


def posted(request):
    """The form's data: the POST (even an empty one), or None to show an unbound form."""
    return request.POST if request.method == "POST" else None


def form_page(
    request,
    *,
    form,
    title: str,
    save: Callable,
    done: str,
    back: str,
    caption: str = "",
    intro: str = "",
    button: str = "Save",
    context: dict | None = None,
):
    """`save(form)` calls a service and returns the URL to go to; DomainError is shown.
    A refusal because of the person's role is a 403, as for the page itself."""
    if request.method == "POST" and form.is_valid():
        try:
            url = save(form)
        except DomainError as error:
            if error.code == "forbidden":
                raise PermissionDenied(error.message) from error
            add_error(form, error)
        except IntegrityError as error:
            add_error(form, validation_error_from(error))
        else:
            messages.success(request, done)
            return redirect(url)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "back": back,
            "button": button,
            **(context or {}),
        },
        status=400 if form.errors else 200,
    )
