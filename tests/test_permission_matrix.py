"""Every route × every persona: the answer each must get. A route missing from ROUTES fails.

Statuses: 200 shown, 302 sent elsewhere (sign-in, or the person's home), 403 refused (a
record they may see but not change, or a page for another role), 404 not found (outside
their scope: existence is not revealed), 405 wrong method.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.commissioning.routes import ROUTES as COMMISSIONING_ROUTES
from tests.indicators.routes import ROUTES as INDICATOR_ROUTES
from tests.matrix import COUNCIL_A, PEOPLE, statuses
from tests.oversight.inspections.routes import ROUTES as INSPECTION_ROUTES
from tests.oversight.ssda903.routes import ROUTES as SSDA903_ROUTES

pytestmark = pytest.mark.django_db


def everyone(status, anonymous=302, **exceptions):
    return statuses(otherwise=status, anonymous=anonymous, **exceptions)


def only(people, allowed=200, denied=404, anonymous=302):
    return statuses(ok=people, ok_status=allowed, otherwise=denied, anonymous=anonymous)


# Pages that write to the child held by practice P: its workers may; those who can see the
# child but not write get 403; everyone else 404.
SEE_CHILD = ["worker", "manager", "inspector", "superuser", *COUNCIL_A]
casework = statuses(ok=("worker", "manager", "superuser"), forbidden=SEE_CHILD)
# Pages of the council's decisions on that child (legal status, deprivation of liberty).
council_decision = statuses(
    ok=("commissioner", "senior_commissioner", "council_admin", "superuser"),
    forbidden=SEE_CHILD,
)


def child_url(route):
    return lambda w: reverse(route, args=[w.child.pk])


def url_of(route):
    return lambda w: reverse(route)


def record_url(route, make):
    return lambda w: reverse(route, args=[make(w).pk])


def _today(w=None):
    from django.utils import timezone

    return timezone.localdate()


def _make(model_path, **fields):
    def make(w):
        from django.apps import apps

        model = apps.get_model(model_path)
        return model.objects.create(
            child=w.child, **{k: v(w) if callable(v) else v for k, v in fields.items()}
        )

    return make


API_RECORDS = {
    "episode": lambda w: w.child.episodes.first(),
    "placement": lambda w: w.child.placements.first(),
    "visit": _make(
        "placements.Visit",
        visited_on=_today,
        seen=True,
        seen_alone=False,
        location="placement",
        recorded_by=lambda w: w.worker,
    ),
    "note": lambda w: note_for(w),
    "review": _make(
        "placements.Review",
        period=lambda w: w.child.periods.first(),
        held_on=_today,
        participation="PN1",
    ),
    "health-assessment": _make("placements.HealthAssessment", kind="initial", completed_on=_today),
    "education-plan": _make(
        "placements.EducationPlan", kind="initial", completed_on=_today, term="autumn"
    ),
    "missing-episode": _make("placements.MissingEpisode", kind="M", started_on=_today),
    "dolo": _make("placements.DeprivationOfLiberty", started_on=_today),
    "allocation": lambda w: w.child.allocations.first(),
    "worker-allocation": lambda w: w.child.worker_allocations.first(),
    "deadline": _make(
        "placements.Deadline",
        rule="CPPCR_Reg28_StandardVisits",
        kind="visit",
        key="matrix",
        title="Statutory visit",
        due_on=_today,
        computed_at=lambda w: "2026-01-01T00:00Z",
    ),
}


def note_for(w):
    from placements.models import CaseNote

    return CaseNote.objects.create(
        child=w.child, occurred_on=w.child.date_of_birth, subject="s", body="b", written_by=w.worker
    )


# route name -> (how to build its URL from the world, expected status per person)
ROUTES = {
    "home": (lambda w: reverse("home"), everyone(302)),
    "login": (lambda w: reverse("login"), everyone(302, anonymous=200)),
    "logout": (lambda w: reverse("logout"), everyone(405)),
    "no_role": (lambda w: reverse("no_role"), everyone(403)),
    "healthz": (lambda w: reverse("healthz"), everyone(200, anonymous=200)),
    "placements:caseload": (lambda w: reverse("placements:caseload"), everyone(200)),
    "placements:children": (lambda w: reverse("placements:children"), everyone(200)),
    "placements:workers": (
        lambda w: reverse("placements:workers"),
        only(["manager"], denied=403),
    ),
    "placements:child": (
        lambda w: reverse("placements:child", args=[w.child.pk]),
        only(["worker", "manager", "inspector", "superuser", *COUNCIL_A]),
    ),
    **{
        f"placements:{name}": (
            child_url(f"placements:{name}"),
            casework,
        )
        for name in (
            "record_visit",
            "add_note",
            "record_health",
            "record_pep",
            "record_missing",
            "change_placement",
        )
    },
    "placements:edit_note": (
        lambda w: reverse("placements:edit_note", args=[w.child.pk, note_for(w).pk]),
        casework,
    ),
    "placements:correct_placement": (
        lambda w: reverse(
            "placements:correct_placement", args=[w.child.pk, w.child.placements.first().pk]
        ),
        casework,
    ),
    "placements:record_dolo": (child_url("placements:record_dolo"), council_decision),
    "placements:end_dolo": (
        lambda w: reverse(
            "placements:end_dolo",
            args=[w.child.pk, API_RECORDS["dolo"](w).pk],
        ),
        council_decision,
    ),
    "placements:allocate_worker": (
        lambda w: reverse("placements:allocate_worker", args=[w.child.pk]),
        only(["manager", "superuser"], denied=403)
        | {
            "other_worker": 404,
            "former_worker": 404,
            "other_commissioner": 404,
            "inspector_closed": 404,
            "inspector_not_sampled": 404,
            "inspectorate_admin": 404,
        },
    ),
    "oversight:inspections": (lambda w: reverse("oversight:inspections"), everyone(200)),
    "oversight:audit": (
        lambda w: reverse("oversight:audit"),
        only(["council_admin", "superuser"], denied=403),
    ),
    "api:child-list": (lambda w: reverse("api:child-list"), everyone(200, anonymous=403)),
    "api:child-detail": (
        lambda w: reverse("api:child-detail", args=[w.child.pk]),
        only(["worker", "manager", "inspector", "superuser", *COUNCIL_A], anonymous=403),
    ),
    # Writes over the API are checked in tests/api (POST/PATCH by role).
    **{
        f"api:{name}-list": (url_of(f"api:{name}-list"), everyone(200, anonymous=403))
        for name in API_RECORDS
    },
    **{
        f"api:{name}-detail": (
            record_url(f"api:{name}-detail", make),
            only(["worker", "manager", "inspector", "superuser", *COUNCIL_A], anonymous=403),
        )
        for name, make in API_RECORDS.items()
    },
    # Commissioning pages and endpoints (who may reach them is set out in that module).
    **COMMISSIONING_ROUTES,
    # Performance dashboards and indicator endpoints (set out in that module).
    **INDICATOR_ROUTES,
    # The SSDA903 return (who may reach it is set out in that module).
    **SSDA903_ROUTES,
    # Inspections: scheduling, sample, case audits, findings, lists (set out in that module).
    **INSPECTION_ROUTES,
    "schema": (lambda w: reverse("schema"), everyone(200, anonymous=403)),
    "api-docs": (lambda w: reverse("api-docs"), everyone(200, anonymous=403)),
    "api-redoc": (lambda w: reverse("api-redoc"), everyone(200, anonymous=403)),
}
# The Django admin is the back office: superusers, and council administrators scoped to
# their council (tests/core/test_admin_scoping.py); everyone else is sent to sign in.
ADMIN_ROUTES = {
    "admin:index": (
        lambda w: reverse("admin:index"),
        only(["superuser", "council_admin"], denied=302),
    ),
    "admin:placements_child_changelist": (
        lambda w: reverse("admin:placements_child_changelist"),
        only(["superuser", "council_admin"], denied=302),
    ),
    "admin:placements_child_change": (
        lambda w: reverse("admin:placements_child_change", args=[w.child.pk]),
        only(["superuser", "council_admin"], denied=302),
    ),
    "admin:placements_child_change (another council)": (
        lambda w: reverse("admin:placements_child_change", args=[w.other_child.pk]),
        only(["superuser"], denied=302),
    ),
    "admin:placements_visit_changelist": (
        lambda w: reverse("admin:placements_visit_changelist"),
        only(["superuser", "council_admin"], denied=302),
    ),
    "admin:commissioning_contract_changelist": (
        lambda w: reverse("admin:commissioning_contract_changelist"),
        only(["superuser", "council_admin"], denied=302),
    ),
    "admin:core_user_changelist": (
        lambda w: reverse("admin:core_user_changelist"),
        only(["superuser"], denied=302) | {"council_admin": 403},
    ),
}


def route_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from route_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def test_every_named_route_is_in_the_matrix():
    names = {name for name in route_names() if not name.startswith("admin:")}
    # DRF's format-suffix twins and the API root share the entries above.
    names = {n for n in names if not n.endswith("-list") or n in ROUTES} | (names & ROUTES.keys())
    missing = sorted(n for n in names if n not in ROUTES)
    assert missing == [], f"Add these routes to ROUTES with who may reach them: {missing}"


ALL_ROUTES = {**ROUTES, **ADMIN_ROUTES}


@pytest.mark.parametrize("name", sorted(ALL_ROUTES))
def test_route_answers_each_person_as_the_matrix_says(world, client, name):
    url_for, expected = ALL_ROUTES[name]
    url = url_for(world)
    wrong = []
    for person in PEOPLE:
        client.logout()
        if person != "anonymous":
            client.force_login(getattr(world, person))
        status = client.get(url).status_code
        if status != expected[person]:
            wrong.append(f"{person}: got {status}, expected {expected[person]}")
    assert wrong == [], f"{name} ({url})"


def test_matrix_size():
    """Kept in step with the closing note: rows are (route, person) pairs."""
    assert len(ALL_ROUTES) * len(PEOPLE) >= 250
