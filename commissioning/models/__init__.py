from commissioning.models.contracts import (
    VARIABLE_TERMS,
    Contract,
    ContractVariation,
    DelegableFunction,
    Indicator,
    PerformanceTarget,
)
from commissioning.models.money import (
    Budget,
    SpendRequest,
    financial_year_bounds,
    financial_year_label,
    financial_year_of,
)
from commissioning.models.performance import PerformanceSnapshot
from commissioning.models.referrals import Referral

__all__ = [
    "VARIABLE_TERMS",
    "Budget",
    "Contract",
    "ContractVariation",
    "DelegableFunction",
    "Indicator",
    "PerformanceSnapshot",
    "PerformanceTarget",
    "Referral",
    "SpendRequest",
    "financial_year_bounds",
    "financial_year_label",
    "financial_year_of",
]
