"""Where a commissioner's (or a practice manager's) commissioning work starts."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from commissioning.models import Referral, SpendRequest, financial_year_of
from commissioning.permissions import gate
from commissioning.selectors import queues
from commissioning.selectors.budgets import budget_figures
from commissioning.selectors.performance import missed_for
from core import clock

LIMIT = 20


@require_GET
def home(request):
    side = gate(request.user)
    today = clock.today()
    user = request.user
    contracts = queues.my_contracts(user)
    month, missed = missed_for(contracts.values("pk"), today=today)
    context = {
        "side": side,
        "waiting": list(queues.approvals_waiting(user)[:LIMIT]),
        "waiting_count": queues.approvals_waiting(user).count(),
        "referrals": list(queues.referrals(user).filter(status=Referral.Status.PENDING)[:LIMIT]),
        "ending": list(queues.contracts_ending(user).filter(pk__in=contracts.values("pk"))),
        "missed": missed,
        "missed_month": month,
    }
    if side == "practice":
        year = financial_year_of(today)
        budgets = queues.budgets(user).filter(
            financial_year=year, contract__in=contracts.values("pk")
        )
        context |= {
            "contracts": list(contracts),
            "budgets": [budget_figures(b) for b in budgets[:LIMIT]],
            "requests": list(
                queues.spend_requests(user).filter(status=SpendRequest.Status.PENDING)[:LIMIT]
            ),
        }
    return render(request, "commissioning/home.html", context)
