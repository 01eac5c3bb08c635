"""Indicator pages and endpoints for tests/test_permission_matrix.py: every route × person.

Who is who (tests/personas.py): council A (its six council roles) contracts practice P
(`manager` manages it); council B's commissioner (`other_commissioner`) works elsewhere.
The inspectorate (inspectors, whatever their inspections, and its administrator) sees
every council and practice. A council's staff see their council's dashboard; a practice's
managers their practice's; other councils and practices are "not found" (404). The
national dashboard is for the inspectorate (403 for everyone else). Practice social
workers have no dashboard.
"""

from django.urls import reverse

from tests.matrix import COUNCIL_A, INSPECTORATE, SIGNED_IN, statuses

NATIONAL = [*INSPECTORATE, "superuser"]


def table(ok=(), denied=404, anonymous=302, ok_status=200, **exceptions):
    return statuses(ok=ok, ok_status=ok_status, otherwise=denied, anonymous=anonymous, **exceptions)


def _council(w):
    return reverse("indicators:council", args=[w.council.pk])


ROUTES = {
    "indicators:home": (
        lambda w: reverse("indicators:home"),
        table(
            ok=[p for p in SIGNED_IN if p not in ("worker", "other_worker", "former_worker")],
            ok_status=302,
            denied=403,
        ),
    ),
    "indicators:national": (
        lambda w: reverse("indicators:national"),
        table(ok=NATIONAL, denied=403),
    ),
    "indicators:council": (_council, table(ok=[*COUNCIL_A, *NATIONAL])),
    "indicators:practice": (
        lambda w: reverse("indicators:practice", args=[w.practice.pk]),
        table(ok=["manager", *NATIONAL]),
    ),
    "indicators:children": (
        lambda w: reverse("indicators:children", args=[w.council.pk]),
        table(ok=[*COUNCIL_A, *NATIONAL]),
    ),
    "indicators:children (practice P's figure)": (
        lambda w: reverse("indicators:children", args=[w.council.pk]) + f"?holder={w.practice.pk}",
        table(ok=["manager", *COUNCIL_A, *NATIONAL]),
    ),
    "api:indicator-list": (
        lambda w: reverse("api:indicator-list"),
        table(ok=SIGNED_IN, anonymous=403),
    ),
    "api:indicator-national": (
        lambda w: reverse("api:indicator-national"),
        table(ok=NATIONAL, denied=403, anonymous=403),
    ),
    "api:indicator-council": (
        lambda w: reverse("api:indicator-council", args=[w.council.pk]),
        table(ok=[*COUNCIL_A, *NATIONAL], anonymous=403),
    ),
    "api:indicator-practice": (
        lambda w: reverse("api:indicator-practice", args=[w.practice.pk]),
        table(ok=["manager", *NATIONAL], anonymous=403),
    ),
}
