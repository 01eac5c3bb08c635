"""Reads for the commissioning pages and API: always through `visible()`."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404

from commissioning.models import Budget, Contract, Referral, SpendRequest
from commissioning.permissions import commissioner_councils, managed_practices
from core import clock
from placements.models import Allocation, Child
from practices.access import Action, scope_of, visible, who_can
from practices.models import Membership, Practice, Role

ENDING_WITHIN_DAYS = 90


def contracts(user):
    return (
        visible(user, Contract)
        .select_related("council", "practice")
        .annotate(
            held=Count("allocations", filter=Q(allocations__ended_on__isnull=True), distinct=True)
        )
        .order_by("council__name", "practice__name", "-starts_on")
    )


def get_contract(user, pk) -> Contract:
    contract = visible(user, Contract).select_related("council", "practice").filter(pk=pk).first()
    if contract is None:
        raise Http404("No contract found")
    return contract


def get_visible(user, model, pk, *related):
    row = visible(user, model).select_related(*related).filter(pk=pk).first()
    if row is None:
        raise Http404(f"No {model._meta.verbose_name} found")
    return row


def contracts_ending(user, *, today: dt.date | None = None):
    today = today or clock.today()
    return contracts(user).filter(
        status=Contract.Status.ACTIVE,
        ends_on__gte=today,
        ends_on__lte=today + dt.timedelta(days=ENDING_WITHIN_DAYS),
    )


def spend_requests(user):
    return (
        visible(user, SpendRequest)
        .select_related("contract", "contract__practice", "contract__council", "child")
        .select_related("requested_by", "decided_by", "budget")
        .order_by("-created_at", "-pk")
    )


def approvals_waiting(user):
    """Pending requests this person decides: practice-level for a practice manager,
    council-level for a commissioner, senior-level for a senior commissioner."""
    scope = scope_of(user)
    mine = Q(level=SpendRequest.Level.PRACTICE, contract__practice__in=managed_practices(user))
    mine |= Q(level=SpendRequest.Level.COUNCIL, contract__council__in=commissioner_councils(user))
    mine |= Q(
        level=SpendRequest.Level.SENIOR,
        contract__council__in=scope.councils_with({Role.SENIOR_COMMISSIONER}),
    )
    if scope.superuser:
        mine = Q()
    return (
        spend_requests(user)
        .filter(mine, status=SpendRequest.Status.PENDING)
        .order_by("created_at", "pk")
    )


def referrals(user):
    return (
        visible(user, Referral)
        .select_related("contract", "contract__practice", "contract__council", "child")
        .select_related("referred_by", "decided_by")
        .order_by("-created_at", "-pk")
    )


def budgets(user):
    return (
        visible(user, Budget)
        .select_related("contract", "contract__practice", "contract__council")
        .order_by("contract__reference", "-financial_year")
    )


def children_to_refer(user):
    """Looked-after children of my councils whose case no practice holds."""
    held_by_practice = Allocation.objects.filter(
        ended_on__isnull=True, practice__isnull=False
    ).values("child")
    return (
        visible(user, Child, action=Action.REFER_TO_PRACTICE)
        .filter(periods__ended_on__isnull=True)
        .exclude(pk__in=held_by_practice)
        .exclude(referrals__status=Referral.Status.PENDING)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def children_to_spend_on(user):
    """Children whose case my practice holds under a contract, that I work."""
    return (
        visible(user, Child, action=Action.RECORD_CASEWORK)
        .filter(allocations__ended_on__isnull=True, allocations__contract__isnull=False)
        .order_by("last_name", "first_name", "pk")
    )


def referable_contracts(user):
    return (
        visible(user, Contract)
        .filter(status=Contract.Status.ACTIVE, council__in=commissioner_councils(user))
        .select_related("practice")
        .order_by("practice__name", "reference")
    )


def practices_to_contract():
    """Practices a council may contract: the register of providers (not personal data)."""
    return Practice.objects.order_by("name")


def workers_for(referral: Referral, today: dt.date | None = None):
    """The practice's social workers today, with an SW_ID (who may be the allocated worker)."""
    today = today or clock.today()
    members = (
        Membership.objects.filter(
            practice=referral.contract.practice_id,
            role__in=[Role.PRACTICE_SOCIAL_WORKER, Role.PRACTICE_MANAGER],
            started_on__lte=today,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .exclude(sw_id="")
        .values("user")
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=members)
        .order_by("full_name", "username")
    )


def open_cases(user, contract: Contract):
    """The children a contract holds now, for the commissioner's take-back and transfer."""
    return (
        visible(user, Allocation)
        .filter(contract=contract, ended_on__isnull=True)
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "pk")
    )


def may_take_back(user, allocation: Allocation) -> bool:
    return who_can(Action.TAKE_BACK_CASE, allocation.child).filter(pk=user.pk).exists()


def my_contracts(user):
    """Contracts I work on: my councils' as a commissioner, my practices' as a manager."""
    if scope_of(user).superuser:
        return contracts(user)
    return contracts(user).filter(
        Q(council__in=commissioner_councils(user)) | Q(practice__in=managed_practices(user))
    )


def get_my_contract(user, pk) -> Contract:
    contract = my_contracts(user).filter(pk=pk).first()
    if contract is None:
        raise Http404("No contract found")
    return contract
