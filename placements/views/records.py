"""Pages of the caseload and the child's record. Every read goes through the access policy."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.audit import record_read
from core.models import RecordAccess
from placements.deadlines.states import DeadlinePresenter, with_state
from placements.models import (
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
from placements.models.codes import code_label
from placements.presenters import ChildPresenter, seen_text
from placements.selectors import (
    get_child,
    practice_workers,
    search_children,
    with_current_state,
    with_deadlines,
)
from practices.access import Action, can, scope_of, visible
from practices.models import Role

PAGE_SIZE = 25
SORTS = {
    "next_due": ("next_due_on", "last_name", "pk"),
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    "age": ("-date_of_birth", "pk"),
    "-age": ("date_of_birth", "pk"),
}
SORT_LABELS = [
    ("next_due", "Next statutory date"),
    ("name", "Name A to Z"),
    ("-name", "Name Z to A"),
    ("age", "Youngest first"),
    ("-age", "Oldest first"),
]
STATUSES = [
    ("", "All children"),
    ("overdue", "Something overdue"),
    ("due_soon", "Something due within 7 days"),
]


def _workers_for(user, children) -> list:
    """The workers a manager (or council) can filter by: those holding these children."""
    ids = WorkerAllocation.objects.filter(
        child__in=children.values("pk"), ended_on__isnull=True
    ).values("worker")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("full_name", "username"))


def _list_page(request, children, *, title: str, mine: bool):
    query = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "next_due")
    status = request.GET.get("status", "")
    worker = request.GET.get("worker", "")
    workers = [] if mine else _workers_for(request.user, children)
    if worker.isdigit():
        children = children.filter(
            worker_allocations__worker=int(worker), worker_allocations__ended_on__isnull=True
        )
    children = with_deadlines(with_current_state(search_children(children, query)))
    if status == "overdue":
        children = children.filter(overdue_count__gt=0)
    elif status == "due_soon":
        children = children.filter(due_soon_count__gt=0)
    children = children.order_by(*SORTS.get(sort, SORTS["next_due"]))
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/caseload.html",
        {
            "title": title,
            "mine": mine,
            "rows": [ChildPresenter(child) for child in page.object_list],
            "page": page,
            "query": query,
            "sort": sort,
            "sorts": SORT_LABELS,
            "status": status,
            "statuses": STATUSES,
            "worker": worker,
            "workers": workers,
        },
    )


@require_GET
def caseload(request):
    """The children allocated to me today."""
    children = visible(request.user, Child).filter(
        worker_allocations__worker=request.user, worker_allocations__ended_on__isnull=True
    )
    return _list_page(request, children, title="My caseload", mine=True)


@require_GET
def children(request):
    """Every open case this person may see (the practice's, or the council's)."""
    open_cases = visible(request.user, Child).filter(Q(allocations__ended_on__isnull=True))
    scope = scope_of(request.user)
    title = "Practice caseload" if scope.practices_with({Role.PRACTICE_MANAGER}) else "Children"
    return _list_page(request, open_cases, title=title, mine=False)


@require_GET
def workers(request):
    """A practice manager's team: each worker's caseload size and what is overdue on it."""
    if not scope_of(request.user).practices_with({Role.PRACTICE_MANAGER}):
        raise PermissionDenied("Only a practice manager can see the team's caseloads.")
    team = practice_workers(request.user)
    totals = {
        name: sum(w.figures[name] for w in team)
        for name in ("children", "overdue", "due_soon", "children_overdue")
    }
    return render(request, "placements/workers.html", {"workers": team, "totals": totals})


SECTION_LIMIT = 20


def chronology(child: Child) -> list[dict]:
    """Significant events, newest first: a bounded number of rows from each source."""
    limit = SECTION_LIMIT
    events = [
        {
            "on": e.decom,
            "kind": "Episode",
            "text": f"New episode: {code_label('RNE', e.rne, e.decom).lower()}",
        }
        for e in Episode.objects.filter(child=child).order_by("-decom")[:limit]
    ]
    events += [
        {
            "on": p.started_on,
            "kind": "Placement",
            "text": code_label("PLACE", p.place, p.codes_dated_on),
        }
        for p in Placement.objects.filter(child=child).order_by("-started_on")[:limit]
    ]
    events += [
        {"on": r.held_on, "kind": "Review", "text": "Looked-after review held"}
        for r in Review.objects.filter(child=child).order_by("-held_on")[:limit]
    ]
    events += [
        {"on": v.visited_on, "kind": "Visit", "text": f"{v.get_kind_display()}: {seen_text(v)}"}
        for v in Visit.objects.filter(child=child).order_by("-visited_on")[:limit]
    ]
    events += [
        {"on": m.started_on, "kind": "Missing", "text": f"Child {m.get_kind_label()}"}
        for m in MissingEpisode.objects.filter(child=child).order_by("-started_on")[:limit]
    ]
    for order in DeprivationOfLiberty.objects.filter(child=child).order_by("-started_on")[:limit]:
        events.append(
            {"on": order.started_on, "kind": "Legal", "text": "Deprivation of liberty order made"}
        )
        if order.ended_on:
            events.append(
                {
                    "on": order.ended_on,
                    "kind": "Legal",
                    "text": "Deprivation of liberty order ended",
                }
            )
    events += [
        {"on": n.occurred_on, "kind": "Note", "text": n.subject}
        for n in CaseNote.objects.filter(child=child, significant=True).order_by("-occurred_on")[
            :limit
        ]
    ]
    events.sort(key=lambda e: e["on"], reverse=True)
    return events[: limit * 2]


def _actions(user, child) -> list[tuple[str, str]]:
    actions = []
    if can(user, Action.RECORD_CASEWORK, child):
        actions += [
            ("placements:record_visit", "Record a visit"),
            ("placements:add_note", "Add a case note"),
            ("placements:record_health", "Record a health assessment"),
            ("placements:record_pep", "Record a PEP"),
            ("placements:record_missing", "Record a missing episode"),
        ]
    if can(user, Action.CHANGE_PLACEMENT, child):
        actions.append(("placements:change_placement", "Change placement"))
    if can(user, Action.ALLOCATE_WORKER, child):
        actions.append(("placements:allocate_worker", "Allocate a social worker"))
    if can(user, Action.CHANGE_LEGAL_STATUS, child):
        actions.append(("placements:record_dolo", "Record a deprivation of liberty order"))
    return actions


@require_GET
def child_detail(request, pk: int):
    child = get_child(request.user, pk)
    record_read(request, child_ids=[child.pk], what="child record")
    current = with_current_state(Child.objects.filter(pk=child.pk)).get()
    limit = SECTION_LIMIT
    deadlines = with_state(Deadline.objects.filter(child=child))
    placements = list(
        Placement.objects.filter(child=child)
        .select_related("carer")
        .order_by("-started_on")[:limit]
    )
    context = {
        "child": ChildPresenter(current),
        "events": chronology(child),
        "actions": _actions(request.user, child),
        "open_deadlines": [
            DeadlinePresenter(d)
            for d in deadlines.filter(met_on__isnull=True).order_by("due_on", "pk")[:limit]
        ],
        "met_deadlines": [
            DeadlinePresenter(d)
            for d in deadlines.filter(met_on__isnull=False).order_by("-met_on", "-pk")[:limit]
        ],
        "placements": placements,
        "carer": next((p.carer for p in placements if p.ended_on is None), None),
        "reviews": Review.objects.filter(child=child).order_by("-held_on")[:limit],
        "visits": Visit.objects.filter(child=child)
        .select_related("recorded_by")
        .order_by("-visited_on")[:limit],
        "health": HealthAssessment.objects.filter(child=child).order_by("-completed_on")[:limit],
        "education": EducationPlan.objects.filter(child=child).order_by("-completed_on")[:limit],
        "notes": CaseNote.objects.filter(child=child)
        .select_related("written_by")
        .order_by("-occurred_on", "-pk")[:limit],
        "missing": MissingEpisode.objects.filter(child=child).order_by("-started_on")[:limit],
        "dolos": DeprivationOfLiberty.objects.filter(child=child).order_by("-started_on")[:limit],
        "can_decide": can(request.user, Action.CHANGE_LEGAL_STATUS, child),
        "accesses": RecordAccess.objects.filter(child_id=child.pk)
        .select_related("actor")
        .order_by("-occurred_at")[:limit],
        "can_write": can(request.user, Action.RECORD_CASEWORK, child),
        "can_move": can(request.user, Action.CHANGE_PLACEMENT, child),
    }
    return render(request, "placements/child_detail.html", context)
