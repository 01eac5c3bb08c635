"""Recording pages: one form, one service call, errors next to the field."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404

from placements import forms as record_forms
from placements.models import Carer, CaseNote, Child, DeprivationOfLiberty, Placement
from placements.models.codes import code_label
from placements.selectors import NO_CASES, caseload_figures, get_child
from placements.services import allocations as allocation_services
from placements.services import casework, episodes, liberty
from placements.views.base import record_page
from practices.access import Action, visible, who_can


def record_visit(request, pk: int):
    def save(child, form):
        casework.record_visit(child=child, by=request.user, **form.cleaned_data)

    return record_page(
        request,
        pk,
        action=Action.RECORD_CASEWORK,
        form_class=record_forms.VisitForm,
        title="Record a visit",
        save=save,
        done="Visit recorded",
    )


def add_note(request, pk: int):
    def save(child, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        casework.add_case_note(child=child, by=request.user, **data)

    return record_page(
        request,
        pk,
        action=Action.RECORD_CASEWORK,
        form_class=record_forms.CaseNoteForm,
        title="Add a case note",
        save=save,
        done="Case note added",
    )


def edit_note(request, pk: int, note_id: int):
    child_note = get_object_or_404(CaseNote, pk=note_id, child_id=pk)

    def save(child, form):
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        casework.update_case_note(
            note=child_note, by=request.user, expected_version=version, **data
        )

    initial = {
        name: getattr(child_note, name)
        for name in ("occurred_on", "category", "subject", "body", "significant", "version")
    }
    return record_page(
        request,
        pk,
        action=Action.RECORD_CASEWORK,
        form_class=record_forms.CaseNoteForm,
        title="Change a case note",
        save=save,
        done="Case note updated",
        initial=initial,
    )


def record_health(request, pk: int):
    def save(child, form):
        casework.record_health_assessment(child=child, by=request.user, **form.cleaned_data)

    return record_page(
        request,
        pk,
        action=Action.RECORD_CASEWORK,
        form_class=record_forms.HealthAssessmentForm,
        title="Record a health assessment",
        save=save,
        done="Health assessment recorded",
    )


def record_pep(request, pk: int):
    def save(child, form):
        casework.record_education_plan(child=child, by=request.user, **form.cleaned_data)

    return record_page(
        request,
        pk,
        action=Action.RECORD_CASEWORK,
        form_class=record_forms.EducationPlanForm,
        title="Record a personal education plan",
        save=save,
        done="Personal education plan recorded",
    )


def record_missing(request, pk: int):
    def save(child, form):
        casework.record_missing_episode(child=child, by=request.user, **form.cleaned_data)

    return record_page(
        request,
        pk,
        action=Action.RECORD_CASEWORK,
        form_class=record_forms.MissingEpisodeForm,
        title="Record a missing episode",
        save=save,
        done="Missing episode recorded",
    )


def change_placement(request, pk: int):
    def save(child, form):
        data = dict(form.cleaned_data)
        carer_name = data.pop("carer_name")
        carer = None
        if not data["same_carer"]:
            carer = Carer.objects.create(name=carer_name, kind=Carer.Kind.FOSTER_CARER)
        episodes.change_placement(child=child, by=request.user, carer=carer, **data)

    return record_page(
        request,
        pk,
        action=Action.CHANGE_PLACEMENT,
        form_class=record_forms.PlacementChangeForm,
        title="Change placement",
        save=save,
        done="Placement changed",
        hint="The current placement ends on the date of the move and the new one starts the same day.",
    )


def correct_placement(request, pk: int, placement_id: int):
    placement = get_object_or_404(
        Placement.objects.select_related("child"), pk=placement_id, child_id=pk
    )

    def save(child, form):
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        episodes.correct_placement(
            placement=placement, by=request.user, expected_version=version, **data
        )

    place = code_label("PLACE", placement.place, on=placement.codes_dated_on)
    ended = f" to {placement.ended_on:%-d %B %Y}" if placement.ended_on else ""
    recode_to = episodes.recodable_as(placement)
    return record_page(
        request,
        pk,
        action=Action.CHANGE_PLACEMENT,
        form_class=record_forms.PlacementDetailsForm,
        form_kwargs={
            "recode_from": placement.place,
            "recode_to": recode_to,
            "recode_on": episodes.recoded_on(placement) if recode_to else None,
        },
        title="Correct the placement's details",
        save=save,
        done="Placement details corrected",
        initial={
            "postcode": placement.postcode,
            "urn": placement.urn,
            "version": placement.version,
        },
        hint=f"{place}, from {placement.started_on:%-d %B %Y}{ended}. To record a move, "
        "change the placement instead.",
    )


def record_dolo(request, pk: int):
    def save(child, form):
        liberty.record_dolo(child=child, by=request.user, **form.cleaned_data)

    return record_page(
        request,
        pk,
        action=Action.CHANGE_LEGAL_STATUS,
        form_class=record_forms.DeprivationOfLibertyForm,
        title="Record a deprivation of liberty order",
        save=save,
        done="Deprivation of liberty order recorded",
        hint="An order of the court authorising the deprivation of the child's liberty. "
        "The return needs its dates from April 2026.",
    )


def end_dolo(request, pk: int, dolo_id: int):
    order = get_object_or_404(DeprivationOfLiberty, pk=dolo_id, child_id=pk, ended_on__isnull=True)

    def save(child, form):
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        liberty.end_dolo(dolo=order, by=request.user, expected_version=version, **data)

    return record_page(
        request,
        pk,
        action=Action.CHANGE_LEGAL_STATUS,
        form_class=record_forms.EndDeprivationOfLibertyForm,
        title="End a deprivation of liberty order",
        save=save,
        done="Deprivation of liberty order ended",
        initial={"version": order.version},
        hint=f"The order made on {order.started_on:%-d %B %Y}.",
    )


def _caseload_words(figures: dict) -> str:
    children = figures["children"]
    words = f"{children} child{'ren' if children != 1 else ''}"
    return f"{words}, {figures['overdue']} overdue"


def allocate_worker(request, pk: int):
    child = get_child(request.user, pk, action=Action.ALLOCATE_WORKER)
    workers = (
        get_user_model()
        .objects.filter(pk__in=who_can(Action.RECORD_CASEWORK, child).values("pk"))
        .order_by("full_name", "username")
    )

    open_cases = visible(request.user, Child).filter(allocations__ended_on__isnull=True)
    figures = caseload_figures(open_cases)
    choices = [(worker, _caseload_words(figures.get(worker.pk, NO_CASES))) for worker in workers]

    def save(child, form):
        data = dict(form.cleaned_data)
        worker = workers.get(pk=data.pop("worker"))
        allocation_services.allocate_worker(child=child, by=request.user, worker=worker, **data)

    return record_page(
        request,
        pk,
        action=Action.ALLOCATE_WORKER,
        form_class=record_forms.AllocateWorkerForm,
        title="Allocate a social worker",
        save=save,
        done="Social worker allocated",
        form_kwargs={"workers": choices},
    )
