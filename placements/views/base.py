"""One way to handle a recording page: find the child (404/403), show the form, call the
service, put any refusal next to the field, and return to the child with a banner."""

from collections.abc import Callable

from django.shortcuts import render
from django.urls import reverse

from core.pages import form_status, submit
from placements.presenters import ChildPresenter
from placements.selectors import get_child


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
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
    else:
        form = form_class(initial=initial, **kwargs)

    def saved(form):
        save(child, form)
        return reverse("placements:child", args=[child.pk])

    response, conflict = submit(request, form, saved, done)
    if response:
        return response
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
        status=form_status(form, conflict),
    )
