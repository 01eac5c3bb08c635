"""A change of placement whose weekly cost is over the delegated limit becomes a spend
request to the council, and once the council approves it the move goes through.

`placements.services.episodes.change_placement` uses both hooks: it is wrapped by
`refer_over_limit_to_council`, and its over-limit check asks
`claim_approved_placement_cost` first.
"""

import functools
from decimal import Decimal

from django.db import transaction

from commissioning.models import SpendRequest
from core import clock
from core.errors import DomainError


def claim_approved_placement_cost(*, child, weekly_cost: Decimal, started_on) -> bool:
    """Inside change_placement's transaction: use (once) an approved placement request for
    this child covering this weekly cost from this date or earlier. From then on the
    placement's cost row counts in the budget instead of the request."""
    candidate = (
        SpendRequest.objects.filter(
            child=child,
            category=SpendRequest.Category.PLACEMENT,
            status=SpendRequest.Status.APPROVED,
            used_at__isnull=True,
            amount__gte=weekly_cost,
            starts_on__lte=started_on,
        )
        .order_by("amount", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if candidate is None:
        return False
    # A conditional UPDATE: of two moves racing for one approval, one uses it.
    return bool(
        SpendRequest.objects.filter(pk=candidate, used_at__isnull=True).update(used_at=clock.now())
    )


def _request_for_move(kwargs: dict) -> SpendRequest:
    from commissioning.services.spend import request_spend

    child, by = kwargs["child"], kwargs["by"]
    amount, started_on = kwargs["weekly_cost"], kwargs["started_on"]
    waiting = SpendRequest.objects.filter(
        child=child,
        category=SpendRequest.Category.PLACEMENT,
        status=SpendRequest.Status.PENDING,
        amount=amount,
        starts_on=started_on,
    ).first()
    if waiting is not None:
        return waiting
    proposal = {
        name: str(kwargs[name])
        for name in ("place", "place_provider", "postcode", "reason_place_change", "urn")
        if kwargs.get(name)
    }
    return request_spend(
        child=child,
        by=by,
        category=SpendRequest.Category.PLACEMENT,
        description=f"Placement ({kwargs.get('place', '')}) from {started_on:%d/%m/%Y}",
        frequency=SpendRequest.Frequency.WEEKLY,
        amount=amount,
        starts_on=started_on,
        reason=f"Change of placement ({kwargs.get('reason_place_change') or 'no reason given'})",
        proposal=proposal,
    )


def refer_over_limit_to_council(change_placement):
    """Wrap change_placement: when it refuses a cost over the delegated limit, send the
    council a spend request (in its own transaction, after the move rolled back) and say so."""

    @functools.wraps(change_placement)
    def wrapper(**kwargs):
        try:
            return change_placement(**kwargs)
        except DomainError as error:
            if error.code != "over_limit" or kwargs.get("by") is None:
                raise
            try:
                with transaction.atomic():
                    request = _request_for_move(kwargs)
            except DomainError as why:
                raise DomainError(
                    f"{error.message}. No request could be sent to the council: {why.message}",
                    field=error.field,
                    code="over_limit",
                ) from error
            raise DomainError(
                f"{error.message}. A request for £{request.amount:,.2f} a week was sent to the "
                f"council (request {request.pk}): record the move again once it is approved",
                field=error.field,
                code="over_limit",
            ) from error

    return wrapper
