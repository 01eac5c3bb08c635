"""The service navigation each person sees, and where each person's work starts."""

from django.urls import reverse

from practices.access import scope_of
from practices.models import COUNCIL_ROLES, PRACTICE_ROLES, Role


def home_url(user) -> str:
    scope = scope_of(user)
    if scope.has_any_role(PRACTICE_ROLES | {Role.COUNCIL_SOCIAL_WORKER}):
        return reverse("placements:caseload")
    if scope.council_ids:
        return reverse("placements:children")
    if scope.inspector or scope.inspectorate_ids:
        return reverse("oversight:inspections")
    if user.is_superuser:
        return reverse("admin:index")
    return reverse("no_role")


def nav_items(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    scope = scope_of(user)
    items = []
    if scope.has_any_role(PRACTICE_ROLES | {Role.COUNCIL_SOCIAL_WORKER}):
        items.append(("My caseload", reverse("placements:caseload")))
    if scope.council_ids or scope.practices_with({Role.PRACTICE_MANAGER}) or user.is_superuser:
        items.append(("Children", reverse("placements:children")))
    if scope.practices_with({Role.PRACTICE_MANAGER}):
        items.append(("Social workers", reverse("placements:workers")))
    if scope.councils_with({Role.COMMISSIONER, Role.SENIOR_COMMISSIONER}) or (
        scope.practices_with({Role.PRACTICE_MANAGER})
    ):
        items.append(("Commissioning", reverse("commissioning:home")))
    if scope.inspector or scope.inspectorate_ids or scope.council_ids or scope.practice_ids:
        items.append(("Inspections", reverse("oversight:inspections")))
    if (
        scope.inspector
        or scope.inspectorate_ids
        or scope.council_ids
        or scope.practices_with({Role.PRACTICE_MANAGER})
        or user.is_superuser
    ):
        items.append(("Performance", reverse("indicators:home")))
    if (
        scope.councils_with(
            {
                Role.DATA_LEAD,
                Role.COUNCIL_ADMINISTRATOR,
                Role.COMMISSIONER,
                Role.SENIOR_COMMISSIONER,
            }
        )
        or scope.practices_with({Role.PRACTICE_MANAGER})
        or user.is_superuser
    ):
        items.append(("SSDA903 return", reverse("oversight:ssda903_index")))
    if scope.has_any_role(COUNCIL_ROLES & {Role.COUNCIL_ADMINISTRATOR}) or user.is_superuser:
        items.append(("Audit trail", reverse("oversight:audit")))
    path = request.path
    return [{"text": text, "href": href, "current": path.startswith(href)} for text, href in items]


def navigation(request) -> dict:
    """Context processor: the navigation for the signed-in person."""
    return {"nav_items": nav_items(request)}
