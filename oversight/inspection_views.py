"""Inspection pages: the inspector's home, scheduling, the sample and its access log, case
audits, findings, and the lists. Each finds the inspection through the access policy (404
for those who may not know of it) and then checks the person's standing (403)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from commissioning.exports import csv_response, xlsx_response
from core import clock
from core.audit import record_read
from core.errors import DomainError
from core.pages import form_status, submit
from oversight import forms as f
from oversight import lists, selectors, services
from oversight.models import FINDING_AREAS, Grade, Inspection, InspectionFindings
from practices.access import scope_of, visible

# The performance dashboards (oversight.indicators): the remit's home, and a council's or a
# practice's own page.
PERFORMANCE_HOME = "indicators:home"


def _performance_url(inspection: Inspection | None = None) -> str:
    try:
        if inspection is None:
            return reverse(PERFORMANCE_HOME)
        if inspection.council_id:
            return reverse("indicators:council", args=[inspection.council_id])
        return reverse("indicators:practice", args=[inspection.practice_id])
    except NoReverseMatch:
        return ""


def _posted(request):
    return request.POST if request.method == "POST" else None


# --- Home and scheduling --------------------------------------------------------------------


@require_GET
def inspections(request):
    """Everyone's list of the inspections they may know of; an inspector's open
    inspections and sampled children first."""
    scope = scope_of(request.user)
    rows = (
        visible(request.user, Inspection)
        .select_related("council", "practice", "inspectorate")
        .order_by("-starts_on", "pk")
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    can_schedule = scope.superuser or bool(selectors.administered_inspectorates(request.user))
    return render(
        request,
        "oversight/inspections.html",
        {
            "page": page,
            "open": selectors.my_open_inspections(request.user) if scope.inspector else [],
            "can_schedule": can_schedule,
            "performance_url": _performance_url() if scope.inspectorate_ids else "",
        },
    )


def inspection_new(request):
    inspectorate = selectors.inspectorate_to_schedule_for(request.user)
    if inspectorate is None:
        raise PermissionDenied("Only an administrator of an inspectorate can schedule inspections.")
    people = selectors.inspectors_of(inspectorate)
    councils, practices = selectors.subjects()
    form = f.ScheduleInspectionForm(
        _posted(request), councils=councils, practices=practices, inspectors=people.values()
    )

    def save(form):
        data = dict(form.cleaned_data)
        kind, _, pk = data.pop("subject").partition(":")
        subject = selectors.subject(kind, int(pk))
        inspection = services.schedule_inspection(
            inspectorate=inspectorate,
            by=request.user,
            inspectors=[people[int(pk)] for pk in data.pop("inspectors")],
            **{kind: subject},
            **data,
        )
        return reverse("oversight:inspection", args=[inspection.pk])

    response, _ = submit(request, form, save, "Inspection scheduled: draw the sample next")
    if response:
        return response
    return render(
        request,
        "oversight/inspection_form.html",
        {
            "form": form,
            "title": "Schedule an inspection",
            "button": "Schedule the inspection",
            "back": reverse("oversight:inspections"),
            "caption": inspectorate.name,
        },
        status=form_status(form),
    )


# --- One inspection -------------------------------------------------------------------------


def _inspection(request, pk: int):
    inspection = selectors.get_inspection(request.user, pk)
    return inspection, selectors.standing(request.user, inspection)


def _findings_for(inspection: Inspection, mine: selectors.Standing):
    findings = selectors.findings_of(inspection)
    if findings and not mine.sees_draft_findings and findings.status != findings.Status.PUBLISHED:
        return None
    return findings


@require_GET
def inspection(request, pk: int):
    inspection, mine = _inspection(request, pk)
    samples = list(selectors.samples(inspection, mine)) if mine.sees_sample else []
    return render(
        request,
        "oversight/inspection_detail.html",
        {
            "inspection": inspection,
            "mine": mine,
            "inspectors": list(inspection.inspectors.order_by("full_name", "username")),
            "samples": samples,
            "sample_count": len(samples) if mine.sees_sample else inspection.samples.count(),
            "audited": sum(1 for s in samples if getattr(s, "audit", None)),
            "findings": _findings_for(inspection, mine),
            "performance_url": (
                _performance_url(inspection) if mine.inspector or mine.manager else ""
            ),
            "today": clock.today(),
        },
    )


def sample_draw(request, pk: int):
    inspection, mine = _inspection(request, pk)
    if not mine.manager:
        raise PermissionDenied("Only an administrator of the inspectorate can draw the sample.")
    form = f.VersionForm(_posted(request))

    def save(form):
        services.draw_sample(inspection=inspection, by=request.user)
        return reverse("oversight:inspection_sample", args=[inspection.pk])

    response, _ = submit(request, form, save, "Sample drawn")
    if response:
        return response
    return render(
        request,
        "oversight/inspection_form.html",
        {
            "form": form,
            "title": "Draw the sample",
            "caption": inspection.title,
            "intro": (
                f"{inspection.sample_size} children will be drawn from those in scope who were "
                f"looked after from {inspection.period[0]:%-d %B %Y} to "
                f"{inspection.period[1]:%-d %B %Y}, in proportion to their legal status, "
                f"placement type, age band and the practice holding their case, with the seed "
                f"{inspection.sample_seed}. The same seed draws the same children."
            ),
            "button": "Draw the sample",
            "back": reverse("oversight:inspection", args=[inspection.pk]),
        },
        status=form_status(form),
    )


def inspector_add(request, pk: int):
    """The inspectorate adds an inspector to the team; they read the sample from then on,
    within the window."""
    inspection, mine = _inspection(request, pk)
    if not mine.manager:
        raise PermissionDenied("Only an administrator of the inspectorate can add inspectors.")
    on_it = set(inspection.inspectors.values_list("pk", flat=True))
    people = {
        pk: user
        for pk, user in selectors.inspectors_of(inspection.inspectorate).items()
        if pk not in on_it
    }
    form = f.AddInspectorForm(_posted(request), inspectors=people.values())

    def save(form):
        services.add_inspector(
            inspection=inspection,
            inspector=people[int(form.cleaned_data["inspector"])],
            by=request.user,
        )
        return reverse("oversight:inspection", args=[inspection.pk])

    response, _ = submit(request, form, save, "Inspector added")
    if response:
        return response
    return render(
        request,
        "oversight/inspection_form.html",
        {
            "form": form,
            "title": "Add an inspector",
            "caption": inspection.title,
            "intro": "" if people else "Every inspector of the inspectorate is already on it.",
            "button": "Add the inspector",
            "back": reverse("oversight:inspection", args=[inspection.pk]),
        },
        status=form_status(form),
    )


def sample_add(request, pk: int):
    inspection, mine = _inspection(request, pk)
    if not (mine.manager or mine.inspector):
        raise PermissionDenied("Only the inspectors can add a child to the sample.")
    form = f.AddToSampleForm(_posted(request))

    def save(form):
        child = (
            selectors.children_in_scope(inspection)
            .filter(la_child_id=form.cleaned_data["child"].strip())
            .first()
        )
        if child is None:
            raise DomainError(
                "There is no child with this ID in the inspection's scope", field="child"
            )
        services.add_by_hand(
            inspection=inspection, child=child, by=request.user, reason=form.cleaned_data["reason"]
        )
        return reverse("oversight:inspection_sample", args=[inspection.pk])

    response, _ = submit(request, form, save, "Child added to the sample")
    if response:
        return response
    return render(
        request,
        "oversight/inspection_form.html",
        {
            "form": form,
            "title": "Add a child to the sample",
            "caption": inspection.title,
            "button": "Add to the sample",
            "back": reverse("oversight:inspection_sample", args=[inspection.pk]),
        },
        status=form_status(form),
    )


@require_GET
def sample(request, pk: int):
    """Who was sampled and every view the inspectors made: for the inspectors, the
    inspectorate, and the council or practice inspected."""
    inspection, mine = _inspection(request, pk)
    if not mine.sees_sample:
        raise PermissionDenied("Only the inspectors and those inspected can see the sample.")
    log = Paginator(selectors.access_log(inspection, mine), 50).get_page(request.GET.get("page"))
    names = selectors.child_refs([row.child_id for row in log.object_list])
    for row in log.object_list:
        row.child_ref = names.get(row.child_id, "")
    return render(
        request,
        "oversight/inspection_sample.html",
        {
            "inspection": inspection,
            "mine": mine,
            "samples": list(selectors.samples(inspection, mine)),
            "log": log,
        },
    )


def case_audit(request, pk: int, sample_id: int):
    inspection, mine = _inspection(request, pk)
    if not mine.sees_sample:
        raise PermissionDenied("Only the inspectors can audit a case.")
    sample = get_object_or_404(inspection.samples.select_related("child"), pk=sample_id)
    audit = getattr(sample, "audit", None)
    reading = request.method != "POST" and audit is not None and mine.sees_draft_findings
    if not (mine.inspecting or reading):
        raise PermissionDenied("Only the inspection's inspectors can audit, during its window.")
    initial = {"version": audit.version if audit else None}
    if audit:
        initial |= {name: getattr(audit, name) for name in services.AUDIT_FIELDS}
        initial |= {"summary": audit.summary, "complete": audit.completed_at is not None}
    form = f.CaseAuditForm(_posted(request), initial=initial)

    def save(form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        services.save_case_audit(sample=sample, by=request.user, expected_version=version, **data)
        return reverse("oversight:inspection", args=[inspection.pk]) + "#sample"

    response, conflict = submit(
        request, form, save, f"Case audit saved for {sample.child.display_name}"
    )
    if response:
        return response
    return render(
        request,
        "oversight/case_audit.html",
        {
            "inspection": inspection,
            "sample": sample,
            "audit": audit,
            "form": form,
            "conflict": conflict,
            "editable": mine.inspecting,
            "child_url": reverse("placements:child", args=[sample.child_id]),
        },
        status=form_status(form, conflict),
    )


def findings(request, pk: int):
    """The draft findings for the inspectors and the inspectorate (who may change them);
    the published findings for the council or practice inspected."""
    inspection, mine = _inspection(request, pk)
    if not (mine.sees_draft_findings or mine.subject):
        raise PermissionDenied("Only the inspectors and those inspected can see the findings.")
    current = _findings_for(inspection, mine)
    if current is None and not mine.sees_draft_findings:
        raise Http404("The findings are not published yet")
    editable = mine.sees_draft_findings and (
        current is None or current.status == InspectionFindings.Status.DRAFT
    )
    if request.method == "POST" and not editable:
        raise PermissionDenied("These findings cannot be changed.")
    initial = {"version": current.version if current else None}
    if current:
        initial |= {name: getattr(current, name) for name in services.FINDINGS_FIELDS}
    form = f.FindingsForm(_posted(request), initial=initial)

    def save(form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        services.save_findings(
            inspection=inspection, by=request.user, expected_version=version, **data
        )
        return reverse("oversight:inspection_findings", args=[inspection.pk])

    response, conflict = submit(request, form, save, "Draft findings saved")
    if response:
        return response
    return render(
        request,
        "oversight/findings.html",
        {
            "inspection": inspection,
            "mine": mine,
            "findings": current,
            "form": form,
            "editable": editable,
            "conflict": conflict,
            "areas": FINDING_AREAS,
            "grades": Grade.choices,
            "grade_counts": selectors.grade_counts(inspection) if mine.sees_draft_findings else [],
        },
        status=form_status(form, conflict),
    )


def findings_publish(request, pk: int):
    inspection, mine = _inspection(request, pk)
    if not mine.manager:
        raise PermissionDenied("Only an administrator of the inspectorate can publish findings.")
    current = selectors.findings_of(inspection)
    form = f.VersionForm(
        _posted(request), initial={"version": current.version if current else None}
    )

    def save(form):
        services.publish_findings(
            inspection=inspection,
            by=request.user,
            expected_version=form.cleaned_data["version"] or 0,
        )
        return reverse("oversight:inspection_findings", args=[inspection.pk])

    response, _ = submit(request, form, save, "Findings published to the council and the practice")
    if response:
        return response
    return render(
        request,
        "oversight/inspection_form.html",
        {
            "form": form,
            "title": "Publish the findings",
            "caption": inspection.title,
            "intro": (
                f"Once published, {inspection.subject} can read the findings, and they can no "
                "longer change."
            ),
            "button": "Publish the findings",
            "back": reverse("oversight:inspection_findings", args=[inspection.pk]),
        },
        status=form_status(form),
    )


# --- Lists ----------------------------------------------------------------------------------


def _lists_allowed(request, pk: int):
    inspection, mine = _inspection(request, pk)
    if not (mine.inspecting or scope_of(request.user).superuser):
        raise PermissionDenied("The lists are for the inspection's inspectors, during its window.")
    return inspection


@require_GET
def inspection_lists(request, pk: int):
    inspection = _lists_allowed(request, pk)
    return render(
        request,
        "oversight/inspection_lists.html",
        {"inspection": inspection, "lists": list(lists.LIST_TITLES.items())},
    )


def _build(inspection, kind: str) -> lists.InspectionList:
    builder = lists.LISTS.get(kind)
    if builder is None:
        raise Http404("No such list")
    return builder(inspection)


@require_GET
def inspection_list(request, pk: int, kind: str):
    inspection = _lists_allowed(request, pk)
    table = _build(inspection, kind)
    page = Paginator(list(zip(table.rows, table.child_ids, strict=True)), 100).get_page(
        request.GET.get("page")
    )
    record_read(
        request,
        child_ids=[c for _, ids in page.object_list for c in ids],
        what=f"inspection list: {table.title}",
    )
    return render(
        request,
        "oversight/inspection_list.html",
        {"inspection": inspection, "table": table, "page": page, "kind": kind},
    )


def _download(request, pk: int, kind: str, fmt: str):
    inspection = _lists_allowed(request, pk)
    table = _build(inspection, kind)
    record_read(
        request,
        child_ids=[c for ids in table.child_ids for c in ids],
        what=f"inspection list download: {table.title}",
    )
    name = f"inspection-{inspection.pk}-{kind}-{inspection.starts_on:%Y-%m-%d}"
    if fmt == "csv":
        return csv_response(f"{name}.csv", table.header, table.rows)
    return xlsx_response(f"{name}.xlsx", [(table.title, table.header, table.rows)])


@require_GET
def inspection_list_csv(request, pk: int, kind: str):
    return _download(request, pk, kind, "csv")


@require_GET
def inspection_list_xlsx(request, pk: int, kind: str):
    return _download(request, pk, kind, "xlsx")
