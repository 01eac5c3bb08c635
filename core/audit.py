"""The audit trail: every change by database trigger, every read by `record_read`.

Changes to the tracked models are captured by django-pghistory triggers, so bulk updates,
admin edits and raw SQL are caught too. Each request (and each job, through `as_system`)
attaches its context: the person, the path, the IP address and the user agent. Event
tables and the read log are append-only (a trigger refuses UPDATE and DELETE).
"""

import contextlib

import pghistory
from pghistory.middleware import HistoryMiddleware


def audited():
    """Decorator for a model whose every insert, update and delete is kept."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent()
    )


def client_ip(request) -> str | None:
    # Behind a proxy, deployments set REMOTE_ADDR correctly (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:500]


class AuditContextMiddleware(HistoryMiddleware):
    """Attach who, where from and which path to every change a request makes."""

    def get_context(self, request):
        context = super().get_context(request)
        context["ip"] = client_ip(request)
        context["user_agent"] = user_agent(request)
        context["method"] = request.method
        return context


@contextlib.contextmanager
def as_system(job: str, **extra):
    """Attribute the changes made inside to a named system job."""
    with pghistory.context(job=job, **extra):
        yield


def record_read(request, *, child_ids, what: str) -> None:
    """Log that the signed-in person read these children's records."""
    from core.models import RecordAccess

    ids = sorted({int(i) for i in child_ids})
    if not ids:
        return
    RecordAccess.objects.bulk_create(
        [
            RecordAccess(
                actor=request.user,
                child_id=child_id,
                what=what,
                path=request.get_full_path()[:500],
                ip_address=client_ip(request),
                user_agent=user_agent(request),
            )
            for child_id in ids
        ]
    )
