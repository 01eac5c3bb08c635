"""Referrals: the council refers, the practice accepts or declines; take-back and transfer."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from commissioning import forms as f
from commissioning.models import Referral
from commissioning.permissions import gate, is_commissioner_of, is_manager_of
from commissioning.selectors import queues
from commissioning.services import referrals as services
from commissioning.views.base import form_page, posted
from core import clock
from placements.models import Allocation


@require_GET
def referral_list(request):
    side = gate(request.user)
    rows = queues.referrals(request.user)
    status = request.GET.get("status", "pending")
    if status in Referral.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "commissioning/referral_list.html",
        {
            "referrals": list(rows[:200]),
            "side": side,
            "status": status,
            "statuses": Referral.Status.choices,
        },
    )


def referral_new(request):
    if gate(request.user) != "council":
        raise PermissionDenied("Only a commissioner can refer a child.")
    form = f.ReferralForm(
        posted(request),
        initial={"child": request.GET.get("child"), "contract": request.GET.get("contract")},
        children=queues.children_to_refer(request.user),
        contracts=queues.referable_contracts(request.user),
    )

    def save(form):
        referral = services.refer_child(by=request.user, **form.cleaned_data)
        return reverse("commissioning:referral", args=[referral.pk])

    return form_page(
        request,
        form=form,
        title="Refer a child to a practice",
        intro="The practice manager accepts, choosing the child's worker, or declines with a reason.",
        save=save,
        done="Referral sent to the practice",
        back=reverse("commissioning:referrals"),
        button="Send the referral",
    )


def _referral(request, pk: int) -> Referral:
    gate(request.user)
    return queues.get_visible(
        request.user, Referral, pk, "contract", "contract__practice", "contract__council", "child"
    )


@require_GET
def referral_detail(request, pk: int):
    referral = _referral(request, pk)
    pending = referral.status == Referral.Status.PENDING
    return render(
        request,
        "commissioning/referral_detail.html",
        {
            "referral": referral,
            "can_decide": pending and is_manager_of(request.user, referral.contract.practice_id),
            "can_withdraw": pending
            and is_commissioner_of(request.user, referral.contract.council_id),
        },
    )


def _decider(request, pk: int) -> Referral:
    referral = _referral(request, pk)
    if not is_manager_of(request.user, referral.contract.practice_id):
        raise PermissionDenied("Only the practice manager can decide a referral.")
    return referral


def referral_accept(request, pk: int):
    referral = _decider(request, pk)
    form = f.AcceptForm(
        posted(request),
        initial={"started_on": clock.today()},
        workers=queues.workers_for(referral),
    )

    def save(form):
        services.accept_referral(referral=referral, by=request.user, **form.cleaned_data)
        return reverse("placements:child", args=[referral.child_id])

    return form_page(
        request,
        form=form,
        title="Accept the referral",
        caption=referral.child.display_name,
        intro=(
            "The practice holds the case from the start date, and the worker you choose is "
            "allocated. The contract must have a place free."
        ),
        button="Accept and allocate",
        save=save,
        done="Referral accepted: the case is now held by the practice",
        back=reverse("commissioning:referral", args=[referral.pk]),
    )


def referral_decline(request, pk: int):
    referral = _decider(request, pk)
    form = f.ReasonForm(posted(request))
    form.fields["reason"].label = "Why the practice cannot take the child"

    def save(form):
        services.decline_referral(referral=referral, by=request.user, **form.cleaned_data)
        return reverse("commissioning:referrals")

    return form_page(
        request,
        form=form,
        title="Decline the referral",
        caption=referral.child.display_name,
        button="Decline",
        save=save,
        done="Referral declined: the council has been told why",
        back=reverse("commissioning:referral", args=[referral.pk]),
    )


def referral_withdraw(request, pk: int):
    referral = _referral(request, pk)
    if not is_commissioner_of(request.user, referral.contract.council_id):
        raise PermissionDenied("Only a commissioner of the council can withdraw a referral.")
    form = forms.Form(posted(request))

    def save(form):
        services.withdraw_referral(referral=referral, by=request.user)
        return reverse("commissioning:referrals")

    return form_page(
        request,
        form=form,
        title="Withdraw the referral",
        caption=referral.child.display_name,
        button="Withdraw",
        save=save,
        done="Referral withdrawn",
        back=reverse("commissioning:referral", args=[referral.pk]),
    )


def _case(request, pk: int) -> Allocation:
    gate(request.user)
    allocation = queues.get_visible(request.user, Allocation, pk, "child", "practice", "contract")
    if allocation.contract is None or not is_commissioner_of(
        request.user, allocation.contract.council_id
    ):
        raise PermissionDenied("Only a commissioner of the council can move a case.")
    return allocation


def case_take_back(request, pk: int):
    allocation = _case(request, pk)
    form = f.TakeBackForm(posted(request), initial={"ended_on": clock.today()})

    def save(form):
        services.take_back_case(allocation=allocation, by=request.user, **form.cleaned_data)
        return reverse("commissioning:contract", args=[allocation.contract_id])

    return form_page(
        request,
        form=form,
        title="Take the case back",
        caption=allocation.child.display_name,
        intro=(
            f"{allocation.practice}'s access to the record ends on the date you give; the "
            "council's own team holds the case from then. Nothing in the record is removed."
        ),
        button="Take the case back",
        save=save,
        done="The case will be held by the council's own team",
        back=reverse("commissioning:contract", args=[allocation.contract_id]),
    )


def case_transfer(request, pk: int):
    allocation = _case(request, pk)
    contracts = (
        queues.referable_contracts(request.user)
        .exclude(practice=allocation.practice_id)
        .filter(council=allocation.contract.council_id)
    )
    form = f.TransferForm(posted(request), initial={"ended_on": clock.today()}, contracts=contracts)

    def save(form):
        referral = services.transfer_case(
            allocation=allocation, by=request.user, **form.cleaned_data
        )
        return reverse("commissioning:referral", args=[referral.pk])

    return form_page(
        request,
        form=form,
        title="Transfer the case to another practice",
        caption=allocation.child.display_name,
        intro=(
            f"{allocation.practice}'s access ends on the date you give. The other practice "
            "is sent a referral; until it accepts, the council's own team holds the case."
        ),
        button="Transfer",
        save=save,
        done="Case taken back and referred to the other practice",
        back=reverse("commissioning:contract", args=[allocation.contract_id]),
    )
