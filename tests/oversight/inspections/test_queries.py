"""Inspection pages run the same number of queries whatever the sample or council size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import RecordAccess
from oversight.models import CaseAudit, Inspection, InspectionSample
from placements.models import AdoptionDecision, MissingEpisode, WorkerAllocation
from tests.oversight.inspections.conftest import looked_after

pytestmark = pytest.mark.django_db


def grow(world, inspection, size):
    """`size` more looked-after children of council A, each 17 (a care leaver), sampled,
    audited, read by the inspector, missing once, with a worker and an adoption decision:
    a row on every page and list."""
    day = inspection.starts_on
    children = looked_after(
        world.council,
        size,
        practice=world.practice,
        contract=world.contract,
        born=day.replace(year=day.year - 17),
    )
    for child in children:
        RecordAccess.objects.create(actor=world.inspector, child_id=child.pk, what="child record")
        AdoptionDecision.objects.create(child=child, decided_on=day - dt.timedelta(days=30))
        sample = InspectionSample.objects.create(inspection=inspection, child=child, method="drawn")
        CaseAudit.objects.create(sample=sample, inspector=world.inspector, planning_grade="good")
        MissingEpisode.objects.create(
            child=child, kind="M", started_on=inspection.starts_on - dt.timedelta(days=5)
        )
        WorkerAllocation.objects.create(
            child=child,
            allocation=child.allocations.get(),
            worker=world.worker,
            sw_id="SW0001",
            started_on=dt.date(2024, 1, 1),
        )


def count(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def pages(inspection):
    pk = inspection.pk
    return {
        "home": reverse("oversight:inspections"),
        "detail": reverse("oversight:inspection", args=[pk]),
        "sample": reverse("oversight:inspection_sample", args=[pk]),
        "findings": reverse("oversight:inspection_findings", args=[pk]),
        "lists": reverse("oversight:inspection_lists", args=[pk]),
        **{
            f"list {kind}": reverse("oversight:inspection_list", args=[pk, kind])
            for kind in ("children-in-care", "care-leavers", "missing", "adoption", "staff")
        },
    }


# Every page: session, user, memberships (scope) ... the session save (savepoint, update,
# release). Each inspection page also: the inspection (visible), the person's standing
# (administrator of which inspectorates? on this inspection?). The lists index: nothing
# more (9). Then, per page:
EXPECTED = {
    # count and page of inspections, administered inspectorates, my open inspections and
    # their samples (with audits)
    "home": 11,
    # samples with children and audits, inspectors, findings
    "detail": 12,
    # access log count and page, the children's IDs on the page, samples
    "sample": 13,
    # findings, every audit's grades
    "findings": 11,
    "lists": 9,
    # the list (one query with subqueries), the read log (one insert)
    "list children-in-care": 11,
    # the young people, their periods of care, the read log
    "list care-leavers": 12,
    "list missing": 11,
    "list adoption": 11,
    # caseloads per worker, the children per worker, memberships, the read log
    "list staff": 13,
}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_inspection_pages_run_the_same_queries_for_5_and_50_children(world, client, page):
    inspection = Inspection.objects.get(title="Inspection of Council A")
    client.force_login(world.inspector)
    url = pages(inspection)[page]
    grow(world, inspection, 4)
    client.get(url)  # warm the per-process caches (code lists, permission ids)
    small = count(client, url)
    grow(world, inspection, 45)
    large = count(client, url)
    assert len(small) == len(large), "\n".join(large)
    assert len(large) == EXPECTED[page], "\n".join(large)
