"""Practices side by side with the council's own teams: page, charts, exports, drill-down."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commissioning.charts import bar_chart, line_chart
from commissioning.exports import csv_response, xlsx_response
from commissioning.models import Contract, financial_year_label, financial_year_of
from commissioning.permissions import commissioner_councils, gate
from commissioning.selectors.comparison import (
    DRILL_LABELS,
    QUARTERS,
    comparison,
    drill_down_ids,
    period_bounds,
)
from core import clock
from placements.models import Child
from placements.selectors import with_current_state
from practices.access import scope_of, visible
from practices.models import Council


def _council_and_year(request):
    if gate(request.user) != "council":
        raise PermissionDenied("The comparison of practices is for commissioners.")
    councils = commissioner_councils(request.user)
    if scope_of(request.user).superuser and not councils:
        councils = list(
            visible(request.user, Council).order_by("name").values_list("pk", flat=True)
        )
    wanted = request.GET.get("council", "")
    council_id = int(wanted) if wanted.isdigit() and int(wanted) in councils else councils[0]
    this_year = financial_year_of(clock.today())
    years = list(range(this_year, this_year - 3, -1))
    wanted_year = request.GET.get("year", "")
    year = int(wanted_year) if wanted_year.isdigit() and int(wanted_year) in years else this_year
    return council_id, councils, year, years


def started_quarters(year: int) -> list[tuple[int, str]]:
    """The quarters of the year that have begun, for the period filter."""
    today = clock.today()
    return [(q, label) for q, label in QUARTERS.items() if period_bounds(year, q)[0] <= today]


def _quarter(request, year: int) -> int | None:
    """?quarter=1..4 narrows the year to a quarter that has begun; anything else: the year."""
    wanted = request.GET.get("quarter", "")
    started = dict(started_quarters(year))
    return int(wanted) if wanted.isdigit() and int(wanted) in started else None


def _build(request):
    council_id, councils, year, years = _council_and_year(request)
    result = comparison(
        council_id=council_id,
        contracts=visible(request.user, Contract),
        year=year,
        today=clock.today(),
        quarter=_quarter(request, year),
    )
    return result, councils, years


def _pct(value) -> str:
    return "No data" if value is None else f"{value}%"


HEADER = [
    "Held by",
    "Children at period end",
    "Capacity",
    "Places used (%)",
    "Delegated budget (£)",
    "Delegated spend, committed and spent (£)",
    "Spend of budget (%)",
    "Fees (£)",
    "Council-funded placement costs (£)",
    "Child-weeks",
    "Cost per child per week (£)",
    "3+ placements in 12 months (%)",
    "Visits on time (%)",
    "Visits due",
    "Reviews on time (%)",
    "Reviews due",
    "Health assessments on time (%)",
    "Health assessments due",
    "Missing or away episodes",
    "Children missing or away",
]


def table_rows(result) -> list[list]:
    return [
        [
            r.name,
            r.children,
            r.capacity,
            r.occupancy,
            r.budget,
            r.delegated_spend if r.holder else None,
            r.spend_of_budget,
            r.fees,
            r.council_costs,
            round(r.child_days / 7, 1),
            r.cost_per_child_week,
            r.stability,
            r.visits_pct,
            r.visits[1],
            r.reviews_pct,
            r.reviews[1],
            r.health_pct,
            r.health[1],
            r.missing_episodes,
            r.missing_children,
        ]
        for r in result.rows
    ]


def _charts(result):
    period = f"financial year {financial_year_label(result.year)}"
    if result.quarter:
        period = f"{QUARTERS[result.quarter]} in the {period}"
    occupancy = bar_chart(
        "chart-children",
        "Children held against capacity",
        f"Bars: children each practice and the council's own teams held on "
        f"{result.last:%d %B %Y}; a line marks each practice's capacity. Same figures in the "
        "table below.",
        [
            (
                r.name,
                r.children,
                f"{r.children} of {r.capacity}" if r.capacity else f"{r.children}",
                r.capacity,
            )
            for r in result.rows
        ],
    )
    visits = bar_chart(
        "chart-visits",
        "Statutory visits on time",
        f"Bars: the share of visits due in {period} that were made on time, by who held the "
        "child. Same figures in the table below.",
        [(r.name, r.visits_pct, f"{_pct(r.visits_pct)} of {r.visits[1]}") for r in result.rows],
        scale=100,
    )
    spend = bar_chart(
        "chart-spend",
        "Delegated spend against budget",
        f"Bars: delegated spend committed and spent in {period} by each practice; a line marks "
        "its budget. The council's own teams have no delegated budget. Same figures in the "
        "table below.",
        [
            (
                r.name,
                r.delegated_spend if r.budget is not None else None,
                f"£{r.delegated_spend:,.2f} of £{r.budget:,.2f}"
                if r.budget is not None
                else "Not delegated",
                r.budget,
            )
            for r in result.rows
        ],
    )
    cost = bar_chart(
        "chart-cost",
        "Cost per child per week",
        f"Bars: fees, delegated spend and council-funded placement costs in {period}, per "
        "child per week held. Same figures in the table below.",
        [
            (
                r.name,
                r.cost_per_child_week,
                "No children"
                if r.cost_per_child_week is None
                else f"£{r.cost_per_child_week:,.2f}",
            )
            for r in result.rows
        ],
    )
    reviews = bar_chart(
        "chart-reviews",
        "Reviews on time",
        f"Bars: the share of reviews due in {period} that were held on time. Same figures in "
        "the table below.",
        [(r.name, r.reviews_pct, f"{_pct(r.reviews_pct)} of {r.reviews[1]}") for r in result.rows],
        scale=100,
    )
    health = bar_chart(
        "chart-health",
        "Health assessments on time",
        f"Bars: the share of health assessments due in {period} that were done on time. Same "
        "figures in the table below.",
        [(r.name, r.health_pct, f"{_pct(r.health_pct)} of {r.health[1]}") for r in result.rows],
        scale=100,
    )
    labels = [m.strftime("%b") for m in result.months]
    trend = line_chart(
        "chart-trend",
        "Visits on time, month by month",
        f"Lines: for each holder, the share of visits due each month of {period} that were "
        "made on time. Months with no visits due have no point. Same figures in the table below.",
        labels,
        [
            (
                r.name,
                [
                    next((t["visits_pct"] for t in r.trend if t["month"] == m), None)
                    for m in result.months
                ],
            )
            for r in result.rows
        ],
    )
    return [occupancy, spend, cost, visits, reviews, health], trend


@require_GET
def comparison_page(request):
    result, councils, years = _build(request)
    bars, trend = _charts(result)
    trend_rows = [
        {
            "month": m,
            "cells": [next((t for t in r.trend if t["month"] == m), None) for r in result.rows],
        }
        for m in result.months
    ]
    return render(
        request,
        "commissioning/comparison.html",
        {
            "c": result,
            "bars": bars,
            "trend": trend,
            "trend_rows": trend_rows,
            "years": [(y, financial_year_label(y)) for y in years],
            "quarters": started_quarters(result.year),
            "councils": visible(request.user, Council).filter(pk__in=councils).order_by("name")
            if len(councils) > 1
            else [],
            "query": request.GET.urlencode(),
            "figures": DRILL_LABELS,
        },
    )


def _export_name(result, ext):
    quarter = f"-q{result.quarter}" if result.quarter else ""
    return f"comparison-{financial_year_label(result.year)}{quarter}.{ext}"


TREND_HEADER = [
    "Month",
    "Held by",
    "Children at month end",
    "Visits on time",
    "Visits due",
    "Visits on time (%)",
    "Missing or away episodes",
]


def _trend_rows(result):
    return [
        [
            t["month"],
            r.name,
            t["children"],
            t["visits"][0],
            t["visits"][1],
            t["visits_pct"],
            t["missing"],
        ]
        for r in result.rows
        for t in r.trend
    ]


@require_GET
def comparison_csv(request):
    result, _, _ = _build(request)
    return csv_response(_export_name(result, "csv"), HEADER, table_rows(result))


@require_GET
def comparison_xlsx(request):
    result, _, _ = _build(request)
    return xlsx_response(
        _export_name(result, "xlsx"),
        [
            ("Comparison", HEADER, table_rows(result)),
            ("By month", TREND_HEADER, _trend_rows(result)),
        ],
    )


@require_GET
def comparison_children(request):
    """The children behind one figure: only those the viewer may see."""
    council_id, _, year, _ = _council_and_year(request)
    figure = request.GET.get("figure", "")
    holder = request.GET.get("holder", "")
    if figure not in DRILL_LABELS or not holder.isdigit():
        raise Http404("No such figure")
    quarter = _quarter(request, year)
    ids = drill_down_ids(
        council_id=council_id,
        year=year,
        holder=int(holder),
        figure=figure,
        today=clock.today(),
        quarter=quarter,
    )
    children = with_current_state(
        visible(request.user, Child).filter(pk__in=ids).order_by("last_name", "first_name", "pk")
    )
    return render(
        request,
        "commissioning/comparison_children.html",
        {
            "title": DRILL_LABELS[figure],
            "children": children[:500],
            "total": len(ids),
            "year": financial_year_label(year),
            "quarter": QUARTERS.get(quarter),
            "back_query": request.GET.urlencode(),
        },
    )
