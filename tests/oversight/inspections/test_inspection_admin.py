"""The inspection models in the back office: each has an admin, its pages answer, and what
the services write (samples, audits, findings) is view only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from oversight.models import (
    CaseAudit,
    Inspection,
    InspectionFindings,
    InspectionInspector,
    InspectionSample,
)
from oversight.services import save_case_audit, save_findings

pytestmark = pytest.mark.django_db

MODELS = [Inspection, InspectionInspector, InspectionSample, CaseAudit, InspectionFindings]


def url(model, view, *args):
    return reverse(f"admin:oversight_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def filled(world):
    inspection = Inspection.objects.get(title="Inspection of Council A")
    sample = inspection.samples.get()
    save_case_audit(sample=sample, by=world.inspector, expected_version=None, summary="s")
    save_findings(inspection=inspection, by=world.inspector, expected_version=None, summary="f")
    return world


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_inspection_model_has_an_admin_whose_pages_answer(filled, client, model):
    assert model in admin.site._registry
    client.force_login(filled.superuser)
    assert client.get(url(model, "changelist")).status_code == 200
    row = model.objects.first()
    assert client.get(url(model, "change", row.pk)).status_code == 200
    assert client.get(url(model, "add")).status_code == 403


@pytest.mark.parametrize("model", [InspectionSample, CaseAudit, InspectionFindings])
def test_what_the_services_write_cannot_be_changed_in_the_admin(filled, client, model):
    client.force_login(filled.superuser)
    row = model.objects.first()
    response = client.post(url(model, "change", row.pk), {})
    assert response.status_code == 403


def test_a_council_administrator_sees_only_their_councils_inspections(filled, client):
    from tests.factories import CouncilFactory

    other = Inspection.objects.create(
        inspectorate=Inspection.objects.first().inspectorate,
        council=CouncilFactory(),
        title="Elsewhere",
        starts_on="2026-01-01",
        ends_on="2026-01-05",
    )
    client.force_login(filled.council_admin)
    response = client.get(url(Inspection, "changelist"))
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
    assert other.pk not in shown and shown
