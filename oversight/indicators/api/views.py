"""Indicator endpoints: thin over the same selectors as the dashboards, scoped the same way
(the inspectorate: every council; council staff: their council; practice managers: their
practice)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import clock
from oversight.indicators import selectors
from oversight.indicators.api import serializers as s
from oversight.indicators.definitions import (
    AGE_BANDS,
    CODES,
    INDICATORS,
    LEGAL_STATUSES,
    PLACEMENT_TYPES,
)
from oversight.indicators.forms import FilterForm

FILTER_PARAMETERS = [
    OpenApiParameter("month", str, description="YYYY-MM, one of the last 24 months"),
    OpenApiParameter("indicator", str, enum=CODES, description="For the breakdown"),
    OpenApiParameter("age_band", str, enum=[c for c, _ in AGE_BANDS]),
    OpenApiParameter("legal_status", str, enum=[c for c, _ in LEGAL_STATUSES]),
    OpenApiParameter("placement_type", str, enum=[c for c, _ in PLACEMENT_TYPES]),
    OpenApiParameter("months", int, description="Months of history, 1 to 24 (default 24)"),
]


def _indicator(i) -> dict:
    return {
        "code": i.code,
        "name": i.name,
        "group": i.group,
        "definition": i.definition,
        "unit": i.unit,
        "numerator_label": i.numerator_label,
        "denominator_label": i.denominator_label,
        "higher_is_better": i.higher_is_better,
    }


def _figure(f, **extra) -> dict:
    return {
        **extra,
        "numerator": f.shown_numerator,
        "denominator": f.shown_denominator,
        "value": f.value,
        "suppressed": f.suppressed,
    }


def _filters(request):
    form = FilterForm(request.query_params, today=clock.today())
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form.filters()


def _data(d) -> dict:
    def months(figures):
        return [_figure(figures[m], month=m) for m in d.months if m in figures]

    return {
        "level": d.level,
        "name": d.name,
        "comparison_name": d.above_name,
        "computed_at": d.latest_computed_at,
        "filters": {
            "month": d.filters.month,
            "indicator": d.filters.indicator,
            "age_band": d.filters.age_band,
            "legal_status": d.filters.legal_status,
            "placement_type": d.filters.placement_type,
            "months": d.filters.months,
        },
        "indicators": [
            {
                "indicator": _indicator(i),
                "series": months(d.figures[i.code]),
                "comparison": months(d.above.get(i.code, {})),
            }
            for i in INDICATORS
        ],
        "breakdown_by": d.rows_by,
        "breakdown": [_figure(r["figure"], id=r["id"], name=r["name"]) for r in d.rows],
    }


class IndicatorListView(APIView):
    """Every indicator and its written definition."""

    @extend_schema(responses=s.IndicatorSerializer(many=True))
    def get(self, request):
        return Response(s.IndicatorSerializer([_indicator(i) for i in INDICATORS], many=True).data)


class NationalView(APIView):
    """Every council's figures, month by month (the inspectorate)."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses=s.DashboardSerializer)
    def get(self, request):
        if not selectors.sees_every_council(request.user):
            raise PermissionDenied("The national figures are for the inspectorate.")
        dashboard = selectors.national(request.user, _filters(request))
        return Response(s.DashboardSerializer(_data(dashboard)).data)


class CouncilView(APIView):
    """One council's figures against every council's, and by who held the case."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses=s.DashboardSerializer)
    def get(self, request, pk: int):
        council = get_object_or_404(selectors.dashboard_councils(request.user), pk=pk)
        dashboard = selectors.council(request.user, council, _filters(request))
        return Response(s.DashboardSerializer(_data(dashboard)).data)


class PracticeView(APIView):
    """One practice's figures against the councils it works for, and by council."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses=s.DashboardSerializer)
    def get(self, request, pk: int):
        practice = get_object_or_404(selectors.dashboard_practices(request.user), pk=pk)
        dashboard = selectors.practice(request.user, practice, _filters(request))
        return Response(s.DashboardSerializer(_data(dashboard)).data)
