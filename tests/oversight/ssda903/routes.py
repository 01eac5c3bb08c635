"""SSDA903 rows for tests/test_permission_matrix.py: every page × person.

Who is who (tests/personas.py): council A holds `child` (worked by practice P, sampled by
`inspector`) and `child_council` (its own team, sampled by `inspector_not_sampled`).

- Council A's data team (data lead, administrator, commissioners) and superusers see every
  child's failures, may check the return now and download it.
- Anyone else who can see some of A's children sees the failures of those children only,
  and may neither check nor download (403): practice P's worker and manager, and
  inspectors with a sampled child in an open window (they see that child's record anyway;
  the failures say nothing the record does not).
- A's other staff (social workers, IROs) are refused (403): it is the data team's page.
- Everyone else is told "not found" (404): another council's people, another practice,
  a worker who has left, an inspector whose window closed, the inspectorate's admin.
- "Check now" takes POST only (GET is 405 for everyone signed in).
"""

from django.urls import reverse
from django.utils import timezone

from tests.matrix import SIGNED_IN, statuses

DATA_TEAM = ["data_lead", "council_admin", "commissioner", "senior_commissioner", "superuser"]
SEES_SOME_CHILDREN = ["worker", "manager", "inspector", "inspector_not_sampled"]
COUNCIL_OTHER_STAFF = ["council_worker", "iro"]


def table(ok=(), refused=(), anonymous=302):
    """ok: 200; refused: 403; everyone else signed in: 404."""
    return statuses(ok=ok, forbidden=refused, anonymous=anonymous)


def this_year(w) -> int:
    from oversight.ssda903.years import CollectionYear

    return CollectionYear.of(timezone.localdate()).start_year


def return_url(route):
    return lambda w: reverse(route, args=[w.council.ons_code, this_year(w)])


ROUTES = {
    "oversight:ssda903_index": (
        lambda w: reverse("oversight:ssda903_index"),
        table(ok=SIGNED_IN),
    ),
    "oversight:ssda903_results": (
        return_url("oversight:ssda903_results"),
        table(ok=DATA_TEAM + SEES_SOME_CHILDREN, refused=COUNCIL_OTHER_STAFF),
    ),
    "oversight:ssda903_validate": (
        return_url("oversight:ssda903_validate"),
        statuses(otherwise=405),
    ),
    "oversight:ssda903_download": (
        return_url("oversight:ssda903_download"),
        table(ok=DATA_TEAM, refused=COUNCIL_OTHER_STAFF + SEES_SOME_CHILDREN),
    ),
}
