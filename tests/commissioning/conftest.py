"""Commissioning fixtures: the world's contract with a budget, and a few helpers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.models import Budget, financial_year_of


def today() -> dt.date:
    return timezone.localdate()


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def give_budget(contract, amount="100000.00", year=None) -> Budget:
    return Budget.objects.create(
        contract=contract,
        financial_year=year if year is not None else financial_year_of(today()),
        amount=Decimal(amount),
    )


@pytest.fixture
def funded(world):
    """The world, with a budget of £100,000 this financial year on council A's contract."""
    world.budget = give_budget(world.contract)
    return world
