"""django-guardian's direct foreign-key permission tables for the child record.

"Children I may see" is then one indexed join, not a scan of generic object keys. Rows
are written only by the services in placements/services/allocations.py and
oversight/services/inspections.py, never by hand.
"""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.audit import audited
from placements.models.children import Child


@audited()
class ChildUserObjectPermission(UserObjectPermissionBase):
    """A person's grant on one child (inspectors, for sampled children in a window)."""

    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "permission", "content_object"])]


@audited()
class ChildGroupObjectPermission(GroupObjectPermissionBase):
    """A practice's grant on one child, while the child is allocated to the practice."""

    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["group", "permission", "content_object"])]
