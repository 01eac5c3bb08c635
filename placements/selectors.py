"""Reads of the child's record, always through the access policy."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import (
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from core import clock
from placements.deadlines.states import DUE_SOON_DAYS
from placements.models import (
    Allocation,
    Child,
    Deadline,
    Episode,
    IROAppointment,
    Placement,
    SchoolEnrolment,
    WorkerAllocation,
)
from practices.access import Action, can, visible


def get_child(user, pk, *, action: str = Action.VIEW) -> Child:
    """The child, if this person may see it (404 otherwise: existence is not revealed),
    and may do `action` to it (403 otherwise)."""
    child = visible(user, Child).select_related("council").filter(pk=pk).first()
    if child is None:
        raise Http404("No child found")
    if action != Action.VIEW and not can(user, action, child):
        raise PermissionDenied("Your role does not allow this change to the child's record.")
    return child


def with_current_state(children: QuerySet) -> QuerySet:
    """Annotate each child with today's placement, legal status, holder and worker, in the
    same query (correlated subqueries on the open rows, each an index lookup)."""
    open_placement = Placement.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)
    open_episode = Episode.objects.filter(child=OuterRef("pk"), dec__isnull=True)
    open_allocation = Allocation.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)
    open_worker = WorkerAllocation.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)
    open_iro = IROAppointment.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)
    open_school = SchoolEnrolment.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)
    return children.annotate(
        iro_name=Subquery(
            open_iro.annotate(
                label=Coalesce("iro__full_name", "iro__username", output_field=CharField())
            ).values("label")[:1]
        ),
        school_name=Subquery(open_school.values("school_name")[:1]),
        current_place=Subquery(open_placement.values("place")[:1]),
        current_postcode=Subquery(open_placement.values("postcode")[:1]),
        current_placement_started_on=Subquery(open_placement.values("started_on")[:1]),
        current_legal_status=Subquery(open_episode.values("legal_status")[:1]),
        holder_practice=Subquery(open_allocation.values("practice__name")[:1]),
        holder_practice_id=Subquery(open_allocation.values("practice_id")[:1]),
        is_open_case=Subquery(open_allocation.values("id")[:1]),
        worker_id=Subquery(open_worker.values("worker_id")[:1]),
        worker_name=Subquery(
            open_worker.annotate(
                label=Coalesce("worker__full_name", "worker__username", output_field=CharField())
            ).values("label")[:1]
        ),
    )


def search_children(children: QuerySet, text: str) -> QuerySet:
    """By child ID or UPN exactly, or by name: every word must start a name."""
    text = text.strip()
    if not text:
        return children
    by_id = Q(la_child_id__iexact=text) | Q(upn__iexact=text)
    by_name = Q()
    for word in text.split():
        by_name &= (
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(preferred_name__istartswith=word)
        )
    return children.filter(by_id | by_name)


def _count(queryset) -> Subquery:
    counted = queryset.order_by().values("child").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_deadlines(children: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Annotate each child with the next statutory date still open and how many are
    overdue or due within 7 days (correlated subqueries on the open-deadline index)."""
    today = today or clock.today()
    open_ = Deadline.objects.filter(child=OuterRef("pk"), met_on__isnull=True)
    next_one = open_.order_by("due_on", "pk")
    return children.annotate(
        next_due_on=Subquery(next_one.values("due_on")[:1]),
        next_due_title=Subquery(next_one.values("title")[:1]),
        overdue_count=_count(open_.filter(due_on__lt=today)),
        due_soon_count=_count(
            open_.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        ),
    )


def caseload_figures(children: QuerySet, today: dt.date | None = None) -> dict[int, dict]:
    """For each worker allocated one of these children today: how many children, how many
    of their statutory dates are overdue or due within 7 days, and how many children have
    something overdue. One aggregate query over the engine's Deadline rows, each child's
    counted on the (child, due_on) index, so the cost follows the children, not the table."""
    today = today or clock.today()
    open_ = Deadline.objects.filter(child=OuterRef("child"), met_on__isnull=True)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    rows = (
        WorkerAllocation.objects.filter(ended_on__isnull=True, child__in=children.values("pk"))
        .annotate(
            child_overdue=_count(open_.filter(due_on__lt=today)),
            child_due_soon=_count(open_.filter(due_on__gte=today, due_on__lte=soon)),
        )
        .values("worker")
        .annotate(
            children=Count("child", distinct=True),
            overdue=Coalesce(Sum("child_overdue"), 0),
            due_soon=Coalesce(Sum("child_due_soon"), 0),
            children_overdue=Count("child", distinct=True, filter=Q(child_overdue__gt=0)),
        )
        .order_by()
    )
    return {row.pop("worker"): row for row in rows}


NO_CASES = {"children": 0, "overdue": 0, "due_soon": 0, "children_overdue": 0}


def practice_workers(user, today: dt.date | None = None) -> list:
    """The people working the cases of the practices this person manages, each with
    `figures` (caseload_figures) for the practices' open cases. Two queries."""
    from django.contrib.auth import get_user_model

    from practices.access import scope_of
    from practices.models import PRACTICE_ROLES, Role

    today = today or clock.today()
    practices = scope_of(user).practices_with({Role.PRACTICE_MANAGER})
    if not practices:
        return []
    current = Q(memberships__started_on__lte=today) & (
        Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=today)
    )
    workers = list(
        get_user_model()
        .objects.filter(
            current,
            is_active=True,
            memberships__practice__in=practices,
            memberships__role__in=sorted(PRACTICE_ROLES),
        )
        .distinct()
        .order_by("full_name", "username")
    )
    open_cases = visible(user, Child).filter(
        allocations__ended_on__isnull=True, allocations__practice__in=practices
    )
    figures = caseload_figures(open_cases, today)
    for worker in workers:
        worker.figures = figures.get(worker.pk, NO_CASES)
    return workers
