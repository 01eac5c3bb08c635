"""Who the permission matrix asks (tests/test_permission_matrix.py and the routes modules
of each area), and one way to write what each of them should get.

The people are the personas of tests/personas.py; "anonymous" is nobody signed in.
"""

PEOPLE = [
    "anonymous",
    "worker",
    "manager",
    "other_worker",
    "former_worker",
    "council_worker",
    "commissioner",
    "senior_commissioner",
    "iro",
    "data_lead",
    "council_admin",
    "other_commissioner",
    "inspector",
    "inspector_closed",
    "inspector_not_sampled",
    "inspectorate_admin",
    "superuser",
]
SIGNED_IN = [p for p in PEOPLE if p != "anonymous"]
# Council A's staff (council A looks after the shared world's child; practice P holds it).
COUNCIL_A = [
    "council_worker",
    "commissioner",
    "senior_commissioner",
    "iro",
    "data_lead",
    "council_admin",
]
INSPECTORATE = ["inspector", "inspector_closed", "inspector_not_sampled", "inspectorate_admin"]


def statuses(
    *,
    ok=(),
    ok_status=200,
    forbidden=(),
    not_found=(),
    otherwise=404,
    anonymous=302,
    **exceptions,
) -> dict[str, int]:
    """The status each person should get: `ok` get ok_status, then `forbidden` 403, then
    `not_found` 404, every other signed-in person `otherwise`; named people override."""
    table = {
        p: ok_status if p in ok else 403 if p in forbidden else 404 if p in not_found else otherwise
        for p in SIGNED_IN
    }
    return table | {"anonymous": anonymous} | exceptions
