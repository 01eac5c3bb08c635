"""The only places practices and memberships change (and with them, group membership)."""

import datetime as dt

from django.contrib.auth.models import Group
from django.db import transaction

from core.errors import DomainError
from practices.models import (
    COUNCIL_ROLES,
    INSPECTORATE_ROLES,
    PRACTICE_ROLES,
    Council,
    Inspectorate,
    Membership,
    Practice,
)


def practice_group(practice: Practice) -> Group:
    """The practice's permission group, made on first use."""
    if practice.group_id is None:
        group, _ = Group.objects.get_or_create(name=f"practice:{practice.pk}")
        Practice.objects.filter(pk=practice.pk).update(group=group)
        practice.group = group
    return practice.group


@transaction.atomic
def add_membership(
    *,
    user,
    role: str,
    organisation: Council | Practice | Inspectorate,
    started_on: dt.date,
    by,
    sw_id: str = "",
    social_work_england_number: str = "",
) -> Membership:
    kind = {Council: "council", Practice: "practice", Inspectorate: "inspectorate"}[
        type(organisation)
    ]
    allowed = {"council": COUNCIL_ROLES, "practice": PRACTICE_ROLES}.get(kind, INSPECTORATE_ROLES)
    if role not in allowed:
        raise DomainError(f"That role is not a {kind} role", field="role")
    membership = Membership.objects.create(
        user=user,
        role=role,
        started_on=started_on,
        sw_id=sw_id,
        social_work_england_number=social_work_england_number,
        **{kind: organisation},
    )
    if kind == "practice":
        user.groups.add(practice_group(organisation))
    return membership


@transaction.atomic
def end_membership(*, membership: Membership, ended_on: dt.date, by) -> Membership:
    if ended_on < membership.started_on:
        raise DomainError("The end date must be on or after the start date", field="ended_on")
    Membership.objects.filter(pk=membership.pk).update(ended_on=ended_on)
    membership.ended_on = ended_on
    if membership.practice_id:
        still_member = (
            Membership.objects.filter(user=membership.user, practice=membership.practice_id)
            .exclude(pk=membership.pk)
            .filter(ended_on__isnull=True)
            .exists()
        )
        if not still_member:
            membership.user.groups.remove(practice_group(membership.practice))
    return membership
