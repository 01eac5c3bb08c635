"""One way to handle a commissioning form page: show it, call the service, put a refusal
next to its field (or in the error summary), and go on with a banner."""

from collections.abc import Callable

from django.shortcuts import render

from core.pages import form_status, submit


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
    response, _ = submit(request, form, save, done)
    if response:
        return response
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
        status=form_status(form),
    )
