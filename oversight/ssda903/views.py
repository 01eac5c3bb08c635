"""The SSDA903 return's pages: which returns I can see, one return's validation results,
check it now, and download it.

Who sees what (every read goes through practices.access):

- the council's data lead, administrators and commissioners (DATA_ROLES) and superusers:
  every child's failures, "check now" and the download;
- anyone else who can see some of the council's children (a practice's staff, an inspector
  with sampled children in an open window): the failures of those children only, counted
  over those children only; no download (403), no "check now" (403);
- the council's other staff (social workers, IROs): 403, it is the data team's page;
- everyone else: 404, as for a council they have nothing to do with.
"""

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core import clock
from core.audit import record_read
from core.errors import DomainError
from oversight.models import SSDA903Failure, SSDA903Run
from oversight.ssda903 import export, fields
from oversight.ssda903.rules import RULES_BY_CODE
from oversight.ssda903.services import DATA_ROLES, produces_return, request_validation
from oversight.ssda903.tables import project
from oversight.ssda903.years import CollectionYear, is_available, years_available
from placements.models import Child
from practices.access import Action, scope_of, visible
from practices.models import Council

CHILDREN_PER_PAGE = 25


def _council(code: str) -> Council:
    council = Council.objects.filter(ons_code=code).first()
    if council is None:
        raise Http404("No council found")
    return council


def _year(year: int) -> CollectionYear:
    if not is_available(year, clock.today()):
        raise Http404("No return for that year")
    return CollectionYear(year)


def _sees_every_child(user, council: Council) -> bool:
    """True: the whole return; False: only the children this person may see; otherwise
    403 (the council's other staff) or 404 (nothing to do with this council)."""
    if produces_return(user, council):
        return True
    if council.pk in scope_of(user).council_ids:
        raise PermissionDenied("The SSDA903 return is for the council's data team.")
    if visible(user, Child).filter(council=council).exists():
        return False
    raise Http404("No council found")


@require_GET
def index(request):
    """The councils whose return this person may look at."""
    scope = scope_of(request.user)
    if scope.superuser:
        councils = Council.objects.all()
    else:
        full = set(scope.councils_with(DATA_ROLES))
        seen = set(
            visible(request.user, Child)
            .exclude(council__in=scope.council_ids)
            .values_list("council", flat=True)
            .distinct()
        )
        councils = Council.objects.filter(pk__in=full | seen)
    current = CollectionYear.of(clock.today())
    return render(
        request,
        "oversight/ssda903/index.html",
        {"councils": councils.order_by("name"), "year": current, "previous": current.previous},
    )


def _summary(failures) -> list[dict]:
    rows = []
    counts = failures.values("code", "severity").annotate(
        rows=Count("id"), children=Count("child", distinct=True)
    )
    for count in counts:
        rule = RULES_BY_CODE.get(count["code"])
        rows.append(
            {
                **count,
                "message": rule.message() if rule else "",
                "fields": [fields.source(f) for f in rule.fields] if rule else [],
            }
        )
    rows.sort(key=lambda r: (r["severity"] != "error", -r["children"], r["code"]))
    return rows


def _by_child(user, failures, children) -> list[dict]:
    """Each child of the page with their failures, and what to fix for each: a link to the
    page that corrects the field where the viewer may change it (one query for the page)."""
    grouped: OrderedDict[int, dict] = OrderedDict(
        (child.pk, {"child": child, "failures": []}) for child in children
    )
    movable = set(
        visible(user, Child, Action.CHANGE_PLACEMENT)
        .filter(pk__in=list(grouped))
        .values_list("pk", flat=True)
    )
    for failure in failures.filter(child__in=list(grouped)).order_by(
        "child", "severity", "code", "pk"
    ):
        rule = RULES_BY_CODE.get(failure.code)
        grouped[failure.child_id]["failures"].append(
            {
                "code": failure.code,
                "severity": failure.severity,
                "message": rule.message() if rule else "",
                "where": failure.where,
                "fix_url": fields.fix_url(
                    failure,
                    rule.fields if rule else (),
                    may_correct=failure.child_id in movable,
                ),
                "fix": [
                    {"field": name, "source": fields.source(name), "value": value}
                    for name, value in failure.values.items()
                ],
            }
        )
    return list(grouped.values())


@require_GET
def results(request, code: str, year: int):
    # Queries: session, user, council, memberships, (visible check), latest run, latest
    # finished run, summary, page count, page of children, their failures.
    council = _council(code)
    every_child = _sees_every_child(request.user, council)
    collection = _year(year)
    runs = SSDA903Run.objects.filter(council=council, year=year).order_by("-created_at", "-pk")
    latest = runs.select_related("requested_by").first()
    done = (
        latest
        if latest is not None and latest.status == SSDA903Run.Status.DONE
        else runs.filter(status=SSDA903Run.Status.DONE).first()
    )
    failures = SSDA903Failure.objects.filter(run=done) if done else SSDA903Failure.objects.none()
    if not every_child:
        failures = failures.filter(child__in=visible(request.user, Child).values("pk"))
    summary = _summary(failures) if done else []
    children = Child.objects.filter(pk__in=failures.values("child")).order_by(
        "last_name", "first_name", "pk"
    )
    page = Paginator(children, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
    today = clock.today()
    return render(
        request,
        "oversight/ssda903/results.html",
        {
            "council": council,
            "year": collection,
            "years": years_available(today)[:4],
            "latest": latest,
            "done": done,
            "summary": summary,
            "errors": sum(r["rows"] for r in summary if r["severity"] == "error"),
            "queries": sum(r["rows"] for r in summary if r["severity"] == "query"),
            "page": page,
            "children": _by_child(request.user, failures, page.object_list) if done else [],
            "every_child": every_child,
            "as_at": collection.as_at(today),
            "refresh": latest is not None and latest.active,
        },
    )


@require_POST
def validate_now(request, code: str, year: int):
    council = _council(code)
    if not _sees_every_child(request.user, council):
        raise PermissionDenied("Only the council's data team can check its return.")
    _year(year)
    try:
        request_validation(council=council, year=year, trigger="on_demand", by=request.user)
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, "The return is being checked. This page updates as it goes.")
    return redirect("oversight:ssda903_results", code=council.ons_code, year=year)


@require_GET
def download(request, code: str, year: int):
    council = _council(code)
    if not _sees_every_child(request.user, council):
        raise PermissionDenied("Only the council's data team can download its return.")
    collection = _year(year)
    projected = project(council, collection)
    record_read(
        request,
        child_ids=[row["_pk"] for row in projected.rows("Header")],
        what=f"SSDA903 return {collection.label} (download)",
    )
    response = HttpResponse(export.zip_bytes(projected), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.zip_name(projected)}"'
    return response
