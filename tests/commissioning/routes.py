"""Commissioning rows for tests/test_permission_matrix.py: every page and endpoint × person.

Who is who (tests/personas.py): council A contracts practice P (`world.contract`);
council B contracts practice Q. Commissioners (and senior commissioners) of A, and P's
manager, work on A-P's contract; B's commissioner sees B's own, and is told "not found"
(404) for A's; P's social worker may ask to spend but not see contracts (403); other
council roles and inspectors have no commissioning role (403), read or write.
Writes (POST) are refused the same way: see test_commissioning_pages.py and
test_commissioning_api.py.
"""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests.matrix import statuses

COUNCIL_SIDE = ["commissioner", "senior_commissioner", "other_commissioner", "superuser"]
A_COMMISSIONERS = ["commissioner", "senior_commissioner"]


def table(ok=(), not_found=(), anonymous=302, otherwise=403, ok_status=200):
    """ok: 200 (or ok_status); not_found: 404; everyone else signed in: 403."""
    return statuses(
        ok=ok, ok_status=ok_status, not_found=not_found, otherwise=otherwise, anonymous=anonymous
    )


def budget(w):
    from commissioning.models import Budget, financial_year_of

    return Budget.objects.get_or_create(
        contract=w.contract,
        financial_year=financial_year_of(timezone.localdate()),
        defaults={"amount": Decimal("50000.00")},
    )[0]


def referral(w):
    from commissioning.models import Referral

    return Referral.objects.get_or_create(
        child=w.child_council,
        contract=w.contract,
        status=Referral.Status.PENDING,
        defaults={"reason": "Needs a practice", "referred_by": w.commissioner},
    )[0]


def spend_request(w):
    """A request by P's worker over the delegated limit: the council decides."""
    from commissioning.models import SpendRequest

    found = SpendRequest.objects.filter(child=w.child).first()
    if found:
        return found
    return SpendRequest.objects.create(
        contract=w.contract,
        budget=budget(w),
        child=w.child,
        category=SpendRequest.Category.SERVICE,
        description="Therapy",
        frequency=SpendRequest.Frequency.ONE_OFF,
        amount=Decimal("900.00"),
        starts_on=timezone.localdate(),
        committed_amount=Decimal("900.00"),
        reason="Needed",
        level=SpendRequest.Level.COUNCIL,
        requested_by=w.worker,
    )


def case(w):
    return w.child.allocations.get(ended_on__isnull=True)


def url(name, make=None, suffix=""):
    if make is None:
        return lambda w: reverse(f"commissioning:{name}") + suffix
    return lambda w: reverse(f"commissioning:{name}", args=[make(w).pk]) + suffix


def contract(w):
    return w.contract


def month_url(name):
    def build(w):
        today = timezone.localdate()
        return reverse(f"commissioning:{name}", args=[w.contract.pk, today.year, today.month])

    return build


# Pages
HOME = table(ok=[*COUNCIL_SIDE, "manager"])
COUNCIL_PAGE = table(ok=COUNCIL_SIDE)
CONTRACT = table(ok=[*A_COMMISSIONERS, "manager", "superuser"], not_found=["other_commissioner"])
COMMISSIONER_FORM = table(ok=A_COMMISSIONERS, not_found=["other_commissioner"])
MANAGER_FORM = table(ok=["manager"], not_found=["other_commissioner"])
SPEND_LIST = table(ok=[*COUNCIL_SIDE, "manager", "worker", "other_worker"])
SPEND_NEW = table(ok=["manager", "worker", "other_worker"])
SPEND_REQUEST = table(
    ok=[*A_COMMISSIONERS, "manager", "worker", "superuser"],
    not_found=["other_commissioner", "other_worker"],
)
SPEND_DECISION = table(ok=A_COMMISSIONERS, not_found=["other_commissioner", "other_worker"])
SPEND_WITHDRAW = table(ok=["worker"], not_found=["other_commissioner", "other_worker"])
DRILL = "?holder=0&figure=children"

PAGES = {
    "commissioning:home": (url("home"), HOME),
    "commissioning:contracts": (url("contracts"), HOME),
    "commissioning:contract_new": (url("contract_new"), COUNCIL_PAGE),
    "commissioning:contract": (url("contract", contract), CONTRACT),
    "commissioning:contract_activate": (url("contract_activate", contract), COMMISSIONER_FORM),
    "commissioning:contract_vary": (url("contract_vary", contract), COMMISSIONER_FORM),
    "commissioning:target_new": (url("target_new", contract), COMMISSIONER_FORM),
    "commissioning:budget_new": (url("budget_new", contract), COMMISSIONER_FORM),
    "commissioning:go_to_statement": (
        url("go_to_statement", contract),
        table(
            ok=[*A_COMMISSIONERS, "manager", "superuser"],
            not_found=["other_commissioner"],
            ok_status=302,
        ),
    ),
    "commissioning:statement": (month_url("statement"), CONTRACT),
    "commissioning:statement_csv": (month_url("statement_csv"), CONTRACT),
    "commissioning:statement_xlsx": (month_url("statement_xlsx"), CONTRACT),
    "commissioning:budget": (url("budget", budget), CONTRACT),
    "commissioning:case_take_back": (url("case_take_back", case), COMMISSIONER_FORM),
    "commissioning:case_transfer": (url("case_transfer", case), COMMISSIONER_FORM),
    "commissioning:referrals": (url("referrals"), HOME),
    "commissioning:referral_new": (url("referral_new"), COUNCIL_PAGE),
    "commissioning:referral": (url("referral", referral), CONTRACT),
    "commissioning:referral_accept": (url("referral_accept", referral), MANAGER_FORM),
    "commissioning:referral_decline": (url("referral_decline", referral), MANAGER_FORM),
    "commissioning:referral_withdraw": (url("referral_withdraw", referral), COMMISSIONER_FORM),
    "commissioning:spend_requests": (url("spend_requests"), SPEND_LIST),
    "commissioning:spend_new": (url("spend_new"), SPEND_NEW),
    "commissioning:spend_request": (url("spend_request", spend_request), SPEND_REQUEST),
    "commissioning:spend_approve": (url("spend_approve", spend_request), SPEND_DECISION),
    "commissioning:spend_refuse": (url("spend_refuse", spend_request), SPEND_DECISION),
    "commissioning:spend_withdraw": (url("spend_withdraw", spend_request), SPEND_WITHDRAW),
    "commissioning:comparison": (url("comparison"), COUNCIL_PAGE),
    "commissioning:comparison_csv": (url("comparison_csv"), COUNCIL_PAGE),
    "commissioning:comparison_xlsx": (url("comparison_xlsx"), COUNCIL_PAGE),
    "commissioning:comparison_children": (url("comparison_children", suffix=DRILL), COUNCIL_PAGE),
}


def api(name, make=None, suffix=""):
    if make is None:
        return lambda w: reverse(f"api:{name}") + suffix
    return lambda w: reverse(f"api:{name}", args=[make(w).pk]) + suffix


def variation(w):
    from commissioning.models import ContractVariation

    return ContractVariation.objects.filter(contract=w.contract).first() or (
        ContractVariation.objects.create(
            contract=w.contract,
            number=1,
            effective_from=w.contract.starts_on,
            reason="Capacity",
            previous_terms={"capacity": 40},
            new_terms={"capacity": 50},
            made_by=w.commissioner,
        )
    )


def snapshot(w):
    from commissioning.models import PerformanceSnapshot

    return PerformanceSnapshot.objects.get_or_create(
        contract=w.contract,
        month=timezone.localdate().replace(day=1),
        indicator="occupancy",
        defaults={"numerator": 1, "denominator": 50, "computed_at": timezone.now()},
    )[0]


def api_table(ok=(), not_found=(), otherwise=403):
    return table(ok=ok, not_found=not_found, anonymous=403, otherwise=otherwise)


API_LIST = api_table(ok=[*COUNCIL_SIDE, "manager"])
API_ROW = api_table(ok=[*A_COMMISSIONERS, "manager", "superuser"], not_found=["other_commissioner"])
POST_ONLY = table(ok=(), anonymous=403, otherwise=405)
POST_ONLY_ROW = table(
    ok=(), not_found=[], anonymous=403, otherwise=405
)  # GET is refused before anything is looked up

API = {
    "api:contract-list": (api("contract-list"), API_LIST),
    "api:contract-detail": (api("contract-detail", contract), API_ROW),
    "api:contract-statement": (
        api("contract-statement", contract, f"?month={timezone.localdate():%Y-%m}"),
        API_ROW,
    ),
    "api:contract-activate": (api("contract-activate", contract), POST_ONLY_ROW),
    "api:contract-vary": (api("contract-vary", contract), POST_ONLY_ROW),
    "api:contract-targets": (api("contract-targets", contract), POST_ONLY_ROW),
    "api:contract-variation-list": (api("contract-variation-list"), API_LIST),
    "api:contract-variation-detail": (api("contract-variation-detail", variation), API_ROW),
    "api:performance-snapshot-list": (api("performance-snapshot-list"), API_LIST),
    "api:performance-snapshot-detail": (api("performance-snapshot-detail", snapshot), API_ROW),
    "api:referral-list": (api("referral-list"), API_LIST),
    "api:referral-detail": (api("referral-detail", referral), API_ROW),
    "api:referral-accept": (api("referral-accept", referral), POST_ONLY_ROW),
    "api:referral-decline": (api("referral-decline", referral), POST_ONLY_ROW),
    "api:referral-withdraw": (api("referral-withdraw", referral), POST_ONLY_ROW),
    "api:case-take-back": (api("case-take-back", case), POST_ONLY_ROW),
    "api:case-transfer": (api("case-transfer", case), POST_ONLY_ROW),
    "api:budget-list": (api("budget-list"), API_LIST),
    "api:budget-detail": (api("budget-detail", budget), API_ROW),
    "api:spend-request-list": (
        api("spend-request-list"),
        api_table(ok=[*COUNCIL_SIDE, "manager", "worker", "other_worker"]),
    ),
    "api:spend-request-waiting": (
        api("spend-request-waiting"),
        api_table(ok=[*COUNCIL_SIDE, "manager", "worker", "other_worker"]),
    ),
    "api:spend-request-detail": (
        api("spend-request-detail", spend_request),
        api_table(
            ok=[*A_COMMISSIONERS, "manager", "worker", "superuser"],
            not_found=["other_commissioner", "other_worker"],
        ),
    ),
    "api:spend-request-approve": (api("spend-request-approve", spend_request), POST_ONLY_ROW),
    "api:spend-request-refuse": (api("spend-request-refuse", spend_request), POST_ONLY_ROW),
    "api:spend-request-withdraw": (api("spend-request-withdraw", spend_request), POST_ONLY_ROW),
    "api:comparison": (api("comparison"), api_table(ok=COUNCIL_SIDE)),
}

ROUTES = {**PAGES, **API}
