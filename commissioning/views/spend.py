"""Spend requests: asked by the practice, decided by whoever the limits say."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from commissioning import forms as f
from commissioning.models import SpendRequest
from commissioning.permissions import gate, staff_practices
from commissioning.selectors import queues
from commissioning.services import spend as services
from commissioning.views.base import form_page, posted

PAGE_LIMIT = 200


@require_GET
def spend_list(request):
    """The approval queue (what waits for me), then the other requests I can see."""
    side = gate(request.user, practice_staff=True)
    waiting = list(queues.approvals_waiting(request.user)[:PAGE_LIMIT])
    waiting_ids = {r.pk for r in waiting}
    recent = [
        r for r in queues.spend_requests(request.user)[:PAGE_LIMIT] if r.pk not in waiting_ids
    ]
    return render(
        request,
        "commissioning/spend_list.html",
        {"waiting": waiting, "recent": recent, "side": side},
    )


def spend_new(request):
    gate(request.user, practice_staff=True)
    if not staff_practices(request.user):
        raise PermissionDenied("Spend requests come from the practice holding the case.")
    form = f.SpendRequestForm(
        posted(request),
        initial={"child": request.GET.get("child")},
        children=queues.children_to_spend_on(request.user),
    )

    def save(form):
        request_ = services.request_spend(by=request.user, **form.cleaned_data)
        return reverse("commissioning:spend_request", args=[request_.pk])

    return form_page(
        request,
        form=form,
        title="Ask to spend",
        intro=(
            "Within the contract's delegated limits the practice manager approves and the "
            "money is committed at once; above them the council decides."
        ),
        button="Send the request",
        save=save,
        done="Request sent",
        back=reverse("commissioning:spend_requests"),
    )


def _request(request, pk: int) -> SpendRequest:
    gate(request.user, practice_staff=True)
    return queues.get_visible(
        request.user,
        SpendRequest,
        pk,
        "contract",
        "contract__practice",
        "contract__council",
        "child",
        "budget",
        "requested_by",
        "decided_by",
    )


@require_GET
def spend_detail(request, pk: int):
    spend_request = _request(request, pk)
    pending = spend_request.status == SpendRequest.Status.PENDING
    return render(
        request,
        "commissioning/spend_detail.html",
        {
            "r": spend_request,
            "can_decide": pending and services.may_decide(request.user, spend_request),
            "can_withdraw": pending and spend_request.requested_by_id == request.user.pk,
        },
    )


def _decision(request, pk: int, *, approve: bool):
    spend_request = _request(request, pk)
    if not services.may_decide(request.user, spend_request):
        raise PermissionDenied(f"Only {spend_request.get_level_display().lower()} can decide this.")
    form = (f.OptionalReasonForm if approve else f.ReasonForm)(posted(request))
    if not approve:
        form.fields["reason"].label = "Why the request is refused"

    def save(form):
        service = services.approve_spend if approve else services.refuse_spend
        service(spend_request=spend_request, by=request.user, **form.cleaned_data)
        return reverse("commissioning:spend_request", args=[spend_request.pk])

    what = "Approve" if approve else "Refuse"
    return form_page(
        request,
        form=form,
        title=f"{what} the request",
        caption=str(spend_request),
        intro=(
            f"£{spend_request.committed_amount:,.2f} will be committed in the "
            f"{spend_request.budget.label} budget."
            if approve
            else "The practice is told why."
        ),
        button=what,
        save=save,
        done="Request approved: the money is committed" if approve else "Request refused",
        back=reverse("commissioning:spend_request", args=[spend_request.pk]),
    )


def spend_approve(request, pk: int):
    return _decision(request, pk, approve=True)


def spend_refuse(request, pk: int):
    return _decision(request, pk, approve=False)


def spend_withdraw(request, pk: int):
    spend_request = _request(request, pk)
    if spend_request.requested_by_id != request.user.pk:
        raise PermissionDenied("Only the person who asked can withdraw the request.")
    form = forms.Form(posted(request))

    def save(form):
        services.withdraw_spend(spend_request=spend_request, by=request.user)
        return reverse("commissioning:spend_requests")

    return form_page(
        request,
        form=form,
        title="Withdraw the request",
        caption=str(spend_request),
        button="Withdraw",
        save=save,
        done="Request withdrawn",
        back=reverse("commissioning:spend_request", args=[spend_request.pk]),
    )
