"""Who holds a child's case. Allocating grants the practice access; ending revokes it.

These are the only functions that write practice grants on a child (besides the
reconciliation job that repairs drift).
"""

import datetime as dt

from django.db import transaction

from core import clock
from core.errors import DomainError
from placements.models import Allocation, Child, ChildGroupObjectPermission, WorkerAllocation
from practices.access import change_child_permission_id, view_child_permission_id
from practices.models import Practice
from practices.services import practice_group

# SW_REASON "first contact": why a child's first social worker episode began (the return
# derives it), never the reason for a change (DfE rule SW10bSTG2).
FIRST_CONTACT = "FCONTA"


def _grant_practice(child: Child, practice: Practice) -> None:
    group = practice_group(practice)
    ChildGroupObjectPermission.objects.bulk_create(
        [
            ChildGroupObjectPermission(content_object=child, group=group, permission_id=perm)
            for perm in (view_child_permission_id(), change_child_permission_id())
        ],
        ignore_conflicts=True,
    )


def _revoke_practice(child: Child, practice: Practice) -> None:
    ChildGroupObjectPermission.objects.filter(
        content_object=child, group=practice_group(practice)
    ).delete()


@transaction.atomic
def allocate_child(
    *,
    child: Child,
    practice: Practice | None,
    started_on: dt.date,
    by,
    contract=None,
    today: dt.date | None = None,
) -> Allocation:
    """Give the case to a practice (or to the council's own team, with practice None).

    Any open allocation must be ended first (`end_allocation`): a case is never held
    twice, and the database refuses overlaps too.
    """
    Child.objects.select_for_update().filter(pk=child.pk).get()
    if child.allocations.filter(ended_on__isnull=True).exists():
        raise DomainError("This case is already allocated: end that allocation first")
    if contract is not None and (
        contract.practice_id != getattr(practice, "pk", None)
        or contract.council_id != child.council_id
    ):
        raise DomainError("The contract is not between this child's council and the practice")
    allocation = Allocation.objects.create(
        child=child, practice=practice, contract=contract, started_on=started_on
    )
    if practice is not None and started_on <= (today or clock.today()):
        _grant_practice(child, practice)
    return allocation


@transaction.atomic
def end_allocation(
    *,
    allocation: Allocation,
    ended_on: dt.date,
    reason: str = "",
    by,
    today: dt.date | None = None,
) -> Allocation:
    """End who holds the case. The practice's access ends on `ended_on`; the record stays
    whole with the council."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.ended_on is not None:
        raise DomainError("This allocation has already ended")
    if ended_on <= allocation.started_on:
        raise DomainError("The end date must be after the start date", field="ended_on")
    allocation.ended_on = ended_on
    allocation.end_reason = reason
    allocation.save(update_fields=["ended_on", "end_reason", "updated_at"])
    allocation.worker_allocations.filter(ended_on__isnull=True).update(
        ended_on=ended_on, end_reason="TSPROC"
    )
    if allocation.practice_id is not None and ended_on <= (today or clock.today()):
        _revoke_practice(allocation.child, allocation.practice)
    return allocation


def worker_sw_id(worker, allocation: Allocation) -> str:
    """The worker's SSDA903 SW_ID from their membership of the organisation holding the case."""
    from practices.models import Membership

    memberships = Membership.objects.filter(user=worker, ended_on__isnull=True)
    if allocation.practice_id:
        memberships = memberships.filter(practice=allocation.practice_id)
    else:
        memberships = memberships.filter(council=allocation.child.council_id)
    membership = memberships.exclude(sw_id="").first()
    if membership is None:
        raise DomainError(
            "This person is not a social worker with an SW_ID in the organisation holding the case",
            field="worker",
        )
    return membership.sw_id


@transaction.atomic
def allocate_worker(
    *,
    child: Child,
    worker,
    started_on: dt.date,
    change_reason: str = "",
    by,
    today: dt.date | None = None,
) -> WorkerAllocation:
    """Give the child a new allocated social worker; the previous one's episode ends the same
    day with the reason (SSDA903 SWEpisodes, SW_REASON)."""
    from practices.access import Action, can, who_can

    if by is not None and not can(by, Action.ALLOCATE_WORKER, child):
        raise DomainError(
            "Only the practice manager can allocate this child's worker", code="forbidden"
        )
    Child.objects.select_for_update().filter(pk=child.pk).get()
    allocation = child.allocations.filter(ended_on__isnull=True).first()
    if allocation is None:
        raise DomainError("This child's case is not open")
    if not who_can(Action.RECORD_CASEWORK, child).filter(pk=worker.pk).exists():
        raise DomainError("Choose a social worker who works this child's case", field="worker")
    if started_on > (today or clock.today()):
        raise DomainError("The start date must be today or in the past", field="started_on")
    current = child.worker_allocations.filter(ended_on__isnull=True).first()
    if current is not None:
        if current.worker_id == worker.pk:
            raise DomainError("This worker is already allocated", field="worker")
        if not change_reason:
            raise DomainError("Select why the worker is changing", field="change_reason")
        if change_reason == FIRST_CONTACT:
            raise DomainError(
                "First contact is the reason for a child's first worker, not for a change: "
                "select why the worker is changing",
                field="change_reason",
            )
        if started_on <= current.started_on:
            raise DomainError(
                "The new worker must start after the current worker started "
                f"({current.started_on:%d/%m/%Y})",
                field="started_on",
            )
        current.ended_on = started_on
        current.end_reason = change_reason
        current.save(update_fields=["ended_on", "end_reason", "updated_at"])
    return WorkerAllocation.objects.create(
        child=child,
        allocation=allocation,
        worker=worker,
        sw_id=worker_sw_id(worker, allocation),
        started_on=started_on,
    )
