"""Pages of the caseload and the child's record. Every read goes through the access policy."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.audit import record_read
from placements.models import (
    CaseNote,
    Child,
    Episode,
    MissingEpisode,
    Placement,
    Review,
    Visit,
)
from placements.presenters import ChildPresenter
from placements.selectors import get_child, search_children, with_current_state
from practices.access import visible

PAGE_SIZE = 25
SORTS = {
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    "age": ("-date_of_birth", "pk"),
    "-age": ("date_of_birth", "pk"),
}


def _list_page(request, children, *, title: str, mine: bool):
    query = request.GET.get("q", "")
    sort = request.GET.get("sort", "name")
    children = search_children(children, query)
    children = with_current_state(children).order_by(*SORTS.get(sort, SORTS["name"]))
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [ChildPresenter(child) for child in page.object_list]
    return render(
        request,
        "placements/caseload.html",
        {
            "title": title,
            "mine": mine,
            "rows": rows,
            "page": page,
            "query": query,
            "sort": sort,
            "sorts": [
                ("name", "Name A to Z"),
                ("-name", "Name Z to A"),
                ("age", "Youngest first"),
                ("-age", "Oldest first"),
            ],
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
    open_cases = visible(request.user, Child).filter(allocations__ended_on__isnull=True)
    return _list_page(request, open_cases, title="Children", mine=False)


CHRONOLOGY_LIMIT = 30


def chronology(child: Child) -> list[dict]:
    """Significant events, newest first: a bounded number of rows from each source."""
    events = []
    for episode in Episode.objects.filter(child=child).order_by("-decom")[:CHRONOLOGY_LIMIT]:
        events.append(
            {
                "on": episode.decom,
                "kind": "Episode",
                "text": f"New episode ({episode.rne}): legal status {episode.legal_status}",
            }
        )
    for placement in Placement.objects.filter(child=child).order_by("-started_on")[
        :CHRONOLOGY_LIMIT
    ]:
        events.append(
            {
                "on": placement.started_on,
                "kind": "Placement",
                "text": f"Placement started ({placement.place})",
            }
        )
    for review in Review.objects.filter(child=child).order_by("-held_on")[:CHRONOLOGY_LIMIT]:
        events.append({"on": review.held_on, "kind": "Review", "text": "Looked-after review held"})
    for visit in Visit.objects.filter(child=child).order_by("-visited_on")[:CHRONOLOGY_LIMIT]:
        seen = "seen alone" if visit.seen_alone else ("seen" if visit.seen else "not seen")
        events.append(
            {
                "on": visit.visited_on,
                "kind": "Visit",
                "text": f"{visit.get_kind_display()}: child {seen}",
            }
        )
    for missing in MissingEpisode.objects.filter(child=child).order_by("-started_on")[
        :CHRONOLOGY_LIMIT
    ]:
        events.append(
            {
                "on": missing.started_on,
                "kind": "Missing",
                "text": f"Child {missing.get_kind_label()}",
            }
        )
    for note in CaseNote.objects.filter(child=child, significant=True).order_by("-occurred_on")[
        :CHRONOLOGY_LIMIT
    ]:
        events.append({"on": note.occurred_on, "kind": "Note", "text": note.subject})
    events.sort(key=lambda e: e["on"], reverse=True)
    return events[: CHRONOLOGY_LIMIT * 2]


@require_GET
def child_detail(request, pk: int):
    child = get_child(request.user, pk)
    record_read(request, child_ids=[child.pk], what="child record")
    current = with_current_state(Child.objects.filter(pk=child.pk)).get()
    return render(
        request,
        "placements/child_detail.html",
        {"child": ChildPresenter(current), "events": chronology(child)},
    )
