"""Referrals, acceptance, take-back and transfer: who holds a child's case, decided here.

Access to the child moves only through `allocate_child` and `end_allocation` (the
accountability layer); these services decide when to call them.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q

from commissioning.models import Contract, Referral
from commissioning.permissions import require_manager
from core import clock
from core.errors import DomainError
from placements.models import Allocation, Child
from placements.services.allocations import allocate_child, allocate_worker, end_allocation
from practices.access import Action, can


def _require(by, action: str, child: Child, what: str) -> None:
    if not can(by, action, child):
        raise DomainError(
            f"Only a commissioner of the child's council can {what}", code="forbidden"
        )


def open_allocation(child: Child) -> Allocation | None:
    return child.allocations.filter(ended_on__isnull=True).select_related("practice").first()


def held_under(contract: Contract, on: dt.date) -> int:
    """How many children the contract holds from a day on (open, or ending after it)."""
    return (
        Allocation.objects.filter(contract=contract)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .count()
    )


@transaction.atomic
def refer_child(
    *,
    child: Child,
    contract: Contract,
    reason: str,
    documents: str = "",
    by,
    today: dt.date | None = None,
) -> Referral:
    """A commissioner refers a looked-after child of their council to a practice."""
    today = today or clock.today()
    _require(by, Action.REFER_TO_PRACTICE, child, "refer a child to a practice")
    if contract.council_id != child.council_id:
        raise DomainError("The contract is not with this child's council", field="contract")
    if contract.status != Contract.Status.ACTIVE or contract.ends_on < today:
        raise DomainError("Refer only under an active contract", field="contract")
    if not child.periods.filter(ended_on__isnull=True).exists():
        raise DomainError("This child is not looked after now", field="child")
    current = open_allocation(child)
    if current is not None and current.practice_id is not None:
        raise DomainError(
            f"{current.practice} holds this case: take it back or transfer it instead",
            field="child",
        )
    if not reason.strip():
        raise DomainError("Say why you are referring the child", field="reason")
    try:
        with transaction.atomic():
            return Referral.objects.create(
                child=child,
                contract=contract,
                reason=reason.strip(),
                documents=documents.strip(),
                referred_by=by,
            )
    except IntegrityError:
        raise DomainError(
            "This child already has a referral waiting for a practice", field="child"
        ) from None


def _lock_pending(referral: Referral) -> Referral:
    referral = (
        Referral.objects.select_for_update(no_key=True, of=("self",))
        .select_related("child", "contract")
        .get(pk=referral.pk)
    )
    if referral.status != Referral.Status.PENDING:
        raise DomainError(
            f"This referral has already been {referral.get_status_display().lower()}",
            code="already_decided",
        )
    return referral


@transaction.atomic
def accept_referral(
    *, referral: Referral, worker, started_on: dt.date, by, today: dt.date | None = None
) -> Referral:
    """The practice manager accepts and names the child's worker: the allocation starts
    (granting the practice access) and the worker is allocated, all or nothing.

    The contract row is locked while its open allocations are counted, so two managers
    accepting the last place at the same moment cannot both succeed.
    """
    today = today or clock.today()
    referral = _lock_pending(referral)
    contract = (
        Contract.objects.select_for_update(no_key=True, of=("self",))
        .select_related("practice")
        .get(pk=referral.contract_id)
    )
    require_manager(by, contract.practice_id, what="accept a referral")
    if contract.status != Contract.Status.ACTIVE:
        raise DomainError("The contract is not active, so it cannot take children")
    if started_on > today:
        raise DomainError("The start date must be today or in the past", field="started_on")
    if started_on < referral.created_at.date():
        raise DomainError("The start date cannot be before the referral", field="started_on")
    held = held_under(contract, started_on)
    if held >= contract.capacity:
        raise DomainError(
            f"The contract is at capacity ({held} of {contract.capacity} children): "
            "ask the council to vary it or decline",
            code="at_capacity",
        )
    child = referral.child
    current = open_allocation(child)
    if current is not None:
        if current.practice_id is not None:
            raise DomainError(f"{current.practice} holds this case now")
        end_allocation(
            allocation=current,
            ended_on=started_on,
            reason="Referred to a practice",
            by=by,
            today=today,
        )
    allocation = allocate_child(
        child=child,
        practice=contract.practice,
        contract=contract,
        started_on=started_on,
        by=by,
        today=today,
    )
    allocate_worker(child=child, worker=worker, started_on=started_on, by=by, today=today)
    referral.status = Referral.Status.ACCEPTED
    referral.allocation = allocation
    referral.decided_by = by
    referral.decided_at = clock.now()
    referral.save(update_fields=["status", "allocation", "decided_by", "decided_at", "updated_at"])
    return referral


@transaction.atomic
def decline_referral(*, referral: Referral, reason: str, by) -> Referral:
    referral = _lock_pending(referral)
    require_manager(by, referral.contract.practice_id, what="decline a referral")
    if not reason.strip():
        raise DomainError("Say why the practice cannot take the child", field="reason")
    referral.status = Referral.Status.DECLINED
    referral.decline_reason = reason.strip()
    referral.decided_by = by
    referral.decided_at = clock.now()
    referral.save(
        update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"]
    )
    return referral


@transaction.atomic
def withdraw_referral(*, referral: Referral, by) -> Referral:
    referral = _lock_pending(referral)
    _require(by, Action.REFER_TO_PRACTICE, referral.child, "withdraw a referral")
    referral.status = Referral.Status.WITHDRAWN
    referral.decided_by = by
    referral.decided_at = clock.now()
    referral.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return referral


@transaction.atomic
def take_back_case(
    *, allocation: Allocation, ended_on: dt.date, reason: str, by, today: dt.date | None = None
) -> Allocation:
    """The council takes the case back: the practice's access ends on `ended_on` and the
    council's own team holds the case from that day. The record stays whole."""
    allocation = Allocation.objects.select_related("child").get(pk=allocation.pk)
    _require(by, Action.TAKE_BACK_CASE, allocation.child, "take a case back")
    if allocation.practice_id is None or allocation.ended_on is not None:
        raise DomainError("Only a case a practice holds now can be taken back")
    if not reason.strip():
        raise DomainError("Say why the case is being taken back", field="reason")
    end_allocation(
        allocation=allocation, ended_on=ended_on, reason=reason.strip(), by=by, today=today
    )
    return allocate_child(
        child=allocation.child, practice=None, started_on=ended_on, by=by, today=today
    )


@transaction.atomic
def transfer_case(
    *,
    allocation: Allocation,
    to_contract: Contract,
    ended_on: dt.date,
    reason: str,
    by,
    today: dt.date | None = None,
) -> Referral:
    """Move the case to another practice: taken back on `ended_on`, and referred to the
    other practice, whose manager accepts it with a worker (until then the council holds it)."""
    if to_contract.practice_id == allocation.practice_id:
        raise DomainError("Choose a contract with a different practice", field="to_contract")
    take_back_case(allocation=allocation, ended_on=ended_on, reason=reason, by=by, today=today)
    return refer_child(
        child=allocation.child,
        contract=to_contract,
        reason=f"Transferred from {allocation.practice}: {reason.strip()}",
        by=by,
        today=today,
    )
