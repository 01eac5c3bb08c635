"""The admin (the council administrator's back office): every model has one, every page
answers, and the big lists do not run a query per row."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

APP_LABELS = ("core", "practices", "placements", "commissioning")


def app_models():
    return [model for label in APP_LABELS for model in apps.get_app_config(label).get_models()]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "back_office", "back.office@example.org", "a-long-test-password"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def council(name="Council A", ons_code="E09000027", dfe_la_number=210):
    from practices.models import Council

    return Council.objects.create(name=name, ons_code=ons_code, dfe_la_number=dfe_la_number)


def children(council, first, count):
    from placements.models import Child

    return Child.objects.bulk_create(
        Child(
            council=council,
            la_child_id=f"C{n:05d}",
            first_name=f"First{n}",
            last_name=f"Last{n}",
            sex="M",
            ethnicity="WBRI",
            date_of_birth=dt.date(2008 + n % 10, 1 + n % 12, 1),
        )
        for n in range(first, first + count)
    )


@pytest.mark.parametrize("model", app_models(), ids=lambda model: model._meta.label)
def test_every_model_has_an_admin(model):
    assert model in admin.site._registry, f"{model._meta.label} has no admin: add one"


@pytest.mark.parametrize("model", app_models(), ids=lambda model: model._meta.label)
def test_list_and_add_pages_answer(model, admin_client, superuser):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200

    # Rows only the system writes (audit events, the read log, access grants, deadlines)
    # are view only: their add page is refused, every other add page answers.
    request = RequestFactory().get("/")
    request.user = superuser
    can_add = admin.site._registry[model].has_add_permission(request)
    assert admin_client.get(admin_url(model, "add")).status_code == (200 if can_add else 403)


BIG_TABLES = {
    "core.User",
    "placements.Child",
    "placements.Placement",
    "placements.PeriodOfCare",
    "placements.Allocation",
    "placements.Carer",
    "placements.Provider",
}


@pytest.mark.parametrize("model", app_models(), ids=lambda model: model._meta.label)
def test_a_big_related_table_is_never_a_select_box(model, superuser):
    """A select box would load every child (100,000) or every user into the page."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = superuser
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        return  # view only: related records show as text, no widget
    searchable = {*model_admin.raw_id_fields, *model_admin.autocomplete_fields}
    for field in model._meta.fields:
        if field.is_relation and field.editable and field.related_model._meta.label in BIG_TABLES:
            assert field.name in searchable, f"{field.name}: use raw_id_fields or autocomplete"


def related_path_is_joined(select_related, path: str) -> bool:
    if select_related is True:
        return True
    for part in path.split("__"):
        if not isinstance(select_related, dict) or part not in select_related:
            return False
        select_related = select_related[part]
    return True


@pytest.mark.parametrize("model", app_models(), ids=lambda model: model._meta.label)
def test_every_related_record_a_list_shows_is_fetched_in_the_same_query(model, superuser):
    """No query per row: each foreign key the list shows is in list_select_related, and the
    list's query really joins them (a get_queryset that calls select_related itself makes
    Django ignore list_select_related)."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = superuser
    wanted = set(model_admin.list_select_related or ())
    for name in model_admin.get_list_display(request):
        if isinstance(name, str) and name in {f.name for f in model._meta.fields}:
            field = model._meta.get_field(name)
            if field.is_relation:
                assert name in wanted or any(w.startswith(f"{name}__") for w in wanted), name
    joined = model_admin.get_changelist_instance(request).get_queryset(request).query
    for path in wanted:
        assert related_path_is_joined(joined.select_related, path), path


def test_child_list_runs_the_same_queries_for_3_and_for_30_children(admin_client):
    council_a = council()
    url = admin_url(apps.get_model("placements", "Child"), "changelist")

    children(council_a, 0, 3)
    with CaptureQueriesContext(connection) as three:
        assert admin_client.get(url).status_code == 200

    children(council_a, 3, 27)
    with CaptureQueriesContext(connection) as thirty:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 30
    assert len(thirty) == len(three), "a query per row: add it to list_select_related"


@pytest.fixture
def full_record(world):
    """One of everything, for council A's child held by practice P."""
    from core.models import Notification, RecordAccess
    from placements import models as m
    from placements.services.episodes import start_period_of_care

    today = timezone.localdate()
    day = today - dt.timedelta(days=10)
    child, w = world.child, world
    if not child.periods.exists():  # the world may already look after the child
        start_period_of_care(
            child=child,
            by=None,
            started_on=today - dt.timedelta(days=200),
            legal_status="C2",
            cin="N1",
            place="U4",
            place_provider="PR1",
            postcode="YO1 3RU",
        )
    placement, period = child.placements.first(), child.periods.first()
    provider = m.Provider.objects.create(
        name="Hillside Fostering", provider_type="PR1", council=w.council
    )
    m.Carer.objects.create(name="The Okafors", kind="foster_carer", provider=provider)
    m.PlacementNotification.objects.create(placement=placement, recipient="gp", sent_on=day)
    m.PlacementCost.objects.get_or_create(
        placement=placement,
        defaults={"started_on": placement.started_on, "weekly_amount": 850, "funded_by": "council"},
    )
    if not child.worker_allocations.exists():
        m.WorkerAllocation.objects.create(
            child=child,
            allocation=child.allocations.get(ended_on__isnull=True),
            worker=w.worker,
            sw_id="SW0001",
            started_on=day,
        )
    m.IROAppointment.objects.create(child=child, iro=w.iro, started_on=day)
    m.Review.objects.create(
        child=child, period=period, held_on=day, participation="PN1", chaired_by=w.iro
    )
    m.Visit.objects.create(
        child=child,
        placement=placement,
        visited_on=day,
        seen=True,
        seen_alone=True,
        location="placement",
        recorded_by=w.worker,
    )
    m.CaseNote.objects.create(
        child=child, occurred_on=day, subject="Call with school", body="Fine", written_by=w.worker
    )
    m.Plan.objects.create(child=child, kind="care_plan", completed_on=day, recorded_by=w.worker)
    m.MissingEpisode.objects.create(child=child, kind="M", started_on=day, ended_on=day)
    m.DeprivationOfLiberty.objects.create(child=child, started_on=day, court="High Court")
    m.HealthAssessment.objects.create(child=child, kind="initial", completed_on=day)
    m.DentalCheck.objects.create(child=child, checked_on=day)
    m.ImmunisationStatus.objects.create(child=child, recorded_on=day, up_to_date=True)
    m.SDQAssessment.objects.create(child=child, completed_on=day, score=12)
    m.SubstanceMisuse.objects.create(child=child, identified_on=day)
    m.Conviction.objects.create(child=child, convicted_on=day)
    m.SchoolEnrolment.objects.create(child=child, school_name="Hill School", started_on=day)
    m.EducationPlan.objects.create(child=child, kind="initial", completed_on=day, term="autumn")
    m.CareLeaverContact.objects.create(
        child=child, birthday=day, contact_on=day, in_touch="YES", activity="F1", accommodation="B1"
    )
    m.AdoptionDecision.objects.create(child=child, decided_on=day)
    m.Adoption.objects.create(
        child=child,
        decision_on=day,
        matched_on=day,
        by_foster_carer=False,
        number_of_adopters=2,
        sex_of_adopters="MF",
        legal_status_of_adopters="L11",
    )
    m.PreviousPermanence.objects.create(child=child, prev_perm="P1", recorded_on=day)
    m.Deadline.objects.create(
        child=child,
        rule="CPPCR_Reg33_SecondReview",
        kind="review",
        key="second",
        title="Second review",
        due_on=today,
        computed_at=timezone.now(),
    )
    m.NonWorkingDay.objects.create(day=dt.date(2026, 9, 19), name="A one-off holiday")
    Notification.objects.create(recipient=w.worker, key="test", title="Review due", child_id=1)
    RecordAccess.objects.create(actor=w.worker, child_id=child.pk, what="child record")
    commissioning_records(w, today)
    return world


def commissioning_records(w, today):
    """A variation, a target, a budget, a spend request, a referral and a snapshot for
    council A's contract, through the services (their event rows come from the triggers)."""
    from decimal import Decimal

    from commissioning.models import Referral, financial_year_of
    from commissioning.services.budgets import set_budget
    from commissioning.services.contracts import set_target, vary_contract
    from commissioning.services.performance import snapshot_performance
    from commissioning.services.spend import request_spend

    vary_contract(
        contract=w.contract,
        by=w.commissioner,
        effective_from=today,
        reason="More places",
        capacity=w.contract.capacity + 5,
    )
    set_target(
        contract=w.contract,
        by=w.commissioner,
        indicator="visits_on_time",
        threshold=Decimal("95"),
        direction="at_least",
        reason="Visits target agreed",
    )
    set_budget(
        contract=w.contract,
        financial_year=financial_year_of(today),
        amount=Decimal("50000.00"),
        by=w.commissioner,
    )
    request_spend(  # asked by a social worker: waits for the practice manager
        child=w.child,
        by=w.worker,
        category="item",
        description="School uniform",
        frequency="one_off",
        amount=Decimal("120.00"),
        starts_on=today,
        reason="Starting a new school",
    )
    Referral.objects.create(
        contract=w.contract,
        child=w.child_council,
        reason="Needs a stable worker",
        referred_by=w.commissioner,
    )
    snapshot_performance(month=today.replace(day=1))
    # A checked SSDA903 return (the world's child has gaps, so the run stores failures).
    from oversight.ssda903.services import request_validation, run_validation

    run = request_validation(
        council=w.council, year=today.year - (today.month < 4), trigger="nightly"
    )
    run_validation(run.pk)


def test_every_list_and_record_page_answers_with_records_in_it(full_record, admin_client):
    """Renders each list with rows in it (list_display, filters) and each record's page."""
    empty = []
    for model in app_models():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(admin_url(model, "changelist"))
        assert response.status_code == 200, model._meta.label
        selects = [q["sql"] for q in queries if not q["sql"].startswith("SELECT COUNT(*)")]
        assert len(selects) == len(set(selects)), f"{model._meta.label}: a query ran twice"
        first = model._default_manager.order_by("pk").first()
        if first is None:
            empty.append(model._meta.label)
            continue
        response = admin_client.get(admin_url(model, "change", first.pk))
        assert response.status_code == 200, model._meta.label
    assert empty == [], "give the full_record fixture one of these, so their pages are tried"


def test_a_childs_admin_page_links_to_their_records_and_is_logged_as_a_read(
    full_record, admin_client, superuser
):
    from core.models import RecordAccess

    child = full_record.child
    response = admin_client.get(admin_url(type(child), "change", child.pk))
    page = response.content.decode()
    assert f"/admin/placements/visit/?child__id__exact={child.pk}" in page
    assert f"/admin/placements/childevent/?obj=placements.child:{child.pk}" in page
    read = RecordAccess.objects.filter(actor=superuser).get()
    assert (read.child_id, read.what) == (child.pk, "admin: child")


def test_an_admin_edit_over_a_newer_version_is_refused(full_record, admin_client):
    from placements.models import CaseNote

    note = CaseNote.objects.get()
    url = admin_url(CaseNote, "change", note.pk)
    data = {
        "child": note.child_id,
        "occurred_on": note.occurred_on.isoformat(),
        "category": "general",
        "subject": "Corrected subject",
        "body": note.body,
        "written_by": note.written_by_id,
        "expected_version": 1,
    }
    CaseNote.objects.filter(pk=note.pk).update(version=2)  # a social worker saved meanwhile

    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "Someone else changed this record" in refused.content.decode()
    note.refresh_from_db()
    assert (note.subject, note.version) == ("Call with school", 2)

    assert admin_client.post(url, data | {"expected_version": 2}).status_code == 302
    note.refresh_from_db()
    assert (note.subject, note.version) == ("Corrected subject", 3)


def test_a_membership_added_in_the_admin_joins_the_practice_group(world, admin_client):
    from core.models import User
    from practices.models import Membership

    newcomer = User.objects.create_user("newcomer", password="a-long-test-password")
    response = admin_client.post(
        reverse("admin:practices_membership_add"),
        {
            "user": newcomer.pk,
            "role": "practice_social_worker",
            "practice": world.practice.pk,
            "started_on": "2024-01-01",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, practice=world.practice).exists()
    assert newcomer.groups.filter(pk=world.practice.group_id).exists()


def test_a_non_working_day_added_in_the_admin_is_the_administrators(admin_client):
    from placements.models import NonWorkingDay

    response = admin_client.post(
        reverse("admin:placements_nonworkingday_add"),
        {"day": "2026-09-19", "name": "State funeral"},
    )
    assert response.status_code == 302
    assert NonWorkingDay.objects.get().source == "admin"
