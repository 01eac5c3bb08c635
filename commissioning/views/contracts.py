"""Contracts: the list, a contract with its variations, targets, budgets and cases."""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from commissioning import forms as f
from commissioning.models import Contract, financial_year_of
from commissioning.permissions import commissioner_councils, gate, is_commissioner_of
from commissioning.selectors import queues
from commissioning.selectors.budgets import budget_figures
from commissioning.selectors.performance import target_statuses
from commissioning.services import budgets as budget_services
from commissioning.services import contracts as services
from commissioning.views.base import form_page, posted
from core import clock


def _council_only(request) -> None:
    if gate(request.user) != "council":
        raise PermissionDenied("Only a commissioner can do this.")


def _commissioner_of(request, contract: Contract) -> None:
    if not is_commissioner_of(request.user, contract.council_id):
        raise PermissionDenied("Only a commissioner of the council can change this contract.")


CASES_PER_PAGE = 50


@require_GET
def contract_list(request):
    side = gate(request.user)
    return render(
        request,
        "commissioning/contract_list.html",
        {"contracts": list(queues.my_contracts(request.user)), "side": side},
    )


def contract_new(request):
    _council_only(request)
    councils = commissioner_councils(request.user)
    form = f.ContractForm(posted(request), practices=queues.practices_to_contract())

    def save(form):
        from practices.models import Council

        data = dict(form.cleaned_data)
        practice = data.pop("practice")
        council = Council.objects.get(pk=councils[0]) if councils else None
        if council is None:
            raise PermissionDenied("Only a commissioner of a council can draft a contract.")
        contract = services.create_contract(
            council=council, practice=practice, by=request.user, **data
        )
        return reverse("commissioning:contract", args=[contract.pk])

    return form_page(
        request,
        form=form,
        title="Draft a contract",
        save=save,
        done="Contract drafted: add its targets and budget, then sign it",
        back=reverse("commissioning:contracts"),
    )


def _statement_months(contract: Contract, today: dt.date) -> list[dt.date]:
    months, month = [], today.replace(day=1)
    while len(months) < 6 and month >= contract.starts_on.replace(day=1):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


@require_GET
def contract_detail(request, pk: int):
    side = gate(request.user)
    contract = queues.get_my_contract(request.user, pk)
    today = clock.today()
    commissioner = is_commissioner_of(request.user, contract.council_id)
    budgets = [budget_figures(b) for b in contract.budgets.order_by("-financial_year")[:3]]
    # A contract may hold a thousand children: the commissioner's list goes by pages.
    cases = (
        Paginator(queues.open_cases(request.user, contract), CASES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        if commissioner
        else None
    )
    context = {
        "contract": contract,
        "side": side,
        "commissioner": commissioner,
        "variations": contract.variations.select_related("made_by").order_by("-number"),
        "targets": target_statuses(contract, today=today),
        "budgets": budgets,
        "this_year": financial_year_of(today),
        "cases": cases,
        "held": cases.paginator.count
        if cases is not None
        else queues.open_cases(request.user, contract).count(),
        "referrals": queues.referrals(request.user).filter(contract=contract)[:10],
        "months": _statement_months(contract, today),
    }
    return render(request, "commissioning/contract_detail.html", context)


def contract_activate(request, pk: int):
    gate(request.user)
    contract = queues.get_my_contract(request.user, pk)
    _commissioner_of(request, contract)
    form = forms.Form(posted(request))

    def save(form):
        services.activate_contract(contract=contract, by=request.user)
        return reverse("commissioning:contract", args=[contract.pk])

    return form_page(
        request,
        form=form,
        title=f"Sign contract {contract.reference}",
        intro=(
            "Once signed, the contract is active: the practice can take referrals, and its "
            "terms change only by a variation that keeps the previous terms."
        ),
        button="Sign the contract",
        save=save,
        done="Contract signed: it is now active",
        back=reverse("commissioning:contract", args=[contract.pk]),
        caption=str(contract.practice),
    )


def contract_vary(request, pk: int):
    gate(request.user)
    contract = queues.get_my_contract(request.user, pk)
    _commissioner_of(request, contract)
    initial = {name: getattr(contract, name) for name in f.VariationForm.TERMS}
    initial["effective_from"] = clock.today()
    form = f.VariationForm(posted(request), initial=initial)

    def save(form):
        data = dict(form.cleaned_data)
        changes = {k: data[k] for k in f.VariationForm.TERMS if data[k] != getattr(contract, k)}
        services.vary_contract(
            contract=contract,
            by=request.user,
            effective_from=data["effective_from"],
            reason=data["reason"],
            **changes,
        )
        return reverse("commissioning:contract", args=[contract.pk])

    return form_page(
        request,
        form=form,
        title="Vary the contract",
        caption=f"{contract.reference}: {contract.practice}",
        intro="Change the terms that are changing. The previous terms are kept with the variation.",
        save=save,
        done="Variation recorded",
        back=reverse("commissioning:contract", args=[contract.pk]),
    )


def target_new(request, pk: int):
    gate(request.user)
    contract = queues.get_my_contract(request.user, pk)
    _commissioner_of(request, contract)
    form = f.TargetForm(posted(request))

    def save(form):
        services.set_target(contract=contract, by=request.user, **form.cleaned_data)
        return reverse("commissioning:contract", args=[contract.pk])

    return form_page(
        request,
        form=form,
        title="Set a performance target",
        caption=f"{contract.reference}: {contract.practice}",
        intro="A target for an indicator replaces the contract's current one for it.",
        save=save,
        done="Target set",
        back=reverse("commissioning:contract", args=[contract.pk]),
    )


def budget_new(request, pk: int):
    gate(request.user)
    contract = queues.get_my_contract(request.user, pk)
    _commissioner_of(request, contract)
    form = f.BudgetForm(posted(request))

    def save(form):
        budget = budget_services.set_budget(contract=contract, by=request.user, **form.cleaned_data)
        return reverse("commissioning:budget", args=[budget.pk])

    return form_page(
        request,
        form=form,
        title="Set a budget",
        caption=f"{contract.reference}: {contract.practice}",
        intro=(
            "The money delegated to the practice for one financial year (1 April to 31 March). "
            "Setting it again changes the amount; it cannot go below what is committed and spent."
        ),
        save=save,
        done="Budget set",
        back=reverse("commissioning:contract", args=[contract.pk]),
    )


@require_GET
def budget_detail(request, pk: int):
    from commissioning.models import Budget

    gate(request.user)
    budget = queues.get_visible(
        request.user, Budget, pk, "contract", "contract__practice", "contract__council"
    )
    return render(
        request,
        "commissioning/budget.html",
        {
            "figures": budget_figures(budget),
            "budget": budget,
            "commissioner": is_commissioner_of(request.user, budget.contract.council_id),
        },
    )


def go_to_statement(request, pk: int):
    """The month picker on the contract page."""
    gate(request.user)
    contract = queues.get_my_contract(request.user, pk)
    month = request.GET.get("month", "")
    try:
        year, number = (int(part) for part in month.split("-"))
        dt.date(year, number, 1)
    except ValueError:
        today = clock.today()
        year, number = today.year, today.month
    return redirect("commissioning:statement", pk=contract.pk, year=year, month=number)
