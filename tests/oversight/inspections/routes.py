"""Inspection rows for tests/test_permission_matrix.py: every inspection page × person.

Who is who (tests/personas.py): `inspector` is on the open "Inspection of Council A",
which samples the world's child; `inspector_not_sampled` is on another open inspection of
council A; `inspector_closed` on last year's, whose window has closed; all three and
`inspectorate_admin` belong to Ofsted, so they may know the inspection exists. Council A's
staff are the subject: they see the sample and the access log, and the findings once
published. Practice P is not inspected here, so its people, like council B's, get 404.
"""

from django.urls import reverse

from tests.matrix import COUNCIL_A, INSPECTORATE, statuses

OFSTED = INSPECTORATE
KNOWS = [*COUNCIL_A, *OFSTED, "superuser"]  # may know the inspection exists


def table(ok=(), anonymous=302, ok_status=200, knows=KNOWS):
    """ok: 200; those who may know of the inspection: 403; everyone else: 404."""
    return statuses(ok=ok, ok_status=ok_status, forbidden=knows, anonymous=anonymous)


def _open(w):
    from oversight.models import Inspection

    return Inspection.objects.get(title="Inspection of Council A")


def _closed(w):
    from oversight.models import Inspection

    return Inspection.objects.get(title="Last year's inspection")


def _practice(w):
    """An open inspection of practice P (council A's contractor), its inspector `inspector`."""
    import datetime as dt

    from django.utils import timezone

    from oversight.models import Inspection
    from oversight.services import add_to_sample, schedule_inspection

    found = Inspection.objects.filter(title="Inspection of Practice P").first()
    if found:
        return found
    today = timezone.localdate()
    inspection = schedule_inspection(
        inspectorate=w.inspectorate_admin.memberships.get().inspectorate,
        practice=w.practice,
        title="Inspection of Practice P",
        starts_on=today,
        ends_on=today + dt.timedelta(days=3),
        inspectors=[w.inspector],
        by=None,
    )
    add_to_sample(inspection=inspection, child=w.child, by=None)
    return inspection


def _sample(find):
    def build(w):
        inspection = find(w)
        return reverse(
            "oversight:case_audit",
            args=[inspection.pk, inspection.samples.get(child=w.child).pk],
        )

    return build


def _published(w):
    from django.utils import timezone

    from oversight.models import InspectionFindings

    inspection = _open(w)
    InspectionFindings.objects.update_or_create(
        inspection=inspection,
        defaults={"status": "published", "published_at": timezone.now(), "summary": "Good"},
    )
    return reverse("oversight:inspection_findings", args=[inspection.pk])


def url(name, find=_open, *args):
    return lambda w: reverse(f"oversight:{name}", args=[find(w).pk, *args])


MANAGER = ["inspectorate_admin", "superuser"]
SEES_SAMPLE = [*COUNCIL_A, "inspector", *MANAGER]
LISTS = ["inspector", "superuser"]

ROUTES = {
    "oversight:inspection_new": (
        lambda w: reverse("oversight:inspection_new"),
        statuses(ok=MANAGER, otherwise=403),
    ),
    "oversight:inspection": (url("inspection"), table(ok=KNOWS)),
    "oversight:inspection_sample": (url("inspection_sample"), table(ok=SEES_SAMPLE)),
    "oversight:inspection_sample (window closed)": (
        url("inspection_sample", _closed),
        table(ok=[*COUNCIL_A, "inspector_closed", *MANAGER]),
    ),
    # A practice's inspection: its manager, and the councils it works for (their own
    # children only), see the sample; its social worker knows of it but may not.
    "oversight:inspection_sample (practice inspection)": (
        url("inspection_sample", _practice),
        table(ok=[*COUNCIL_A, "manager", "inspector", *MANAGER], knows=[*KNOWS, "worker"]),
    ),
    "oversight:inspection_sample_draw": (url("inspection_sample_draw"), table(ok=MANAGER)),
    "oversight:inspection_inspector_add": (url("inspection_inspector_add"), table(ok=MANAGER)),
    "oversight:inspection_sample_add": (
        url("inspection_sample_add"),
        table(ok=["inspector", *MANAGER]),
    ),
    "oversight:case_audit": (_sample(_open), table(ok=["inspector"])),
    "oversight:case_audit (window closed)": (_sample(_closed), table(ok=[])),
    "oversight:inspection_findings": (
        url("inspection_findings"),
        table(ok=["inspector", *MANAGER]) | dict.fromkeys(COUNCIL_A, 404),
    ),
    "oversight:inspection_findings (published)": (
        _published,
        table(ok=["inspector", *MANAGER, *COUNCIL_A]),
    ),
    "oversight:inspection_findings_publish": (
        url("inspection_findings_publish"),
        table(ok=MANAGER),
    ),
    "oversight:inspection_lists": (url("inspection_lists"), table(ok=LISTS)),
    "oversight:inspection_lists (window closed)": (
        url("inspection_lists", _closed),
        table(ok=["superuser"]),
    ),
    **{
        f"oversight:{name}": (url(name, _open, "children-in-care"), table(ok=LISTS))
        for name in ("inspection_list", "inspection_list_csv", "inspection_list_xlsx")
    },
}
