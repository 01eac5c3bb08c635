"""The child-record API: thin over the selectors and services, scoped by the access policy.

Lists and details come from `visible()`; creates resolve the child with `get_child`
(404 outside scope, 403 without the right) and call the same service as the pages;
updates carry `version` and a stale one is refused with 409.
"""

from django_filters import rest_framework as filters
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.audit import record_read
from placements.api import serializers as s
from placements.deadlines.states import State, with_state
from placements.models import (
    Allocation,
    CaseNote,
    Child,
    Deadline,
    DeprivationOfLiberty,
    EducationPlan,
    Episode,
    HealthAssessment,
    MissingEpisode,
    Placement,
    Review,
    Visit,
    WorkerAllocation,
)
from placements.selectors import get_child, search_children, with_current_state, with_deadlines
from placements.services import casework, episodes, liberty
from practices.access import Action, visible


class ChildFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label="Name, child ID or UPN")
    overdue = filters.BooleanFilter(method="overdue_filter", label="Something overdue")
    worker = filters.CharFilter(
        method="worker_filter",
        label="Allocated social worker: a user id, or `me` for your own caseload",
    )

    class Meta:
        model = Child
        fields = ["sex", "uasc", "la_child_id"]

    def search(self, queryset, name, value):
        return search_children(queryset, value)

    def worker_filter(self, queryset, name, value):
        if value == "me":
            worker_id = self.request.user.pk
        elif value.isdigit():
            worker_id = int(value)
        else:
            raise ValidationError({"worker": ["Enter a user id or `me`"]})
        return queryset.filter(
            worker_allocations__worker=worker_id, worker_allocations__ended_on__isnull=True
        )

    def overdue_filter(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_count__gt=0) if value else queryset.filter(overdue_count=0)


class ChildViewSet(viewsets.ReadOnlyModelViewSet):
    """Children the caller may see: a practice's allocated children, a council's own."""

    serializer_class = s.ChildSerializer
    filterset_class = ChildFilter

    def get_queryset(self):
        children = visible(self.request.user, Child).select_related("council")
        return with_deadlines(with_current_state(children)).order_by(
            "last_name", "first_name", "pk"
        )

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        record_read(request, child_ids=[response.data["id"]], what="child record (API)")
        return response


class RecordFilter(filters.FilterSet):
    """Every child-record list filters by child."""

    child = filters.NumberFilter(field_name="child_id")


def record_viewset(model, serializer, *, ordering, date_field, select=()):
    """A read-only, scoped, filterable list and detail for one kind of child record."""

    filterset = type(
        f"{model.__name__}Filter",
        (RecordFilter,),
        {
            "Meta": type("Meta", (), {"model": model, "fields": ["child"]}),
            f"{date_field}_from": filters.DateFilter(field_name=date_field, lookup_expr="gte"),
            f"{date_field}_to": filters.DateFilter(field_name=date_field, lookup_expr="lte"),
        },
    )

    class RecordViewSet(viewsets.ReadOnlyModelViewSet):
        serializer_class = serializer
        filterset_class = filterset

        def get_queryset(self):
            return visible(self.request.user, model).select_related(*select).order_by(*ordering)

    RecordViewSet.__name__ = f"{model.__name__}ViewSet"
    RecordViewSet.__doc__ = (
        f"{model._meta.verbose_name_plural.capitalize()} of the children you may see."
    )
    return RecordViewSet


class CreateThroughService(mixins.CreateModelMixin):
    """POST: validate the shape, then the service decides (and checks the right to write)."""

    service = None
    action_needed = Action.RECORD_CASEWORK

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child = get_child(request.user, data.pop("child_id"), action=self.action_needed)
        instance = type(self).service(child=child, by=request.user, **data)
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)


class UpdateWithVersion(mixins.UpdateModelMixin):
    """PATCH with the `version` you read; someone else's newer save gives 409."""

    updater = None
    update_action = Action.RECORD_CASEWORK
    update_serializer = None  # the shape of a change, when it differs from the record's

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        get_child(request.user, instance.child_id, action=self.update_action)
        version = request.data.get("version")
        if not isinstance(version, int):
            raise ValidationError({"version": ["Send the version of the record you are changing"]})
        if self.update_serializer is not None:
            serializer = self.update_serializer(data=request.data, partial=True)
        else:
            serializer = self.get_serializer(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k != "child_id"}
        type(self).updater(instance, by=request.user, expected_version=version, **changes)
        instance.refresh_from_db()
        return Response(self.get_serializer(instance).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


def _visit_update(visit, **kwargs):
    return casework.update_visit(visit=visit, **kwargs)


def _note_update(note, **kwargs):
    return casework.update_case_note(note=note, **kwargs)


class VisitViewSet(
    CreateThroughService,
    UpdateWithVersion,
    record_viewset(
        Visit, s.VisitSerializer, ordering=("-visited_on", "-pk"), date_field="visited_on"
    ),
):
    service = casework.record_visit
    updater = _visit_update
    http_method_names = ["get", "post", "patch", "head", "options"]


class CaseNoteViewSet(
    CreateThroughService,
    UpdateWithVersion,
    record_viewset(
        CaseNote, s.CaseNoteSerializer, ordering=("-occurred_on", "-pk"), date_field="occurred_on"
    ),
):
    service = casework.add_case_note
    updater = _note_update
    http_method_names = ["get", "post", "patch", "head", "options"]


class HealthAssessmentViewSet(
    CreateThroughService,
    record_viewset(
        HealthAssessment,
        s.HealthAssessmentSerializer,
        ordering=("-completed_on", "-pk"),
        date_field="completed_on",
    ),
):
    service = casework.record_health_assessment


class EducationPlanViewSet(
    CreateThroughService,
    record_viewset(
        EducationPlan,
        s.EducationPlanSerializer,
        ordering=("-completed_on", "-pk"),
        date_field="completed_on",
    ),
):
    service = casework.record_education_plan


class MissingEpisodeViewSet(
    CreateThroughService,
    record_viewset(
        MissingEpisode,
        s.MissingEpisodeSerializer,
        ordering=("-started_on", "-pk"),
        date_field="started_on",
    ),
):
    service = casework.record_missing_episode


def _dolo_update(dolo, **kwargs):
    return liberty.end_dolo(dolo=dolo, **kwargs)


class DeprivationOfLibertyViewSet(
    CreateThroughService,
    UpdateWithVersion,
    record_viewset(
        DeprivationOfLiberty,
        s.DeprivationOfLibertySerializer,
        ordering=("-started_on", "-pk"),
        date_field="started_on",
    ),
):
    """Deprivation of liberty orders of the children you may see; POST one (the council),
    PATCH `ended_on` with the version to end one in force."""

    service = liberty.record_dolo
    action_needed = Action.CHANGE_LEGAL_STATUS
    updater = _dolo_update
    update_action = Action.CHANGE_LEGAL_STATUS
    update_serializer = s.EndDeprivationOfLibertySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]


EpisodeViewSet = record_viewset(
    Episode,
    s.EpisodeSerializer,
    ordering=("child", "decom"),
    date_field="decom",
    select=("placement",),
)
ReviewViewSet = record_viewset(
    Review, s.ReviewSerializer, ordering=("-held_on", "-pk"), date_field="held_on"
)
AllocationViewSet = record_viewset(
    Allocation, s.AllocationSerializer, ordering=("-started_on", "-pk"), date_field="started_on"
)
WorkerAllocationViewSet = record_viewset(
    WorkerAllocation,
    s.WorkerAllocationSerializer,
    ordering=("-started_on", "-pk"),
    date_field="started_on",
)


class DeadlineFilter(filters.FilterSet):
    child = filters.NumberFilter(field_name="child_id")
    state = filters.MultipleChoiceFilter(choices=[(x, x) for x in State.ALL])
    kind = filters.ChoiceFilter(choices=Deadline.Kind.choices)
    due_on_from = filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_on_to = filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Deadline
        fields = ["child", "state", "kind"]


class DeadlineViewSet(viewsets.ReadOnlyModelViewSet):
    """Statutory dates of the children you may see, worked out by the deadline engine, each
    with today's state (overdue, due_soon, upcoming, met_late, met_on_time). Read-only: to
    change a deadline, record the work it is about."""

    serializer_class = s.DeadlineSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self):
        return with_state(visible(self.request.user, Deadline)).order_by("due_on", "pk")


def _placement_update(placement, **kwargs):
    return episodes.correct_placement(placement=placement, **kwargs)


class PlacementViewSet(
    mixins.CreateModelMixin,
    UpdateWithVersion,
    record_viewset(
        Placement, s.PlacementSerializer, ordering=("-started_on", "-pk"), date_field="started_on"
    ),
):
    """Placements; POST a change of placement (closes the current one and its episode);
    PATCH a placement's postcode or URN, with its version, to put them right without a move,
    or its `place` to re-code a type the DfE withdrew while the placement was open."""

    updater = _placement_update
    update_action = Action.CHANGE_PLACEMENT
    update_serializer = s.PlacementDetailsSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return s.PlacementChangeSerializer if self.action == "create" else s.PlacementSerializer

    def create(self, request, *args, **kwargs):
        serializer = s.PlacementChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        child = get_child(request.user, data.pop("child"), action=Action.CHANGE_PLACEMENT)
        placement = episodes.change_placement(child=child, by=request.user, **data)
        return Response(s.PlacementSerializer(placement).data, status=status.HTTP_201_CREATED)
