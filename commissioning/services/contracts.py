"""Contracts: drafted, signed (activated), then changed only by variations."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q

from commissioning.models import (
    VARIABLE_TERMS,
    Contract,
    ContractVariation,
    PerformanceTarget,
)
from commissioning.permissions import require_commissioner
from core import clock
from core.errors import DomainError
from placements.models import Allocation
from practices.models import Council, Practice

SIGNED = (Contract.Status.ACTIVE, Contract.Status.SUSPENDED)
PRICE_TERMS = ("weekly_price_per_child", "block_amount_per_month")


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _from_json(name: str, value):
    if value is None:
        return None
    field = Contract._meta.get_field(name)
    return field.to_python(value)


def _validated(contract: Contract, fields=None) -> None:
    """Field validators (of `fields`, or all) and every constraint, as a DomainError."""
    exclude = [f.name for f in Contract._meta.fields if fields is not None and f.name not in fields]
    try:
        contract.clean_fields(exclude=[*exclude, "council", "practice"])
        contract.validate_constraints()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from error


@transaction.atomic
def create_contract(*, council: Council, practice: Practice, by, **terms) -> Contract:
    """A draft contract. Its terms may be edited until it is signed (activated)."""
    require_commissioner(by, council.pk, what="draft a contract")
    terms.pop("status", None)
    contract = Contract(council=council, practice=practice, status=Contract.Status.DRAFT, **terms)
    _validated(contract)
    contract.save()
    return contract


@transaction.atomic
def activate_contract(*, contract: Contract, by) -> Contract:
    """Sign the contract: from now on it changes only by variation.

    The practice must be registered with Ofsted as a provider of social work services
    (Children and Young Persons Act 2008, Part 1; SI 2013/2668).
    """
    contract = Contract.objects.select_for_update(no_key=True).get(pk=contract.pk)
    require_commissioner(by, contract.council_id, what="sign a contract")
    if contract.status != Contract.Status.DRAFT:
        raise DomainError("Only a draft contract can be signed")
    if not contract.practice.ofsted_urn:
        raise DomainError(
            "The practice has no Ofsted registration (URN) as a provider of social work "
            "services: a council may only delegate to a registered provider"
        )
    contract.status = Contract.Status.ACTIVE
    contract.save(update_fields=["status", "updated_at"])
    return contract


@transaction.atomic
def vary_contract(
    *, contract: Contract, by, effective_from: dt.date, reason: str, **changes
) -> ContractVariation:
    """Change a signed contract's terms, keeping what they were, who changed them and why."""
    given, contract = contract, Contract.objects.select_for_update(no_key=True).get(pk=contract.pk)
    require_commissioner(by, contract.council_id, what="vary a contract")
    if contract.status not in SIGNED:
        raise DomainError(
            "Only a signed (active or suspended) contract is varied: edit a draft directly"
        )
    unknown = set(changes) - set(VARIABLE_TERMS)
    if unknown:
        raise DomainError(f"These terms cannot be varied: {', '.join(sorted(unknown))}")
    if not reason.strip():
        raise DomainError("Say why the contract is changing", field="reason")
    changed = {k: v for k, v in changes.items() if getattr(contract, k) != v}
    if not changed:
        raise DomainError("Nothing changed: give at least one new term")
    last = contract.variations.aggregate(last=Max("effective_from"), n=Max("number"))
    if effective_from < contract.starts_on or (last["last"] and effective_from < last["last"]):
        raise DomainError(
            "A variation takes effect on or after the contract's start and the last variation",
            field="effective_from",
        )
    if changed.get("status") == Contract.Status.DRAFT:
        raise DomainError("A signed contract cannot go back to draft", field="status")
    if "capacity" in changed:
        held = (
            Allocation.objects.filter(contract=contract)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=effective_from))
            .count()
        )
        if changed["capacity"] < held:
            raise DomainError(
                f"{held} children are held under this contract: capacity cannot go below that",
                field="capacity",
            )
    previous = {k: _jsonable(getattr(contract, k)) for k in changed}
    for name, value in changed.items():
        setattr(contract, name, value)
    _validated(contract, fields=changed)
    contract.save(update_fields=[*changed, "updated_at"])
    for name, value in changed.items():  # the caller's copy shows the new terms too
        setattr(given, name, value)
    return ContractVariation.objects.create(
        contract=contract,
        number=(last["n"] or 0) + 1,
        effective_from=effective_from,
        reason=reason.strip(),
        previous_terms=previous,
        new_terms={k: _jsonable(v) for k, v in changed.items()},
        made_by=by,
    )


@transaction.atomic
def set_target(
    *,
    contract: Contract,
    by,
    indicator: str,
    threshold: Decimal,
    direction: str,
    reason: str = "",
    effective_from: dt.date | None = None,
) -> PerformanceTarget:
    """Add or replace the contract's target for an indicator. On a signed contract this is
    a variation (the old target is ended, not overwritten)."""
    contract = Contract.objects.select_for_update(no_key=True).get(pk=contract.pk)
    require_commissioner(by, contract.council_id, what="set a contract's targets")
    if contract.status == Contract.Status.ENDED:
        raise DomainError("This contract has ended")
    current = contract.targets.filter(indicator=indicator, ended_at__isnull=True).first()
    variation = None
    if contract.status in SIGNED:
        if not reason.strip():
            raise DomainError("Say why the target is changing", field="reason")
        last = contract.variations.aggregate(last=Max("effective_from"), n=Max("number"))
        day = max(filter(None, [effective_from, last["last"], contract.starts_on]))
        before = str(current) if current else None
        variation = ContractVariation.objects.create(
            contract=contract,
            number=(last["n"] or 0) + 1,
            effective_from=day,
            reason=reason.strip(),
            previous_terms={f"target:{indicator}": before},
            new_terms={f"target:{indicator}": f"{direction} {threshold}"},
            made_by=by,
        )
    if current is not None:
        current.ended_at = clock.now()
        current.ended_by = variation
        current.save(update_fields=["ended_at", "ended_by", "updated_at"])
    target = PerformanceTarget(
        contract=contract,
        indicator=indicator,
        threshold=threshold,
        direction=direction,
        variation=variation,
    )
    try:
        target.full_clean(exclude=["contract", "variation"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from error
    target.save()
    return target


def price_segments(contract: Contract, start: dt.date, end: dt.date) -> list[dict]:
    """The price in force on each day from `start` to `end` (inclusive), as runs of days:
    [{"from", "to", "weekly_price_per_child", "block_amount_per_month"}]. Built from the
    current terms and the variations' previous terms, so a mid-month change splits."""
    variations = [  # .all() uses a prefetch when the caller made one
        v
        for v in sorted(contract.variations.all(), key=lambda v: (v.effective_from, v.number))
        if any(k in v.new_terms for k in PRICE_TERMS)
    ]
    boundaries = sorted({v.effective_from for v in variations if start < v.effective_from <= end})
    segments = []
    for seg_start, seg_end in zip(
        [start, *boundaries],
        [*(b - dt.timedelta(days=1) for b in boundaries), end],
        strict=True,
    ):
        terms = {k: _from_json(k, getattr(contract, k)) for k in PRICE_TERMS}
        for variation in reversed(variations):  # undo the later ones, newest first
            if variation.effective_from > seg_start:
                for k in PRICE_TERMS:
                    if k in variation.previous_terms:
                        terms[k] = _from_json(k, variation.previous_terms[k])
        segments.append({"from": seg_start, "to": seg_end, **terms})
    return segments
