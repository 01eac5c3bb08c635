"""Who may do what in commissioning, read from the one access policy's scope.

Which rows a person sees is `practices.access.visible` (ORGANISATION_SCOPES); this module
answers the role questions the services ask before a change, and the gates pages use.
"""

from django.core.exceptions import PermissionDenied

from core.errors import DomainError
from practices.access import COMMISSIONING_ROLES, scope_of
from practices.models import PRACTICE_ROLES, Role


def commissioner_councils(user) -> list[int]:
    return scope_of(user).councils_with(COMMISSIONING_ROLES)


def managed_practices(user) -> list[int]:
    return scope_of(user).practices_with({Role.PRACTICE_MANAGER})


def staff_practices(user) -> list[int]:
    return scope_of(user).practices_with(PRACTICE_ROLES)


def is_commissioner_of(user, council_id: int, *, senior: bool = False) -> bool:
    roles = {Role.SENIOR_COMMISSIONER} if senior else COMMISSIONING_ROLES
    return council_id in scope_of(user).councils_with(roles)


def is_manager_of(user, practice_id: int) -> bool:
    return practice_id in managed_practices(user)


def require_commissioner(user, council_id: int, *, senior: bool = False, what: str) -> None:
    if not is_commissioner_of(user, council_id, senior=senior):
        who = "a senior commissioner" if senior else "a commissioner"
        raise DomainError(f"Only {who} of the council can {what}", code="forbidden")


def require_manager(user, practice_id: int, *, what: str) -> None:
    if not is_manager_of(user, practice_id):
        raise DomainError(f"Only the practice manager can {what}", code="forbidden")


def side(user) -> str | None:
    """Which side of commissioning this person works on: "council", "practice" or None."""
    scope = scope_of(user)
    if scope.superuser or scope.councils_with(COMMISSIONING_ROLES):
        return "council"
    if scope.practices_with({Role.PRACTICE_MANAGER}):
        return "practice"
    return None


def gate(user, *, practice_staff: bool = False) -> str:
    """Pages: commissioners and practice managers (and, where asked, practice social
    workers) come in; anyone else is refused with 403, as for a page for another role."""
    found = side(user)
    if found is None and practice_staff and staff_practices(user):
        found = "practice"
    if found is None:
        raise PermissionDenied("Commissioning is for commissioners and practice managers.")
    return found
