"""Budgets per financial year and the payments statement: figures are the sums of the
lines beneath them, to the penny, and a mid-month price change prorates."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.models import Budget, financial_year_bounds, financial_year_of
from commissioning.selectors.budgets import budget_figures, spend_lines, used_total
from commissioning.selectors.statements import statement
from commissioning.services.budgets import set_budget
from commissioning.services.contracts import vary_contract
from commissioning.services.spend import request_spend
from core.errors import DomainError
from placements.models import Placement, PlacementCost
from placements.services.allocations import allocate_child
from tests.commissioning.conftest import give_budget
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2026, 3, 31), 2025),
        (dt.date(2026, 4, 1), 2026),
        (dt.date(2026, 12, 31), 2026),
        (dt.date(2027, 1, 1), 2026),
        (dt.date(2024, 2, 29), 2023),
    ],
)
def test_financial_year_runs_1_april_to_31_march(day, year):
    assert financial_year_of(day) == year
    first, last = financial_year_bounds(year)
    assert first <= day <= last
    assert (first, last) == (dt.date(year, 4, 1), dt.date(year + 1, 3, 31))


def practice_funded_cost(w, *, started_on, weekly):
    placement = Placement.objects.create(
        child=w.child,
        period=w.child.periods.get(),
        place="U4",
        place_provider="PR1",
        started_on=started_on,
        postcode="YO1 3RU",
    )
    return PlacementCost.objects.create(
        placement=placement,
        started_on=started_on,
        weekly_amount=Decimal(weekly),
        funded_by="practice",
    )


def test_a_placement_cost_is_split_between_financial_years_at_31_march(world):
    old_placement = world.child.placements.get()
    old_placement.ended_on = dt.date(2025, 3, 1)
    old_placement.save()
    practice_funded_cost(world, started_on=dt.date(2025, 3, 1), weekly="70.00")
    last_year = give_budget(world.contract, year=2024)
    this_year = give_budget(world.contract, year=2025)
    [line] = budget_figures(last_year, today=dt.date(2025, 6, 1)).lines
    assert (line.first_day, line.last_day, line.days, line.total) == (
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 31),
        31,
        Decimal("310.00"),
    )
    [line] = budget_figures(this_year, today=dt.date(2025, 6, 1)).lines
    assert (line.first_day, line.last_day, line.days, line.total) == (
        dt.date(2025, 4, 1),
        dt.date(2026, 3, 31),
        365,
        Decimal("3650.00"),
    )
    # spent: 1 April to 1 June inclusive (62 days); the rest is committed
    assert line.spent == Decimal("620.00")
    assert line.committed == Decimal("3030.00")


def test_one_off_spend_falls_in_the_year_of_its_date(world):
    for year in (2025, 2026):
        give_budget(world.contract, year=year)
    for day in (dt.date(2026, 3, 31), dt.date(2026, 4, 1)):
        request_spend(
            child=world.child,
            by=world.manager,
            category="item",
            description=f"Item on {day}",
            frequency="one_off",
            amount=Decimal("100.00"),
            starts_on=day,
            reason="Needed",
        )
    budgets = {b.financial_year: b for b in Budget.objects.all()}
    assert [line.description for line in budget_figures(budgets[2025]).lines] == [
        "Item on 2026-03-31"
    ]
    assert [line.description for line in budget_figures(budgets[2026]).lines] == [
        "Item on 2026-04-01"
    ]


def test_committed_spent_and_left_are_always_the_sums_of_the_lines(funded):
    for amount, frequency in [("120.00", "one_off"), ("33.33", "weekly"), ("499.99", "one_off")]:
        request_spend(
            child=funded.child,
            by=funded.manager,
            category="service",
            description=f"{frequency} {amount}",
            frequency=frequency,
            amount=Decimal(amount),
            starts_on=funded.budget.starts_on + dt.timedelta(days=10),
            reason="Needed",
        )
    figures = budget_figures(funded.budget)
    assert figures.spent == sum(line.spent for line in figures.lines)
    assert figures.committed == sum(line.committed for line in figures.lines)
    assert figures.spent + figures.committed == used_total(funded.budget)
    assert figures.remaining == funded.budget.amount - used_total(funded.budget)
    assert all(isinstance(line.total, Decimal) for line in figures.lines)


def test_a_budget_cannot_be_cut_below_what_is_used(funded):
    request_spend(
        child=funded.child,
        by=funded.manager,
        category="item",
        description="Bike",
        frequency="one_off",
        amount=Decimal("400.00"),
        starts_on=funded.budget.starts_on,
        reason="Needed",
    )
    with pytest.raises(DomainError, match="already committed or spent"):
        set_budget(
            contract=funded.contract,
            financial_year=funded.budget.financial_year,
            amount=Decimal("399.99"),
            by=funded.commissioner,
        )
    with pytest.raises(DomainError, match="Only a commissioner"):
        set_budget(
            contract=funded.contract,
            financial_year=funded.budget.financial_year,
            amount=Decimal("1.00"),
            by=funded.other_commissioner,
        )


@pytest.fixture
def june(world):
    """Council A's contract in June 2025: Amara and Ben held all month (Ben's case came
    back to the council only days ago), and a third child allocated from 10 June."""
    second = ChildFactory(council=world.council, first_name="Zed", last_name="Second")
    allocate_child(
        child=second,
        practice=world.practice,
        contract=world.contract,
        started_on=dt.date(2025, 6, 10),
        by=None,
    )
    world.second = second
    return world


def test_statement_fees_are_price_times_days_allocated_over_7(june):
    s = statement(june.contract, dt.date(2025, 6, 1))
    fees = {(line.la_child_id, line.days): line.amount for line in s.fees}
    assert fees == {
        (june.child.la_child_id, 30): Decimal("1928.57"),  # 450 x 30 / 7
        (june.child_ended.la_child_id, 30): Decimal("1928.57"),
        (june.second.la_child_id, 21): Decimal("1350.00"),  # 450 x 21 / 7
    }
    assert s.fees_total == Decimal("5207.14")


def test_a_mid_month_price_variation_prorates_the_statement(june):
    vary_contract(
        contract=june.contract,
        by=june.commissioner,
        effective_from=dt.date(2025, 6, 16),
        reason="Annual uplift",
        weekly_price_per_child=Decimal("500.00"),
    )
    s = statement(june.contract, dt.date(2025, 6, 1))
    lines = [
        (line.la_child_id, line.first_day.day, line.days, line.rate, line.amount) for line in s.fees
    ]
    a, b, z = june.child.la_child_id, june.child_ended.la_child_id, june.second.la_child_id
    assert sorted(lines) == sorted(
        [
            (a, 1, 15, Decimal("450.00"), Decimal("964.29")),  # 1-15 June at £450
            (a, 16, 15, Decimal("500.00"), Decimal("1071.43")),  # 16-30 June at £500
            (b, 1, 15, Decimal("450.00"), Decimal("964.29")),
            (b, 16, 15, Decimal("500.00"), Decimal("1071.43")),
            (z, 10, 6, Decimal("450.00"), Decimal("385.71")),  # 10-15 June at £450
            (z, 16, 15, Decimal("500.00"), Decimal("1071.43")),
        ]
    )
    assert s.fees_total == Decimal("5528.58")
    # the month before and after use one price each
    assert {line.rate for line in statement(june.contract, dt.date(2025, 5, 1)).fees} == {
        Decimal("450.00")
    }
    assert {line.rate for line in statement(june.contract, dt.date(2025, 7, 1)).fees} == {
        Decimal("500.00")
    }


def test_a_block_contract_prorates_a_change_of_block_sum_by_days(world):
    contract = world.contract
    contract.weekly_price_per_child = None
    contract.block_amount_per_month = Decimal("30000.00")
    contract.save()
    vary_contract(
        contract=contract,
        by=world.commissioner,
        effective_from=dt.date(2025, 6, 11),
        reason="More workers",
        block_amount_per_month=Decimal("36000.00"),
    )
    s = statement(contract, dt.date(2025, 6, 1))
    assert [(line.days, line.amount) for line in s.fees] == [
        (10, Decimal("10000.00")),
        (20, Decimal("24000.00")),
    ]


def test_statement_includes_the_spend_that_fell_in_the_month(june):
    give_budget(june.contract, year=2025)
    request_spend(
        child=june.child,
        by=june.manager,
        category="activity",
        description="Swimming lessons",
        frequency="weekly",
        amount=Decimal("14.00"),
        starts_on=dt.date(2025, 6, 20),
        ends_on=dt.date(2025, 7, 10),
        reason="Confidence",
    )
    s = statement(june.contract, dt.date(2025, 6, 1))
    assert [(line.days, line.total) for line in s.spend] == [(11, Decimal("22.00"))]
    assert s.total == s.fees_total + Decimal("22.00")
    july = spend_lines(june.contract.pk, dt.date(2025, 7, 1), dt.date(2025, 7, 31))
    assert [(line.days, line.total) for line in july] == [(10, Decimal("20.00"))]


def test_statement_page_csv_and_xlsx_carry_the_same_lines_and_totals(june, client):
    vary_contract(
        contract=june.contract,
        by=june.commissioner,
        effective_from=dt.date(2025, 6, 16),
        reason="Uplift",
        weekly_price_per_child=Decimal("500.00"),
    )
    client.force_login(june.commissioner)
    args = [june.contract.pk, 2025, 6]
    page = client.get(reverse("commissioning:statement", args=args)).content.decode()
    assert "£5,528.58" in page and "£1,071.43" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("commissioning:statement_csv", args=args)).content.decode()
            )
        )
    )
    fee_rows = [r for r in rows if r[0] == "Fees"]
    assert sum(Decimal(r[10]) for r in fee_rows) == Decimal("5528.58")
    assert rows[-1][0] == "Total due" and rows[-1][10] == "5528.58"
    book = load_workbook(
        io.BytesIO(client.get(reverse("commissioning:statement_xlsx", args=args)).content)
    )
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [Decimal(str(v[10])) for v in values if v[0] == "Fees"] == [
        Decimal(r[10]) for r in fee_rows
    ]
    assert (values[-1][0], Decimal(str(values[-1][10]))) == ("Total due", Decimal("5528.58"))


def test_money_is_decimal_to_the_penny_never_float():
    from django.apps import apps
    from django.db import models

    money = {
        "Contract": [
            "weekly_price_per_child",
            "block_amount_per_month",
            "annual_value",
            "delegated_limit_per_item",
            "delegated_limit_per_child_year",
            "senior_approval_threshold",
        ],
        "Budget": ["amount"],
        "SpendRequest": ["amount", "committed_amount"],
    }
    for model in apps.get_app_config("commissioning").get_models():
        for field in model._meta.fields:
            assert not isinstance(field, models.FloatField), f"{model.__name__}.{field.name}"
    for name, fields in money.items():
        model = apps.get_model("commissioning", name)
        for field_name in fields:
            field = model._meta.get_field(field_name)
            assert isinstance(field, models.DecimalField) and field.decimal_places == 2
