"""Who holds a child's case. Allocating grants the practice access; ending revokes it.

These are the only functions that write practice grants on a child (besides the
reconciliation job that repairs drift).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from placements.models import Allocation, Child, ChildGroupObjectPermission
from practices.access import change_child_permission_id, view_child_permission_id
from practices.models import Practice
from practices.services import practice_group


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
    *, child: Child, practice: Practice | None, started_on: dt.date, by, contract=None
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
    if practice is not None and started_on <= timezone.localdate():
        _grant_practice(child, practice)
    return allocation


@transaction.atomic
def end_allocation(
    *, allocation: Allocation, ended_on: dt.date, reason: str = "", by
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
    if allocation.practice_id is not None and ended_on <= timezone.localdate():
        _revoke_practice(allocation.child, allocation.practice)
    return allocation
