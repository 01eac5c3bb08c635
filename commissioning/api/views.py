"""The commissioning API: thin over the same selectors and services as the pages.

Reads come from `visible()` (through commissioning.selectors.queues); writes call the
services, which check the person's right; refusals are DomainErrors (400, or 403 when it
is the person's role), mapped once by core.api.errors.
"""

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.api import serializers as s
from commissioning.models import (
    Budget,
    Contract,
    ContractVariation,
    PerformanceSnapshot,
    Referral,
    SpendRequest,
    financial_year_of,
)
from commissioning.permissions import commissioner_councils, gate
from commissioning.selectors import queues
from commissioning.selectors.budgets import budget_figures
from commissioning.selectors.comparison import comparison
from commissioning.selectors.statements import statement
from commissioning.services import budgets as budget_services
from commissioning.services import contracts as contract_services
from commissioning.services import referrals as referral_services
from commissioning.services import spend as spend_services
from core import clock
from placements.models import Allocation
from placements.selectors import get_child
from practices.access import Action, visible
from practices.models import Council


def _generating_schema(view) -> bool:
    """drf-spectacular builds the schema with no user: a queryset of the right model, then."""
    return getattr(view, "swagger_fake_view", False)


def _created(serializer_class, instance):
    return Response(serializer_class(instance).data, status=status.HTTP_201_CREATED)


class ContractViewSet(viewsets.ReadOnlyModelViewSet):
    """Contracts between a council and a practice that you work on."""

    serializer_class = s.ContractSerializer
    filterset_fields = ["status", "practice"]

    def get_queryset(self):
        if _generating_schema(self):
            return Contract.objects.none()
        gate(self.request.user)
        return queues.my_contracts(self.request.user)

    @extend_schema(request=s.ContractCreateSerializer, responses=s.ContractSerializer)
    def create(self, request):
        """Draft a contract (commissioners)."""
        gate(request.user)
        data = s.ContractCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        terms = dict(data.validated_data)
        practice = get_object_or_404(queues.practices_to_contract(), pk=terms.pop("practice"))
        councils = commissioner_councils(request.user)
        council = visible(request.user, Council).filter(pk__in=councils[:1]).first()
        if council is None:
            raise ValidationError({"non_field_errors": ["Only a commissioner can draft one"]})
        contract = contract_services.create_contract(
            council=council, practice=practice, by=request.user, **terms
        )
        return _created(s.ContractSerializer, self.get_queryset().get(pk=contract.pk))

    @extend_schema(request=None, responses=s.ContractSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """Sign a draft contract: from now on it changes only by variation."""
        contract = contract_services.activate_contract(contract=self.get_object(), by=request.user)
        return Response(s.ContractSerializer(self.get_queryset().get(pk=contract.pk)).data)

    @extend_schema(request=s.VariationCreateSerializer, responses=s.VariationSerializer)
    @action(detail=True, methods=["post"])
    def vary(self, request, pk=None):
        """Vary a signed contract's terms (the previous terms are kept)."""
        data = s.VariationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        variation = contract_services.vary_contract(
            contract=self.get_object(),
            by=request.user,
            effective_from=changes.pop("effective_from"),
            reason=changes.pop("reason"),
            **changes,
        )
        return _created(s.VariationSerializer, variation)

    @extend_schema(request=s.TargetSerializer, responses=s.TargetSerializer)
    @action(detail=True, methods=["post"])
    def targets(self, request, pk=None):
        """Set (or replace) the contract's target for an indicator."""
        data = s.TargetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = contract_services.set_target(
            contract=self.get_object(), by=request.user, **data.validated_data
        )
        return _created(s.TargetSerializer, target)

    @extend_schema(
        parameters=[OpenApiParameter("month", str, description="YYYY-MM", required=True)],
        responses=s.StatementSerializer,
    )
    @action(detail=True, methods=["get"])
    def statement(self, request, pk=None):
        """The payments statement for a month: fee lines, spend lines and totals."""
        try:
            month = dt.date.fromisoformat(f"{request.query_params.get('month', '')}-01")
        except ValueError:
            raise ValidationError({"month": ["Give the month as YYYY-MM"]}) from None
        return Response(s.StatementSerializer(statement(self.get_object(), month)).data)


class VariationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.VariationSerializer
    filterset_fields = ["contract"]

    def get_queryset(self):
        if _generating_schema(self):
            return ContractVariation.objects.none()
        gate(self.request.user)
        return (
            visible(self.request.user, ContractVariation)
            .select_related("made_by")
            .order_by("contract", "number")
        )


class SnapshotViewSet(viewsets.ReadOnlyModelViewSet):
    """Each contract's indicators by month, from the nightly job."""

    serializer_class = s.SnapshotSerializer
    filterset_fields = ["contract", "indicator", "month"]

    def get_queryset(self):
        if _generating_schema(self):
            return PerformanceSnapshot.objects.none()
        gate(self.request.user)
        return visible(self.request.user, PerformanceSnapshot).order_by(
            "contract", "indicator", "month"
        )


class ReferralViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ReferralSerializer
    filterset_fields = ["status", "contract"]

    def get_queryset(self):
        if _generating_schema(self):
            return Referral.objects.none()
        gate(self.request.user)
        return queues.referrals(self.request.user)

    def create(self, request, *args, **kwargs):
        """Refer a looked-after child to a practice under an active contract."""
        gate(request.user)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        child = get_child(request.user, values.pop("child_id"), action=Action.REFER_TO_PRACTICE)
        contract = get_object_or_404(queues.contracts(request.user), pk=values.pop("contract_id"))
        referral = referral_services.refer_child(
            child=child, contract=contract, by=request.user, **values
        )
        return _created(s.ReferralSerializer, referral)

    @extend_schema(request=s.AcceptSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept, naming the allocated worker: the allocation starts (one transaction)."""
        referral = self.get_object()
        data = s.AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        worker = queues.workers_for(referral).filter(pk=data.validated_data["worker"]).first()
        if worker is None:
            raise ValidationError({"worker": ["Choose a social worker of the practice"]})
        referral = referral_services.accept_referral(
            referral=referral,
            worker=worker,
            started_on=data.validated_data["started_on"],
            by=request.user,
        )
        return Response(s.ReferralSerializer(referral).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referral_services.decline_referral(
            referral=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(s.ReferralSerializer(referral).data)

    @extend_schema(request=None, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        referral = referral_services.withdraw_referral(referral=self.get_object(), by=request.user)
        return Response(s.ReferralSerializer(referral).data)


class CaseViewSet(viewsets.GenericViewSet):
    """A case a practice holds (an allocation): the council takes it back or transfers it."""

    serializer_class = s.MoveCaseSerializer

    def get_queryset(self):
        if _generating_schema(self):
            return Allocation.objects.none()
        gate(self.request.user)
        return visible(self.request.user, Allocation).select_related("child", "practice")

    @extend_schema(request=s.MoveCaseSerializer, responses=None)
    @action(detail=True, methods=["post"], url_path="take-back")
    def take_back(self, request, pk=None):
        data = s.MoveCaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if k != "to_contract"}
        allocation = referral_services.take_back_case(
            allocation=self.get_object(), by=request.user, **values
        )
        return Response({"allocation": allocation.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MoveCaseSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        data = s.MoveCaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "to_contract" not in values:
            raise ValidationError({"to_contract": ["Give the contract to transfer to"]})
        to_contract = get_object_or_404(
            queues.referable_contracts(request.user), pk=values.pop("to_contract")
        )
        referral = referral_services.transfer_case(
            allocation=self.get_object(), to_contract=to_contract, by=request.user, **values
        )
        return _created(s.ReferralSerializer, referral)


class BudgetViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Budgets per contract and financial year, with committed, spent and left."""

    filterset_fields = ["contract", "financial_year"]

    def get_serializer_class(self):
        return s.BudgetSerializer if self.action == "create" else s.BudgetFiguresSerializer

    def get_queryset(self):
        if _generating_schema(self):
            return Budget.objects.none()
        gate(self.request.user)
        return queues.budgets(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = [budget_figures(b) for b in page]
        return self.get_paginated_response(s.BudgetFiguresSerializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(s.BudgetFiguresSerializer(budget_figures(self.get_object())).data)

    @extend_schema(request=s.BudgetSerializer, responses=s.BudgetSerializer)
    def create(self, request, *args, **kwargs):
        """Set a contract's budget for a financial year (create or change the amount)."""
        data = s.BudgetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        contract = get_object_or_404(
            queues.my_contracts(request.user), pk=values.pop("contract").pk
        )
        budget = budget_services.set_budget(contract=contract, by=request.user, **values)
        return _created(s.BudgetSerializer, budget)


class SpendRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.SpendRequestSerializer
    filterset_fields = ["status", "level", "contract", "child"]

    def get_queryset(self):
        if _generating_schema(self):
            return SpendRequest.objects.none()
        gate(self.request.user, practice_staff=True)
        return queues.spend_requests(self.request.user)

    def create(self, request, *args, **kwargs):
        """Ask to spend for a child (practice staff). A practice manager's request within
        the delegated limits is approved at once."""
        gate(request.user, practice_staff=True)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        child = get_child(request.user, values.pop("child_id"), action=Action.RECORD_CASEWORK)
        spend_request = spend_services.request_spend(child=child, by=request.user, **values)
        return _created(s.SpendRequestSerializer, spend_request)

    @extend_schema(request=s.ReasonSerializer, responses=s.SpendRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        spend_request = spend_services.approve_spend(
            spend_request=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(s.SpendRequestSerializer(spend_request).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.SpendRequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        spend_request = spend_services.refuse_spend(
            spend_request=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(s.SpendRequestSerializer(spend_request).data)

    @extend_schema(request=None, responses=s.SpendRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        spend_request = spend_services.withdraw_spend(
            spend_request=self.get_object(), by=request.user
        )
        return Response(s.SpendRequestSerializer(spend_request).data)

    @extend_schema(responses=s.SpendRequestSerializer(many=True))
    @action(detail=False, methods=["get"])
    def waiting(self, request):
        """The approval queue: pending requests you decide, oldest first."""
        gate(request.user, practice_staff=True)
        page = self.paginate_queryset(queues.approvals_waiting(request.user))
        return self.get_paginated_response(s.SpendRequestSerializer(page, many=True).data)


class ComparisonView(APIView):
    """Practices side by side with the council's own teams for a financial year."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="Financial year, e.g. 2025 for 2025-26"),
            OpenApiParameter(
                "quarter", int, description="1 (April to June) to 4 (January to March); none: year"
            ),
            OpenApiParameter("council", int),
        ],
        responses={200: dict},
    )
    def get(self, request):
        if gate(request.user) != "council":
            raise PermissionDenied("The comparison of practices is for commissioners.")
        councils = commissioner_councils(request.user) or list(
            visible(request.user, Council).values_list("pk", flat=True)
        )
        wanted = request.query_params.get("council", "")
        council_id = int(wanted) if wanted.isdigit() and int(wanted) in councils else councils[0]
        today = clock.today()
        year = request.query_params.get("year", "")
        year = int(year) if year.isdigit() else financial_year_of(today)
        quarter = request.query_params.get("quarter", "")
        if quarter and quarter not in {"1", "2", "3", "4"}:
            raise ValidationError({"quarter": ["Give a quarter from 1 to 4"]})
        try:
            result = comparison(
                council_id=council_id,
                contracts=visible(request.user, Contract),
                year=year,
                today=today,
                quarter=int(quarter) if quarter else None,
            )
        except ValueError as error:
            raise ValidationError({"quarter" if quarter else "year": [str(error)]}) from None
        rows = []
        for r in result.rows:
            row = {k: v for k, v in dataclasses.asdict(r).items() if k != "trend"}
            row |= {
                "cost_per_child_week": r.cost_per_child_week,
                "occupancy": r.occupancy,
                "stability": r.stability,
                "visits_on_time": r.visits_pct,
                "reviews_on_time": r.reviews_pct,
                "health_on_time": r.health_pct,
                "trend": r.trend,
            }
            rows.append(row)
        return Response(
            {
                "council": council_id,
                "financial_year": year,
                "quarter": result.quarter,
                "from": result.start,
                "to": result.last,
                "rows": rows,
            }
        )
