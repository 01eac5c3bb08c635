"""Performance dashboards: national, council and practice, and the children behind a figure."""

import math

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from commissioning.charts import line_chart
from core import clock
from oversight.indicators import selectors
from oversight.indicators.definitions import BY_CODE, DIMENSIONS, INDICATORS
from oversight.indicators.forms import FilterForm
from oversight.indicators.services import children_behind
from placements.models import Child
from placements.selectors import with_current_state
from practices.access import scope_of, visible
from practices.models import Council, Role

DRILL_LIMIT = 500


@require_GET
def home(request):
    """Where each person's performance dashboard is."""
    user = request.user
    if selectors.sees_every_council(user):
        return redirect("indicators:national")
    council = selectors.dashboard_councils(user).order_by("name").first()
    if council is not None:
        return redirect("indicators:council", council.pk)
    practice = selectors.dashboard_practices(user).order_by("name").first()
    if practice is not None:
        return redirect("indicators:practice", practice.pk)
    raise PermissionDenied("Performance dashboards are for councils, managers and inspectors.")


def _form(request):
    form = FilterForm(request.GET or None, today=clock.today())
    if form.is_bound:
        form.is_valid()
    return form


def _chart(dashboard, indicator):
    months = dashboard.months
    labels = [m.strftime("%b %y") if i % 3 == 0 else "" for i, m in enumerate(months)]
    mine = [getattr(dashboard.figures[indicator.code].get(m), "value", None) for m in months]
    series = [(dashboard.name, mine)]
    if dashboard.above_name:
        above = [getattr(dashboard.above[indicator.code].get(m), "value", None) for m in months]
        series.append((dashboard.above_name, above))
    if indicator.is_percent:
        top = 100
    else:
        values = [v for _, vs in series for v in vs if v is not None]
        top = max(1, math.ceil(max(values, default=1)))
    unit = "per cent" if indicator.is_percent else "per child"
    return line_chart(
        "chart-" + indicator.code,
        f"{indicator.name}, month by month",
        f"Lines: {indicator.name.lower()} ({unit}) each month from "
        f"{months[0]:%B %Y} to {months[-1]:%B %Y}, for {dashboard.name}"
        + (f" and {dashboard.above_name}" if dashboard.above_name else "")
        + ". Months with no figure, or a figure hidden because the numbers are small, have no"
        " point. The same figures are in the table below.",
        labels,
        series,
        top=top,
    )


def _render(request, form, dashboard):
    indicator = BY_CODE[dashboard.filters.indicator]
    query = request.GET.copy()
    query.pop("indicator", None)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "d": dashboard,
            "form": form,
            "indicators": INDICATORS,
            "indicator": indicator,
            "summary": [(i, dashboard.at(i.code), dashboard.above_at(i.code)) for i in INDICATORS],
            "chart": _chart(dashboard, indicator),
            "unit_suffix": "%" if indicator.is_percent else "",
            "trend": [
                (
                    m,
                    dashboard.at(indicator.code, m),
                    dashboard.above_at(indicator.code, m),
                    dashboard.computed_at.get(m),
                )
                for m in reversed(dashboard.months)
            ],
            "query": query.urlencode(),
            "suppress_below": settings.INDICATORS_SUPPRESS_BELOW,
            "drill_query": request.GET.urlencode(),
            "dimensions": [
                (name, label, choices, getattr(dashboard.filters, name))
                for name, (label, choices) in DIMENSIONS.items()
            ],
        },
        status=400 if form.errors else 200,
    )


@require_GET
def national(request):
    if not selectors.sees_every_council(request.user):
        raise PermissionDenied("The national dashboard is for the inspectorate.")
    form = _form(request)
    return _render(request, form, selectors.national(request.user, form.filters()))


@require_GET
def council(request, pk: int):
    found = get_object_or_404(selectors.dashboard_councils(request.user), pk=pk)
    form = _form(request)
    return _render(request, form, selectors.council(request.user, found, form.filters()))


@require_GET
def practice(request, pk: int):
    found = get_object_or_404(selectors.dashboard_practices(request.user), pk=pk)
    form = _form(request)
    return _render(request, form, selectors.practice(request.user, found, form.filters()))


@require_GET
def children(request, council_pk: int):
    """The children behind one council's figure, counted from the record now: only those
    this person may see are listed; the others are a number (small numbers hidden)."""
    user = request.user
    scope = scope_of(user)
    holder = request.GET.get("holder", "")
    managed = scope.practices_with({Role.PRACTICE_MANAGER})
    council = selectors.dashboard_councils(user).filter(pk=council_pk).first()
    if council is not None:
        back = reverse("indicators:council", args=[council.pk])
    elif holder.isdigit() and int(holder) in managed:
        # A practice manager may look behind their own practice's figures at a council.
        council = get_object_or_404(visible(user, Council), pk=council_pk)
        back = reverse("indicators:practice", args=[int(holder)])
    else:
        raise Http404("No such council")
    if holder not in ("", "council") and not holder.isdigit():
        raise Http404("No such holder")
    form = _form(request)
    filters = form.filters()
    indicator = BY_CODE[filters.indicator]
    behind = children_behind(
        indicator=indicator.code,
        month=filters.month,
        council_id=council.pk,
        practice_id=int(holder) if holder.isdigit() else None,
        all_holders=holder == "",
        filters=filters.breakdown,
    )
    shown = with_current_state(
        visible(user, Child)
        .filter(pk__in=list(behind))
        .order_by("last_name", "first_name", "pk")[:DRILL_LIMIT]
    )
    rows = [(child, *behind[child.pk]) for child in shown]
    hidden = selectors.Figure(
        sum(1 for _ in behind) - len(rows),
        0,
        indicator,
        hide_small=not selectors.may_see_children_of(user, [council.pk]),
    )
    return render(
        request,
        "indicators/children.html",
        {
            "council": council,
            "indicator": indicator,
            "filters": filters,
            "rows": rows,
            "total": len(behind),
            "hidden": hidden,
            "hidden_text": hidden._count(hidden.shown_numerator),
            "limit": DRILL_LIMIT,
            "back": f"{back}?{request.GET.urlencode()}",
        },
        status=400 if form.errors else 200,
    )
