"""Case audits and findings: written by the inspectors in the window, refused on an old
version, audited; findings published by the inspectorate, seen by the council only then."""

import datetime as dt

import pytest
from django.urls import reverse
from pghistory.models import Events

from core.errors import DomainError
from oversight.models import CaseAudit, Inspection, InspectionFindings
from oversight.services import save_case_audit

pytestmark = pytest.mark.django_db

AREAS = ("planning", "timeliness", "voice", "stability", "oversight")


@pytest.fixture
def inspection(world):
    return Inspection.objects.get(title="Inspection of Council A")


@pytest.fixture
def sample(inspection, world):
    return inspection.samples.get(child=world.child)


def audit_form(version="", complete=False, grade="good", **changes):
    data = {"version": version, "summary": "A settled child with a clear plan"}
    for area in AREAS:
        data[f"{area}_grade"] = grade
        data[f"{area}_evidence"] = f"Evidence on {area}"
    if complete:
        data["complete"] = "on"
    return data | changes


def findings_form(version="", **changes):
    data = {
        "version": version,
        "summary": "Children in care are well supported",
        "leaders_judgement": "good",
        "leaders_text": "Leaders know their services",
        "children_in_care_judgement": "good",
        "children_in_care_text": "Plans are specific",
        "care_leavers_judgement": "requires_improvement",
        "care_leavers_text": "Pathway plans are late",
    }
    return data | changes


def audit_url(inspection, sample):
    return reverse("oversight:case_audit", args=[inspection.pk, sample.pk])


def test_an_inspector_audits_a_sampled_case(world, client, inspection, sample):
    client.force_login(world.inspector)
    response = client.post(audit_url(inspection, sample), audit_form(complete=True))
    assert response.status_code == 302
    audit = CaseAudit.objects.get(sample=sample)
    assert (audit.inspector, audit.planning_grade, audit.voice_evidence) == (
        world.inspector,
        "good",
        "Evidence on voice",
    )
    assert audit.completed_at is not None
    assert audit.version == 1


def test_a_complete_audit_needs_every_grade(world, client, inspection, sample):
    client.force_login(world.inspector)
    response = client.post(
        audit_url(inspection, sample), audit_form(complete=True, stability_grade="")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["stability_grade"] == [
        "Grade every area before you mark the audit complete"
    ]
    assert not CaseAudit.objects.exists()


def test_a_save_over_someone_elses_change_is_refused(world, client, inspection, sample):
    from oversight.services import add_inspector

    add_inspector(inspection=inspection, inspector=world.inspector_closed, by=None)
    client.force_login(world.inspector)
    client.post(audit_url(inspection, sample), audit_form())  # version 1
    first = client.post(audit_url(inspection, sample), audit_form(version="1", grade="good"))
    assert first.status_code == 302  # version 2
    client.force_login(world.inspector_closed)
    stale = client.post(audit_url(inspection, sample), audit_form(version="1", grade="inadequate"))
    assert stale.status_code == 409
    assert "Someone else changed this record" in stale.content.decode()
    audit = CaseAudit.objects.get(sample=sample)
    assert (audit.version, audit.planning_grade, audit.inspector) == (2, "good", world.inspector)


def test_a_second_first_save_is_refused_too(world, inspection, sample):
    save_case_audit(sample=sample, by=world.inspector, expected_version=None, summary="one")
    with pytest.raises(DomainError, match="Someone else"):
        save_case_audit(sample=sample, by=world.inspector, expected_version=None, summary="two")


@pytest.mark.parametrize("person", ["inspectorate_admin", "council_admin", "inspector_closed"])
def test_only_the_inspections_inspectors_write_audits(world, client, inspection, sample, person):
    client.force_login(getattr(world, person))
    assert client.post(audit_url(inspection, sample), audit_form()).status_code == 403
    assert not CaseAudit.objects.exists()


def test_no_audit_after_the_window(world, time_machine, inspection, sample):
    save_case_audit(sample=sample, by=world.inspector, expected_version=None, summary="one")
    time_machine.move_to(inspection.ends_on + dt.timedelta(days=1))
    with pytest.raises(DomainError) as refused:
        save_case_audit(sample=sample, by=world.inspector, expected_version=1, summary="late")
    assert refused.value.code == "forbidden"


def test_audits_are_in_the_audit_trail_with_who_made_them(world, client, inspection, sample):
    client.force_login(world.inspector)
    client.post(audit_url(inspection, sample), audit_form())
    client.post(audit_url(inspection, sample), audit_form(version="1", grade="outstanding"))
    audit = CaseAudit.objects.get(sample=sample)
    events = list(Events.objects.tracks(audit).order_by("pgh_created_at"))
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[-1].pgh_diff["planning_grade"] == ["good", "outstanding"]
    assert events[-1].pgh_context["user"] == world.inspector.pk


def findings_url(inspection, name="inspection_findings"):
    return reverse(f"oversight:{name}", args=[inspection.pk])


def test_findings_are_drafted_then_published_to_the_council(world, client, inspection):
    client.force_login(world.inspector)
    assert client.post(findings_url(inspection), findings_form()).status_code == 302
    client.force_login(world.council_admin)
    assert client.get(findings_url(inspection)).status_code == 404  # still a draft
    client.force_login(world.inspector)
    publish = findings_url(inspection, "inspection_findings_publish")
    assert client.post(publish, {"version": "1"}).status_code == 403  # the inspectorate's call
    client.force_login(world.inspectorate_admin)
    assert client.post(publish, {"version": "1"}).status_code == 302
    findings = InspectionFindings.objects.get(inspection=inspection)
    assert (findings.status, findings.published_by) == ("published", world.inspectorate_admin)
    client.force_login(world.council_admin)
    response = client.get(findings_url(inspection))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Requires improvement to be good" in page
    assert "Pathway plans are late" in page
    assert response.context["grade_counts"] == []  # the council does not see case grades


def test_findings_cannot_be_published_without_every_judgement(world, client, inspection):
    client.force_login(world.inspector)
    client.post(findings_url(inspection), findings_form(care_leavers_judgement=""))
    client.force_login(world.inspectorate_admin)
    response = client.post(
        findings_url(inspection, "inspection_findings_publish"), {"version": "1"}
    )
    assert response.status_code == 400
    assert "The findings need a judgement for" in response.content.decode()
    assert InspectionFindings.objects.get(inspection=inspection).status == "draft"


def test_published_findings_no_longer_change(world, client, inspection):
    client.force_login(world.inspector)
    client.post(findings_url(inspection), findings_form())
    client.force_login(world.inspectorate_admin)
    client.post(findings_url(inspection, "inspection_findings_publish"), {"version": "1"})
    client.force_login(world.inspector)
    assert client.post(findings_url(inspection), findings_form(version="2")).status_code == 403
    assert InspectionFindings.objects.get(inspection=inspection).leaders_judgement == "good"


def test_a_stale_draft_of_the_findings_is_refused(world, client, inspection):
    client.force_login(world.inspector)
    client.post(findings_url(inspection), findings_form())
    client.post(findings_url(inspection), findings_form(version="1", summary="Second"))
    client.force_login(world.inspectorate_admin)
    response = client.post(findings_url(inspection), findings_form(version="1", summary="Third"))
    assert response.status_code == 409
    assert InspectionFindings.objects.get(inspection=inspection).summary == "Second"


def test_the_findings_page_counts_case_audit_grades(world, client, inspection, sample):
    client.force_login(world.inspector)
    client.post(audit_url(inspection, sample), audit_form(grade="inadequate", voice_grade="good"))
    response = client.get(findings_url(inspection))
    counts = {row["area"]: row["counts"] for row in response.context["grade_counts"]}
    assert counts["Quality of planning"] == [0, 0, 0, 1]
    assert counts["The child's voice"] == [0, 1, 0, 0]


def test_publishing_tells_the_councils_administrators_once(world, client, inspection):
    from core.models import Notification
    from oversight.services import publish_findings

    client.force_login(world.inspector)
    client.post(findings_url(inspection), findings_form())
    publish_findings(inspection=inspection, by=world.inspectorate_admin, expected_version=1)
    [note] = Notification.objects.filter(key=f"inspection:{inspection.pk}:findings-published")
    assert note.recipient == world.council_admin
    assert note.url == findings_url(inspection)
    with pytest.raises(DomainError, match="already published"):
        publish_findings(inspection=inspection, by=world.inspectorate_admin, expected_version=2)
    assert Notification.objects.filter(recipient=world.council_admin).count() == 1
