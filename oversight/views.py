"""Inspections and the audit trail, each scoped by the access policy."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from pghistory.models import Events

from core.models import RecordAccess
from oversight.forms import AuditSearchForm
from placements.models import Child
from practices.access import scope_of
from practices.models import Role


def _audit_children(user):
    """Children whose audit trail this person may search: council administrators, their
    council's children (superusers, all)."""
    scope = scope_of(user)
    if scope.superuser:
        return Child.objects.all()
    councils = scope.councils_with({Role.COUNCIL_ADMINISTRATOR})
    if not councils:
        raise PermissionDenied("Only a council administrator can search the audit trail.")
    return Child.objects.filter(council__in=councils)


def _change_rows(events) -> list[dict]:
    """History events as rows a person reads: who (a person, or a named job) and what."""
    from core.models import User

    events = list(events)
    contexts = [event.pgh_context or {} for event in events]
    user_ids = {c.get("user") for c in contexts if c.get("user")}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}
    return [
        {
            "when": event.pgh_created_at,
            "record": event.pgh_model.split(".")[-1].removesuffix("Event"),
            "change": event.pgh_label,
            "by": names.get(context.get("user")) or context.get("job") or "Unknown",
            "diff": event.pgh_diff or {},
        }
        for event, context in zip(events, contexts, strict=True)
    ]


@require_GET
def audit(request):
    children = _audit_children(request.user)
    form = AuditSearchForm(request.GET or None)
    reads = RecordAccess.objects.none()
    changes = []
    child = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        reads = RecordAccess.objects.filter(child_id__in=children.values("pk")).select_related(
            "actor"
        )
        if data["child"]:
            child = children.filter(la_child_id=data["child"]).first()
            reads = reads.filter(child_id=child.pk if child else -1)
        if data["person"]:
            reads = reads.filter(actor__username=data["person"])
        if data["date_from"]:
            reads = reads.filter(occurred_at__date__gte=data["date_from"])
        if data["date_to"]:
            reads = reads.filter(occurred_at__date__lte=data["date_to"])
        if child is not None:
            events = Events.objects.references(child).order_by("-pgh_created_at")
            if data["date_from"]:
                events = events.filter(pgh_created_at__date__gte=data["date_from"])
            if data["date_to"]:
                events = events.filter(
                    pgh_created_at__date__lte=data["date_to"] + dt.timedelta(days=0)
                )
            changes = _change_rows(events[:100])
    page = Paginator(reads.order_by("-occurred_at"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/audit.html",
        {"form": form, "page": page, "changes": changes, "child": child, "searched": form.is_bound},
    )
