"""Setting a contract's delegated budget for a financial year."""

from decimal import Decimal

from django.db import transaction

from commissioning.models import Budget, Contract, financial_year_bounds
from commissioning.permissions import require_commissioner
from commissioning.selectors.budgets import used_total
from core.errors import DomainError


@transaction.atomic
def set_budget(*, contract: Contract, financial_year: int, amount: Decimal, by) -> Budget:
    """Create the year's budget, or change its amount. It never goes below what is
    already committed and spent (the budget row is locked while that is summed)."""
    require_commissioner(by, contract.council_id, what="set a budget")
    if amount is None or amount < 0:
        raise DomainError("Enter an amount of £0 or more", field="amount")
    if contract.status == Contract.Status.ENDED:
        raise DomainError("This contract has ended")
    first, last = financial_year_bounds(financial_year)
    if last < contract.starts_on or first > contract.ends_on:
        raise DomainError("That year is outside the contract's term", field="financial_year")
    budget = (
        Budget.objects.select_for_update(no_key=True)
        .filter(contract=contract, financial_year=financial_year)
        .first()
    )
    if budget is None:
        return Budget.objects.create(
            contract=contract, financial_year=financial_year, amount=amount, set_by=by
        )
    used = used_total(budget)
    if amount < used:
        raise DomainError(
            f"£{used:,.2f} is already committed or spent: the budget cannot go below that",
            field="amount",
        )
    budget.amount = amount
    budget.set_by = by
    budget.save(update_fields=["amount", "set_by", "updated_at"])
    return budget
