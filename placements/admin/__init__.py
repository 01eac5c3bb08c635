"""The placements admin, one module per concept. Importing the package registers them all."""

from core.admin import register_event_admins
from placements.admin import (  # noqa: F401 -- imported to register
    allocations,
    casework,
    children,
    education,
    health,
    homes,
    permanence,
    reference,
)

register_event_admins("placements")
