"""One way to handle a recording page: find the child (404/403), show the form, call the
service, put any refusal next to the field, and return to the child with a banner."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render

from core.concurrency import EditConflict
from core.db import validation_error_from
from core.errors import DomainError
from placements.presenters import ChildPresenter
from placements.selectors import get_child


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


def record_page(
    request,
    pk: int,
    *,
    action: str,
    form_class,
    title: str,
    save: Callable,
    done: str,
    form_kwargs: dict | None = None,
    initial: dict | None = None,
    hint: str = "",
):
    """`save(child, form)` writes through a service and may raise DomainError."""
    child = get_child(request.user, pk, action=action)
    kwargs = form_kwargs or {}
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                save(child, form)
            except EditConflict as error:
                conflict = error
                add_error(form, error)
            except DomainError as error:
                add_error(form, error)
            except IntegrityError as error:
                add_error(form, validation_error_from(error))
            else:
                messages.success(request, done)
                return redirect("placements:child", pk=child.pk)
    else:
        form = form_class(initial=initial, **kwargs)
    return render(
        request,
        "placements/record_form.html",
        {
            "child": ChildPresenter(child),
            "form": form,
            "title": title,
            "hint": hint,
            "conflict": conflict,
        },
        status=409 if conflict else (400 if form.errors else 200),
    )
