"""The child API: thin over the selectors, scoped by the access policy."""

from django_filters import rest_framework as filters
from rest_framework.viewsets import ReadOnlyModelViewSet

from core.audit import record_read
from placements.api.serializers import ChildSerializer
from placements.models import Child
from placements.selectors import search_children, with_current_state
from practices.access import visible


class ChildFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label="Name, child ID or UPN")
    open_case = filters.BooleanFilter(method="open_case_filter", label="Open cases only")

    class Meta:
        model = Child
        fields = ["sex", "uasc", "la_child_id"]

    def search(self, queryset, name, value):
        return search_children(queryset, value)

    def open_case_filter(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_open_case__isnull=not value)


class ChildViewSet(ReadOnlyModelViewSet):
    """Children the caller may see: a practice's allocated children, a council's own."""

    serializer_class = ChildSerializer
    filterset_class = ChildFilter

    def get_queryset(self):
        children = visible(self.request.user, Child).select_related("council")
        return with_current_state(children).order_by("last_name", "first_name", "pk")

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        record_read(request, child_ids=[response.data["id"]], what="child record (API)")
        return response
