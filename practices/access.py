"""The one access policy. Every page, endpoint, admin screen, export and job asks here.

Three questions (after wagtail's permission policies):

- `visible(user, Model)`: the rows this person may see, as a queryset;
- `can(user, action, obj)`: may this person do this to this object;
- `who_can(action, obj)`: the people who may.

Where the rules come from (DOMAIN.md section 1):

- A council's staff see every child the council looks after (ownership: a rule on
  `child.council`, no grant rows needed).
- A practice sees the children currently allocated to it: django-guardian group grants on
  the child, written and revoked only by the allocation services.
- An inspector sees a child only while it is sampled into an inspection they are on and the
  window is open today: a guardian user grant *and* the window, so access ends on the
  closing day even if the revoking job has not run.
- Council-only decisions stay with council roles; inspectors never write.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from core import clock
from practices.models import (
    COUNCIL_ROLES,
    INSPECTORATE_ROLES,
    PRACTICE_ROLES,
    Council,
    Membership,
    Practice,
    Role,
)

User = get_user_model()


class Action:
    """What a person may do to a child's record. Council-only decisions are marked."""

    VIEW = "view"
    RECORD_CASEWORK = "record_casework"  # visits, notes, health, education, missing, plans
    CHANGE_PLACEMENT = "change_placement"  # within the delegated limit
    ALLOCATE_WORKER = "allocate_worker"
    # Council-only decisions
    START_PERIOD_OF_CARE = "start_period_of_care"
    END_PERIOD_OF_CARE = "end_period_of_care"
    CHANGE_LEGAL_STATUS = "change_legal_status"
    APPOINT_IRO = "appoint_iro"
    RECORD_REVIEW = "record_review"
    REFER_TO_PRACTICE = "refer_to_practice"
    TAKE_BACK_CASE = "take_back_case"
    APPROVE_SPEND_ABOVE_LIMIT = "approve_spend_above_limit"
    VIEW_AUDIT = "view_audit"


COUNCIL_DECISION_ROLES = frozenset(
    {Role.COMMISSIONER, Role.SENIOR_COMMISSIONER, Role.COUNCIL_ADMINISTRATOR}
)
COUNCIL_ONLY = {
    Action.START_PERIOD_OF_CARE: COUNCIL_DECISION_ROLES,
    Action.END_PERIOD_OF_CARE: COUNCIL_DECISION_ROLES,
    Action.CHANGE_LEGAL_STATUS: COUNCIL_DECISION_ROLES,
    Action.APPOINT_IRO: COUNCIL_DECISION_ROLES,
    Action.REFER_TO_PRACTICE: frozenset({Role.COMMISSIONER, Role.SENIOR_COMMISSIONER}),
    Action.TAKE_BACK_CASE: frozenset({Role.COMMISSIONER, Role.SENIOR_COMMISSIONER}),
    Action.APPROVE_SPEND_ABOVE_LIMIT: frozenset({Role.COMMISSIONER, Role.SENIOR_COMMISSIONER}),
    Action.RECORD_REVIEW: frozenset({Role.IRO}),
    Action.VIEW_AUDIT: frozenset({Role.COUNCIL_ADMINISTRATOR}),
}


@cache
def _permission_id(codename: str) -> int:
    return Permission.objects.get(content_type__app_label="placements", codename=codename).pk


def view_child_permission_id() -> int:
    return _permission_id("view_child")


def change_child_permission_id() -> int:
    return _permission_id("change_child")


@dataclass(frozen=True)
class Scope:
    """What a person's current memberships give them, worked out once per request."""

    user_id: int | None
    superuser: bool = False
    council_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    practice_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    inspector: bool = False
    inspectorate_ids: frozenset[int] = frozenset()

    @property
    def council_ids(self) -> list[int]:
        return sorted(self.council_roles)

    @property
    def practice_ids(self) -> list[int]:
        return sorted(self.practice_roles)

    def councils_with(self, roles) -> list[int]:
        return sorted(c for c, r in self.council_roles.items() if r & set(roles))

    def practices_with(self, roles) -> list[int]:
        return sorted(p for p, r in self.practice_roles.items() if r & set(roles))

    def has_any_role(self, roles) -> bool:
        mine = set().union(*self.council_roles.values(), *self.practice_roles.values())
        if self.inspector:
            mine.add(Role.INSPECTOR)
        return bool(mine & set(roles))


def today() -> dt.date:
    return clock.today()


def scope_of(user) -> Scope:
    """The person's scope from their memberships in force today (cached on the user)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(user_id=None)
    cached = getattr(user, "_access_scope", None)
    if cached is not None and cached[0] == today():
        return cached[1]
    day = today()
    council_roles: dict[int, set[str]] = {}
    practice_roles: dict[int, set[str]] = {}
    inspectorates: set[int] = set()
    inspector = False
    memberships = Membership.objects.filter(user=user, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )
    for role, council_id, practice_id, inspectorate_id in memberships.values_list(
        "role", "council_id", "practice_id", "inspectorate_id"
    ):
        if role in COUNCIL_ROLES:
            council_roles.setdefault(council_id, set()).add(role)
        elif role in PRACTICE_ROLES:
            practice_roles.setdefault(practice_id, set()).add(role)
        elif role in INSPECTORATE_ROLES:
            inspectorates.add(inspectorate_id)
            inspector = inspector or role == Role.INSPECTOR
    scope = Scope(
        user_id=user.pk,
        superuser=user.is_superuser,
        council_roles={k: frozenset(v) for k, v in council_roles.items()},
        practice_roles={k: frozenset(v) for k, v in practice_roles.items()},
        inspector=inspector,
        inspectorate_ids=frozenset(inspectorates),
    )
    user._access_scope = (day, scope)
    return scope


def forget_scope(user) -> None:
    if hasattr(user, "_access_scope"):
        del user._access_scope


# --- Which children -------------------------------------------------------------------------


def _practice_grant(scope: Scope, permission_id: int):
    from placements.models import ChildGroupObjectPermission

    return Exists(
        ChildGroupObjectPermission.objects.filter(
            content_object=OuterRef("pk"),
            permission_id=permission_id,
            group__practice__in=scope.practice_ids,
            group__user=scope.user_id,
        )
    )


def _inspection_grant(scope: Scope):
    from oversight.models import InspectionSample
    from placements.models import ChildUserObjectPermission

    day = today()
    return Exists(
        ChildUserObjectPermission.objects.filter(
            content_object=OuterRef("pk"),
            user_id=scope.user_id,
            permission_id=view_child_permission_id(),
        )
    ) & Exists(
        InspectionSample.objects.filter(
            child=OuterRef("pk"),
            inspection__inspectors=scope.user_id,
            inspection__starts_on__lte=day,
            inspection__ends_on__gte=day,
        )
    )


def child_filter(scope: Scope, action: str = Action.VIEW) -> Q:
    """A filter over Child for the children this scope may see (VIEW) or work
    (RECORD_CASEWORK, CHANGE_PLACEMENT, ALLOCATE_WORKER)."""
    if scope.superuser:
        return Q()
    nothing = Q(pk__in=[])
    if action == Action.VIEW:
        q = nothing
        if scope.council_ids:
            q |= Q(council_id__in=scope.council_ids)
        if scope.practice_ids:
            q |= _practice_grant(scope, view_child_permission_id())
        if scope.inspector:
            q |= _inspection_grant(scope)
        return q
    if action in (Action.RECORD_CASEWORK, Action.CHANGE_PLACEMENT, Action.ALLOCATE_WORKER):
        q = nothing
        practice_roles = (
            {Role.PRACTICE_MANAGER} if action == Action.ALLOCATE_WORKER else PRACTICE_ROLES
        )
        if scope.practices_with(practice_roles):
            managed = Scope(
                user_id=scope.user_id,
                practice_roles={
                    p: r for p, r in scope.practice_roles.items() if r & set(practice_roles)
                },
            )
            q |= _practice_grant(managed, change_child_permission_id())
        council_roles = (
            {Role.COUNCIL_ADMINISTRATOR}
            if action == Action.ALLOCATE_WORKER
            else {Role.COUNCIL_SOCIAL_WORKER}
        )
        councils = scope.councils_with(council_roles)
        if councils:
            q |= Q(council_id__in=councils) & _held_by_council_team()
        return q
    roles = COUNCIL_ONLY.get(action)
    if roles is None:
        raise ValueError(f"Unknown action {action!r}")
    councils = scope.councils_with(roles)
    return Q(council_id__in=councils) if councils else nothing


def _held_by_council_team():
    from placements.models import Allocation

    return Exists(
        Allocation.objects.filter(
            child=OuterRef("pk"), practice__isnull=True, ended_on__isnull=True
        )
    )


# --- The three questions --------------------------------------------------------------------

# Models whose rows belong to one child's record, and the path from the row to the child.
CHILD_PATHS: dict[str, str] = {
    **{
        f"placements.{name}": "child"
        for name in [
            "PeriodOfCare",
            "Episode",
            "IROAppointment",
            "Review",
            "Placement",
            "Allocation",
            "WorkerAllocation",
            "Visit",
            "CaseNote",
            "Plan",
            "MissingEpisode",
            "DeprivationOfLiberty",
            "HealthAssessment",
            "DentalCheck",
            "ImmunisationStatus",
            "SDQAssessment",
            "SubstanceMisuse",
            "Conviction",
            "SchoolEnrolment",
            "EducationPlan",
            "CareLeaverContact",
            "AdoptionDecision",
            "Adoption",
            "PreviousPermanence",
            "Deadline",
        ]
    },
    "placements.PlacementCost": "placement__child",
    "placements.PlacementNotification": "placement__child",
    "oversight.InspectionSample": "child",
}


def has_rule(model: type[Model]) -> bool:
    """Whether the policy knows who may see this model's rows."""
    label = model._meta.label
    return label == "placements.Child" or label in CHILD_PATHS or label in ORGANISATION_SCOPES


def visible(user, model: type[Model], action: str = Action.VIEW) -> QuerySet:
    """The rows of `model` this person may see (or act on, for `action`)."""
    from placements.models import Child

    scope = scope_of(user)
    manager = model._default_manager
    if scope.user_id is None:
        return manager.none()
    if model is Child:
        return manager.filter(child_filter(scope, action))
    path = CHILD_PATHS.get(model._meta.label)
    if path is not None:
        if scope.superuser:
            return manager.all()
        children = Child.objects.filter(child_filter(scope, action)).values("pk")
        return manager.filter(**{f"{path}__in": children})
    scoper = ORGANISATION_SCOPES.get(model._meta.label)
    if scoper is None:
        raise LookupError(f"No access rule for {model._meta.label}: add one in practices.access")
    if scope.superuser:
        return manager.all()
    return manager.filter(scoper(scope))


def can(user, action: str, obj) -> bool:
    """May this person do `action` to `obj`? (obj is a child, or a row of a child's record)."""
    from placements.models import Child

    scope = scope_of(user)
    if scope.user_id is None:
        return False
    child_id = obj.pk if isinstance(obj, Child) else _child_id_of(obj)
    if child_id is None:
        raise LookupError(f"No access rule for {type(obj).__name__}")
    return Child.objects.filter(child_filter(scope, action), pk=child_id).exists()


def _child_id_of(obj) -> int | None:
    path = CHILD_PATHS.get(obj._meta.label)
    if path is None:
        return None
    target = obj
    for part in path.split("__")[:-1]:
        target = getattr(target, part)
    return getattr(target, path.split("__")[-1] + "_id")


def who_can(action: str, obj) -> QuerySet:
    """The people who may do `action` to this child (or child's record), today."""
    from placements.models import Child, ChildGroupObjectPermission, ChildUserObjectPermission

    child = obj if isinstance(obj, Child) else Child.objects.get(pk=_child_id_of(obj))
    day = today()
    current = Q(memberships__started_on__lte=day) & (
        Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=day)
    )
    people = User.objects.filter(is_active=True)

    def council(roles) -> Q:
        return current & Q(
            memberships__council=child.council_id, memberships__role__in=sorted(roles)
        )

    if action == Action.VIEW:
        practice_groups = ChildGroupObjectPermission.objects.filter(
            content_object=child, permission_id=view_child_permission_id()
        ).values("group")
        inspectors = ChildUserObjectPermission.objects.filter(
            content_object=child,
            permission_id=view_child_permission_id(),
            user__inspections__starts_on__lte=day,
            user__inspections__ends_on__gte=day,
            user__inspections__samples__child=child,
        ).values("user")
        q = (
            council(COUNCIL_ROLES)
            | (
                current
                & Q(groups__in=practice_groups)
                & Q(memberships__role__in=sorted(PRACTICE_ROLES))
            )
            | Q(pk__in=inspectors)
        )
    elif action in (Action.RECORD_CASEWORK, Action.CHANGE_PLACEMENT, Action.ALLOCATE_WORKER):
        roles = {Role.PRACTICE_MANAGER} if action == Action.ALLOCATE_WORKER else PRACTICE_ROLES
        groups = ChildGroupObjectPermission.objects.filter(
            content_object=child, permission_id=change_child_permission_id()
        ).values("group")
        q = (
            current
            & Q(groups__in=groups)
            & Q(memberships__role__in=sorted(roles), memberships__practice__group__in=groups)
        )
        if child.allocations.filter(practice__isnull=True, ended_on__isnull=True).exists():
            council_roles = (
                {Role.COUNCIL_ADMINISTRATOR}
                if action == Action.ALLOCATE_WORKER
                else {Role.COUNCIL_SOCIAL_WORKER}
            )
            q |= council(council_roles)
    else:
        q = council(COUNCIL_ONLY[action])
    return people.filter(q).distinct()


# --- Organisations and everything that is not a child's record ------------------------------


def _contracts():
    from commissioning.models import Contract

    return Contract.objects


def _council_scope(scope: Scope) -> Q:
    partners = _contracts().filter(practice__in=scope.practice_ids).values("council")
    return Q(pk__in=scope.council_ids) | Q(pk__in=partners)


def _practice_scope(scope: Scope) -> Q:
    partners = _contracts().filter(council__in=scope.council_ids).values("practice")
    return Q(pk__in=scope.practice_ids) | Q(pk__in=partners)


def _membership_scope(scope: Scope) -> Q:
    return (
        Q(user=scope.user_id)
        | Q(council__in=scope.councils_with({Role.COUNCIL_ADMINISTRATOR}))
        | Q(practice__in=scope.practices_with({Role.PRACTICE_MANAGER}))
    )


def _contract_scope(scope: Scope) -> Q:
    return Q(council__in=scope.council_ids) | Q(practice__in=scope.practice_ids)


COMMISSIONING_ROLES = frozenset({Role.COMMISSIONER, Role.SENIOR_COMMISSIONER})


def _under_contract(scope: Scope) -> Q:
    """Commissioning rows (variations, targets, referrals, budgets, snapshots): the council's
    commissioners and the practice's managers."""
    return Q(contract__council__in=scope.councils_with(COMMISSIONING_ROLES)) | Q(
        contract__practice__in=scope.practices_with({Role.PRACTICE_MANAGER})
    )


def _spend_request_scope(scope: Scope) -> Q:
    """As `_under_contract`, and the practice staff who asked, while they are members."""
    return _under_contract(scope) | Q(
        requested_by=scope.user_id, contract__practice__in=scope.practice_ids
    )


def _inspection_scope(scope: Scope) -> Q:
    from oversight.models import InspectionInspector

    mine = InspectionInspector.objects.filter(inspector=scope.user_id).values("inspection")
    # A practice's inspection samples the children of the councils it works for: they see it.
    partners = _contracts().filter(council__in=scope.council_ids).values("practice")
    return (
        Q(pk__in=mine)
        | Q(inspectorate__in=sorted(scope.inspectorate_ids - {None}))
        | Q(council__in=scope.council_ids)
        | Q(practice__in=scope.practice_ids)
        | Q(practice__in=partners)
    )


def _indicator_scope(scope: Scope) -> Q:
    """Indicator snapshots (aggregate figures): the inspectorate's remit is every council;
    council staff see their council's, practice managers their practice's."""
    if scope.inspector or scope.inspectorate_ids:
        return Q()
    return Q(council__in=scope.council_ids) | Q(
        practice__in=scope.practices_with({Role.PRACTICE_MANAGER})
    )


def _everyone(scope: Scope) -> Q:
    return Q()


ORGANISATION_SCOPES = {
    Council._meta.label: _council_scope,
    Practice._meta.label: _practice_scope,
    Membership._meta.label: _membership_scope,
    "commissioning.Contract": _contract_scope,
    "commissioning.ContractVariation": _under_contract,
    "commissioning.PerformanceTarget": _under_contract,
    "commissioning.PerformanceSnapshot": _under_contract,
    "commissioning.Referral": _under_contract,
    "commissioning.Budget": _under_contract,
    "commissioning.SpendRequest": _spend_request_scope,
    "oversight.Inspection": _inspection_scope,
    "indicators.IndicatorSnapshot": _indicator_scope,
    "placements.Code": _everyone,
    "placements.NonWorkingDay": _everyone,
}
