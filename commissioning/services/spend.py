"""Spend requests against a delegated budget: asked, routed, approved or refused.

Race safety: every approval locks the budget row (SELECT ... FOR UPDATE) before it sums
what the budget has committed and spent, then locks the request and checks it is still
waiting. Approvals against one budget therefore run one at a time: however many arrive
together, the budget never goes past its amount, and a request approved twice is
approved once (the second finds it decided).
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum

from commissioning.models import (
    Budget,
    Contract,
    SpendRequest,
    financial_year_bounds,
    financial_year_label,
    financial_year_of,
)
from commissioning.permissions import is_commissioner_of, is_manager_of
from commissioning.selectors.budgets import used_total
from core import clock
from core.errors import DomainError
from placements.models import Child
from practices.access import Action, can

PENNY = Decimal("0.01")


def committed_amount(
    *, frequency: str, amount: Decimal, starts_on: dt.date, ends_on: dt.date | None
) -> Decimal:
    """The whole of a request within its financial year: one-off, the amount; weekly,
    amount x days (first to last day, or 31 March, inclusive) / 7, to the penny."""
    if frequency == SpendRequest.Frequency.ONE_OFF:
        return amount
    year_end = financial_year_bounds(financial_year_of(starts_on))[1]
    last = min(ends_on or year_end, year_end)
    days = (last - starts_on).days + 1
    return (amount * days / 7).quantize(PENNY, rounding=ROUND_HALF_UP)


def _child_year_total(budget: Budget, child: Child) -> Decimal:
    """Approved requests (other than placement costs) for the child in the budget's year."""
    return SpendRequest.objects.filter(
        budget=budget, child=child, status=SpendRequest.Status.APPROVED
    ).exclude(category=SpendRequest.Category.PLACEMENT).aggregate(total=Sum("committed_amount"))[
        "total"
    ] or Decimal("0.00")


def level_for(
    *,
    contract: Contract,
    budget: Budget,
    child: Child,
    category: str,
    frequency: str,
    amount: Decimal,
    committed: Decimal,
) -> str:
    """Who decides: within both delegated limits, the practice manager; above either, a
    commissioner; a total above the senior threshold, a senior commissioner."""
    per_child = _child_year_total(budget, child) + committed
    within = amount <= contract.delegated_limit_per_item and (
        category == SpendRequest.Category.PLACEMENT
        or per_child <= contract.delegated_limit_per_child_year
    )
    if within:
        return SpendRequest.Level.PRACTICE
    if committed > contract.senior_approval_threshold:
        return SpendRequest.Level.SENIOR
    return SpendRequest.Level.COUNCIL


def _contract_holding(child: Child) -> Contract:
    allocation = (
        child.allocations.filter(ended_on__isnull=True, contract__isnull=False)
        .select_related("contract")
        .first()
    )
    if allocation is None:
        raise DomainError("This child's case is not held by a practice under a contract")
    return allocation.contract


@transaction.atomic
def request_spend(
    *,
    child: Child,
    by,
    category: str,
    description: str,
    frequency: str,
    amount: Decimal,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    reason: str,
    proposal: dict | None = None,
) -> SpendRequest:
    """The practice asks to spend for a child. Within the delegated limits a practice
    manager's request is approved (committed) at once; otherwise it waits for the person
    who decides."""
    if not can(by, Action.RECORD_CASEWORK, child) or not getattr(by, "pk", None):
        raise DomainError("Only the practice holding the case can ask to spend", code="forbidden")
    contract = _contract_holding(child)
    if contract.status != Contract.Status.ACTIVE:
        raise DomainError("The contract is not active: spending is paused")
    if amount is None or amount <= 0:
        raise DomainError("Enter an amount more than £0", field="amount")
    if amount != amount.quantize(PENNY):
        raise DomainError("Enter the amount in pounds and pence", field="amount")
    if frequency == SpendRequest.Frequency.ONE_OFF:
        ends_on = None
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("The last day must be on or after the first", field="ends_on")
    if not contract.starts_on <= starts_on <= contract.ends_on:
        raise DomainError("The date must fall within the contract's term", field="starts_on")
    if not reason.strip():
        raise DomainError("Say why the money is needed", field="reason")
    year = financial_year_of(starts_on)
    # Lock the budget before anything refers to it: requests and approvals queue per budget.
    budget = (
        Budget.objects.select_for_update(no_key=True)
        .filter(contract=contract, financial_year=year)
        .first()
    )
    if budget is None:
        raise DomainError(
            f"There is no {financial_year_label(year)} budget on this contract yet: "
            "ask the council to set one",
            field="starts_on",
        )
    committed = committed_amount(
        frequency=frequency, amount=amount, starts_on=starts_on, ends_on=ends_on
    )
    request = SpendRequest.objects.create(
        contract=contract,
        budget=budget,
        child=child,
        category=category,
        description=description.strip(),
        frequency=frequency,
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        committed_amount=committed,
        reason=reason.strip(),
        level=level_for(
            contract=contract,
            budget=budget,
            child=child,
            category=category,
            frequency=frequency,
            amount=amount,
            committed=committed,
        ),
        requested_by=by,
        proposal=proposal or {},
    )
    if request.level == SpendRequest.Level.PRACTICE and is_manager_of(by, contract.practice_id):
        return approve_spend(spend_request=request, by=by)
    return request


def may_decide(user, request: SpendRequest) -> bool:
    contract = request.contract
    if request.level == SpendRequest.Level.PRACTICE:
        return is_manager_of(user, contract.practice_id)
    senior = request.level == SpendRequest.Level.SENIOR
    return is_commissioner_of(user, contract.council_id, senior=senior)


def _require_decider(by, request: SpendRequest) -> None:
    if not may_decide(by, request):
        who = {
            SpendRequest.Level.PRACTICE: "the practice manager",
            SpendRequest.Level.COUNCIL: "a commissioner of the council",
            SpendRequest.Level.SENIOR: "a senior commissioner of the council",
        }[request.level]
        raise DomainError(f"Only {who} can decide this request", code="forbidden")


def _lock_pending(spend_request: SpendRequest) -> SpendRequest:
    request = (
        SpendRequest.objects.select_for_update(no_key=True, of=("self",))
        .select_related("contract", "child")
        .get(pk=spend_request.pk)
    )
    if request.status != SpendRequest.Status.PENDING:
        raise DomainError(
            f"This request has already been {request.get_status_display().lower()}",
            code="already_decided",
        )
    return request


@transaction.atomic
def approve_spend(*, spend_request: SpendRequest, by, reason: str = "") -> SpendRequest:
    """Approve and commit. The budget row is locked first, so approvals queue per budget."""
    budget = Budget.objects.select_for_update(no_key=True).get(pk=spend_request.budget_id)
    request = _lock_pending(spend_request)
    _require_decider(by, request)
    if request.contract.status != Contract.Status.ACTIVE:
        raise DomainError("The contract is not active: spending is paused")
    if request.level == SpendRequest.Level.PRACTICE and request.category != (
        SpendRequest.Category.PLACEMENT
    ):
        per_child = _child_year_total(budget, request.child) + request.committed_amount
        if per_child > request.contract.delegated_limit_per_child_year:
            raise DomainError(
                "This would take the child past the delegated limit for the year "
                f"(£{request.contract.delegated_limit_per_child_year:,.2f}): "
                "ask the council instead"
            )
    left = budget.amount - used_total(budget)
    if request.committed_amount > left:
        raise DomainError(
            f"Not enough left in the {budget.label} budget: £{left:,.2f} left, "
            f"£{request.committed_amount:,.2f} asked",
            code="over_budget",
        )
    request.status = SpendRequest.Status.APPROVED
    request.decided_by = by
    request.decided_at = clock.now()
    request.decision_reason = reason.strip()
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )
    return request


@transaction.atomic
def refuse_spend(*, spend_request: SpendRequest, by, reason: str) -> SpendRequest:
    request = _lock_pending(spend_request)
    _require_decider(by, request)
    if not reason.strip():
        raise DomainError("Say why the request is refused", field="reason")
    request.status = SpendRequest.Status.REFUSED
    request.decided_by = by
    request.decided_at = clock.now()
    request.decision_reason = reason.strip()
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )
    return request


@transaction.atomic
def withdraw_spend(*, spend_request: SpendRequest, by) -> SpendRequest:
    request = _lock_pending(spend_request)
    if request.requested_by_id != by.pk and not is_manager_of(by, request.contract.practice_id):
        raise DomainError("Only the person who asked, or their manager, can withdraw it")
    request.status = SpendRequest.Status.WITHDRAWN
    request.decided_by = by
    request.decided_at = clock.now()
    request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return request
